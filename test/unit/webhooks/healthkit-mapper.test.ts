import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapHealthKit } from "../../../functions/webhooks/mappers/healthkit.ts";
import { MAX_HEART_RATE_SAMPLES } from "../../../functions/webhooks/mappers/types.ts";
import {
  field,
  fixture,
  instantOrNot,
  laterOrNot,
  mapsOrRejects,
  mostly,
  number,
  onlyItemOf,
  onlySessionOf,
  rejectionOf,
} from "./support.ts";

type Json = Record<string, unknown>;

const USER = "hk-2b7e91c4";
const UUID = "6F1D2C3B-8A4E-4F7B-9C2D-1E5A7B3C9D0F";

/** A 07:30–08:22:30 (-08:00) strength workout, i.e. 15:30–16:22:30 UTC; `fields` override or add to it. */
const workout = (fields: Json = {}): Json => ({
  uuid: UUID,
  workoutActivityType: "HKWorkoutActivityTypeTraditionalStrengthTraining",
  startDate: "2026-03-02T07:30:00-08:00",
  endDate: "2026-03-02T08:22:30-08:00",
  duration: 3150,
  ...fields,
});

const post = (...workouts: unknown[]) => ({ externalUserId: USER, workouts });

const sample = (startDate: string, quantity: unknown) => ({ startDate, endDate: startDate, quantity });

const heartRateStatistics = (statistics: Json) => ({
  statistics: { HKQuantityTypeIdentifierHeartRate: { unit: "count/min", ...statistics } },
});

const onlyItem = onlyItemOf(mapHealthKit);
const onlySession = onlySessionOf(mapHealthKit);

describe("HealthKit workouts to sessions", () => {
  it("given a strength workout, a run and a functional strength workout, maps each to a session", () => {
    const items = mapHealthKit(fixture("healthkit", "strength-and-run"));

    expect(items).toStrictEqual([
      {
        status: "mapped",
        session: {
          externalUserId: USER,
          externalSessionId: UUID,
          start: "2026-03-02T15:30:00.000Z",
          end: "2026-03-02T16:22:30.000Z",
          activityType: "HKWorkoutActivityTypeTraditionalStrengthTraining",
          // As HKStatistics stated them (118.6 rounded), not derived from the samples.
          avgHeartRate: 119,
          maxHeartRate: 151,
          calories: 246,
          // Six samples, the 0 bpm one dropped, sorted by time.
          heartRateSamples: [
            { at: "2026-03-02T15:30:04.000Z", bpm: 88 },
            { at: "2026-03-02T15:41:10.000Z", bpm: 121 },
            { at: "2026-03-02T16:01:45.000Z", bpm: 137 },
            { at: "2026-03-02T16:09:02.000Z", bpm: 151 },
            { at: "2026-03-02T16:22:21.000Z", bpm: 102 },
          ],
        },
      },
      {
        status: "mapped",
        session: {
          externalUserId: USER,
          externalSessionId: "A93C0E57-21B4-4D8F-B6E2-5F7A9C1D3E42",
          start: "2026-03-03T14:15:00.000Z",
          end: "2026-03-03T14:47:12.000Z",
          activityType: "HKWorkoutActivityTypeRunning",
          // No statistics: the mean (150.5) and highest of the samples.
          avgHeartRate: 151,
          maxHeartRate: 163,
          // 1260 kJ / 4.184
          calories: 301,
          heartRateSamples: [
            { at: "2026-03-03T14:16:00.000Z", bpm: 132 },
            { at: "2026-03-03T14:26:00.000Z", bpm: 149 },
            { at: "2026-03-03T14:36:00.000Z", bpm: 163 },
            { at: "2026-03-03T14:46:00.000Z", bpm: 158 },
          ],
        },
      },
      {
        status: "mapped",
        session: {
          externalUserId: USER,
          externalSessionId: "D04B6F28-7C19-4E3A-9A5D-8B2E4C6F0A13",
          // 17:05 at -08:00 is the next day in UTC.
          start: "2026-03-05T01:05:00.000Z",
          end: "2026-03-05T01:58:41.000Z",
          activityType: "HKWorkoutActivityTypeFunctionalStrengthTraining",
          // 198 "Cal", the large calorie: one kcal each.
          calories: 198,
        },
      },
    ]);
  });

  it("given a batch with a workout whose start has no offset, maps the others and names the bad one", () => {
    const items = mapHealthKit(fixture("healthkit", "batch-with-one-bad-workout"));

    expect(items).toStrictEqual([
      {
        status: "mapped",
        session: {
          externalUserId: USER,
          externalSessionId: "0E4C7A91-5B3F-4D28-A6E1-9C0B2D4F6A81",
          start: "2026-03-05T14:30:00.000Z",
          end: "2026-03-05T14:52:00.000Z",
          activityType: "HKWorkoutActivityTypeHighIntensityIntervalTraining",
          calories: 231,
        },
      },
      {
        status: "invalid",
        externalSessionId: "0E4C7A91-5B3F-4D28-A6E1-9C0B2D4F6A82",
        problems: [
          {
            path: "workouts.1.startDate",
            message: "Invalid ISO datetime",
          },
        ],
      },
      {
        status: "mapped",
        session: {
          externalUserId: USER,
          externalSessionId: "0E4C7A91-5B3F-4D28-A6E1-9C0B2D4F6A83",
          start: "2026-03-06T03:00:00.000Z",
          end: "2026-03-06T03:45:00.000Z",
          activityType: "HKWorkoutActivityTypeYoga",
          calories: 142,
        },
      },
    ]);
  });

  it("leaves out what the workout does not carry: no energy, no heart rate", () => {
    expect(onlySession(post(workout()))).toStrictEqual({
      externalUserId: USER,
      externalSessionId: UUID,
      start: "2026-03-02T15:30:00.000Z",
      end: "2026-03-02T16:22:30.000Z",
      activityType: "HKWorkoutActivityTypeTraditionalStrengthTraining",
    });
  });

  it("takes a stated average and derives the maximum from the samples when HKStatistics has none", () => {
    const session = onlySession(
      post(
        workout({
          ...heartRateStatistics({ averageQuantity: 127.5 }),
          heartRateSamples: [
            sample("2026-03-02T07:40:00-08:00", 110),
            sample("2026-03-02T07:50:00-08:00", 158),
          ],
        }),
      ),
    );

    expect(session).toMatchObject({ avgHeartRate: 128, maxHeartRate: 158 });
  });

  it("drops samples of 0 or null (lost sensor contact), keeping the session", () => {
    const session = onlySession(
      post(
        workout({
          heartRateSamples: [
            sample("2026-03-02T07:40:00-08:00", null),
            sample("2026-03-02T07:41:00-08:00", 0),
            sample("2026-03-02T07:42:00-08:00", 96.5),
          ],
        }),
      ),
    );

    expect(session.heartRateSamples).toEqual([{ at: "2026-03-02T15:42:00.000Z", bpm: 97 }]);
  });

  it("accepts a workout that starts and ends at the same instant", () => {
    const session = onlySession(post(workout({ endDate: "2026-03-02T15:30:00Z" })));

    expect([session.start, session.end]).toEqual(["2026-03-02T15:30:00.000Z", "2026-03-02T15:30:00.000Z"]);
  });

  it("keeps exactly MAX_HEART_RATE_SAMPLES samples", () => {
    const samples = Array.from({ length: MAX_HEART_RATE_SAMPLES }, (_, index) =>
      sample(new Date(Date.parse("2026-03-02T15:30:00Z") + index * 100).toISOString(), 100),
    );

    expect(onlySession(post(workout({ heartRateSamples: samples }))).heartRateSamples).toHaveLength(
      MAX_HEART_RATE_SAMPLES,
    );
  });

  it("maps an empty batch to no items", () => {
    expect(mapHealthKit(post())).toEqual([]);
  });

  it("mapping is pure: the payload is left as it was and mapping it again gives the same items", () => {
    const payload = fixture("healthkit", "strength-and-run");
    const before = structuredClone(payload);

    const first = mapHealthKit(payload);

    expect(payload).toStrictEqual(before);
    expect(mapHealthKit(payload)).toStrictEqual(first);
  });
});

describe("HealthKit workouts refused, with where and why", () => {
  it.each<[string, Json, string, string | RegExp]>([
    [
      "a raw activity-type number",
      { workoutActivityType: 50 },
      "workouts.0.workoutActivityType",
      /name .*not its raw value/,
    ],
    [
      "an activity type that is not an HKWorkoutActivityType name",
      { workoutActivityType: "Strength Training" },
      "workouts.0.workoutActivityType",
      /must be an HKWorkoutActivityType name/,
    ],
    ["no end", { endDate: undefined }, "workouts.0.endDate", /expected string, received undefined/],
    ["a date without a time", { startDate: "2026-03-02" }, "workouts.0.startDate", /Invalid ISO datetime/],
    [
      "an impossible date",
      { startDate: "2026-02-30T07:30:00Z" },
      "workouts.0.startDate",
      /Invalid ISO datetime/,
    ],
    ["an hour of 24", { startDate: "2026-03-02T24:00:00Z" }, "workouts.0.startDate", /Invalid ISO datetime/],
    [
      "a date in Apple's export.xml style",
      { startDate: "2026-03-02 07:30:00 -0800" },
      "workouts.0.startDate",
      /Invalid ISO datetime/,
    ],
    [
      "an end before the start",
      { endDate: "2026-03-02T07:29:59-08:00" },
      "workouts.0.endDate",
      "before start",
    ],
    [
      "energy in joules",
      { totalEnergyBurned: { unit: "J", value: 900_000 } },
      "workouts.0.totalEnergyBurned.unit",
      'must be "kcal", "Cal" or "kJ"',
    ],
    [
      "negative energy",
      { totalEnergyBurned: { unit: "kcal", value: -5 } },
      "workouts.0.totalEnergyBurned.value",
      /0–10000/,
    ],
    [
      "more than 10 000 kcal once converted from kJ",
      { totalEnergyBurned: { unit: "kJ", value: 50_000 } },
      "workouts.0.totalEnergyBurned.value",
      /0–10000/,
    ],
    [
      "energy as a string",
      { totalEnergyBurned: { unit: "kcal", value: "245" } },
      "workouts.0.totalEnergyBurned.value",
      "calories must be a number of kilocalories",
    ],
    [
      "heart-rate statistics per second",
      heartRateStatistics({ unit: "count/s", averageQuantity: 2 }),
      "workouts.0.statistics.HKQuantityTypeIdentifierHeartRate.unit",
      'must be "count/min"',
    ],
    [
      "an average heart rate above 250",
      heartRateStatistics({ averageQuantity: 260 }),
      "workouts.0.statistics.HKQuantityTypeIdentifierHeartRate.averageQuantity",
      /20–250/,
    ],
    [
      "a maximum heart rate of 0",
      heartRateStatistics({ maximumQuantity: 0 }),
      "workouts.0.statistics.HKQuantityTypeIdentifierHeartRate.maximumQuantity",
      /20–250/,
    ],
    [
      "an average above the maximum",
      heartRateStatistics({ averageQuantity: 150, maximumQuantity: 140 }),
      "workouts.0.statistics.HKQuantityTypeIdentifierHeartRate",
      "the average heart rate is above the maximum",
    ],
    [
      "a stated average above the maximum of its samples",
      {
        ...heartRateStatistics({ averageQuantity: 150 }),
        heartRateSamples: [
          sample("2026-03-02T07:40:00-08:00", 120),
          sample("2026-03-02T07:50:00-08:00", 140),
        ],
      },
      "workouts.0.statistics.HKQuantityTypeIdentifierHeartRate",
      "the average heart rate is above the maximum",
    ],
    [
      "a sample above 250 bpm",
      {
        heartRateSamples: [
          sample("2026-03-02T07:40:00-08:00", 120),
          sample("2026-03-02T07:41:00-08:00", 250.6),
        ],
      },
      "workouts.0.heartRateSamples.1.quantity",
      /20–250/,
    ],
    [
      "a sample below 20 bpm",
      { heartRateSamples: [sample("2026-03-02T07:40:00-08:00", 15)] },
      "workouts.0.heartRateSamples.0.quantity",
      /20–250/,
    ],
    [
      "a sample whose quantity is text",
      { heartRateSamples: [sample("2026-03-02T07:40:00-08:00", "120")] },
      "workouts.0.heartRateSamples.0.quantity",
      "a heart rate must be a number of beats per minute",
    ],
    [
      "a sample without a start",
      { heartRateSamples: [{ endDate: "2026-03-02T07:40:00-08:00", quantity: 120 }] },
      "workouts.0.heartRateSamples.0.startDate",
      /expected string, received undefined/,
    ],
    [
      "samples that are not an array",
      { heartRateSamples: {} },
      "workouts.0.heartRateSamples",
      "must be an array",
    ],
  ])("refuses a workout with %s", (_, fields, path, message) => {
    const item = onlyItem(post(workout(fields)));

    expect(item).toMatchObject({ status: "invalid", externalSessionId: UUID });
    expect(item).toHaveProperty("problems", [{ path, message: expect.stringMatching(message) }]);
  });

  it("refuses a workout without a uuid, naming no session", () => {
    expect(onlyItem(post(workout({ uuid: "" })))).toStrictEqual({
      status: "invalid",
      problems: [{ path: "workouts.0.uuid", message: "Too small: expected string to have >=1 characters" }],
    });
  });

  it("refuses an item that is not a workout object and still maps the next one", () => {
    const items = mapHealthKit(post("6F1D2C3B", workout()));

    expect(items[0]).toStrictEqual({
      status: "invalid",
      problems: [{ path: "workouts.0", message: "a workout must be an object" }],
    });
    expect(items[1]?.status).toBe("mapped");
  });

  it("lists every problem of a workout at once", () => {
    const item = onlyItem(post({ uuid: UUID, workoutActivityType: 13 }));

    expect(item.status === "invalid" && item.problems.map((problem) => problem.path)).toEqual([
      "workouts.0.workoutActivityType",
      "workouts.0.startDate",
      "workouts.0.endDate",
    ]);
  });

  it("refuses a workout with more than MAX_HEART_RATE_SAMPLES samples rather than truncating them", () => {
    const samples = Array.from({ length: MAX_HEART_RATE_SAMPLES + 1 }, (_, index) =>
      sample(new Date(Date.parse("2026-03-02T15:30:00Z") + index * 100).toISOString(), 100),
    );

    expect(onlyItem(post(workout({ heartRateSamples: samples })))).toStrictEqual({
      status: "invalid",
      externalSessionId: UUID,
      problems: [
        {
          path: "workouts.0.heartRateSamples",
          message: `at most ${MAX_HEART_RATE_SAMPLES} heart-rate samples, not ${MAX_HEART_RATE_SAMPLES + 1}`,
        },
      ],
    });
  });
});

describe("HealthKit posts rejected as a whole", () => {
  it.each<[string, unknown]>([
    ["JSON null", null],
    ["an array of workouts without the envelope", [workout()]],
    ["a string", "workouts"],
    ["an object without workouts", { externalUserId: USER }],
    ["workouts that are not an array", { externalUserId: USER, workouts: { 0: workout() } }],
  ])("rejects %s as not our HealthKit envelope", (_, payload) => {
    expect(rejectionOf(mapHealthKit, payload)).toEqual([
      { path: "", message: 'expected { "externalUserId": "…", "workouts": [...] }' },
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ["missing", undefined, /expected string, received undefined/],
    ["empty", "", /Too small/],
    ["a number", 42, /expected string, received number/],
    ["on two lines", "hk-2b7e\n91c4", /control characters/],
  ])("rejects a post whose externalUserId is %s", (_, externalUserId, message) => {
    expect(rejectionOf(mapHealthKit, { externalUserId, workouts: [workout()] })).toEqual([
      { path: "externalUserId", message: expect.stringMatching(message) },
    ]);
  });

  it("maps 100 workouts and rejects 101", () => {
    const workouts = (count: number) =>
      Array.from({ length: count }, (_, index) => workout({ uuid: `${UUID.slice(0, -3)}${index}` }));

    expect(mapHealthKit(post(...workouts(100)))).toHaveLength(100);
    expect(rejectionOf(mapHealthKit, post(...workouts(101)))).toEqual([
      { path: "workouts", message: "101 workouts; a post holds at most 100" },
    ]);
  });
});

describe("HealthKit over arbitrary workouts", () => {
  const usually = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: other, weight: 1 });
  const arbitraryWorkout = fc.record(
    {
      uuid: mostly(fc.constant(UUID)),
      workoutActivityType: mostly(usually(fc.constant("HKWorkoutActivityTypeRunning"), fc.integer())),
      startDate: instantOrNot,
      endDate: laterOrNot,
      totalEnergyBurned: fc.record({
        unit: usually(fc.constantFrom("kcal", "Cal", "kJ"), fc.constant("J")),
        value: number,
      }),
      statistics: fc.record({
        HKQuantityTypeIdentifierHeartRate: fc.record(
          {
            averageQuantity: number,
            maximumQuantity: number,
            unit: usually(fc.constant("count/min"), fc.constant("count/s")),
          },
          { requiredKeys: ["unit"] },
        ),
      }),
      heartRateSamples: mostly(
        fc.array(fc.record({ startDate: instantOrNot, quantity: number }), { maxLength: 6 }),
      ),
    },
    { requiredKeys: ["uuid", "workoutActivityType", "startDate", "endDate"] },
  );

  it("never throws but PayloadRejected, and every mapped session keeps the contract", () => {
    fc.assert(
      fc.property(fc.array(usually(arbitraryWorkout, field), { maxLength: 6 }), (workouts) =>
        mapsOrRejects(mapHealthKit, { externalUserId: USER, workouts }),
      ),
    );
    fc.assert(fc.property(field, (payload) => mapsOrRejects(mapHealthKit, payload)));
  });
});
