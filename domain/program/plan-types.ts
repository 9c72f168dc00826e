import type { GuidelineVersion } from "../guidelines/types.ts";
import type { Phase } from "../phases.ts";
import type { ProgramSettings } from "../settings.ts";

export const PERIODIZATIONS = ["linear", "undulating"] as const;
export type Periodization = (typeof PERIODIZATIONS)[number];

/** Why a block is on the plan (the re-planning reasons name what changed the client's journey). */
export const PLAN_BLOCK_REASONS = [
  "start",
  "current-phase",
  "goal-path",
  "recovery",
  "layoff",
  "returning-compensations",
  "end-of-high-intensity-block",
  "goal-changed",
  "cleared-after-referral",
  "trainer-phase-change",
] as const;
export type PlanBlockReason = (typeof PLAN_BLOCK_REASONS)[number];

/** One mesocycle of a plan: a phase for some weeks (ISO dates, Monday-agnostic: weeks count from the plan's start). */
export interface PlanBlock {
  readonly phase: Phase;
  readonly startsOn: string;
  readonly weeks: number;
  readonly sessionsPerWeek: number;
  readonly reason: PlanBlockReason;
}

/** A block as the plan shows it: why it is there and, in an undulating plan, the phase of each weekly session. */
export interface ExplainedPlanBlock extends PlanBlock {
  readonly why: string;
  readonly days?: readonly Phase[];
}

export interface PlanRequest {
  readonly from: string;
  readonly weeks: number;
  readonly path: readonly Phase[];
  readonly currentPhase: Phase | null;
  readonly periodization: Periodization;
  readonly sessionsPerWeek: number;
  readonly settings: ProgramSettings;
  readonly guidelineVersion: GuidelineVersion;
  /** The first block's reason when a change of the client's journey re-plans (default "start" or "current-phase"). */
  readonly firstReason?: PlanBlockReason;
}
