import type { Range } from "../guidelines/types.ts";

/** A whole number at `progress` (0–1) of the way through a range. */
export function along(range: Range, progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return Math.round(range.min + p * (range.max - range.min));
}

/**
 * The load for a percentage of a 1RM, on the 0.5 kg steps plates allow: the nearer step whose percentage
 * (rounded, as compliance reads it) stays inside the range.
 */
export function loadFor(oneRepMaxKg: number, pct: number, range: Range): number {
  const exact = (oneRepMaxKg * pct) / 100;
  const steps = [Math.round(exact * 2) / 2, Math.floor(exact * 2) / 2, Math.ceil(exact * 2) / 2];
  const inRange = (kg: number) => {
    const rounded = Math.round((kg / oneRepMaxKg) * 100);
    return rounded >= range.min && rounded <= range.max;
  };
  return steps.find(inRange) ?? (steps[0] as number);
}

/** Rest at `progress` through its range, on a 15-second grid a trainer can time, kept inside the range. */
export function restAlong(range: Range, progress: number): number {
  const rounded = Math.round(along(range, progress) / 15) * 15;
  return Math.min(range.max, Math.max(range.min, rounded));
}
