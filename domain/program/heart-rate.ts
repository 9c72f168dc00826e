import { type HeartRateZones, heartRateZones, type MaxHeartRate, maxHeartRate } from "../formulas.ts";
import { HRMAX_METHOD } from "../guidelines/component-doses.ts";
import type { GuidelineVersion } from "../guidelines/types.ts";

/** A client's age-predicted HRmax and zones under a guideline edition; null without a plausible age. */
export function clientHeartRate(
  ageYears: number | null,
  version: GuidelineVersion,
): (MaxHeartRate & { zones: HeartRateZones }) | null {
  if (ageYears === null || ageYears < 0 || ageYears > 120) return null;
  const max = maxHeartRate({ age: ageYears, method: HRMAX_METHOD[version] });
  return { ...max, zones: heartRateZones(max.bpm) };
}
