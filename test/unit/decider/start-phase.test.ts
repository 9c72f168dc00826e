import { describe, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../../domain/settings.ts";
import { assessed, day, registered, started, startPhase } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const kneesIn = { compensation: "knees-move-inward", side: "bilateral" } as const;

describe("starting a phase", () => {
  it("starts a new client in Phase 1 with the guideline's weekly frequency and the default block length", () => {
    given(registered())
      .when(startPhase(1, day(1)))
      .then([
        {
          type: "PhaseStarted",
          occurredAt: day(1),
          data: {
            phase: 1,
            plannedWeeks: 4,
            sessionsPerWeek: 2,
            guidelineVersion: "CPT7",
            reason: "trainer-decision",
            overrides: [],
          },
        },
      ]);
  });

  it("keeps the trainer's planned weeks and frequency", () => {
    given(registered())
      .when(startPhase(1, day(1), { plannedWeeks: 6, sessionsPerWeek: 3 }))
      .thenMatches([{ type: "PhaseStarted", data: { plannedWeeks: 6, sessionsPerWeek: 3 } }]);
  });

  it("refuses a later first phase for a new client (new-client-starts-in-phase-1)", () => {
    given(registered())
      .when(startPhase(2, day(1)))
      .thenRefused("new-client-starts-in-phase-1");
  });

  it("lets a compensation-free overhead squat assessment justify a later first phase", () => {
    given([...registered(), assessed("a-1", day(1), [])])
      .when(startPhase(2, day(1)))
      .thenMatches([{ type: "PhaseStarted", data: { phase: 2, overrides: [] } }]);
  });

  it("refuses a later phase while compensations are active (compensations-block-later-phase)", () => {
    given([...registered(), assessed("a-1", day(1), [kneesIn]), started(1, day(1))])
      .when(startPhase(2, day(30)))
      .thenRefused("compensations-block-later-phase");
  });

  it("records every rule an override reason sets aside, with the reason", () => {
    given([...registered(), assessed("a-1", day(1), [kneesIn])])
      .when(startPhase(4, day(2), { overrideReason: "competitive lifter, cleared by physio" }))
      .thenMatches([
        {
          type: "PhaseStarted",
          data: {
            phase: 4,
            plannedWeeks: 4,
            overrides: [
              { rule: "new-client-starts-in-phase-1", reason: "competitive lifter, cleared by physio" },
              { rule: "compensations-block-later-phase", reason: "competitive lifter, cleared by physio" },
              { rule: "phase-on-goal-path", reason: "competitive lifter, cleared by physio" },
            ],
          },
        },
      ]);
  });

  it("refuses a phase outside the goal path (phase-on-goal-path)", () => {
    given([...registered("general-fitness"), started(1, day(1))])
      .when(startPhase(5, day(40)))
      .thenRefused("phase-on-goal-path");
  });

  it("refuses a blank override reason as no reason", () => {
    given([...registered(), started(1, day(1))])
      .when(startPhase(5, day(40), { overrideReason: "   " }))
      .thenRefused("phase-on-goal-path");
  });

  it("refuses a block that starts before the current one (phase-starts-after-current)", () => {
    given([...registered(), started(1, day(10))])
      .when(startPhase(2, day(5)))
      .thenRefused("phase-starts-after-current");
  });

  it("takes the default length of a Phase 4 or 5 block from the settings", () => {
    given([...registered("power", [1, 2, 5]), started(1, day(1)), started(2, day(30))], {
      ...DEFAULT_SETTINGS,
      highIntensityBlockWeeks: 3,
    })
      .when(startPhase(5, day(60)))
      .thenMatches([{ type: "PhaseStarted", data: { phase: 5, plannedWeeks: 3 } }]);
  });

  it("appends nothing when the same block is started again (a retried command)", () => {
    given([...registered(), started(1, day(1))])
      .when(startPhase(1, day(1)))
      .thenNothing();
  });

  it("refuses a block length or frequency outside the phase's guideline (block-within-guideline)", () => {
    given([...registered(), started(1, day(1))])
      .when(startPhase(1, day(30), { plannedWeeks: 52, sessionsPerWeek: 14 }))
      .thenRefused("block-within-guideline");
  });

  it("records a trainer's reason for a block outside the guideline", () => {
    given([...registered(), started(1, day(1))])
      .when(
        startPhase(1, day(30), {
          plannedWeeks: 8,
          overrideReason: "returning from surgery, slower progression",
        }),
      )
      .thenMatches([
        {
          type: "PhaseStarted",
          data: {
            plannedWeeks: 8,
            overrides: [
              { rule: "block-within-guideline", reason: "returning from surgery, slower progression" },
            ],
          },
        },
      ]);
  });
});
