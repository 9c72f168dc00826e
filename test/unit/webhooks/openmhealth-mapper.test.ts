import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapOpenMHealth } from "../../../functions/webhooks/mappers/openmhealth.ts";
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
interface DataPoint {
  header: Json;
  body: Json | null;
}

const USER = "omh-user-3f9c2a";

const header = (id: string, name: string, extra: Json = {}): Json => ({
  id,
  creation_date_time: "2026-03-02T16:30:12Z",
  schema_id: { namespace: "omh", name, version: name === "physical-activity" ? "1.2" : "2.0" },
  acquisition_provenance: { source_name: "Open mHealth Shimmer", modality: "sensed" },
  user_id: USER,
  ...extra,
});

/** A 07:30–08:25 (-08:00) strength session, i.e. 15:30–16:25 UTC; `body` overrides its body's fields. */
const activity = (id = "pa-1", body: Json = {}, headerExtra: Json = {}): DataPoint => ({
  header: header(id, "physical-activity", headerExtra),
  body: {
    activity_name: "strength training",
    effective_time_frame: {
      time_interval: {
        start_date_time: "2026-03-02T07:30:00-08:00",
        end_date_time: "2026-03-02T08:25:00-08:00",
      },
    },
    ...body,
  },
});

const heartRate = (id: string, at: string, value: unknown, headerExtra: Json = {}): DataPoint => ({
  header: header(id, "heart-rate", headerExtra),
  body: { heart_rate: { value, unit: "beats/min" }, effective_time_frame: { date_time: at } },
});

const heartRateStatistic = (id: string, statistic: string, value: number): DataPoint => ({
  header: header(id, "heart-rate"),
  body: {
    heart_rate: { value, unit: "beats/min" },
    descriptive_statistic: statistic,
    effective_time_frame: {
      time_interval: { start_date_time: "2026-03-02T15:30:00Z", end_date_time: "2026-03-02T16:25:00Z" },
    },
  },
});

const onlyItem = onlyItemOf(mapOpenMHealth);
const onlySession = onlySessionOf(mapOpenMHealth);

describe("Open mHealth data points to sessions", () => {
  it("given a strength session and a run with heart-rate points, maps each physical-activity point to a session", () => {
    const items = mapOpenMHealth(fixture("openmhealth", "strength-and-run"));

    expect(items).toStrictEqual([
      {
        status: "mapped",
        session: {
          externalUserId: USER,
          externalSessionId: "0d3c6a52-1f0e-4b8a-9d7e-5c2b1a4f6e01",
          start: "2026-03-02T15:30:00.000Z",
          end: "2026-03-02T16:25:00.000Z",
          activityType: "strength training",
          // Derived from the five kept samples (the 0 bpm reading is dropped): mean 595/5, highest 144.
          avgHeartRate: 119,
          maxHeartRate: 144,
          calories: 212,
          heartRateSamples: [
            { at: "2026-03-02T15:30:05.000Z", bpm: 92 },
            { at: "2026-03-02T15:40:00.000Z", bpm: 118 },
            { at: "2026-03-02T16:00:00.000Z", bpm: 132 },
            { at: "2026-03-02T16:10:00.000Z", bpm: 144 },
            { at: "2026-03-02T16:24:55.000Z", bpm: 109 },
          ],
        },
      },
      {
        status: "mapped",
        session: {
          externalUserId: USER,
          externalSessionId: "71a9e3c5-4d2b-4f6a-8c1e-9b0d2f4a6c40",
          start: "2026-03-03T14:15:00.000Z",
          end: "2026-03-03T14:47:00.000Z",
          activityType: "running",
          // Stated by the "average" and "maximum" heart-rate points over the run, not derived from samples.
          avgHeartRate: 148,
          maxHeartRate: 171,
          calories: 301,
          heartRateSamples: [
            { at: "2026-03-03T14:20:00.000Z", bpm: 139 },
            { at: "2026-03-03T14:40:00.000Z", bpm: 163 },
          ],
        },
      },
    ]);
  });

  it("ignores heart rate outside every session, of another user, and data points of other schemas", () => {
    const payload = [
      activity("pa-1"),
      heartRate("hr-before", "2026-03-02T07:29:59-08:00", 61),
      heartRate("hr-other-user", "2026-03-02T07:45:00-08:00", 150, { user_id: "someone-else" }),
      { header: header("steps", "step-count"), body: { step_count: { value: 4213, unit: "steps" } } },
    ];

    const item = onlyItem(payload);

    expect(item).toStrictEqual({
      status: "mapped",
      session: {
        externalUserId: USER,
        externalSessionId: "pa-1",
        start: "2026-03-02T15:30:00.000Z",
        end: "2026-03-02T16:25:00.000Z",
        activityType: "strength training",
      },
    });
  });

  it("counts readings at the session's very start and end as within it", () => {
    const payload = [
      activity("pa-1"),
      heartRate("hr-end", "2026-03-02T16:25:00Z", 101),
      heartRate("hr-start", "2026-03-02T15:30:00Z", 88),
    ];

    expect(onlySession(payload).heartRateSamples).toStrictEqual([
      { at: "2026-03-02T15:30:00.000Z", bpm: 88 },
      { at: "2026-03-02T16:25:00.000Z", bpm: 101 },
    ]);
  });

  it("given a time interval of an end and a duration, or a start and a duration in seconds, computes the other end", () => {
    const endAndDuration = activity("pa-1", {
      effective_time_frame: {
        time_interval: { end_date_time: "2026-03-02T09:00:00+01:00", duration: { value: 1.5, unit: "h" } },
      },
    });
    const startAndSeconds = activity("pa-2", {
      effective_time_frame: {
        time_interval: { start_date_time: "2026-03-02T06:00:00Z", duration: { value: 2700, unit: "sec" } },
      },
    });

    const sessions = mapOpenMHealth([endAndDuration, startAndSeconds]).map((item) =>
      item.status === "mapped" ? [item.session.start, item.session.end] : item,
    );

    expect(sessions).toStrictEqual([
      ["2026-03-02T06:30:00.000Z", "2026-03-02T08:00:00.000Z"],
      ["2026-03-02T06:00:00.000Z", "2026-03-02T06:45:00.000Z"],
    ]);
  });

  it("given a { dataPoints } post with one point missing its user, maps the others and names the bad one", () => {
    const items = mapOpenMHealth(fixture("openmhealth", "batch-with-one-bad-point"));

    expect(items).toStrictEqual([
      {
        status: "mapped",
        session: {
          externalUserId: "omh-user-51d0e8",
          externalSessionId: "a4c1e7f2-9b3d-4c60-8e2a-1f5b7d9c3e01",
          start: "2026-03-05T18:00:00.000Z",
          end: "2026-03-05T18:45:00.000Z",
          activityType: "yoga",
        },
      },
      {
        status: "invalid",
        externalSessionId: "a4c1e7f2-9b3d-4c60-8e2a-1f5b7d9c3e02",
        problems: [
          {
            path: "dataPoints.1.header.user_id",
            message: "Invalid input: expected string, received undefined",
          },
        ],
      },
      {
        status: "mapped",
        session: {
          externalUserId: "omh-user-51d0e8",
          externalSessionId: "a4c1e7f2-9b3d-4c60-8e2a-1f5b7d9c3e03",
          start: "2026-03-06T12:00:00.000Z",
          end: "2026-03-06T12:58:30.000Z",
          activityType: "weight lifting",
          calories: 181,
        },
      },
    ]);
  });

  it("leaves a data point without a readable schema as an invalid item and still maps the rest", () => {
    const items = mapOpenMHealth([
      { header: { id: "mystery" }, body: {} },
      "not a data point",
      activity("pa-1"),
    ]);

    expect(items.map((item) => item.status)).toEqual(["invalid", "invalid", "mapped"]);
    expect(items[0]).toStrictEqual({
      status: "invalid",
      externalSessionId: "mystery",
      problems: [{ path: "0.header.schema_id", message: "a data point needs header.schema_id" }],
    });
    expect(items[1]).toStrictEqual({
      status: "invalid",
      problems: [{ path: "1.header.schema_id", message: "a data point needs header.schema_id" }],
    });
  });

  it("mapping is pure: the payload is left as it was and mapping it again gives the same items", () => {
    const payload = fixture("openmhealth", "strength-and-run");
    const before = structuredClone(payload);

    const first = mapOpenMHealth(payload);

    expect(payload).toStrictEqual(before);
    expect(mapOpenMHealth(payload)).toStrictEqual(first);
  });
});

describe("Open mHealth heart-rate readings", () => {
  it("drops 0 bpm readings (lost sensor contact) and rounds the rest to whole bpm", () => {
    const payload = [
      activity("pa-1"),
      heartRate("hr-1", "2026-03-02T15:31:00Z", 0),
      heartRate("hr-2", "2026-03-02T15:32:00Z", 120.5),
      heartRate("hr-3", "2026-03-02T15:33:00Z", 99.4),
    ];

    expect(onlySession(payload).heartRateSamples).toStrictEqual([
      { at: "2026-03-02T15:32:00.000Z", bpm: 121 },
      { at: "2026-03-02T15:33:00.000Z", bpm: 99 },
    ]);
  });

  it("keeps a session with only 0 bpm readings without any heart rate", () => {
    const session = onlySession([activity("pa-1"), heartRate("hr-1", "2026-03-02T15:31:00Z", 0)]);

    expect(Object.keys(session)).not.toContain("heartRateSamples");
    expect(Object.keys(session)).not.toContain("avgHeartRate");
    expect(Object.keys(session)).not.toContain("maxHeartRate");
  });

  it("takes a stated average over the session and derives the maximum from the samples when none is stated", () => {
    const payload = [
      activity("pa-1"),
      heartRateStatistic("hr-avg", "average", 131.2),
      heartRate("hr-1", "2026-03-02T15:40:00Z", 120),
      heartRate("hr-2", "2026-03-02T15:50:00Z", 162),
    ];

    const item = onlyItem(payload);

    expect(item).toMatchObject({ status: "mapped", session: { avgHeartRate: 131, maxHeartRate: 162 } });
  });

  it("keeps exactly MAX_HEART_RATE_SAMPLES readings", () => {
    const readings = Array.from({ length: MAX_HEART_RATE_SAMPLES }, (_, second) =>
      heartRate(
        `hr-${second}`,
        new Date(Date.parse("2026-03-02T15:30:00Z") + second * 100).toISOString(),
        100,
      ),
    );

    expect(onlySession([activity("pa-1"), ...readings]).heartRateSamples?.length).toBe(
      MAX_HEART_RATE_SAMPLES,
    );
  });
});

describe("Open mHealth items refused, with where and why", () => {
  const withBody = (body: Json) => [activity("pa-1", body)];
  const interval = (time_interval: Json) => ({ effective_time_frame: { time_interval } });

  it.each<[string, unknown[], string, string | RegExp]>([
    ["no activity name", withBody({ activity_name: "" }), "0.body.activity_name", /Too small/],
    [
      "a single date_time instead of an interval",
      withBody({ effective_time_frame: { date_time: "2026-03-02T07:30:00-08:00" } }),
      "0.body.effective_time_frame.time_interval",
      /needs a time_interval/,
    ],
    [
      "a date and part of day",
      withBody(interval({ date: "2026-03-02", part_of_day: "morning" })),
      "0.body.effective_time_frame.time_interval",
      /start_date_time and end_date_time/,
    ],
    [
      "a start without an offset",
      withBody(interval({ start_date_time: "2026-03-02T07:30:00", end_date_time: "2026-03-02T08:25:00Z" })),
      "0.body.effective_time_frame.time_interval.start_date_time",
      /Invalid ISO datetime/,
    ],
    [
      "an end before the start",
      withBody(interval({ start_date_time: "2026-03-02T08:25:00Z", end_date_time: "2026-03-02T07:30:00Z" })),
      "0.body.effective_time_frame.time_interval.end_date_time",
      "before start",
    ],
    [
      "a duration in weeks",
      withBody(interval({ start_date_time: "2026-03-02T08:25:00Z", duration: { value: 1, unit: "wk" } })),
      "0.body.effective_time_frame.time_interval.duration",
      /ms, sec, min, h/,
    ],
    [
      "a negative duration",
      withBody(interval({ start_date_time: "2026-03-02T08:25:00Z", duration: { value: -5, unit: "min" } })),
      "0.body.effective_time_frame.time_interval.duration",
      /value ≥ 0/,
    ],
    [
      "a duration beyond the dates a Date can hold",
      withBody(interval({ start_date_time: "2026-03-02T08:25:00Z", duration: { value: 1e300, unit: "h" } })),
      "0.body.effective_time_frame.time_interval.duration",
      /beyond the dates/,
    ],
    [
      "calories in another unit",
      withBody({ kcal_burned: { value: 900, unit: "kJ" } }),
      "0.body.kcal_burned.unit",
      'must be "kcal"',
    ],
    [
      "more than 10 000 kcal",
      withBody({ kcal_burned: { value: 10_000.6, unit: "kcal" } }),
      "0.body.kcal_burned.value",
      /0–10000/,
    ],
    [
      "negative calories",
      withBody({ kcal_burned: { value: -1, unit: "kcal" } }),
      "0.body.kcal_burned.value",
      /0–10000/,
    ],
    [
      "a reading above 250 bpm",
      [activity("pa-1"), heartRate("hr-1", "2026-03-02T15:40:00Z", 251)],
      "1.body.heart_rate.value",
      /20–250/,
    ],
    [
      "a reading below 20 bpm",
      [activity("pa-1"), heartRate("hr-1", "2026-03-02T15:40:00Z", 12)],
      "1.body.heart_rate.value",
      /20–250/,
    ],
    [
      "a reading in another unit",
      [
        activity("pa-1"),
        {
          ...heartRate("hr-1", "2026-03-02T15:40:00Z", 2),
          body: {
            heart_rate: { value: 2, unit: "beats/s" },
            effective_time_frame: { date_time: "2026-03-02T15:40:00Z" },
          },
        },
      ],
      "1.body.heart_rate.unit",
      /beats\/min/,
    ],
    [
      "a stated average above 250 bpm",
      [activity("pa-1"), heartRateStatistic("hr-avg", "average", 300)],
      "1.body.heart_rate.value",
      /20–250/,
    ],
    [
      "two stated averages",
      [
        activity("pa-1"),
        heartRateStatistic("hr-a", "average", 120),
        heartRateStatistic("hr-b", "average", 125),
      ],
      "2.body.heart_rate",
      "a second average heart rate for the session",
    ],
    [
      "a stated average above the stated maximum",
      [
        activity("pa-1"),
        heartRateStatistic("hr-a", "average", 150),
        heartRateStatistic("hr-m", "maximum", 140),
      ],
      "0.body",
      "the average heart rate is above the maximum",
    ],
  ])("refuses a session with %s", (_, payload, path, message) => {
    const item = onlyItem(payload);

    expect(item).toMatchObject({ status: "invalid", externalSessionId: "pa-1" });
    expect(item.status === "invalid" && item.problems).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
  });

  it("refuses a session without an id, naming no session", () => {
    const point = activity("pa-1");
    delete point.header.id;

    expect(onlyItem([point])).toStrictEqual({
      status: "invalid",
      problems: [{ path: "0.header.id", message: "Invalid input: expected string, received undefined" }],
    });
  });

  it("refuses a session without a body, listing every missing field", () => {
    const point = { header: header("pa-1", "physical-activity"), body: null };

    expect(onlyItem([point])).toStrictEqual({
      status: "invalid",
      externalSessionId: "pa-1",
      problems: [
        { path: "0.body", message: "required" },
        { path: "0.body.activity_name", message: "Invalid input: expected string, received undefined" },
        {
          path: "0.body.effective_time_frame.time_interval",
          message: "a session needs a time_interval, not a single date_time",
        },
      ],
    });
  });

  it("refuses a session with more than MAX_HEART_RATE_SAMPLES readings rather than truncating them", () => {
    const readings = Array.from({ length: MAX_HEART_RATE_SAMPLES + 1 }, (_, index) =>
      heartRate(`hr-${index}`, new Date(Date.parse("2026-03-02T15:30:00Z") + index * 100).toISOString(), 100),
    );

    expect(onlyItem([activity("pa-1"), ...readings])).toStrictEqual({
      status: "invalid",
      externalSessionId: "pa-1",
      problems: [
        {
          path: "0",
          message: `at most ${MAX_HEART_RATE_SAMPLES} heart-rate samples, not ${MAX_HEART_RATE_SAMPLES + 1}`,
        },
      ],
    });
  });
});

describe("Open mHealth posts rejected as a whole", () => {
  it.each<[string, unknown]>([
    ["JSON null", null],
    ["a string", "dataPoints"],
    ["a number", 42],
    ["an object without dataPoints", { data: [] }],
    ["dataPoints that are not an array", { dataPoints: { 0: {} } }],
  ])("rejects %s as not Open mHealth", (_, payload) => {
    expect(rejectionOf(mapOpenMHealth, payload)).toEqual([
      { path: "", message: "expected an array of Open mHealth data points, or { dataPoints: [...] }" },
    ]);
  });

  it("rejects a post with no physical-activity data point", () => {
    expect(rejectionOf(mapOpenMHealth, [heartRate("hr-1", "2026-03-02T15:40:00Z", 120)])).toEqual([
      { path: "", message: "no physical-activity data point" },
    ]);
    expect(rejectionOf(mapOpenMHealth, { dataPoints: [] })).toEqual([
      { path: "dataPoints", message: "no physical-activity data point" },
    ]);
  });

  it("rejects a post with a data point of another namespace, naming each", () => {
    const ieee = activity("pa-2");
    ieee.header.schema_id = { namespace: "ieee", name: "physical-activity", version: "1.0" };

    expect(rejectionOf(mapOpenMHealth, [activity("pa-1"), ieee])).toEqual([
      { path: "1.header.schema_id.namespace", message: 'only the omh namespace is mapped, not "ieee"' },
    ]);
  });

  it("maps 100 sessions and rejects 101", () => {
    const sessions = (count: number) => Array.from({ length: count }, (_, index) => activity(`pa-${index}`));

    expect(mapOpenMHealth(sessions(100))).toHaveLength(100);
    expect(rejectionOf(mapOpenMHealth, sessions(101))).toEqual([
      { path: "", message: "101 sessions; a post holds at most 100" },
    ]);
  });
});

describe("Open mHealth over arbitrary data points", () => {
  const quantity = ([unit, ...others]: string[]) =>
    fc.record({
      value: number,
      unit: fc.oneof({ arbitrary: fc.constant(unit), weight: 6 }, fc.constantFrom(...others)),
    });
  const dataPoint = fc.record({
    header: fc.record({
      id: mostly(fc.constantFrom("pa-1", "pa-2")),
      user_id: mostly(fc.constant(USER)),
      schema_id: fc.record({
        namespace: fc.constant("omh"),
        name: fc.constantFrom("physical-activity", "heart-rate", "step-count"),
        version: fc.constant("1.0"),
      }),
    }),
    body: fc.record(
      {
        activity_name: mostly(fc.constant("running")),
        effective_time_frame: fc.record(
          {
            date_time: instantOrNot,
            time_interval: fc.record(
              {
                start_date_time: instantOrNot,
                end_date_time: laterOrNot,
                duration: quantity(["sec", "min", "h", "wk"]),
              },
              { requiredKeys: ["start_date_time"] },
            ),
          },
          { requiredKeys: ["time_interval"] },
        ),
        kcal_burned: quantity(["kcal", "kJ"]),
        heart_rate: quantity(["beats/min", "beats/s"]),
        descriptive_statistic: fc.constantFrom("average", "maximum", "minimum"),
      },
      { requiredKeys: ["activity_name", "effective_time_frame"] },
    ),
  });

  it("never throws but PayloadRejected, and every mapped session keeps the contract", () => {
    fc.assert(
      fc.property(fc.array(dataPoint, { maxLength: 8 }), (points) => mapsOrRejects(mapOpenMHealth, points)),
    );
    fc.assert(fc.property(field, (payload) => mapsOrRejects(mapOpenMHealth, payload)));
  });
});
