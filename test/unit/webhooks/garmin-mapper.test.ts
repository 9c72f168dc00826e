import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapGarmin } from "../../../functions/webhooks/mappers/garmin.ts";
import { MAX_HEART_RATE_SAMPLES, MAX_SESSIONS_PER_POST } from "../../../functions/webhooks/mappers/types.ts";
import { fixture, mapOrReject, rejectionOf, sessionsOf } from "./support.ts";

const START = 1772433000; // 2026-03-02T06:30:00Z
const summary = (overrides: Record<string, unknown> = {}) => ({
  userId: "4aacafe82427c251df9c9592d0c06768",
  userAccessToken: "8f57a6f1-26ba-4b05-a7cd-c6b525a4c7a2",
  summaryId: "21047282990",
  activityId: 21047282990,
  activityType: "STRENGTH_TRAINING",
  startTimeInSeconds: START,
  startTimeOffsetInSeconds: 3600,
  durationInSeconds: 3345,
  ...overrides,
});
const details = (samples: unknown[], overrides: Record<string, unknown> = {}) => ({
  userId: "4aacafe82427c251df9c9592d0c06768",
  summaryId: "21047282990-detail",
  activityId: 21047282990,
  summary: { activityType: "STRENGTH_TRAINING", startTimeInSeconds: START, durationInSeconds: 3345 },
  samples,
  ...overrides,
});
const sample = (second: number, heartRate?: number | null) => ({
  startTimeInSeconds: START + second,
  timerDurationInSeconds: second,
  ...(heartRate !== undefined && { heartRate }),
});

describe("Garmin activities push: strength, a run and a manual yoga session", () => {
  const [strength, run, yoga] = sessionsOf(mapGarmin(fixture("garmin", "activities")));

  it("maps the strength summary: ids, UTC instants from epoch seconds, end = start + duration", () => {
    expect(strength).toStrictEqual({
      externalUserId: "4aacafe82427c251df9c9592d0c06768",
      externalSessionId: "21047282990",
      start: "2026-03-02T06:30:00.000Z",
      end: "2026-03-02T07:25:45.000Z",
      activityType: "STRENGTH_TRAINING",
      avgHeartRate: 109,
      maxHeartRate: 152,
      calories: 281,
    });
  });

  it("does not shift the instant by the local offset (-05:00 for the run)", () => {
    expect(run).toMatchObject({
      start: "2026-03-03T23:05:00.000Z",
      end: "2026-03-03T23:41:57.000Z",
      activityType: "RUNNING",
      avgHeartRate: 149,
      maxHeartRate: 172,
      calories: 437,
    });
  });

  it("leaves out what the manual session did not report", () => {
    expect(yoga).toStrictEqual({
      externalUserId: "b71e0d2c5f8a4439a6c2e1f09d3b7a55",
      externalSessionId: "21066017552",
      start: "2026-03-04T17:00:00.000Z",
      end: "2026-03-04T17:30:00.000Z",
      activityType: "YOGA",
    });
  });
});

describe("Garmin activity details push", () => {
  const [strength] = sessionsOf(mapGarmin(fixture("garmin", "activity-details")));

  it("is the same session as the activity's summary: the '-detail' suffix of its summaryId is dropped", () => {
    const [fromSummary] = sessionsOf(mapGarmin(fixture("garmin", "activities")));
    expect(strength?.externalSessionId).toBe("21047282990");
    expect(strength?.externalSessionId).toBe(fromSummary?.externalSessionId);
    expect(strength).toMatchObject({
      externalUserId: "4aacafe82427c251df9c9592d0c06768",
      start: "2026-03-02T06:30:00.000Z",
      end: "2026-03-02T07:25:45.000Z",
      activityType: "STRENGTH_TRAINING",
      avgHeartRate: 109,
      maxHeartRate: 152,
      calories: 281,
    });
  });

  it("takes the heart rate of the samples, skipping those without one and the lost-contact 0", () => {
    expect(strength?.heartRateSamples).toHaveLength(4);
    expect(strength?.heartRateSamples?.[0]).toEqual({ at: "2026-03-02T06:30:00.000Z", bpm: 78 });
    expect(strength?.heartRateSamples?.at(-1)).toEqual({ at: "2026-03-02T07:25:45.000Z", bpm: 97 });
  });

  it("sorts samples by time", () => {
    const [mapped] = sessionsOf(
      mapGarmin({ activityDetails: [details([sample(30, 101), sample(0, 88.6)])] }),
    );
    expect(mapped?.heartRateSamples).toEqual([
      { at: "2026-03-02T06:30:00.000Z", bpm: 89 },
      { at: "2026-03-02T06:30:30.000Z", bpm: 101 },
    ]);
  });

  it("has no samples when none carries a heart rate", () => {
    const [mapped] = sessionsOf(mapGarmin({ activityDetails: [details([sample(0), sample(1, 0)])] }));
    expect(mapped).not.toHaveProperty("heartRateSamples");
  });
});

describe("Garmin activities push: a batch with one bad activity", () => {
  it("refuses the activity with impossible heart rates, naming both fields, and maps the others", () => {
    const [cycling, strength, walk] = mapGarmin(fixture("garmin", "activities-batch-with-bad-item"));
    expect(cycling).toMatchObject({
      status: "mapped",
      session: { externalSessionId: "21070334811", calories: 455 },
    });
    expect(strength).toEqual({
      status: "invalid",
      externalSessionId: "21070412006",
      problems: [
        {
          path: "activities.1.averageHeartRateInBeatsPerMinute",
          message: "a heart rate must be 20–250 bpm, not 263",
        },
        {
          path: "activities.1.maxHeartRateInBeatsPerMinute",
          message: "a heart rate must be 20–250 bpm, not 281",
        },
      ],
    });
    expect(walk).toMatchObject({
      status: "mapped",
      session: { externalSessionId: "21070598870", calories: 96 },
    });
  });
});

describe("Garmin: an activity it refuses", () => {
  it.each([
    ["no userId", { userId: undefined }, "activities.0.userId"],
    ["a start in text", { startTimeInSeconds: "1772433000" }, "activities.0.startTimeInSeconds"],
    [
      "a start in milliseconds (beyond year 9999 in seconds)",
      { startTimeInSeconds: 1772433000000 },
      "activities.0.startTimeInSeconds",
    ],
    ["a negative duration", { durationInSeconds: -1 }, "activities.0.durationInSeconds"],
    ["no activityType", { activityType: undefined }, "activities.0.activityType"],
    ["a control character in activityType", { activityType: "YOGA\u0000" }, "activities.0.activityType"],
    ["more than 10 000 calories", { activeKilocalories: 10_500 }, "activities.0.activeKilocalories"],
    [
      "a maximum heart rate below 20",
      { maxHeartRateInBeatsPerMinute: 19 },
      "activities.0.maxHeartRateInBeatsPerMinute",
    ],
  ])("with %s, naming the field", (_, overrides, path) => {
    const [item] = mapGarmin({ activities: [summary(overrides)] });
    expect(item).toMatchObject({ status: "invalid", externalSessionId: "21047282990" });
    expect(item?.status === "invalid" && item.problems.map((problem) => problem.path)).toContain(path);
  });

  it.each([
    ["a sample above 250", details([sample(0, 90), sample(1, 251)]), "activityDetails.0.samples.1.heartRate"],
    [
      "a sample time in text",
      details([{ startTimeInSeconds: "x", heartRate: 90 }]),
      "activityDetails.0.samples.0.startTimeInSeconds",
    ],
    ["no summary", details([], { summary: undefined }), "activityDetails.0.summary"],
    [
      "a summary start in text",
      details([], { summary: { activityType: "YOGA", startTimeInSeconds: "x", durationInSeconds: 60 } }),
      "activityDetails.0.summary.startTimeInSeconds",
    ],
  ])("details with %s, naming the field and the session without '-detail'", (_, item, path) => {
    const [mapped] = mapGarmin({ activityDetails: [item] });
    expect(mapped).toMatchObject({ status: "invalid", externalSessionId: "21047282990" });
    expect(mapped?.status === "invalid" && mapped.problems.map((problem) => problem.path)).toContain(path);
  });

  it("refuses details with more than 21 600 heart-rate samples rather than truncating them", () => {
    const samples = Array.from({ length: MAX_HEART_RATE_SAMPLES + 1 }, (_, second) => sample(second, 120));
    const [item] = mapGarmin({ activityDetails: [details(samples)] });
    expect(item).toMatchObject({ status: "invalid", problems: [{ path: "activityDetails.0.samples" }] });
  });

  it("does not name an activity without a summaryId, and refuses an item that is no object", () => {
    const [unnamed, notAnObject] = mapGarmin({ activities: [summary({ summaryId: undefined }), 42] });
    expect(unnamed).not.toHaveProperty("externalSessionId");
    expect(notAnObject).toMatchObject({ status: "invalid", problems: [{ path: "activities.1" }] });
  });
});

describe("Garmin: pushes it maps", () => {
  it("maps manually updated activities like activities", () => {
    const [edited] = sessionsOf(
      mapGarmin({ manuallyUpdatedActivities: [summary({ activeKilocalories: 300 })] }),
    );
    expect(edited).toMatchObject({ externalSessionId: "21047282990", calories: 300 });
  });

  it("maps a push holding summaries and details, the summaries first", () => {
    const items = mapGarmin({ activityDetails: [details([])], activities: [summary({ summaryId: "2" })] });
    expect(sessionsOf(items).map((session) => session.externalSessionId)).toEqual(["2", "21047282990"]);
  });

  it("maps an empty list to no items", () => {
    expect(mapGarmin({ activities: [] })).toEqual([]);
  });
});

describe("Garmin: a payload it refuses as a whole", () => {
  it.each([
    ["JSON null", null, ""],
    ["an array", [summary()], ""],
    ["a push of other summaries", { dailies: [{ summaryId: "x" }] }, ""],
    ["activities that are no list", { activities: summary() }, "activities"],
  ])("%s", (_, payload, path) => {
    expect(rejectionOf(mapGarmin, payload).map((problem) => problem.path)).toEqual([path]);
  });

  it("refuses more than 100 activities in all, and takes exactly 100", () => {
    const summaries = (count: number) =>
      Array.from({ length: count }, (_, i) => summary({ summaryId: `${i}` }));
    expect(rejectionOf(mapGarmin, { activities: summaries(MAX_SESSIONS_PER_POST + 1) })).toEqual([
      { path: "", message: "at most 100 activities, not 101" },
    ]);
    expect(
      rejectionOf(mapGarmin, {
        activities: summaries(60),
        activityDetails: Array.from({ length: 41 }, () => details([])),
      }),
    ).toHaveLength(1);
    expect(sessionsOf(mapGarmin({ activities: summaries(MAX_SESSIONS_PER_POST) }))).toHaveLength(
      MAX_SESSIONS_PER_POST,
    );
  });

  it("never throws anything but PayloadRejected on arbitrary JSON, nor on arbitrary activities", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 20 }), (payload, items) => {
        mapOrReject(mapGarmin, payload);
        expect(mapGarmin({ activities: items, activityDetails: items })).toHaveLength(items.length * 2);
      }),
    );
  });
});
