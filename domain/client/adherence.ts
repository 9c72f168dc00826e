import { exerciseById } from "../exercises/library.ts";
import type { PlannedExercise, SessionPlan } from "../program/session-plan.ts";
import type { LoggedExercise, PlanAdherence } from "./events.ts";
import { exerciseKey } from "./state.ts";

const mean = (values: readonly number[]): number | undefined =>
  values.length === 0 ? undefined : Math.round(values.reduce((a, b) => a + b, 0) / values.length);

/** The same exercise: by library id where the log names one, else by name. */
const performs = (logged: LoggedExercise, planned: PlannedExercise) =>
  logged.exerciseId === undefined
    ? exerciseKey(logged.name) === exerciseKey(planned.name)
    : logged.exerciseId === planned.exerciseId;

/** A replacement does the same job: the same component, movement pattern, role and stretching technique. */
function substitutes(logged: LoggedExercise, planned: PlannedExercise): boolean {
  const known = logged.exerciseId === undefined ? undefined : exerciseById(logged.exerciseId);
  return (
    known !== undefined &&
    known.component === planned.component &&
    known.pattern === planned.pattern &&
    known.role === planned.role &&
    known.flexibilityType === exerciseById(planned.exerciseId)?.flexibilityType
  );
}

/**
 * How a performed session kept to its plan: each prescribed exercise done (matched in order, so two
 * sides of one stretch count twice), substituted by another of its component and pattern, or missed;
 * the sets, reps and seconds of each one done against its prescription.
 */
export function planAdherence(
  planId: string,
  plan: SessionPlan,
  exercises: readonly LoggedExercise[],
): PlanAdherence {
  const prescribed = plan.blocks.flatMap((block) => block.exercises);
  const unmatched = [...exercises];
  const take = (matches: (logged: LoggedExercise) => boolean) => {
    const index = unmatched.findIndex(matches);
    return index < 0 ? undefined : unmatched.splice(index, 1)[0];
  };
  const done: { planned: PlannedExercise; logged: LoggedExercise }[] = [];
  const notDone: PlannedExercise[] = [];
  for (const planned of prescribed) {
    const logged = take((l) => performs(l, planned));
    if (logged) done.push({ planned, logged });
    else notDone.push(planned);
  }
  const substituted: PlanAdherence["substituted"] = [];
  const missed: string[] = [];
  for (const planned of notDone) {
    const logged = take((l) => substitutes(l, planned));
    if (logged)
      substituted.push({ prescribed: planned.exerciseId, performed: logged.exerciseId ?? logged.name });
    else missed.push(planned.exerciseId);
  }
  const score = prescribed.length === 0 ? 1 : (done.length + substituted.length) / prescribed.length;
  return {
    planId,
    prescribed: prescribed.length,
    done: done.map(({ planned }) => planned.exerciseId),
    missed,
    substituted,
    added: unmatched.map((logged) => logged.exerciseId ?? logged.name),
    volume: done.map(({ planned, logged }) => {
      const reps = mean(logged.sets.flatMap((set) => (set.reps === undefined ? [] : [set.reps])));
      const seconds = mean(
        logged.sets.flatMap((set) => (set.durationSeconds === undefined ? [] : [set.durationSeconds])),
      );
      return {
        exerciseId: planned.exerciseId,
        prescribedSets: planned.sets,
        performedSets: logged.sets.length,
        ...(planned.reps === undefined ? {} : { prescribedReps: planned.reps }),
        ...(reps === undefined ? {} : { performedReps: reps }),
        ...(planned.durationSeconds === undefined ? {} : { prescribedSeconds: planned.durationSeconds }),
        ...(seconds === undefined ? {} : { performedSeconds: seconds }),
      };
    }),
    score: Math.round(score * 100) / 100,
  };
}
