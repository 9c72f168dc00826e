import { externalId, instant } from "../../http/schemas.ts";
import { problemsOf } from "./problems.ts";
import { heartRateSeries, wholeBpm, wholeCalories } from "./samples.ts";
import type { HeartRateSample, PayloadProblem } from "./types.ts";

/**
 * What the Open mHealth and HealthKit mappers read from untyped JSON, on top of samples.ts: each reader
 * returns the value or records a problem at its dotted path, so one workout's problems are listed together.
 */

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

/** An id or label as the generic format takes it (one line, 1–256 characters). */
export const readId = (value: unknown, path: string, problems: PayloadProblem[]): string | undefined => {
  const parsed = externalId.safeParse(value);
  if (!parsed.success) problems.push(...problemsOf(parsed.error, [path]));
  return parsed.data;
};

/** An instant as the API takes it (ISO-8601 with an offset, a real calendar date), in epoch milliseconds. */
export const readInstant = (value: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  const parsed = instant.safeParse(value);
  if (!parsed.success) problems.push(...problemsOf(parsed.error, [path]));
  return parsed.success ? Date.parse(parsed.data) : undefined;
};

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Within the ±8.64e15 ms a Date can hold, so that `iso` cannot throw. */
export const isInstant = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;

/** A stated heart rate (an average or maximum): whole bpm, 20–250, by samples.ts' rule. */
export const readBpm = (value: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  if (typeof value === "number") return wholeBpm(value, [path], problems);
  problems.push({ path, message: "a heart rate must be a number of beats per minute" });
  return undefined;
};

/** Active kilocalories by samples.ts' rule (whole, 0–10 000). */
export const readKcal = (kcal: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  if (typeof kcal === "number") return wholeCalories(kcal, [path], problems);
  problems.push({ path, message: "calories must be a number of kilocalories" });
  return undefined;
};

/** A heart-rate reading as the payload gave it, with where its value was. */
export interface Reading {
  readonly atMs: number;
  readonly value: unknown;
  readonly path: string;
}

/**
 * Readings to samples by samples.ts' heartRateSeries: 0 and null (lost sensor contact) dropped, anything else
 * outside 20–250 or more than MAX_HEART_RATE_SAMPLES refusing the session, sorted by time. A value that is not
 * a number at all is a problem here. None kept gives undefined.
 */
export const readSeries = (
  readings: readonly Reading[],
  path: string,
  problems: PayloadProblem[],
): HeartRateSample[] | undefined => {
  const numeric = readings.flatMap((reading) => {
    if (reading.value === undefined || reading.value === null || typeof reading.value === "number") {
      return [{ atMs: reading.atMs, bpm: reading.value, bpmPath: [reading.path] }];
    }
    problems.push({ path: reading.path, message: "a heart rate must be a number of beats per minute" });
    return [];
  });
  return heartRateSeries(numeric, [path], problems);
};

/**
 * Average and maximum: as the provider stated them, else derived from the samples (the mean and the highest
 * of the kept samples), else absent. An average above the maximum, stated or derived, is a contradiction.
 */
export const heartRateSummary = (
  stated: { avg?: number | undefined; max?: number | undefined; path: string },
  samples: readonly HeartRateSample[] | undefined,
  problems: PayloadProblem[],
): { avgHeartRate?: number; maxHeartRate?: number } => {
  const bpms = (samples ?? []).map((sample) => sample.bpm);
  const avg =
    stated.avg ?? (bpms.length ? Math.round(bpms.reduce((a, b) => a + b, 0) / bpms.length) : undefined);
  const max = stated.max ?? (bpms.length ? bpms.reduce((a, b) => Math.max(a, b)) : undefined);
  if (avg !== undefined && max !== undefined && avg > max) {
    problems.push({ path: stated.path, message: "the average heart rate is above the maximum" });
  }
  return { ...(avg !== undefined && { avgHeartRate: avg }), ...(max !== undefined && { maxHeartRate: max }) };
};

/** Start not after end, as WearableSession requires (generic.ts' words). */
export const checkOrder = (
  startMs: number,
  endMs: number,
  endPath: string,
  problems: PayloadProblem[],
): void => {
  if (startMs > endMs) problems.push({ path: endPath, message: "before start" });
};
