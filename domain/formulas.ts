import type { Range } from "./guidelines/types.ts";

/**
 * Derived numbers of opt-reference §4.6, §4.7 and §6(a). Each result carries the method that produced it
 * (invariant §8.7), so a value is never stored without it.
 */

export type OneRepMaxFormula = "epley" | "brzycki";
export interface OneRepMaxEstimate {
  readonly kg: number;
  readonly formula: OneRepMaxFormula;
}

export type MaxHeartRateMethod = "fox" | "tanaka";
export interface MaxHeartRate {
  readonly bpm: number;
  readonly method: MaxHeartRateMethod;
}

export type HeartRateZoneNumber = 1 | 2 | 3;
export interface HeartRateZone {
  readonly zone: HeartRateZoneNumber;
  readonly pctHRmax: Range;
  readonly minBpm: number;
  readonly maxBpm: number;
}
export type HeartRateZones = readonly [HeartRateZone, HeartRateZone, HeartRateZone];

const roundTo = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

function requireFinite(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a finite number in [${min}, ${max}], got ${value}`);
  }
}

/** Estimated 1RM from a submaximal set, to 0.1 kg. Both formulas are dependable only for 1–10 reps. */
export function estimateOneRepMax(input: {
  loadKg: number;
  reps: number;
  formula: OneRepMaxFormula;
}): OneRepMaxEstimate {
  const { loadKg, reps, formula } = input;
  requireFinite("loadKg", loadKg, 0);
  if (!Number.isInteger(reps) || reps < 1 || reps > 10) {
    throw new RangeError(
      `reps must be a whole number from 1 to 10 for a dependable 1RM estimate, got ${reps}`,
    );
  }
  // A single rep is already a 1RM; Epley would otherwise inflate it by 1/30.
  if (reps === 1) return { kg: roundTo(loadKg, 1), formula };
  switch (formula) {
    case "epley":
      return { kg: roundTo(loadKg * (1 + reps / 30), 1), formula };
    case "brzycki":
      return { kg: roundTo((loadKg * 36) / (37 - reps), 1), formula };
    default:
      throw new RangeError(`Unknown 1RM formula: ${String(formula)}`);
  }
}

/** Age-predicted HRmax, to 0.1 bpm: Fox 220 − age (older editions) or Tanaka 208 − 0.7 × age (CPT7). */
export function maxHeartRate(input: { age: number; method: MaxHeartRateMethod }): MaxHeartRate {
  const { age, method } = input;
  // Capped at 120 so both formulas stay well above any resting heart rate.
  requireFinite("age", age, 0, 120);
  switch (method) {
    case "fox":
      return { bpm: roundTo(220 - age, 1), method };
    case "tanaka":
      return { bpm: roundTo(208 - 0.7 * age, 1), method };
    default:
      throw new RangeError(`Unknown HRmax method: ${String(method)}`);
  }
}

/** Karvonen target HR = (HRmax − HRrest) × intensity + HRrest, to the whole bpm; intensity is 0–1. */
export function karvonenTargetHeartRate(input: {
  maxHeartRate: number;
  restingHeartRate: number;
  intensity: number;
}): number {
  const { maxHeartRate: max, restingHeartRate: rest, intensity } = input;
  requireFinite("maxHeartRate", max, 0);
  requireFinite("restingHeartRate", rest, 0);
  requireFinite("intensity", intensity, 0, 1);
  if (rest >= max) {
    throw new RangeError(`restingHeartRate (${rest}) must be below maxHeartRate (${max})`);
  }
  return Math.round((max - rest) * intensity + rest);
}

const ZONE_PCT: readonly [Range, Range, Range] = [
  { min: 65, max: 75 },
  { min: 76, max: 85 },
  { min: 86, max: 95 },
];

/** The three %HRmax zones of the CPT6 model (§6a), in whole bpm. */
export function heartRateZones(maxHeartRateBpm: number): HeartRateZones {
  if (!Number.isFinite(maxHeartRateBpm) || maxHeartRateBpm <= 0) {
    throw new RangeError(`maxHeartRateBpm must be a positive finite number, got ${maxHeartRateBpm}`);
  }
  const zone = (number: HeartRateZoneNumber, pct: Range): HeartRateZone => ({
    zone: number,
    pctHRmax: pct,
    minBpm: Math.round((maxHeartRateBpm * pct.min) / 100),
    maxBpm: Math.round((maxHeartRateBpm * pct.max) / 100),
  });
  return [zone(1, ZONE_PCT[0]), zone(2, ZONE_PCT[1]), zone(3, ZONE_PCT[2])];
}

/**
 * The zone a heart rate falls in, or null below zone 1 or above zone 3. The published zones leave 1 % gaps
 * (75→76, 85→86); a zone is taken to extend up to where the next begins, so a gap belongs to the zone below.
 */
export function zoneOf(bpm: number, zones: HeartRateZones): HeartRateZoneNumber | null {
  requireFinite("bpm", bpm, 0);
  const [first, , last] = zones;
  if (bpm < first.minBpm || bpm > last.maxBpm) return null;
  const zone = [...zones].reverse().find((candidate) => bpm >= candidate.minBpm);
  return zone ? zone.zone : null;
}
