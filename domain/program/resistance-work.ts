import { findExercises } from "../exercises/library.ts";
import type { Exercise, ResistancePattern } from "../exercises/types.ts";
import { resistanceSlots } from "../guidelines/resistance-slots.ts";
import type { Range, ResistancePrescription } from "../guidelines/types.ts";
import type { Phase } from "../phases.ts";
import type { GenerationContext } from "./context.ts";
import { along, loadFor, restAlong } from "./doses.ts";
import { laddersIn, rungForWeek, startingLadders } from "./ladders.ts";
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

/** Maximal singles are a test, not a session: heavy work stops at 95 % 1RM. */
const HEAVY_CEILING_PCT = 95;

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
  const lead = dose(context, strength, first, why("strength half, then its partner without rest"));
  const follow = dose(context, partner, second, why(`${second.role} half, then the pair's rest`));
  // A superset is done in rounds: both halves have the same number of sets (both slots allow it).
  const rounds = Math.min(Math.max(lead.sets, second.sets.min), second.sets.max);
  return [
    // No rest between the halves: the phase's rest follows the pair.
    { ...lead, sets: rounds, restSeconds: 0, supersetGroup: group },
    { ...follow, sets: rounds, supersetGroup: group },
  ];
}

/** An available exercise of the pattern for the slot's role: Phase 1 climbs a ladder a rung a week. */
function choose(context: GenerationContext, pattern: ResistancePattern, slot: ResistancePrescription) {
  const heavy = (slot.intensityPct1RM?.min ?? 0) >= HEAVY_PCT;
  const candidates = findExercises({ component: "resistance", pattern }).filter(
    (e) => e.role === slot.role && !(heavy && e.equipment.includes("stability-ball")),
  );
  const options = context.options(candidates, "resistance", `a ${slot.role} ${pattern} exercise`);
  if (options.length === 0) return null;
  const chooser = context.choose(`resistance:${pattern}:${slot.role}`);
  if (context.profile.phase !== 1) {
    // A lift the client has a tested 1RM for can be loaded exactly: it wins over an untested equal.
    const tested = options.filter((e) => context.profile.oneRepMax(e.id, e.name, ...(e.aliases ?? [])));
    return chooser.pick(slot.intensityPct1RM && tested.length > 0 ? tested : options);
  }
  const ladder = chooser.pick(startingLadders(laddersIn(candidates, context.available)));
  return rungForWeek(ladder, context.profile.weekOfBlock);
}

/**
 * Acute variables inside the slot's ranges. Phase 1 adds sets, never load (a known 1RM is worked at the
 * range's floor). Heavy slots trade volume for intensity: sets stay mid-range while reps fall and load
 * rises toward 95 %. Other slots add sets and load as the block goes on, reps falling as load rises.
 * Intensity and load are prescribed only for an exercise whose 1RM is known.
 */
function dose(
  context: GenerationContext,
  exercise: Exercise,
  slot: ResistancePrescription,
  why: string,
): PlannedExercise {
  const { progress, profile } = context;
  const stabilizing = profile.phase === 1;
  const heavy = (slot.intensityPct1RM?.min ?? 0) >= HEAVY_PCT;
  const oneRepMax = profile.oneRepMax(exercise.id, exercise.name, ...(exercise.aliases ?? []));
  const pct =
    oneRepMax &&
    slot.intensityPct1RM &&
    Math.min(heavy ? HEAVY_CEILING_PCT : 100, along(slot.intensityPct1RM, stabilizing ? 0 : progress));
  return prescribe(exercise, {
    sets: along(slot.sets, heavy ? 0.5 : progress),
    reps: along(slot.reps, stabilizing ? 0.25 : 1 - progress),
    tempo: slot.tempo[0] as string,
    restSeconds: restAlong(slot.restSeconds, 0.5),
    ...(pct && oneRepMax
      ? {
          intensityPct1RM: pct,
          loadKg: loadFor(oneRepMax.kg, pct, slot.intensityPct1RM as Range),
          why: `${why} ${pct}% of the known 1RM of ${oneRepMax.kg} kg.`,
        }
      : { why }),
  });
}

function whySingle(context: GenerationContext, exercise: Exercise): string {
  const { phase, weekOfBlock } = context.profile;
  if (phase === 1) {
    return `Phase 1 total-body circuit (${exercise.pattern}): rung ${exercise.stability} of its stability ladder in week ${weekOfBlock}, progressing by proprioceptive demand rather than load.`;
  }
  return `Phase ${phase} ${context.guideline.name} (${exercise.pattern}): a ${exercise.role} exercise; ${context.guideline.exerciseSelection.toLowerCase()}.`;
}
