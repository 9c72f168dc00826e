import { describe, expect, it } from "vitest";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { ageBand } from "../../../events/analytics/age-band.ts";
import {
  type ClientContext,
  contextLookup,
  MissingRegistration,
} from "../../../events/analytics/client-context.ts";
import { COLUMN_NAMES } from "../../../events/analytics/schema.ts";
import { toAnalyticsRecord } from "../../../events/analytics/to-record.ts";
import type { StoredEvent } from "../../../events/envelope.ts";
import { day, registered, started } from "../../support/builders.ts";

const stored = (event: ClientEvent, version = 3, clientId = "c-1"): StoredEvent =>
  ({
    ...event,
    eventId: `ev-${clientId}-${version}`,
    clientId,
    version,
    schemaVersion: 1,
    recordedAt: day(40),
    meta: { tenantId: "acme", actorId: "u-1", correlationId: "corr-1", source: "api" },
  }) as StoredEvent;

const client: ClientContext = { locationId: "harbor", trainerId: "coach-1", dateOfBirth: "1990-04-01" };
const [registration, goalSet] = registered() as [ClientEvent, ClientEvent];

describe("the age band", () => {
  it("is the age reached on the event's UTC date, in bands of ten from 18", () => {
    expect(ageBand("1990-04-01", "2026-03-31T23:59:59Z")).toBe("30-39"); // 35, the day before turning 36
    expect(ageBand("2008-04-01", "2026-03-31T12:00:00Z")).toBe("under-18");
    expect(ageBand("2008-04-01", "2026-04-01T00:00:00Z")).toBe("18-29");
    expect(ageBand("1996-04-01", "2026-04-01T00:00:00+02:00")).toBe("18-29"); // 31 March in UTC: still 29
    expect(ageBand("1956-04-01", "2026-04-01T09:00:00Z")).toBe("70+");
  });

  it("is null when the date of birth is unknown: erased, absent, or after the event", () => {
    expect(ageBand("erased", day(0))).toBeNull();
    expect(ageBand(undefined, day(0))).toBeNull();
    expect(ageBand("2030-01-01", day(0))).toBeNull();
  });
});

describe("an event's analytics record", () => {
  it("has every column of the schema, null where its type says nothing, and the client's context", () => {
    const record = toAnalyticsRecord(stored(started(2, day(10))), client);
    expect(Object.keys(record)).toEqual(COLUMN_NAMES);
    expect(record).toMatchObject({
      event_type: "PhaseStarted",
      tenant_id: "acme",
      client_id: "c-1",
      location_id: "harbor",
      trainer_id: "coach-1",
      age_band: "30-39",
      version: 3,
      phase: 2,
      reason: "trainer-decision",
      planned_weeks: 4,
      goal: null,
      compliance_score: null,
    });
  });

  it("carries instants in UTC, so its partition date is the UTC date", () => {
    const late = { ...started(1, day(0)), occurredAt: "2019-12-31T23:30:00-02:00" };
    expect(toAnalyticsRecord(stored(late), client).occurred_at).toBe("2020-01-01T01:30:00.000Z");
  });

  it("leaves out the name and the date of birth of a registration, keeping an age band", () => {
    const record = toAnalyticsRecord(stored(registration, 1), client);
    const text = JSON.stringify(record);
    expect(text).not.toContain("Ada Client");
    expect(text).not.toContain("1990-04-01");
    expect(record).toMatchObject({
      event_type: "ClientRegistered",
      guideline_version: "CPT7",
      age_band: "30-39",
    });
  });

  it("leaves out notes, who cleared a client, explanations and override reasons", () => {
    const personal: ClientEvent[] = [
      {
        type: "AssessmentRecorded",
        occurredAt: day(1),
        data: {
          assessmentId: "a-1",
          kind: "overhead-squat",
          protocolVersion: "nasm-cpt7",
          findings: [{ compensation: "knees-move-inward", side: "bilateral" }],
          pain: false,
          notes: "SECRET knee surgery",
        },
      },
      {
        type: "ClientReferred",
        occurredAt: day(2),
        data: {
          rule: "pain-refers-client",
          reason: "pain-reported",
          source: "trainer",
          notes: "SECRET shoulder",
        },
      },
      {
        type: "ClientCleared",
        occurredAt: day(3),
        data: { clearedBy: "SECRET Dr. Who", notes: "SECRET physio" },
      },
      {
        type: "CycleBackTriggered",
        occurredAt: day(4),
        data: {
          fromPhase: 2,
          toPhase: 1,
          reason: "layoff",
          rule: "layoff-cycles-back",
          explanation: "SECRET text",
        },
      },
      {
        ...started(2, day(5)),
        data: {
          ...started(2, day(5)).data,
          overrides: [{ rule: "new-client-starts-in-phase-1", reason: "SECRET" }],
        },
      },
    ];
    const records = personal.map((event) => toAnalyticsRecord(stored(event), client));
    expect(JSON.stringify(records)).not.toContain("SECRET");
    expect(records.map((r) => [r.event_type, r.rule, r.compensations, r.overridden_rules])).toEqual([
      ["AssessmentRecorded", null, ["knees-move-inward"], null],
      ["ClientReferred", "pain-refers-client", null, null],
      ["ClientCleared", null, null, null],
      ["CycleBackTriggered", "layoff-cycles-back", null, null],
      ["PhaseStarted", null, null, ["new-client-starts-in-phase-1"]],
    ]);
  });

  it("takes only the fields it names: one added to an event's data stays out", () => {
    const data = { ...(goalSet.data as object), nickname: "SECRET" };
    const widened = { ...goalSet, data } as unknown as ClientEvent;
    const record = toAnalyticsRecord(stored(widened), client);
    expect(JSON.stringify(record)).not.toContain("SECRET");
    expect(record).toMatchObject({ goal: "general-fitness", goal_path: [1, 2, 3] });
  });
});

describe("the client context of a batch of events", () => {
  const readsOf = (first: StoredEvent | null) => {
    const reads: string[] = [];
    const store = {
      readEvent: async (key: { clientId: string }, version: number) => {
        reads.push(`${key.clientId}@${version}`);
        return first;
      },
    };
    return { reads, lookup: contextLookup(store) };
  };

  it("reads each client's registration once, and not at all when the batch holds it", async () => {
    const { reads, lookup } = readsOf(stored(registration, 1, "c-1"));
    await lookup(stored(started(1, day(1)), 3, "c-1"));
    await lookup(stored(started(2, day(9)), 4, "c-1"));
    await lookup(stored(registration, 1, "c-2"));
    expect(await lookup(stored(started(1, day(1)), 2, "c-2"))).toEqual({
      locationId: "loc-1",
      trainerId: null,
      dateOfBirth: "1990-04-01",
    });
    expect(reads).toEqual(["c-1@1"]);
  });

  it("refuses a stream that does not start with a registration", async () => {
    const { lookup } = readsOf(stored(started(1, day(1)), 1));
    await expect(lookup(stored(started(2, day(9)), 4))).rejects.toThrow(MissingRegistration);
  });
});
