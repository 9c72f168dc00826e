import type { HeartRateSample } from "../client/commands.ts";
import type { MinutesInZones } from "../client/events.ts";
import type { HeartRateZones } from "../formulas.ts";
import { isBefore } from "../time.ts";

/**
 * A sample stands for the time until the next one, up to this long: a longer silence is lost contact
 * (or a pause), not minutes at the last heart rate.
 */
export const MAX_SAMPLE_SPAN_SECONDS = 60;

/**
 * Minutes of a session in each %HRmax zone, from its heart-rate samples (in time order). Each sample counts
 * until the next, or until the session's end for the last, capped at MAX_SAMPLE_SPAN_SECONDS. A heart rate
 * in the 1 % gap between two published zones counts toward the lower one (as zoneOf reads it).
 */
export function minutesInZones(
  samples: readonly HeartRateSample[],
  zones: HeartRateZones,
  end: string,
): MinutesInZones {
  const seconds = { belowZone1: 0, zone1: 0, zone2: 0, zone3: 0, aboveZone3: 0 };
  samples.forEach((sample, index) => {
    const until = samples[index + 1]?.at ?? end;
    if (isBefore(until, sample.at)) return;
    const span = Math.min((Date.parse(until) - Date.parse(sample.at)) / 1000, MAX_SAMPLE_SPAN_SECONDS);
    seconds[bandOf(sample.bpm, zones)] += span;
  });
  const minutes = (value: number) => Math.round((value / 60) * 10) / 10;
  return {
    belowZone1: minutes(seconds.belowZone1),
    zone1: minutes(seconds.zone1),
    zone2: minutes(seconds.zone2),
    zone3: minutes(seconds.zone3),
    aboveZone3: minutes(seconds.aboveZone3),
  };
}

function bandOf(bpm: number, [first, second, third]: HeartRateZones): keyof MinutesInZones {
  if (bpm < first.minBpm) return "belowZone1";
  if (bpm > third.maxBpm) return "aboveZone3";
  if (bpm >= third.minBpm) return "zone3";
  return bpm >= second.minBpm ? "zone2" : "zone1";
}

export const minutesIn = (minutes: MinutesInZones, zones: readonly (1 | 2 | 3)[]): number =>
  Math.round(zones.reduce((sum, zone) => sum + minutes[`zone${zone}`], 0) * 10) / 10;
