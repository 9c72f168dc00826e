import { problemAt } from "./problems.ts";
import { type HeartRateSample, MAX_HEART_RATE_SAMPLES, type PayloadProblem } from "./types.ts";

export const MIN_BPM = 20;
export const MAX_BPM = 250;
export const MAX_CALORIES = 10_000;

/**
 * A reported heart rate as whole bpm. The range is checked on the value as reported (249.6 passes, 250.4
 * does not), so every mapper refuses the same readings; out of range is a problem, never clamped.
 */
export const wholeBpm = (
  bpm: number,
  at: readonly PropertyKey[],
  problems: PayloadProblem[],
): number | undefined => {
  if (Number.isFinite(bpm) && bpm >= MIN_BPM && bpm <= MAX_BPM) return Math.round(bpm);
  problems.push(problemAt(at, `a heart rate must be ${MIN_BPM}–${MAX_BPM} bpm, not ${bpm}`));
  return undefined;
};

/** Active kilocalories, whole, 0–10 000. */
export const wholeCalories = (
  kcal: number,
  at: readonly PropertyKey[],
  problems: PayloadProblem[],
): number | undefined => {
  if (Number.isFinite(kcal) && kcal >= 0 && kcal <= MAX_CALORIES) return Math.round(kcal);
  problems.push(problemAt(at, `calories must be 0–${MAX_CALORIES} kcal, not ${kcal}`));
  return undefined;
};

/** One reading as a provider gave it: its instant (epoch ms) and where its bpm sits in the payload. */
export interface RawHeartRateSample {
  readonly atMs: number;
  readonly bpm: number | null | undefined;
  readonly bpmPath: readonly PropertyKey[];
}

/**
 * A provider's series as HeartRateSamples in time order. Readings of 0 or null are dropped: optical and
 * strap sensors report them while they lose contact, they measure nothing. Any other reading outside
 * 20–250 refuses the session (a sensor claiming it is not to be trusted for the rest of the series), as
 * do more than MAX_HEART_RATE_SAMPLES kept readings (refused, not truncated, as the contract says).
 * Nothing kept (no series, or only lost contact) gives undefined: the session has no samples.
 */
export const heartRateSeries = (
  raw: readonly RawHeartRateSample[],
  at: readonly PropertyKey[],
  problems: PayloadProblem[],
): HeartRateSample[] | undefined => {
  const kept: { atMs: number; bpm: number }[] = [];
  const before = problems.length;
  for (const sample of raw) {
    if (sample.bpm === null || sample.bpm === undefined || sample.bpm === 0) continue;
    const bpm = wholeBpm(sample.bpm, sample.bpmPath, problems);
    if (bpm !== undefined) kept.push({ atMs: sample.atMs, bpm });
  }
  if (kept.length > MAX_HEART_RATE_SAMPLES)
    problems.push(problemAt(at, `at most ${MAX_HEART_RATE_SAMPLES} heart-rate samples, not ${kept.length}`));
  if (problems.length > before || kept.length === 0) return undefined;
  // Array.prototype.sort is stable: readings at one instant keep the provider's order.
  return kept
    .sort((a, b) => a.atMs - b.atMs)
    .map((sample) => ({ at: new Date(sample.atMs).toISOString(), bpm: sample.bpm }));
};
