import { describe, expect, it } from "vitest";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { registered, started, startPhase } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

/*
 * Repeats are recognised by the moment, not by how it is written: events stored before instants were
 * normalised to UTC may carry an offset.
 */

const referredInPhase1: ClientEvent[] = [
  ...registered(),
  started(1, "2026-01-06T09:00:00.000Z"),
  {
    type: "ClientReferred",
    occurredAt: "2026-01-07T09:00:00.000Z",
    data: { rule: "pain-refers-client", reason: "pain-reported", source: "trainer" },
  },
];

describe("instants written with an offset", () => {
  it.each(["2026-01-06T10:00:00Z", "2026-01-06T10:00:00.000Z", "2026-01-06T12:00:00+02:00"])(
    "a block started at 10:00 UTC (stored as +00:00) started again at %s appends nothing",
    (startedAt) => {
      given([...registered(), started(1, "2026-01-06T10:00:00+00:00")])
        .when(startPhase(1, startedAt))
        .thenNothing();
    },
  );

  it("a block started a minute later is another block", () => {
    given([...registered(), started(1, "2026-01-06T10:00:00+00:00")])
      .when(startPhase(1, "2026-01-06T10:01:00Z"))
      .thenMatches([{ type: "PhaseStarted", occurredAt: "2026-01-06T10:01:00Z" }]);
  });

  it("a clearance stored as 08:00-01:00 given again at 09:00 UTC appends nothing", () => {
    const cleared = given(referredInPhase1)
      .when({ type: "ClearClient", data: { clearedAt: "2026-01-08T08:00:00-01:00" } })
      .events();
    expect(cleared.map((event) => event.type)).toEqual(["ClientCleared", "PhaseStarted"]);
    given([...referredInPhase1, ...cleared])
      .when({ type: "ClearClient", data: { clearedAt: "2026-01-08T09:00:00.000Z" } })
      .thenNothing();
  });
});
