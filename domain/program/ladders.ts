import { exerciseById } from "../exercises/library.ts";
import type { Exercise } from "../exercises/types.ts";

/**
 * The ladders (most → least stable) that the pool's exercises sit on: from each rung with no easier rung
 * in the pool, up its progression links while they stay in the pool.
 */
export function laddersIn(pool: readonly Exercise[]): Exercise[][] {
  const ids = new Set(pool.map((exercise) => exercise.id));
  const bases = pool.filter((exercise) => !exercise.regressionId || !ids.has(exercise.regressionId));
  return bases.map((base) => {
    const ladder = [base];
    let next = base.progressionId;
    while (next && ids.has(next) && ladder.length < pool.length) {
      const rung = exerciseById(next) as Exercise;
      ladder.push(rung);
      next = rung.progressionId;
    }
    return ladder;
  });
}

/** Phase 1 progresses by proprioception: one rung a week up the ladder, never past its top. */
export const rungForWeek = (ladder: readonly Exercise[], weekOfBlock: number): Exercise =>
  ladder[Math.min(ladder.length - 1, Math.max(0, weekOfBlock - 1))] as Exercise;

/**
 * The ladders a Phase 1 block climbs: those starting from the most stable rung available, so week 1 is the
 * most stable work. The choice ignores the week, so later weeks climb the same ladders week 1 started.
 */
export function startingLadders(pool: readonly Exercise[]): Exercise[][] {
  const ladders = laddersIn(pool);
  const floor = Math.min(...ladders.map((ladder) => (ladder[0] as Exercise).stability));
  return ladders.filter((ladder) => (ladder[0] as Exercise).stability === floor);
}
