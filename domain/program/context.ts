import { EXERCISES } from "../exercises/library.ts";
import type { Equipment, Exercise, ExerciseComponent, Level } from "../exercises/types.ts";
import { guidelineFor } from "../guidelines/catalogue.ts";
import type { PhaseGuideline } from "../guidelines/types.ts";
import type { ProgrammingProfile } from "./profile.ts";
import { type Chooser, seededChooser } from "./seeded-choice.ts";
import type { PlanBlockComponent, PlanGap } from "./session-plan.ts";

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
  /** Its equipment is at hand and the plan does not already hold it as corrective work. */
  available(exercise: Exercise): boolean;
  /** Corrective work holds these: other blocks choose something else, so each id has one prescription. */
  reserve(exercises: readonly { exerciseId: string }[]): void;
  choose(purpose: string): Chooser;
  /** The candidates that are available; none records a gap naming the equipment that would allow one. */
  options(candidates: readonly Exercise[], block: PlanBlockComponent, need: string): Exercise[];
  /** A component's exercises at the phase's level, or the next lower level with anything available. */
  atLevel(component: ExerciseComponent): Exercise[];
}

export function generationContext(
  profile: ProgrammingProfile,
  equipment: readonly Equipment[],
  seed: number,
): GenerationContext {
  const guideline = guidelineFor(profile.guidelineVersion, profile.phase);
  const owned = new Set(equipment);
  const reserved = new Set<string>();
  const available = (exercise: Exercise) =>
    !reserved.has(exercise.id) && exercise.equipment.every((item) => owned.has(item));
  const span = Math.max(1, profile.plannedWeeks - 1);
  const gaps: PlanGap[] = [];
  return {
    profile,
    guideline,
    equipment: owned,
    progress: Math.min(1, (profile.weekOfBlock - 1) / span),
    gaps,
    available,
    reserve(exercises) {
      for (const { exerciseId } of exercises) reserved.add(exerciseId);
    },
    choose: (purpose) => seededChooser(seed, purpose),
    options(candidates, block, need) {
      const options = candidates.filter(available);
      if (options.length === 0) gaps.push({ block, need, reason: missingEquipment(owned, candidates) });
      return options;
    },
    atLevel(component) {
      const of = (level: Level) =>
        EXERCISES.filter((e) => e.component === component && e.levels.includes(level));
      const levels = FALLBACK_LEVELS[guideline.level];
      return of(levels.find((level) => of(level).some(available)) ?? guideline.level);
    },
  };
}

/** Why no candidate is possible: the equipment that would allow one. */
function missingEquipment(owned: ReadonlySet<Equipment>, candidates: readonly Exercise[]): string {
  const missing = new Set(candidates.flatMap((e) => e.equipment.filter((item) => !owned.has(item))));
  return missing.size === 0 ? "no exercise in the library fits" : `needs ${[...missing].sort().join(" or ")}`;
}
