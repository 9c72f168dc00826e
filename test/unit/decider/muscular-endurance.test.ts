import { describe, expect, it } from "vitest";
import type { ClientEvent, LoggedExercise, SessionPlanned } from "../../../domain/client/events.ts";
import { guidelineFor } from "../../../domain/guidelines/catalogue.ts";
import { resistanceSlots } from "../../../domain/guidelines/resistance-slots.ts";
import { day, recordSession, registered, started, startPhase } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";
import { blockOf } from "../../support/plans.ts";

// Phase 3's 12–20-rep option for extra muscular endurance (opt-reference §2), a setting of the block.
const enduranceBlock = (at: string): ClientEvent => {
  const event = started(3, at);
  return { ...event, data: { ...event.data, muscularEndurance: true } } as ClientEvent;
};
const inPhase3 = [...registered(), started(1, day(1)), started(3, day(2))];
const inEndurancePhase3 = [...registered(), started(1, day(1)), enduranceBlock(day(2))];

/** Three sets of 15 at 2/0/2: endurance reps, otherwise Phase 3's prescription. */
const fifteens: LoggedExercise = {
  name: "squat",
  sets: [1, 2, 3].map(() => ({ reps: 15, tempo: "2/0/2", restSeconds: 60 })),
};

describe("Phase 3's muscular-endurance option", () => {
  it("is recorded on PhaseStarted when the trainer starts Phase 3 with it", () => {
    given([...registered(), started(1, day(1))])
      .when(startPhase(3, day(2), { muscularEndurance: true }))
      .thenMatches([{ type: "PhaseStarted", data: { phase: 3, muscularEndurance: true } }]);
  });

  it("is absent from PhaseStarted by default, so such events read as before", () => {
    const [event] = given([...registered(), started(1, day(1))])
      .when(startPhase(3, day(2)))
      .events();
    expect(event?.data).not.toHaveProperty("muscularEndurance");
  });

  it.each([1, 2, 4, 5] as const)("is refused for Phase %i (muscular-endurance-phase-3)", (phase) => {
    given([...registered("general-fitness", [1, 2, 3, 4, 5]), started(1, day(1))])
      .when(startPhase(phase, day(2), { muscularEndurance: true, overrideReason: "trainer judgement" }))
      .thenRefused("muscular-endurance-phase-3");
  });

  it("holds logged sets of 12–20 reps compliant in such a block", () => {
    given(inEndurancePhase3)
      .when(recordSession("s-1", day(3), { exercises: [fifteens] }))
      .thenMatches([{ type: "SessionCompleted", data: { compliance: { score: 1, deviations: [] } } }]);
  });

  it("holds the same sets to 6–12 reps in an ordinary Phase 3 block", () => {
    const [event] = given(inPhase3)
      .when(recordSession("s-1", day(3), { exercises: [fifteens] }))
      .events();
    const deviations = event?.type === "SessionCompleted" ? event.data.compliance.deviations : [];
    expect(deviations.filter((d) => d.variable === "reps")).toHaveLength(3);
    expect(deviations[0]).toMatchObject({ expected: "6–12" });
  });

  it("plans the block's resistance work within 12–20 reps, above Phase 3's usual 12 in the first week", () => {
    const [event] = given(inEndurancePhase3)
      .when({ type: "PlanSession", data: { planId: "p-1", plannedFor: day(3), at: day(3) } })
      .events();
    const resistance = blockOf((event as SessionPlanned).data.plan, "resistance");
    expect(resistance.length).toBeGreaterThan(0);
    for (const exercise of resistance) {
      expect(exercise.reps ?? 0).toBeGreaterThan(12);
      expect(exercise.reps ?? 0).toBeLessThanOrEqual(20);
    }
  });
});

describe("resistanceSlots", () => {
  it("gives Phase 3's slot 12–20 reps when the block asks for muscular endurance, else the guideline's", () => {
    const p3 = guidelineFor("CPT7", 3);
    expect(resistanceSlots(p3, { muscularEndurance: true })).toEqual([
      { ...p3.resistance[0], reps: { min: 12, max: 20 } },
    ]);
    expect(resistanceSlots(p3, { muscularEndurance: false })).toBe(p3.resistance);
    expect(resistanceSlots(p3, {})).toBe(p3.resistance);
  });

  it("leaves the other phases' slots alone, whatever the block says", () => {
    for (const phase of [1, 2, 4, 5] as const) {
      const guideline = guidelineFor("CPT7", phase);
      expect(resistanceSlots(guideline, { muscularEndurance: true })).toBe(guideline.resistance);
    }
  });
});
