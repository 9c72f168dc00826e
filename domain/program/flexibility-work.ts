import { EXERCISES } from "../exercises/library.ts";
import type { Exercise, FlexibilityType } from "../exercises/types.ts";
import { FLEXIBILITY_DOSES } from "../guidelines/component-doses.ts";
import type { PhaseGuideline } from "../guidelines/types.ts";
import type { GenerationContext } from "./context.ts";
import { along } from "./doses.ts";
import { prescribe } from "./prescribe.ts";
import { pickDistinct } from "./seeded-choice.ts";
import type { PlanBlockComponent, PlannedExercise } from "./session-plan.ts";

/** The flexibility continuum (opt-reference §3): corrective (static) in Phase 1, active in 2–4, dynamic in 5. */
const PHASE_STRETCH: Readonly<Record<PhaseGuideline["flexibility"], FlexibilityType>> = {
  corrective: "static",
  active: "active",
  functional: "dynamic",
};

const GENERAL_SMR = 2;
const PHASE_STRETCHES = 3;
const COOL_DOWN_STRETCHES = 2;

/**
 * The warm-up beside any corrective work: SMR and the phase's stretches when no compensation is active;
 * with compensations, Phases 2–5 still add their own stretch type (the corrective work is static).
 */
export function generalWarmUp(context: GenerationContext): PlannedExercise[] {
  const type = PHASE_STRETCH[context.guideline.flexibility];
  const corrective = context.profile.protocol !== null;
  if (corrective && type === "static") return [];
  return [
    ...(corrective ? [] : flexibility(context, "self-myofascial-release", GENERAL_SMR, "warm-up")),
    ...flexibility(context, type, PHASE_STRETCHES, "warm-up"),
  ];
}

/** Without a corrective protocol the cool-down is general SMR and static stretching (every phase). */
export function generalCoolDown(context: GenerationContext): PlannedExercise[] {
  if (context.profile.protocol !== null) return [];
  return [
    ...flexibility(context, "self-myofascial-release", 1, "cool-down"),
    ...flexibility(context, "static", COOL_DOWN_STRETCHES, "cool-down"),
  ];
}

function flexibility(
  context: GenerationContext,
  type: FlexibilityType,
  count: number,
  block: PlanBlockComponent,
): PlannedExercise[] {
  const candidates = EXERCISES.filter((e: Exercise) => e.flexibilityType === type);
  const options = context.options(candidates, block, `${type} flexibility`);
  const dose = FLEXIBILITY_DOSES[type];
  const { phase, guidelineVersion } = context.profile;
  const why =
    block === "warm-up"
      ? `Phase ${phase} warm-up: ${type} flexibility, the phase's ${context.guideline.flexibility} flexibility (${guidelineVersion}).`
      : `Cool-down: ${type} flexibility after the session's work (every phase).`;
  return pickDistinct(context.choose(`${block}:${type}`), options, count).map((exercise) =>
    prescribe(exercise, {
      sets: dose.sets.min,
      ...(dose.durationSeconds
        ? { durationSeconds: dose.durationSeconds.min }
        : dose.reps
          ? { reps: along(dose.reps, context.progress) }
          : {}),
      restSeconds: 0,
      why,
    }),
  );
}
