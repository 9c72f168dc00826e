import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  estimateOneRepMax,
  heartRateZones,
  karvonenTargetHeartRate,
  maxHeartRate,
  zoneOf,
} from "../../domain/formulas.ts";

describe("estimateOneRepMax (opt-reference §4.6)", () => {
  it("100 kg × 5 gives Epley 116.7 kg and Brzycki 112.5 kg, each tagged with its formula", () => {
    expect(estimateOneRepMax({ loadKg: 100, reps: 5, formula: "epley" })).toEqual({
      kg: 116.7,
      formula: "epley",
    });
    expect(estimateOneRepMax({ loadKg: 100, reps: 5, formula: "brzycki" })).toEqual({
      kg: 112.5,
      formula: "brzycki",
    });
  });

  it("a single rep is the 1RM itself under either formula", () => {
    expect(estimateOneRepMax({ loadKg: 142.5, reps: 1, formula: "epley" }).kg).toBe(142.5);
    expect(estimateOneRepMax({ loadKg: 142.5, reps: 1, formula: "brzycki" }).kg).toBe(142.5);
  });

  it("the formulas agree exactly at 10 reps", () => {
    expect(estimateOneRepMax({ loadKg: 90, reps: 10, formula: "epley" }).kg).toBe(120);
    expect(estimateOneRepMax({ loadKg: 90, reps: 10, formula: "brzycki" }).kg).toBe(120);
  });

  it("Epley never estimates lower than Brzycki within 1–10 reps, and neither is below the load", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        (loadKg, reps) => {
          const epley = estimateOneRepMax({ loadKg, reps, formula: "epley" }).kg;
          const brzycki = estimateOneRepMax({ loadKg, reps, formula: "brzycki" }).kg;
          expect(epley).toBeGreaterThanOrEqual(brzycki);
          expect(brzycki).toBeGreaterThanOrEqual(Math.round(loadKg * 10) / 10);
        },
      ),
    );
  });

  it("rounds to 0.1 kg", () => {
    // 80 × (1 + 7/30) = 98.666…
    expect(estimateOneRepMax({ loadKg: 80, reps: 7, formula: "epley" }).kg).toBe(98.7);
  });

  it.each([0, 11, 2.5, -3, Number.NaN])("rejects %d reps as outside the dependable 1–10 range", (reps) => {
    expect(() => estimateOneRepMax({ loadKg: 100, reps, formula: "epley" })).toThrow(RangeError);
    expect(() => estimateOneRepMax({ loadKg: 100, reps, formula: "epley" })).toThrow(/reps/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("rejects a load of %d kg", (loadKg) => {
    expect(() => estimateOneRepMax({ loadKg, reps: 5, formula: "brzycki" })).toThrow(RangeError);
  });

  it("rejects an unknown formula", () => {
    expect(() => estimateOneRepMax({ loadKg: 100, reps: 5, formula: "lombardi" as never })).toThrow(
      RangeError,
    );
  });
});

describe("maxHeartRate (opt-reference §4.7)", () => {
  it("Tanaka (CPT7): age 40 → 180 bpm", () => {
    expect(maxHeartRate({ age: 40, method: "tanaka" })).toEqual({ bpm: 180, method: "tanaka" });
  });

  it("Fox (older editions): 220 − age", () => {
    expect(maxHeartRate({ age: 40, method: "fox" })).toEqual({ bpm: 180, method: "fox" });
    expect(maxHeartRate({ age: 25, method: "fox" }).bpm).toBe(195);
  });

  it("keeps one decimal: Tanaka age 25 → 190.5, age 33 → 184.9", () => {
    expect(maxHeartRate({ age: 25, method: "tanaka" }).bpm).toBe(190.5);
    expect(maxHeartRate({ age: 33, method: "tanaka" }).bpm).toBe(184.9);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 121])("rejects age %d", (age) => {
    expect(() => maxHeartRate({ age, method: "tanaka" })).toThrow(RangeError);
  });
});

describe("karvonenTargetHeartRate (opt-reference §4.7)", () => {
  it("age 25, resting 50, 85 % with Tanaka HRmax gives ≈170 (169.4 → 169); Fox would give ≈173", () => {
    const tanaka = maxHeartRate({ age: 25, method: "tanaka" }).bpm;
    const fox = maxHeartRate({ age: 25, method: "fox" }).bpm;
    expect(karvonenTargetHeartRate({ maxHeartRate: tanaka, restingHeartRate: 50, intensity: 0.85 })).toBe(
      169,
    );
    expect(karvonenTargetHeartRate({ maxHeartRate: fox, restingHeartRate: 50, intensity: 0.85 })).toBe(173);
  });

  it("spans resting HR at 0 % to HRmax at 100 %", () => {
    expect(karvonenTargetHeartRate({ maxHeartRate: 180, restingHeartRate: 60, intensity: 0 })).toBe(60);
    expect(karvonenTargetHeartRate({ maxHeartRate: 180, restingHeartRate: 60, intensity: 1 })).toBe(180);
  });

  it.each([
    { maxHeartRate: 180, restingHeartRate: 60, intensity: 1.1 },
    { maxHeartRate: 180, restingHeartRate: 60, intensity: -0.1 },
    { maxHeartRate: 180, restingHeartRate: -5, intensity: 0.5 },
    { maxHeartRate: Number.NaN, restingHeartRate: 60, intensity: 0.5 },
    { maxHeartRate: 60, restingHeartRate: 60, intensity: 0.5 },
  ])("rejects %o", (input) => {
    expect(() => karvonenTargetHeartRate(input)).toThrow(RangeError);
  });
});

describe("%HRmax zones (opt-reference §6a)", () => {
  const zones = heartRateZones(200);

  it("zone 1 is 65–75 %, zone 2 76–85 %, zone 3 86–95 % of HRmax, in bpm", () => {
    expect(zones.map(({ zone, minBpm, maxBpm }) => [zone, minBpm, maxBpm])).toEqual([
      [1, 130, 150],
      [2, 152, 170],
      [3, 172, 190],
    ]);
    expect(zones[1].pctHRmax).toEqual({ min: 76, max: 85 });
  });

  it.each([
    [129, null],
    [130, 1],
    [150, 1],
    [151, 1], // the 75→76 % gap belongs to the zone below
    [152, 2],
    [170, 2],
    [171, 2],
    [172, 3],
    [190, 3],
    [191, null],
  ])("%d bpm is in zone %s", (bpm, expected) => {
    expect(zoneOf(bpm, zones)).toBe(expected);
  });

  it("rounds boundaries to whole bpm", () => {
    // HRmax 180: 76 % = 136.8, 86 % = 154.8
    expect(heartRateZones(180).map((z) => [z.minBpm, z.maxBpm])).toEqual([
      [117, 135],
      [137, 153],
      [155, 171],
    ]);
  });

  it("rejects a non-positive or non-finite HRmax and a negative heart rate", () => {
    expect(() => heartRateZones(0)).toThrow(RangeError);
    expect(() => heartRateZones(Number.NaN)).toThrow(RangeError);
    expect(() => zoneOf(-1, zones)).toThrow(RangeError);
  });
});
