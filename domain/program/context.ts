import { findExercises } from "../exercises/library.ts";
import type { Equipment, Exercise, ExerciseComponent, Level } from "../exercises/types.ts";
import { guidelineFor } from "../guidelines/catalogue.ts";
import type { PhaseGuideline } from "../guidelines/types.ts";
import type { ProgrammingProfile } from "./profile.ts";
import { type Chooser, seededChooser } from "./seeded-choice.ts";
import type { PlanGap } from "./session-plan.ts";

/** Lower levels are a fallback when a level has nothing available; a higher level never is. */
const FALLBACK_LEVELS: Readonly<Record<Level, readonly Level[]>> = {
  stabilization: ["stabilization"],
  strength: ["strength", "stabilization"],
  power: ["power", "strength", "stabilization"],
};

/** Everything a block builder reads: the profile, the phase's guideline, the equipment and the seed. */
export interface GenerationContext {
  readonly profile: ProgrammingProfile;
  readonly guideline: PhaseGuideline;
  readonly equipment: ReadonlySet<Equipment>;
  /** How far through the planned block the day falls, 0 (first week) to 1 (last week or later). */
  readonly progress: number;
  /** Things the plan could not hold, with why; builders add to it. */
  readonly gaps: PlanGap[];
  available(exercise: Exercise): boolean;
  choose(purpose: string): Chooser;
  /** Available exercises of a component at the phase's level, falling back to lower levels. */
  atLevel(component: ExerciseComponent, filter?: (exercise: Exercise) => boolean): readonly Exercise[];
}

export function generationContext(
  profile: ProgrammingProfile,
  equipment: readonly Equipment[],
  seed: number,
): GenerationContext {
  const guideline = guidelineFor(profile.guidelineVersion, profile.phase);
  const owned = new Set(equipment);
  const available = (exercise: Exercise) => exercise.equipment.every((item) => owned.has(item));
  const span = Math.max(1, profile.plannedWeeks - 1);
  return {
    profile,
    guideline,
    equipment: owned,
    progress: Math.min(1, (profile.weekOfBlock - 1) / span),
    gaps: [],
    available,
    choose: (purpose) => seededChooser(seed, purpose),
    atLevel(component, filter = () => true) {
      for (const level of FALLBACK_LEVELS[guideline.level]) {
        const found = findExercises({ component, level, equipment }).filter(filter);
        if (found.length > 0) return found;
      }
      return [];
    },
  };
}

/** The equipment that would make one of `candidates` possible, for a gap's reason. */
export function missingEquipment(context: GenerationContext, candidates: readonly Exercise[]): string {
  const missing = new Set(
    candidates.flatMap((e) => e.equipment.filter((item) => !context.equipment.has(item))),
  );
  return missing.size === 0 ? "no exercise in the library fits" : `needs ${[...missing].sort().join(" or ")}`;
}
