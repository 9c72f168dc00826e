import { describe, it } from "vitest";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { DEFAULT_SETTINGS } from "../../../domain/settings.ts";
import {
  assess,
  assessed,
  day,
  recordSession,
  registered,
  sessionCompleted,
  sessionsEvery,
  started,
} from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

// Phase 1 from day 1 at 2 sessions a week: 7 sessions every 3.5 days cover days 2–23.
const sevenSessions = sessionsEvery(7, 2, 3);
const inPhase1 = [...registered("general-fitness", [1, 2, 3]), started(1, day(1))];
// A compensation-free overhead squat reassessment within the block (advanceRequiresReassessment is on).
const reassessed = assessed("a-2", day(24), []);

describe("recommending an advance", () => {
  it("recommends the next phase on the goal path once weeks, sessions and adherence are met, with a reassessment in the block", () => {
    given([...inPhase1, ...sevenSessions, reassessed])
      .when(recordSession("s-8", day(29)))
      .thenMatches([
        { type: "SessionCompleted" },
        {
          type: "PhaseAdvanceRecommended",
          occurredAt: day(29),
          data: {
            fromPhase: 1,
            toPhase: 2,
            rule: "advance-readiness",
            weeksInPhase: 4,
            sessionsInPhase: 8,
            adherence: 1,
          },
        },
      ]);
  });

  it("waits for a movement reassessment within the block when everything else is met", () => {
    given([...registered(), assessed("a-1", day(1), []), started(1, day(1)), ...sevenSessions])
      .when(recordSession("s-8", day(29)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("recommends when that reassessment is recorded, if everything else is already met", () => {
    given([...inPhase1, ...sevenSessions, sessionCompleted("s-8", day(29))])
      .when(assess("a-2", day(30), []))
      .thenMatches([
        { type: "AssessmentRecorded" },
        { type: "PhaseAdvanceRecommended", occurredAt: day(30), data: { fromPhase: 1, toPhase: 2 } },
      ]);
  });

  it("does not wait for a reassessment where the tenant's advanceRequiresReassessment is off", () => {
    given([...inPhase1, ...sevenSessions], { ...DEFAULT_SETTINGS, advanceRequiresReassessment: false })
      .when(recordSession("s-8", day(29)))
      .thenMatches([{ type: "SessionCompleted" }, { type: "PhaseAdvanceRecommended" }]);
  });

  it("waits for the minimum weeks in the phase", () => {
    given([...inPhase1, ...sevenSessions])
      .when(recordSession("s-8", day(28)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("waits for the minimum number of sessions", () => {
    given([...inPhase1, ...sessionsEvery(6, 2, 3)])
      .when(recordSession("s-7", day(40)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("withholds it when adherence to the planned frequency is below the setting", () => {
    // 8 sessions in 8 weeks against 2 planned a week: adherence 0.5.
    given([...inPhase1, ...sessionsEvery(7, 2, 7)])
      .when(recordSession("s-8", day(57)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("withholds it while compensations are active", () => {
    const knees = { compensation: "knees-move-inward", side: "bilateral" } as const;
    given([...registered(), assessed("a-1", day(1), [knees]), started(1, day(1)), ...sevenSessions])
      .when(recordSession("s-8", day(29)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("recommends once per block", () => {
    const history: ClientEvent[] = [
      ...inPhase1,
      ...sevenSessions,
      {
        type: "SessionCompleted",
        occurredAt: day(29),
        data: {
          sessionId: "s-8",
          phase: 1,
          exercises: [],
          pain: false,
          compliance: { score: null, checks: 0, deviations: [] },
        },
      },
      {
        type: "PhaseAdvanceRecommended",
        occurredAt: day(29),
        data: {
          fromPhase: 1,
          toPhase: 2,
          rule: "advance-readiness",
          weeksInPhase: 4,
          sessionsInPhase: 8,
          adherence: 1,
        },
      },
    ];
    given(history)
      .when(recordSession("s-9", day(31)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("names no phase past the end of the goal path", () => {
    given([
      ...registered("max-strength", [1, 2, 4]),
      started(1, day(1)),
      started(4, day(1), "trainer-decision", 12),
      ...sessionsEvery(7, 2, 3, 4),
    ])
      .when(recordSession("s-8", day(29)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("skips phases the path leaves out (max strength: Phase 2 → Phase 4)", () => {
    given([
      ...registered("max-strength", [1, 2, 4]),
      started(1, day(1)),
      started(2, day(1)),
      ...sessionsEvery(7, 2, 3, 2),
      reassessed,
    ])
      .when(recordSession("s-8", day(29), { exercises: [] }))
      .thenMatches([
        { type: "SessionCompleted" },
        { type: "PhaseAdvanceRecommended", data: { fromPhase: 2, toPhase: 4 } },
      ]);
  });

  it("takes its thresholds from the tenant's settings", () => {
    given([...inPhase1, ...sessionsEvery(3, 2, 3), assessed("a-2", day(10), [])], {
      ...DEFAULT_SETTINGS,
      minWeeksInPhase: 2,
      minSessionsInPhase: 4,
    })
      .when(recordSession("s-4", day(15)))
      .thenMatches([
        { type: "SessionCompleted" },
        { type: "PhaseAdvanceRecommended", data: { toPhase: 2, sessionsInPhase: 4 } },
      ]);
  });
});
