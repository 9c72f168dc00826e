import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { assessCompliance } from "../../../domain/client/compliance.ts";
import type { LoggedExercise } from "../../../domain/client/events.ts";
import { EXERCISES, exerciseById, NO_SMR, NO_STATIC_STRETCH } from "../../../domain/exercises/library.ts";
import type { Exercise } from "../../../domain/exercises/types.ts";
import { guidelineFor } from "../../../domain/guidelines/catalogue.ts";
import {
  CARDIO_STAGES,
  CORRECTIVE_DOSES,
  FLEXIBILITY_DOSES,
  type TimedOrCountedDose,
} from "../../../domain/guidelines/component-doses.ts";
import { resistanceSlots } from "../../../domain/guidelines/resistance-slots.ts";
import type { Range } from "../../../domain/guidelines/types.ts";
import { generateSession } from "../../../domain/program/generate-session.ts";
import { landingsWaitFor } from "../../../domain/program/landings.ts";
import type { ProgrammingProfile } from "../../../domain/program/profile.ts";
import { PLAN_BLOCKS, type PlannedExercise, type SessionPlan } from "../../../domain/program/session-plan.ts";
import { MAX_LOGGED_EXERCISES, MAX_LOGGED_SETS } from "../../../functions/http/schemas.ts";
import { equipmentArbitrary, exercisesOf, profileArbitrary, seedArbitrary } from "../../support/plans.ts";

const inRange = (value: number | undefined, range: Range | null | undefined) =>
  range == null || (value !== undefined && value >= range.min && value <= range.max);

const library = (planned: PlannedExercise) => exerciseById(planned.exerciseId) as Exercise;

/** The guideline range a planned exercise's variables must sit in, read from the data tables. */
function expectWithinItsRange(planned: PlannedExercise, profile: ProgrammingProfile, firstHalf: boolean) {
  const guideline = guidelineFor(profile.guidelineVersion, profile.phase);
  const dose = (d: TimedOrCountedDose) => {
    expect(inRange(planned.sets, d.sets), `${planned.exerciseId} sets`).toBe(true);
    if (d.reps) expect(inRange(planned.reps, d.reps), `${planned.exerciseId} reps`).toBe(true);
    if (d.durationSeconds) expect(inRange(planned.durationSeconds, d.durationSeconds)).toBe(true);
    if (d.tempo) expect(planned.tempo).toBe(d.tempo);
  };
  if (planned.corrective) return dose(CORRECTIVE_DOSES[planned.corrective]);
  switch (planned.component) {
    case "flexibility":
      return dose(FLEXIBILITY_DOSES[library(planned).flexibilityType ?? "static"]);
    case "cardio": {
      const zones = CARDIO_STAGES[guideline.cardioStage].zones;
      expect(planned.intervals?.every((interval) => zones.includes(interval.zone))).toBe(true);
      expect(planned.durationSeconds).toBe(planned.intervals?.reduce((sum, i) => sum + i.seconds, 0));
      return;
    }
    case "resistance": {
      const slot = resistanceSlots(guideline, profile).find((s) => s.role === planned.role);
      expect(
        slot,
        `${planned.exerciseId} is a ${planned.role} exercise in Phase ${profile.phase}`,
      ).toBeDefined();
      if (!slot) return;
      expect(inRange(planned.sets, slot.sets)).toBe(true);
      expect(inRange(planned.reps, slot.reps)).toBe(true);
      expect(slot.tempo).toContain(planned.tempo);
      expect(inRange(planned.restSeconds, firstHalf ? { min: 0, max: 0 } : slot.restSeconds)).toBe(true);
      // Intensity and load only where the client's 1RM of the exercise is known, and then within the slot.
      const known = library(planned);
      const max = profile.oneRepMax(known.id, known.name, ...(known.aliases ?? []));
      expect(planned.intensityPct1RM !== undefined).toBe(Boolean(max && slot.intensityPct1RM));
      if (planned.intensityPct1RM !== undefined && max) {
        expect(inRange(planned.intensityPct1RM, slot.intensityPct1RM)).toBe(true);
        // Plates come in 0.5 kg steps; the load's own percentage stays inside the slot too.
        expect(
          Math.abs((planned.loadKg ?? 0) - (max.kg * planned.intensityPct1RM) / 100),
        ).toBeLessThanOrEqual(0.5);
        expect(inRange(Math.round(((planned.loadKg ?? 0) / max.kg) * 100), slot.intensityPct1RM)).toBe(true);
        if (profile.phase === 1) expect(planned.intensityPct1RM).toBe(slot.intensityPct1RM?.min);
      }
      return;
    }
    default: {
      const prescription = guideline[planned.component];
      expect(inRange(planned.sets, prescription.sets)).toBe(true);
      if (planned.reps !== undefined) expect(inRange(planned.reps, prescription.reps)).toBe(true);
      if (prescription.tempo && planned.reps !== undefined) expect(planned.tempo).toBe(prescription.tempo);
    }
  }
}

/** A planned exercise logged exactly as prescribed. */
const asPerformed = (planned: PlannedExercise): LoggedExercise => ({
  name: planned.name,
  exerciseId: planned.exerciseId,
  ...(planned.supersetGroup ? { supersetGroup: planned.supersetGroup } : {}),
  sets: Array.from({ length: planned.sets }, () => ({
    ...(planned.reps === undefined
      ? { durationSeconds: planned.durationSeconds ?? 0 }
      : { reps: planned.reps }),
    ...(planned.tempo ? { tempo: planned.tempo } : {}),
    restSeconds: planned.restSeconds,
    ...(planned.loadKg === undefined ? {} : { loadKg: planned.loadKg }),
  })),
});

const generate = (profile: ProgrammingProfile, equipment: readonly string[], seed: number) =>
  generateSession(profile, { equipment: equipment as SessionPlan["equipment"], seed });

/** A corrective need the plan left out is justified: contraindicated, or nothing available can meet it. */
function justifiedGap(plan: SessionPlan, need: string, possible: readonly Exercise[], excluded?: string) {
  // A muscle needed on one side and on both is treated, or left out, bilaterally.
  const bilateral = need.replace(/\((left|right)\)$/, "(bilateral)");
  const gap = plan.gaps.find((g) => g.need === need || g.need === bilateral);
  expect(gap, `a gap names "${need}"`).toBeDefined();
  const owned = new Set<string>(plan.equipment);
  if (excluded) expect(gap?.reason).toBe(excluded);
  else expect(possible.some((e) => e.equipment.every((item) => owned.has(item)))).toBe(false);
}

describe("generated sessions, over random clients, equipment and seeds", () => {
  test.prop([profileArbitrary, equipmentArbitrary, seedArbitrary], { numRuns: 300 })(
    "every exercise is in the library, needs only available equipment, says why, and sits inside its guideline range",
    (profile, equipment, seed) => {
      const plan = generate(profile, equipment, seed);
      for (const block of plan.blocks) {
        for (const planned of block.exercises) {
          const known = exerciseById(planned.exerciseId);
          expect(known?.component).toBe(planned.component);
          expect(known?.equipment.every((item) => equipment.includes(item))).toBe(true);
          expect(planned.why.length).toBeGreaterThan(20);
          const firstHalf =
            planned.supersetGroup !== undefined &&
            block.exercises.find((e) => e.supersetGroup === planned.supersetGroup) === planned;
          expectWithinItsRange(planned, profile, firstHalf);
        }
      }
    },
  );

  test.prop([profileArbitrary, equipmentArbitrary, seedArbitrary], { numRuns: 200 })(
    "blocks come in OPT order: warm-up, core, balance, reactive, SAQ, resistance, cardio, cool-down",
    (profile, equipment, seed) => {
      const order = generate(profile, equipment, seed).blocks.map((b) => PLAN_BLOCKS.indexOf(b.component));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(order.length);
    },
  );

  test.prop([profileArbitrary, equipmentArbitrary, seedArbitrary], { numRuns: 200 })(
    "Phases 2 and 5 train in pairs of one pattern: strength first, no rest, then stabilization (2) or power (5), in rounds",
    (profile, equipment, seed) => {
      const plan = generate(profile, equipment, seed);
      const resistance = plan.blocks.find((b) => b.component === "resistance")?.exercises ?? [];
      const paired = profile.phase === 2 || profile.phase === 5;
      const partner = profile.phase === 2 ? "stabilization" : "power";
      for (const planned of resistance.filter((e) => !e.corrective)) {
        expect(planned.supersetGroup !== undefined).toBe(paired);
      }
      const groups = Map.groupBy(
        resistance.filter((e) => e.supersetGroup),
        (e) => e.supersetGroup,
      );
      for (const [, [first, second, ...rest]] of groups) {
        expect(rest).toEqual([]);
        expect([first?.role, second?.role]).toEqual(["strength", partner]);
        expect(first?.pattern).toBe(second?.pattern);
        expect(first?.restSeconds).toBe(0);
        // Done in rounds: both halves have the same number of sets.
        expect(first?.sets).toBe(second?.sets);
      }
    },
  );

  test.prop([profileArbitrary, equipmentArbitrary, seedArbitrary], { numRuns: 300 })(
    "corrective work is present exactly when compensations are active, and covers every muscle and pattern of the protocol",
    (profile, equipment, seed) => {
      const plan = generate(profile, equipment, seed);
      const items = exercisesOf(plan);
      const corrective = items.filter((e) => e.corrective);
      const protocol = profile.protocol;
      if (!protocol) {
        expect(corrective).toEqual([]);
        return;
      }
      expect(corrective.length + plan.gaps.length).toBeGreaterThan(0);
      const covers = (stage: string, target: string, side?: string) =>
        corrective.some(
          // A muscle needed on both sides is treated bilaterally.
          (e) =>
            e.corrective === stage &&
            e.targets?.includes(target) &&
            (!side || e.side === side || e.side === "bilateral"),
        );
      const stages = [
        {
          stage: "inhibit",
          muscles: protocol.inhibit,
          fits: (e: Exercise) => e.flexibilityType === "self-myofascial-release",
          excluded: NO_SMR,
        },
        {
          stage: "lengthen",
          muscles: protocol.lengthen,
          fits: (e: Exercise) => e.flexibilityType === "static",
          excluded: NO_STATIC_STRETCH,
        },
        {
          stage: "activate",
          muscles: protocol.activate,
          fits: (e: Exercise) => e.component !== "flexibility",
          excluded: new Map<string, string>(),
        },
      ];
      for (const { stage, muscles, fits, excluded } of stages) {
        for (const { muscle, side } of muscles) {
          if (covers(stage, muscle, side)) continue;
          const possible = EXERCISES.filter((e) => fits(e) && e.muscles?.includes(muscle));
          justifiedGap(plan, `${stage} the ${muscle} (${side})`, possible, excluded.get(muscle));
        }
      }
      for (const pattern of protocol.integrate) {
        if (covers("integrate", pattern)) continue;
        justifiedGap(
          plan,
          `integrate the ${pattern} pattern`,
          EXERCISES.filter((e) => e.integrates?.includes(pattern)),
        );
      }
    },
  );

  test.prop([profileArbitrary, equipmentArbitrary, seedArbitrary])(
    "no landings while a foot, knee or LPHC compensation is active: no reactive work, no high-impact cardio",
    (profile, equipment, seed) => {
      const planned = exercisesOf(generate(profile, equipment, seed));
      const landings = planned.filter((e) => e.component === "reactive" || library(e).highImpact);
      if (landingsWaitFor(profile.findings)) expect(landings).toEqual([]);
    },
  );

  test.prop([profileArbitrary, equipmentArbitrary, seedArbitrary], { numRuns: 300 })(
    "a plan fits one recorded session, and performing it as written complies fully",
    (profile, equipment, seed) => {
      const plan = generate(profile, equipment, seed);
      const planned = exercisesOf(plan);
      expect(planned.length).toBeLessThanOrEqual(MAX_LOGGED_EXERCISES);
      expect(planned.reduce((sets, e) => sets + e.sets, 0)).toBeLessThanOrEqual(MAX_LOGGED_SETS);
      const guideline = guidelineFor(profile.guidelineVersion, profile.phase);
      const compliance = assessCompliance(planned.map(asPerformed), {
        guideline,
        resistance: resistanceSlots(guideline, profile),
        oneRepMax: profile.oneRepMax,
        heartRateZones: null,
        corrective: new Map(
          planned.flatMap((e) => (e.corrective ? [[e.exerciseId, e.corrective] as const] : [])),
        ),
      });
      expect(compliance.deviations).toEqual([]);
      expect([1, null]).toContain(compliance.score);
    },
  );

  test.prop([profileArbitrary, equipmentArbitrary, seedArbitrary])(
    "the same inputs and seed always give the same plan",
    (profile, equipment, seed) => {
      expect(generate(profile, equipment, seed)).toEqual(generate(profile, [...equipment].reverse(), seed));
    },
  );

  test.prop([profileArbitrary, seedArbitrary])(
    "other seeds vary the choice among equally good exercises, in more than one slot",
    (profile, seed) => {
      const everything = [...new Set(EXERCISES.flatMap((e) => e.equipment))];
      const ids = (s: number) =>
        new Set(exercisesOf(generate(profile, everything, s)).map((e) => e.exerciseId));
      const plans = [0, 1, 2, 3, 4, 5].map((step) => ids((seed + step * 7919) % 2 ** 31));
      const union = new Set(plans.flatMap((plan) => [...plan]));
      expect(union.size).toBeGreaterThanOrEqual(Math.max(...plans.map((plan) => plan.size)) + 2);
    },
  );
});
