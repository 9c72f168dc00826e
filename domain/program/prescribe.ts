import type { Exercise } from "../exercises/types.ts";
import type { PlannedExercise } from "./session-plan.ts";

type Dose = Omit<PlannedExercise, "exerciseId" | "name" | "component" | "pattern" | "role">;

/** A planned exercise: the library's facts about it, then its dose and why. */
export function prescribe(exercise: Exercise, dose: Dose): PlannedExercise {
  return {
    exerciseId: exercise.id,
    name: exercise.name,
    component: exercise.component,
    pattern: exercise.pattern,
    ...(exercise.role ? { role: exercise.role } : {}),
    ...dose,
  };
}
