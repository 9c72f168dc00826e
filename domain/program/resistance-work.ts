import { findExercises } from "../exercises/library.ts";
import type { Exercise, ResistancePattern } from "../exercises/types.ts";
import { resistanceSlots } from "../guidelines/resistance-slots.ts";
import type { ResistancePrescription } from "../guidelines/types.ts";
import type { Phase } from "../phases.ts";
import { type GenerationContext, missingEquipment } from "./context.ts";
import { along, restAlong } from "./doses.ts";
import { rungForWeek, startingLadders } from "./ladders.ts";
import { prescribe } from "./prescribe.ts";
import type { PlannedExercise } from "./session-plan.ts";

/**
 * The patterns of each phase's resistance block (opt-exercises §7.2–7.6): a Phase 1 total-body circuit, four
 * Phase 2 pairs, a Phase 3 volume session, a few heavy Phase 4 lifts, three Phase 5 pairs.
 */
const PATTERNS: Readonly<Record<Phase, readonly ResistancePattern[]>> = {
  1: ["squat", "horizontal-push", "horizontal-pull", "vertical-push", "lunge"],
  2: ["squat", "horizontal-push", "horizontal-pull", "vertical-push"],
  3: ["horizontal-push", "horizontal-pull", "vertical-push", "vertical-pull", "squat", "hinge"],
  4: ["squat", "horizontal-push", "horizontal-pull", "hinge"],
  5: ["squat", "horizontal-push", "vertical-pull"],
};

const GROUPS = "ABCDEFGH";

/** Heavy slots (85–100 % 1RM) never use a stability ball (opt-exercises §1.3 rule 3). */
const HEAVY_PCT = 85;

/** The resistance block: integration work first while compensations are active, then the phase's work. */
export function resistanceWork(
  context: GenerationContext,
  integration: PlannedExercise[],
): PlannedExercise[] {
  const [first, pair] = resistanceSlots(context.guideline, context.profile);
  const patterns = PATTERNS[context.profile.phase];
  const main = pair
    ? patterns.flatMap((pattern, i) => supersetFor(context, pattern, first, pair, GROUPS[i] as string))
    : patterns.flatMap((pattern) => singleFor(context, pattern, first));
  return [...integration, ...main];
}

function singleFor(context: GenerationContext, pattern: ResistancePattern, slot: ResistancePrescription) {
  const exercise = choose(context, pattern, slot);
  return exercise ? [dose(context, exercise, slot, whySingle(context, exercise))] : [];
}

function supersetFor(
  context: GenerationContext,
  pattern: ResistancePattern,
  first: ResistancePrescription,
  second: ResistancePrescription,
  group: string,
): PlannedExercise[] {
  const strength = choose(context, pattern, first);
  const partner = choose(context, pattern, second);
  if (!strength || !partner) return [];
  const phase = context.profile.phase;
  const why = (half: string) =>
    `Phase ${phase} superset ${group} (${pattern}): ${half}, ${context.guideline.superset} of the same pattern.`;
  return [
    // No rest between the halves: the phase's rest follows the pair.
    {
      ...dose(context, strength, first, why("strength half, then its partner without rest")),
      restSeconds: 0,
      supersetGroup: group,
    },
    {
      ...dose(context, partner, second, why(`${second.role} half, then the pair's rest`)),
      supersetGroup: group,
    },
  ];
}

/** An available exercise of the pattern for the slot's role: Phase 1 climbs a ladder a rung a week. */
function choose(context: GenerationContext, pattern: ResistancePattern, slot: ResistancePrescription) {
  const heavy = (slot.intensityPct1RM?.min ?? 0) >= HEAVY_PCT;
  const candidates = findExercises({ component: "resistance", pattern }).filter(
    (e) => e.role === slot.role && !(heavy && e.equipment.includes("stability-ball")),
  );
  const options = candidates.filter(context.available);
  if (options.length === 0) {
    context.gaps.push({
      block: "resistance",
      need: `a ${slot.role} ${pattern} exercise`,
      reason: missingEquipment(context, candidates),
    });
    return null;
  }
  const chooser = context.choose(`resistance:${pattern}:${slot.role}`);
  if (context.profile.phase !== 1) return chooser.pick(options);
  return rungForWeek(chooser.pick(startingLadders(options)), context.profile.weekOfBlock);
}

/**
 * Acute variables inside the slot's ranges. Phase 1 progresses sets, never load (intensity stays at the
 * range's floor); later phases add sets and load as the block goes on, with reps falling as load rises.
 */
function dose(
  context: GenerationContext,
  exercise: Exercise,
  slot: ResistancePrescription,
  why: string,
): PlannedExercise {
  const { progress, profile } = context;
  const stabilizing = profile.phase === 1;
  const pct = slot.intensityPct1RM && along(slot.intensityPct1RM, stabilizing ? 0 : progress);
  const oneRepMax = profile.oneRepMax(exercise.id, exercise.name, ...(exercise.aliases ?? []));
  return prescribe(exercise, {
    sets: along(slot.sets, progress),
    reps: along(slot.reps, stabilizing ? 0.25 : 1 - progress),
    tempo: slot.tempo[0] as string,
    restSeconds: restAlong(slot.restSeconds, 0.5),
    ...(pct ? { intensityPct1RM: pct } : {}),
    ...(pct && oneRepMax ? { loadKg: Math.round((oneRepMax.kg * pct) / 50) / 2 } : {}),
    why: oneRepMax && pct ? `${why} Load from the known 1RM of ${oneRepMax.kg} kg.` : why,
  });
}

function whySingle(context: GenerationContext, exercise: Exercise): string {
  const { phase, weekOfBlock } = context.profile;
  if (phase === 1) {
    return `Phase 1 total-body circuit (${exercise.pattern}): rung ${exercise.stability} of its stability ladder in week ${weekOfBlock}, progressing by proprioceptive demand rather than load.`;
  }
  return `Phase ${phase} ${context.guideline.name} (${exercise.pattern}): a ${exercise.role} exercise; ${context.guideline.exerciseSelection.toLowerCase()}.`;
}
