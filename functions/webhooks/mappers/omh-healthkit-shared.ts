import type { HeartRateSample, PayloadProblem } from "./types.ts";
import { MAX_HEART_RATE_SAMPLES } from "./types.ts";

/** Checks shared by the Open mHealth and HealthKit mappers; each records a problem instead of throwing. */

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const isNonEmptyString = (value: unknown): value is string =>
  typeof value === "string" && value.trim() !== "";

export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

/** Date and time with an explicit offset: without one, Date.parse would read the server's local zone. */
const ZONED_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** Date.parse rolls an impossible day over ("02-30" is 2 March); such a date is refused instead. */
const isCalendarDate = (year: number, month: number, day: number): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** The instant in epoch milliseconds, or a problem at `path`. */
export const readInstant = (value: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  const parts = typeof value === "string" ? ZONED_DATE_TIME.exec(value) : null;
  const ms =
    parts && isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3]))
      ? Date.parse(value as string)
      : Number.NaN;
  if (Number.isNaN(ms)) {
    problems.push({
      path,
      message: "must be an ISO-8601 date-time with an offset, e.g. 2026-03-02T07:30:00-08:00",
    });
    return undefined;
  }
  return ms;
};

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Within the ±8.64e15 ms a Date can hold, so that `iso` cannot throw. */
export const isInstant = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;

/** Start not after end, as WearableSession requires. */
export const checkOrder = (
  startMs: number,
  endMs: number,
  path: string,
  problems: PayloadProblem[],
): void => {
  if (startMs > endMs) problems.push({ path, message: "the session ends before it starts" });
};

const MIN_BPM = 20;
const MAX_BPM = 250;

/** A stated heart rate (an average or maximum) as whole bpm within 20–250. */
export const readBpm = (value: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  const bpm = isFiniteNumber(value) ? Math.round(value) : Number.NaN;
  if (!(bpm >= MIN_BPM && bpm <= MAX_BPM)) {
    problems.push({ path, message: `must be a heart rate of ${MIN_BPM}–${MAX_BPM} beats per minute` });
    return undefined;
  }
  return bpm;
};

/** A heart-rate reading as the payload gave it, with where it was. */
export interface RawSample {
  readonly atMs: number;
  readonly value: unknown;
  readonly path: string;
}

/**
 * Readings to whole-bpm samples in time order. A reading that rounds to 0 is dropped: sensors report 0 when they lose
 * contact with the skin, which is no heart rate rather than a wrong one. Anything else outside 20–250 makes
 * the session invalid, and so does a series longer than MAX_HEART_RATE_SAMPLES (refused, not truncated).
 */
export const heartRateSeries = (
  readings: readonly RawSample[],
  path: string,
  problems: PayloadProblem[],
): HeartRateSample[] => {
  const kept: { atMs: number; bpm: number }[] = [];
  for (const reading of readings) {
    if (isFiniteNumber(reading.value) && Math.round(reading.value) === 0) continue;
    const bpm = readBpm(reading.value, reading.path, problems);
    if (bpm !== undefined) kept.push({ atMs: reading.atMs, bpm });
  }
  if (kept.length > MAX_HEART_RATE_SAMPLES) {
    problems.push({ path, message: `more than ${MAX_HEART_RATE_SAMPLES} heart-rate samples` });
  }
  return kept.sort((a, b) => a.atMs - b.atMs).map((sample) => ({ at: iso(sample.atMs), bpm: sample.bpm }));
};

/**
 * Average and maximum: as the provider stated them, else derived from the samples (the mean and the highest
 * of the kept samples), else absent. An average above the maximum, stated or derived, is a contradiction.
 */
export const heartRateSummary = (
  stated: { avg?: number | undefined; max?: number | undefined; path: string },
  samples: readonly HeartRateSample[],
  problems: PayloadProblem[],
): { avgHeartRate?: number; maxHeartRate?: number } => {
  const bpms = samples.map((sample) => sample.bpm);
  const avg =
    stated.avg ?? (bpms.length ? Math.round(bpms.reduce((a, b) => a + b, 0) / bpms.length) : undefined);
  const max = stated.max ?? (bpms.length ? bpms.reduce((a, b) => Math.max(a, b)) : undefined);
  if (avg !== undefined && max !== undefined && avg > max) {
    problems.push({ path: stated.path, message: "the average heart rate is above the maximum" });
  }
  return { ...(avg !== undefined && { avgHeartRate: avg }), ...(max !== undefined && { maxHeartRate: max }) };
};

const MAX_KCAL = 10_000;

/** Active kilocalories, rounded, within 0–10 000. */
export const readKcal = (kcal: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  const whole = isFiniteNumber(kcal) ? Math.round(kcal) : Number.NaN;
  if (!(whole >= 0 && whole <= MAX_KCAL)) {
    problems.push({ path, message: `must be 0–${MAX_KCAL} kilocalories` });
    return undefined;
  }
  return whole;
};
