import type { CorrectiveStage } from "../compensations/types.ts";
import type { FlexibilityType } from "../exercises/types.ts";
import type { HeartRateZoneNumber, MaxHeartRateMethod } from "../formulas.ts";
import type { GuidelineVersion, Range } from "./types.ts";

/**
 * Doses of the work that is not a resistance slot: flexibility by technique (opt-exercises §4.1), the
 * Corrective Exercise Continuum (opt-reference §4.4) and cardio stages (opt-reference §6). The generator
 * prescribes from these and compliance checks logged work against them.
 */
const range = (min: number, max: number): Range => ({ min, max });

export interface TimedOrCountedDose {
  readonly sets: Range;
  /** Held or timed work (seconds per set)… */
  readonly durationSeconds?: Range;
  /** …or counted work. */
  readonly reps?: Range;
  readonly tempo?: string;
}

export const FLEXIBILITY_DOSES: Readonly<Record<FlexibilityType, TimedOrCountedDose>> = {
  // Hold each tender spot ≥30 s (30–60 s typical), 1–3 sets.
  "self-myofascial-release": { sets: range(1, 3), durationSeconds: range(30, 60) },
  // Hold 30 s, 1–3 sets; 60 s is the longest hold the sources give.
  static: { sets: range(1, 3), durationSeconds: range(30, 60) },
  // 1–2 s holds × 5–10 reps, 1–3 sets.
  active: { sets: range(1, 3), reps: range(5, 10) },
  // One set of 10–15 reps per movement.
  dynamic: { sets: range(1, 1), reps: range(10, 15) },
};

/** CEx doses: activation "10–15 reps, 2 s hold, 4 s eccentric" is 4/2/1; integration is controlled, 4/2/1. */
export const CORRECTIVE_DOSES: Readonly<Record<CorrectiveStage, TimedOrCountedDose>> = {
  inhibit: FLEXIBILITY_DOSES["self-myofascial-release"],
  lengthen: FLEXIBILITY_DOSES.static,
  activate: { sets: range(1, 2), reps: range(10, 15), tempo: "4/2/1" },
  integrate: { sets: range(1, 2), reps: range(10, 15), tempo: "4/2/1" },
};

export type CardioStage = 1 | 2 | 3;

export interface CardioStageDose {
  readonly stage: CardioStage;
  /** The zones the stage trains in; logged heart rates outside them are deviations. */
  readonly zones: readonly HeartRateZoneNumber[];
  readonly structure: string;
}

export const CARDIO_STAGES: Readonly<Record<CardioStage, CardioStageDose>> = {
  1: { stage: 1, zones: [1], structure: "steady state in zone 1, building toward 30 minutes" },
  2: {
    stage: 2,
    zones: [1, 2],
    structure: "zone-1 warm-up, then 1-minute zone-2 bouts with zone-1 recoveries at 1:3, 1:2, then 1:1",
  },
  3: {
    stage: 3,
    zones: [1, 2, 3],
    structure: "zone-1 warm-up, then 2-minute builds through zone 2 to 30–60-second zone-3 bouts",
  },
};

/** Age-predicted HRmax by edition: 220 − age in older editions, 208 − 0.7 × age in CPT7 (opt-reference §4.7). */
export const HRMAX_METHOD: Readonly<Record<GuidelineVersion, MaxHeartRateMethod>> = {
  CPT6: "fox",
  CPT7: "tanaka",
};

/**
 * Held core and balance work (a plank, a single-leg stand) is prescribed and checked in seconds. The
 * sources give reps, not holds: 20–45 s is common practice (CP), building through the block.
 */
export const HELD_SECONDS: Range = range(20, 45);
