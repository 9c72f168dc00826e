import { exerciseById } from "../exercises/library.ts";
import type { Exercise } from "../exercises/types.ts";

/**
 * The ladders (most → least stable) the candidates sit on, from each rung with no easier candidate up its
 * progression links; each ladder keeps only its available rungs, so a missing piece of equipment skips a
 * rung rather than ending the climb.
 */
export function laddersIn(
  candidates: readonly Exercise[],
  available: (exercise: Exercise) => boolean,
): Exercise[][] {
  const ids = new Set(candidates.map((exercise) => exercise.id));
  const bases = candidates.filter((exercise) => !exercise.regressionId || !ids.has(exercise.regressionId));
  return bases
    .map((base) => {
      const ladder = [base];
      let next = base.progressionId;
      while (next && ids.has(next) && ladder.length < candidates.length) {
        const rung = exerciseById(next) as Exercise;
        ladder.push(rung);
        next = rung.progressionId;
      }
      return ladder.filter(available);
    })
    .filter((ladder) => ladder.length > 0);
}

/** Phase 1 progresses by proprioception: one rung a week up the ladder, never past its top. */
export const rungForWeek = (ladder: readonly Exercise[], weekOfBlock: number): Exercise =>
  ladder[Math.min(ladder.length - 1, Math.max(0, weekOfBlock - 1))] as Exercise;

/**
 * The ladders a Phase 1 block climbs: those whose first available rung is the most stable there is, so
 * week 1 is the most stable work. The choice ignores the week, so later weeks climb the ladders week 1
 * started on.
 */
export function startingLadders(ladders: readonly Exercise[][]): Exercise[][] {
  const floor = Math.min(...ladders.map((ladder) => (ladder[0] as Exercise).stability));
  return ladders.filter((ladder) => (ladder[0] as Exercise).stability === floor);
}
