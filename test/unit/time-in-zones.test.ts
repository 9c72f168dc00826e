import { describe, expect, it } from "vitest";
import { heartRateZones } from "../../domain/formulas.ts";
import { MAX_SAMPLE_SPAN_SECONDS, minutesIn, minutesInZones } from "../../domain/program/time-in-zones.ts";

/** HRmax 200: zone 1 130–150, zone 2 152–170, zone 3 172–190 bpm. */
const zones = heartRateZones(200);
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 5, 9) + seconds * 1000).toISOString();

describe("minutes in heart-rate zones from a session's samples", () => {
  it("counts each sample until the next one, and the last until the session's end", () => {
    const samples = [
      { at: at(0), bpm: 140 },
      { at: at(30), bpm: 160 },
      { at: at(60), bpm: 180 },
    ];
    expect(minutesInZones(samples, zones, at(90))).toEqual({
      belowZone1: 0,
      zone1: 0.5,
      zone2: 0.5,
      zone3: 0.5,
      aboveZone3: 0,
    });
  });

  it(`caps a sample at ${MAX_SAMPLE_SPAN_SECONDS} s: a long silence is lost contact, not minutes at the last rate`, () => {
    const samples = [
      { at: at(0), bpm: 140 },
      { at: at(600), bpm: 140 },
    ];
    expect(minutesInZones(samples, zones, at(600)).zone1).toBe(1);
  });

  it("puts rates below zone 1 and above zone 3 in their own bands, and a rate in the 1 % gap in the lower zone", () => {
    const samples = [
      { at: at(0), bpm: 90 },
      { at: at(60), bpm: 151 },
      { at: at(120), bpm: 199 },
    ];
    expect(minutesInZones(samples, zones, at(180))).toEqual({
      belowZone1: 1,
      zone1: 1,
      zone2: 0,
      zone3: 0,
      aboveZone3: 1,
    });
  });

  it("adds up the prescribed zones only", () => {
    const minutes = { belowZone1: 3, zone1: 10.2, zone2: 4.4, zone3: 1, aboveZone3: 0 };
    expect(minutesIn(minutes, [1])).toBe(10.2);
    expect(minutesIn(minutes, [1, 2])).toBe(14.6);
  });

  it("counts nothing for samples after the session's end", () => {
    expect(minutesInZones([{ at: at(120), bpm: 140 }], zones, at(60)).zone1).toBe(0);
  });
});
