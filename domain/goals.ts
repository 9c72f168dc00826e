import type { Phase } from "./phases.ts";

export const GOALS = ["fat-loss", "general-fitness", "hypertrophy", "max-strength", "power"] as const;
export type Goal = (typeof GOALS)[number];

export type GoalPaths = Readonly<Record<Goal, readonly Phase[]>>;

/**
 * NASM's exam mapping of goals to phase paths (opt-reference §5.4). Tenants may configure their own:
 * sources differ and trainers override, so this is data, never code.
 */
export const NASM_GOAL_PATHS: GoalPaths = {
  "fat-loss": [1, 2, 3],
  "general-fitness": [1, 2, 3],
  hypertrophy: [1, 2, 3, 4],
  "max-strength": [1, 2, 4],
  power: [1, 2, 5],
};

/** The next phase on the path after `current`, or null at the end of the path. */
export function nextPhaseOnPath(path: readonly Phase[], current: Phase): Phase | null {
  return path.find((phase) => phase > current) ?? null;
}
