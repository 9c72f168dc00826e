import type { CorrectiveStage, Side } from "../compensations/types.ts";
import type { Equipment, ExerciseComponent, Pattern, ResistanceRole } from "../exercises/types.ts";
import type { HeartRateZoneNumber } from "../formulas.ts";
import type { Goal } from "../goals.ts";
import type { GuidelineVersion } from "../guidelines/types.ts";
import type { Phase } from "../phases.ts";

/** A session's blocks, in OPT order (opt-reference §3): core always before resistance. */
export const PLAN_BLOCKS = [
  "warm-up",
  "core",
  "balance",
  "reactive",
  "saq",
  "resistance",
  "cardio",
  "cool-down",
] as const;
export type PlanBlockComponent = (typeof PLAN_BLOCKS)[number];

export interface CardioInterval {
  zone: HeartRateZoneNumber;
  seconds: number;
  /** Beats per minute of the zone, when the client's HRmax is known. */
  minBpm?: number;
  maxBpm?: number;
}

export interface PlannedExercise {
  exerciseId: string;
  name: string;
  component: ExerciseComponent;
  pattern: Pattern;
  /** Resistance exercises: the superset slot it fills. */
  role?: ResistanceRole;
  sets: number;
  /** Counted work has reps; held or timed work has a duration (per set). */
  reps?: number;
  durationSeconds?: number;
  tempo?: string;
  /** Rest after each set; 0 after the first half of a superset (no rest between the halves). */
  restSeconds: number;
  intensityPct1RM?: number;
  /** When the client's 1RM of this exercise is known. */
  loadKg?: number;
  /** Both halves of a Phase 2 or 5 pair share it, strength half first. */
  supersetGroup?: string;
  corrective?: CorrectiveStage;
  /** Corrective work: the muscles (or, for integration, the movement patterns) it addresses. */
  targets?: string[];
  side?: Side;
  /** Cardio: the stage's intervals in order. */
  intervals?: CardioInterval[];
  /** One sentence naming the input or rule that chose it. */
  why: string;
}

export interface PlanBlock {
  component: PlanBlockComponent;
  exercises: PlannedExercise[];
}

/** Something the plan should have held but could not (missing equipment, a contraindication). */
export interface PlanGap {
  block: PlanBlockComponent;
  need: string;
  reason: string;
}

export interface SessionPlan {
  libraryVersion: string;
  guidelineVersion: GuidelineVersion;
  phase: Phase;
  phaseName: string;
  /** 1-based week of the current block on the planned day. */
  weekOfBlock: number;
  goal: Goal | null;
  seed: number;
  equipment: Equipment[];
  heartRate: {
    maxBpm: number;
    method: string;
    zones: { zone: HeartRateZoneNumber; minBpm: number; maxBpm: number }[];
  } | null;
  blocks: PlanBlock[];
  gaps: PlanGap[];
}
