import { describe, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../../domain/settings.ts";
import {
  assess,
  assessed,
  day,
  recordSession,
  registered,
  sessionCompleted,
  started,
} from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const inPhase2 = [
  ...registered(),
  started(1, day(1)),
  started(2, day(30)),
  sessionCompleted("s-0", day(31), 2),
];

describe("cycling back to Phase 1", () => {
  describe("after a layoff", () => {
    it("cycles back before a session performed 14 or more days after the previous one, and logs the session in Phase 1", () => {
      given(inPhase2)
        .when(recordSession("s-1", day(45)))
        .thenMatches([
          {
            type: "CycleBackTriggered",
            occurredAt: day(45),
            data: {
              fromPhase: 2,
              toPhase: 1,
              reason: "layoff",
              rule: "layoff-cycles-back",
              explanation: "14 days since the last session or block start (layoff threshold 14)",
            },
          },
          { type: "PhaseStarted", occurredAt: day(45), data: { phase: 1, reason: "cycle-back" } },
          { type: "SessionCompleted", data: { sessionId: "s-1", phase: 1 } },
        ]);
    });

    it("counts a block the trainer just started as activity, so its first session is no layoff", () => {
      given([...inPhase2, started(3, day(60))])
        .when(recordSession("s-1", day(62)))
        .thenMatches([{ type: "SessionCompleted", data: { phase: 3 } }]);
    });

    it("does not cycle back at 13 days", () => {
      given(inPhase2)
        .when(recordSession("s-1", day(44)))
        .thenMatches([{ type: "SessionCompleted", data: { phase: 2 } }]);
    });

    it("takes the layoff threshold from the tenant's settings", () => {
      given(inPhase2, { ...DEFAULT_SETTINGS, layoffDays: 21 })
        .when(recordSession("s-1", day(45)))
        .thenMatches([{ type: "SessionCompleted", data: { phase: 2 } }]);
    });

    it("goes to Phase 1 even where the tenant's high-intensity cycle-back phase is 2", () => {
      given(inPhase2, { ...DEFAULT_SETTINGS, highIntensityCycleBackPhase: 2 })
        .when(recordSession("s-1", day(45)))
        .thenMatches([
          { type: "CycleBackTriggered", data: { toPhase: 1, reason: "layoff" } },
          { type: "PhaseStarted", data: { phase: 1 } },
          { type: "SessionCompleted", data: { phase: 1 } },
        ]);
    });

    it("does not apply in Phase 1, which is already where a layoff leads", () => {
      given([...registered(), started(1, day(1)), sessionCompleted("s-0", day(2))])
        .when(recordSession("s-1", day(40)))
        .thenMatches([{ type: "SessionCompleted", data: { phase: 1 } }]);
    });
  });

  describe("at the end of a high-intensity block", () => {
    const inPhase5 = [
      ...registered("power", [1, 2, 5]),
      started(1, day(1)),
      started(2, day(30)),
      started(5, day(60)),
    ];

    it("cycles back the first session performed once the planned weeks of Phase 5 have run", () => {
      given([...inPhase5, sessionCompleted("s-0", day(80), 5)])
        .when(recordSession("s-1", day(88)))
        .thenMatches([
          {
            type: "CycleBackTriggered",
            data: { fromPhase: 5, reason: "end-of-high-intensity-block", rule: "high-intensity-block-ends" },
          },
          { type: "PhaseStarted", data: { phase: 1, reason: "cycle-back" } },
          { type: "SessionCompleted", data: { phase: 1 } },
        ]);
    });

    it("cycles back to Phase 2 instead where the tenant's highIntensityCycleBackPhase is 2", () => {
      given([...inPhase5, sessionCompleted("s-0", day(80), 5)], {
        ...DEFAULT_SETTINGS,
        highIntensityCycleBackPhase: 2,
      })
        .when(recordSession("s-1", day(88)))
        .thenMatches([
          {
            type: "CycleBackTriggered",
            data: { fromPhase: 5, toPhase: 2, reason: "end-of-high-intensity-block" },
          },
          { type: "PhaseStarted", data: { phase: 2, reason: "cycle-back" } },
          { type: "SessionCompleted", data: { phase: 2 } },
        ]);
    });

    it("still cycles back to Phase 1 under that setting when Phase 2 is not on the client's path", () => {
      const noPhase2 = [...registered("power", [1, 5]), started(1, day(1)), started(5, day(60))];
      given([...noPhase2, sessionCompleted("s-0", day(80), 5)], {
        ...DEFAULT_SETTINGS,
        highIntensityCycleBackPhase: 2,
      })
        .when(recordSession("s-1", day(88)))
        .thenMatches([
          { type: "CycleBackTriggered", data: { toPhase: 1 } },
          { type: "PhaseStarted", data: { phase: 1 } },
          { type: "SessionCompleted", data: { phase: 1 } },
        ]);
    });

    it("keeps training in Phase 5 inside the planned weeks", () => {
      given([...inPhase5, sessionCompleted("s-0", day(80), 5)])
        .when(recordSession("s-1", day(87)))
        .thenMatches([{ type: "SessionCompleted", data: { phase: 5 } }]);
    });

    it("does not end a Phase 3 block by the calendar", () => {
      given([...registered(), started(1, day(1)), started(3, day(2)), sessionCompleted("s-0", day(40), 3)])
        .when(recordSession("s-1", day(50)))
        .thenMatches([{ type: "SessionCompleted", data: { phase: 3 } }]);
    });
  });

  describe("when compensations return", () => {
    it("cycles back a client in Phases 2–5 whose overhead squat reassessment finds compensations", () => {
      given(inPhase2)
        .when(assess("a-2", day(35), [{ compensation: "low-back-arches", side: "bilateral" }]))
        .thenMatches([
          { type: "AssessmentRecorded", data: { assessmentId: "a-2" } },
          { type: "CorrectiveProtocolAssigned", data: { basedOnAssessmentId: "a-2" } },
          {
            type: "CycleBackTriggered",
            data: {
              fromPhase: 2,
              reason: "returning-compensations",
              explanation: "overhead-squat reassessment found low-back-arches",
            },
          },
          { type: "PhaseStarted", data: { phase: 1, reason: "cycle-back" } },
        ]);
    });

    it("not for a reassessment recorded late, dated before the current block", () => {
      given([...inPhase2, assessed("a-9", day(29), [])])
        .when(assess("a-2", day(20), [{ compensation: "feet-turn-out", side: "bilateral" }]))
        .thenMatches([{ type: "AssessmentRecorded" }]);
    });

    it("not for a reassessment under another protocol than its baseline's: that is a new baseline", () => {
      const underCpt6 = assess("a-2", day(35), [{ compensation: "low-back-arches", side: "bilateral" }]);
      given([...inPhase2, assessed("a-1", day(30), [])])
        .when({ ...underCpt6, data: { ...underCpt6.data, protocolVersion: "nasm-cpt6" } })
        .thenMatches([
          { type: "AssessmentRecorded", data: { protocolVersion: "nasm-cpt6" } },
          { type: "CorrectiveProtocolAssigned" },
        ]);
    });

    it("also for a single-leg squat finding", () => {
      given(inPhase2)
        .when(
          assess("a-2", day(35), [{ compensation: "knees-move-inward", side: "left" }], "single-leg-squat"),
        )
        .thenMatches([
          { type: "AssessmentRecorded" },
          { type: "CorrectiveProtocolAssigned" },
          { type: "CycleBackTriggered" },
          { type: "PhaseStarted" },
        ]);
    });

    it("goes to Phase 1 even where the tenant's high-intensity cycle-back phase is 2", () => {
      given(inPhase2, { ...DEFAULT_SETTINGS, highIntensityCycleBackPhase: 2 })
        .when(assess("a-2", day(35), [{ compensation: "low-back-arches", side: "bilateral" }]))
        .thenMatches([
          { type: "AssessmentRecorded" },
          { type: "CorrectiveProtocolAssigned" },
          { type: "CycleBackTriggered", data: { toPhase: 1, reason: "returning-compensations" } },
          { type: "PhaseStarted", data: { phase: 1 } },
        ]);
    });

    it("not for a push assessment finding, which only updates the protocol", () => {
      given(inPhase2)
        .when(assess("a-2", day(35), [{ compensation: "shoulders-elevate", side: "bilateral" }], "push"))
        .thenMatches([{ type: "AssessmentRecorded" }, { type: "CorrectiveProtocolAssigned" }]);
    });
  });
});
