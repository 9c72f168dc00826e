import { describe, expect, it } from "vitest";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { fold, MAX_ONE_REP_MAXES, RECENT_IDS } from "../../../domain/client/state.ts";
import { assess, assessed, day, registered } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const kneesIn = { compensation: "knees-move-inward", side: "bilateral" } as const;
const feetOut = { compensation: "feet-turn-out", side: "bilateral" } as const;

describe("recording an assessment", () => {
  it("records the findings and assigns the corrective protocol they call for", () => {
    const events = given(registered())
      .when(assess("a-1", day(1), [kneesIn]))
      .events();
    expect(events.map((event) => event.type)).toEqual(["AssessmentRecorded", "CorrectiveProtocolAssigned"]);
    const assigned = events[1];
    expect(assigned?.type === "CorrectiveProtocolAssigned" && assigned.data.protocol.inhibit).toContainEqual({
      muscle: "adductor complex",
      side: "bilateral",
    });
    expect(assigned?.type === "CorrectiveProtocolAssigned" && assigned.data.compensations).toEqual([
      { assessment: "overhead-squat", ...kneesIn },
    ]);
  });

  it("records the protocol version reassessments are compared against", () => {
    given(registered())
      .when(assess("a-1", day(1)))
      .thenMatches([{ type: "AssessmentRecorded", data: { protocolVersion: "nasm-cpt7", findings: [] } }]);
  });

  it("replaces the findings of the same assessment on reassessment and regenerates the protocol", () => {
    given([...registered(), assessed("a-1", day(1), [kneesIn])])
      .when(assess("a-2", day(30), [feetOut]))
      .thenMatches([
        { type: "AssessmentRecorded" },
        {
          type: "CorrectiveProtocolAssigned",
          data: { compensations: [{ assessment: "overhead-squat", ...feetOut }] },
        },
      ]);
  });

  it("clears the protocol when a reassessment finds no compensations", () => {
    const history = given([...registered()])
      .when(assess("a-1", day(1), [kneesIn]))
      .events();
    given([...registered(), ...history])
      .when(assess("a-2", day(30), []))
      .thenMatches([
        { type: "AssessmentRecorded" },
        { type: "CorrectiveProtocolCleared", data: { basedOnAssessmentId: "a-2" } },
      ]);
  });

  it("keeps the newer findings when an older assessment is recorded late", () => {
    given([...registered(), assessed("a-2", day(30), [])])
      .when(assess("a-1", day(1), [kneesIn]))
      .thenMatches([{ type: "AssessmentRecorded" }]);
  });

  it("combines findings across assessment kinds into one protocol", () => {
    const events = given([...registered(), assessed("a-1", day(1), [kneesIn])])
      .when(assess("a-2", day(1), [{ compensation: "shoulders-elevate", side: "bilateral" }], "push"))
      .events();
    const assigned = events[1];
    expect(
      assigned?.type === "CorrectiveProtocolAssigned" &&
        assigned.data.compensations.map((c) => c.compensation),
    ).toEqual(["knees-move-inward", "shoulders-elevate"]);
  });

  it("refuses findings the assessment cannot observe (findings-match-assessment)", () => {
    given(registered())
      .when(assess("a-1", day(1), [feetOut], "push"))
      .thenRefused("findings-match-assessment");
  });

  it("appends nothing when the same assessment id is recorded again", () => {
    given([...registered(), assessed("a-1", day(1), [])])
      .when(assess("a-1", day(1), []))
      .thenNothing();
  });

  it("remembers only the most recent assessment ids", () => {
    const many = Array.from({ length: RECENT_IDS + 5 }, (_, i) =>
      assessed(`a-${i}`, day(1 + i), [], "vitals"),
    );
    const state = fold([...registered(), ...many]);
    expect(state.recentAssessmentIds).toHaveLength(RECENT_IDS);
    expect(state.recentAssessmentIds.at(-1)).toBe(`a-${RECENT_IDS + 4}`);
  });

  it("refuses performance testing while compensations are active (performance-testing-requires-clearance)", () => {
    given([...registered(), assessed("a-1", day(1), [kneesIn])])
      .when(assess("a-2", day(2), [], "performance"))
      .thenRefused("performance-testing-requires-clearance");
  });

  it("refuses a 1RM outside a performance assessment", () => {
    given(registered())
      .when({
        type: "RecordAssessment",
        data: {
          assessmentId: "a-v",
          kind: "vitals",
          performedAt: day(2),
          findings: [],
          pain: false,
          oneRepMaxes: [{ exercise: "squat", kg: 90, method: "measured" }],
        },
      })
      .thenRefused("performance-testing-requires-clearance");
  });

  it("records an assessment of a referred client without programming anything from it", () => {
    const referral = {
      type: "ClientReferred",
      occurredAt: day(1),
      data: { rule: "pain-refers-client", reason: "pain-reported", source: "trainer" },
    } as const;
    given([...registered(), referral])
      .when(assess("a-1", day(2), [kneesIn]))
      .thenMatches([{ type: "AssessmentRecorded" }]);
  });

  it("keeps a newer 1RM when an older measurement is recorded late", () => {
    const state = fold([
      ...registered(),
      assessedWith1RMs("a-new", day(30), ["bench press"]),
      assessedWith1RMs("a-old", day(1), ["bench press"], 60),
    ]);
    expect(state.oneRepMaxes["bench press"]).toMatchObject({ kg: 100, measuredAt: day(30) });
  });

  it("keeps the 1RMs of the most recently measured exercises only", () => {
    const measured = (n: number) => assessedWith1RMs(`a-${n}`, day(n), [`lift ${n}`]);
    const state = fold([
      ...registered(),
      ...Array.from({ length: MAX_ONE_REP_MAXES + 2 }, (_, n) => measured(n)),
      measured(0),
    ]);
    const kept = Object.keys(state.oneRepMaxes);
    expect(kept).toHaveLength(MAX_ONE_REP_MAXES);
    expect(kept).not.toContain("lift 1");
    expect(kept.at(-1)).toBe("lift 0");
  });

  it("keeps a measured 1RM for intensity checks without touching compensations", () => {
    given(registered())
      .when({
        type: "RecordAssessment",
        data: {
          assessmentId: "a-p",
          kind: "performance",
          performedAt: day(2),
          findings: [],
          pain: false,
          oneRepMaxes: [{ exercise: "bench press", kg: 80, method: "measured" }],
        },
      })
      .thenMatches([
        { type: "AssessmentRecorded", data: { oneRepMaxes: [{ exercise: "bench press", kg: 80 }] } },
      ]);
  });
});

function assessedWith1RMs(assessmentId: string, at: string, exercises: string[], kg = 100): ClientEvent {
  return {
    type: "AssessmentRecorded",
    occurredAt: at,
    data: {
      assessmentId,
      kind: "performance",
      protocolVersion: "nasm-cpt7",
      findings: [],
      pain: false,
      oneRepMaxes: exercises.map((exercise) => ({ exercise, kg, method: "measured" as const })),
    },
  };
}
