import type { Range } from "../guidelines/types.ts";

/** A whole number at `progress` (0–1) of the way through a range. */
export function along(range: Range, progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  return Math.round(range.min + p * (range.max - range.min));
}

/** Rest at `progress` through its range, on a 15-second grid a trainer can time, kept inside the range. */
export function restAlong(range: Range, progress: number): number {
  const rounded = Math.round(along(range, progress) / 15) * 15;
  return Math.min(range.max, Math.max(range.min, rounded));
}

/** The overlap of two ranges (a corrective dose inside a phase's range), or null when they are disjoint. */
export function overlap(a: Range, b: Range): Range | null {
  const min = Math.max(a.min, b.min);
  const max = Math.min(a.max, b.max);
  return min <= max ? { min, max } : null;
}
