import { describe, expect, it } from "vitest";
import { activeFindings, fold } from "../../domain/client/state.ts";
import { EVENT_TYPES } from "../../events/catalogue.ts";
import { decodeEvent, encodeEvent, MalformedEvent } from "../../events/codec.ts";
import { EventTooLarge } from "../../events/envelope.ts";
import { CURRENT_SCHEMA_VERSION, FutureSchemaVersion, UnknownSchemaVersion } from "../../events/upcasters.ts";
import { day, registered, started } from "../support/builders.ts";

describe("the event catalogue", () => {
  it("has a schema and a current schema version for every event type", () => {
    expect(EVENT_TYPES.sort()).toEqual(Object.keys(CURRENT_SCHEMA_VERSION).sort());
  });

  it("refuses an event whose data breaks its schema", () => {
    const phaseSix = { ...started(1, day(1)), data: { ...started(1, day(1)).data, phase: 6 } };
    expect(() => encodeEvent(phaseSix as never)).toThrow(MalformedEvent);
  });

  it("refuses an event over 64 KB", () => {
    const huge = {
      ...started(1, day(1)),
      data: { ...started(1, day(1)).data, overrides: [{ rule: "x", reason: "y".repeat(70_000) }] },
    };
    expect(() => encodeEvent(huge)).toThrow(EventTooLarge);
  });

  it("refuses an unknown event type on read", () => {
    expect(() =>
      decodeEvent({ type: "PhaseSkipped", schemaVersion: 1, occurredAt: day(1), data: {} }),
    ).toThrow(MalformedEvent);
  });
});

describe("upcasting stored events", () => {
  const v1 = {
    type: "AssessmentRecorded",
    schemaVersion: 1,
    occurredAt: day(2),
    data: {
      assessmentId: "a-old",
      kind: "overhead-squat",
      compensations: ["knees-move-inward", "feet-turn-out"],
      pain: false,
    },
  };

  it("lifts AssessmentRecorded v1 (compensation names) to v2 (side-aware findings with a protocol version)", () => {
    expect(decodeEvent(v1)).toEqual({
      type: "AssessmentRecorded",
      occurredAt: day(2),
      data: {
        assessmentId: "a-old",
        kind: "overhead-squat",
        pain: false,
        protocolVersion: "nasm-cpt6",
        findings: [
          { compensation: "knees-move-inward", side: "bilateral" },
          { compensation: "feet-turn-out", side: "bilateral" },
        ],
      },
    });
  });

  it("lets a stored v1 event still fold into today's state", () => {
    const state = fold([...registered(), decodeEvent(v1)]);
    expect(activeFindings(state).map((f) => f.compensation)).toEqual(["knees-move-inward", "feet-turn-out"]);
  });

  it("reads current-version events unchanged", () => {
    const event = started(2, day(3));
    expect(decodeEvent({ ...event, schemaVersion: CURRENT_SCHEMA_VERSION.PhaseStarted })).toEqual(event);
  });

  it("names a schema version it cannot lift", () => {
    expect(() => decodeEvent({ ...v1, schemaVersion: 0 })).toThrow(UnknownSchemaVersion);
  });
});

describe("events from newer code", () => {
  it("are refused as not yet readable, not mistaken for malformed ones", () => {
    const event = started(2, day(3));
    expect(() => decodeEvent({ ...event, schemaVersion: CURRENT_SCHEMA_VERSION.PhaseStarted + 1 })).toThrow(
      FutureSchemaVersion,
    );
  });
});
