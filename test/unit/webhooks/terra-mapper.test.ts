import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapTerra } from "../../../functions/webhooks/mappers/terra.ts";
import { MAX_HEART_RATE_SAMPLES, MAX_SESSIONS_PER_POST } from "../../../functions/webhooks/mappers/types.ts";
import { fixture, mapOrReject, rejectionOf, sessionsOf } from "./support.ts";

const USER = {
  user_id: "4f0a3c1e-8b2d-4e6f-9a7c-1d2e3f4a5b6c",
  provider: "GARMIN",
  reference_id: "client-2041",
};
const activity = (metadata: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  metadata: {
    summary_id: "8693612203",
    start_time: "2022-03-15T10:00:00.000000+01:00",
    end_time: "2022-03-15T10:52:30.000000+01:00",
    type: 80,
    name: "Strength",
    upload_type: 1,
    ...metadata,
  },
  ...rest,
});
const event = (...data: unknown[]) => ({ type: "activity", user: USER, data, version: "2022-03-16" });
const hrSample = (second: number, bpm: number | null) => ({
  timestamp: new Date(Date.parse("2022-03-15T09:00:00Z") + second * 1000)
    .toISOString()
    .replace("Z", "000+00:00"),
  bpm,
});

describe("Terra activity webhook: a Garmin strength session and a run", () => {
  const [strength, run] = sessionsOf(mapTerra(fixture("terra", "activity-strength-and-run")));

  it("names the person by Terra's user_id and the session by metadata.summary_id", () => {
    expect(strength?.externalUserId).toBe("4f0a3c1e-8b2d-4e6f-9a7c-1d2e3f4a5b6c");
    expect(strength?.externalSessionId).toBe("8693612203");
    expect(run?.externalSessionId).toBe("8697240016");
  });

  it("gives start_time and end_time (microseconds, +01:00) as UTC instants", () => {
    expect(strength?.start).toBe("2022-03-15T09:00:00.000Z");
    expect(strength?.end).toBe("2022-03-15T09:52:30.000Z");
  });

  it("labels the activity by metadata.name, or by Terra's type number when there is no name", () => {
    expect(strength?.activityType).toBe("Strength");
    expect(run?.activityType).toBe("8");
  });

  it("rounds the heart-rate summary and takes the net activity calories", () => {
    expect(strength).toMatchObject({ avgHeartRate: 118, maxHeartRate: 162, calories: 299 });
  });

  it("keeps the hr_samples in time order, in UTC, without the lost-contact 0", () => {
    expect(strength?.heartRateSamples).toEqual([
      { at: "2022-03-15T09:00:00.000Z", bpm: 74 },
      { at: "2022-03-15T09:00:15.000Z", bpm: 79 },
      { at: "2022-03-15T09:31:05.500Z", bpm: 162 },
      { at: "2022-03-15T09:52:30.000Z", bpm: 96 },
    ]);
  });

  it("takes total_burned_calories when the net activity calories are null, and invents nothing else", () => {
    expect(run).toStrictEqual({
      externalUserId: "4f0a3c1e-8b2d-4e6f-9a7c-1d2e3f4a5b6c",
      externalSessionId: "8697240016",
      start: "2022-03-16T17:04:12.000Z",
      end: "2022-03-16T17:39:47.000Z",
      activityType: "8",
      avgHeartRate: 151,
      maxHeartRate: 174,
      calories: 412,
    });
  });
});

describe("Terra activity webhook: a batch with one bad activity", () => {
  it("refuses the activity whose start_time has no offset (local time, UTC unknown) and maps the others", () => {
    const [bike, yoga, weights] = mapTerra(fixture("terra", "activity-batch-with-bad-item"));
    expect(bike).toMatchObject({
      status: "mapped",
      session: {
        externalUserId: "9e1b7d52-0c3a-4f8e-b6d1-2a4c6e8f0b13",
        activityType: "Bike",
        calories: 402,
      },
    });
    expect(yoga).toMatchObject({
      status: "invalid",
      externalSessionId: "55012990218",
      problems: [{ path: "data.1.metadata.start_time" }],
    });
    expect(weights).toMatchObject({
      status: "mapped",
      session: { externalSessionId: "55013302977", start: "2022-11-23T23:30:00.000Z", calories: 251 },
    });
  });
});

describe("Terra activity webhook: an activity it refuses", () => {
  it.each([
    [
      "an average above 250",
      {},
      { heart_rate_data: { summary: { avg_hr_bpm: 300 } } },
      "data.0.heart_rate_data.summary.avg_hr_bpm",
    ],
    [
      "a maximum below 20",
      {},
      { heart_rate_data: { summary: { max_hr_bpm: 15 } } },
      "data.0.heart_rate_data.summary.max_hr_bpm",
    ],
    [
      "a sample above 250",
      {},
      { heart_rate_data: { detailed: { hr_samples: [hrSample(0, 90), hrSample(1, 263)] } } },
      "data.0.heart_rate_data.detailed.hr_samples.1.bpm",
    ],
    [
      "a sample without an offset",
      {},
      {
        heart_rate_data: { detailed: { hr_samples: [{ timestamp: "2022-03-15T10:00:00.000000", bpm: 90 }] } },
      },
      "data.0.heart_rate_data.detailed.hr_samples.0.timestamp",
    ],
    [
      "more than 10 000 calories",
      {},
      { calories_data: { net_activity_calories: 12_000 } },
      "data.0.calories_data.net_activity_calories",
    ],
    [
      "negative total calories",
      {},
      { calories_data: { total_burned_calories: -5 } },
      "data.0.calories_data.total_burned_calories",
    ],
    [
      "an end before the start",
      { end_time: "2022-03-15T09:59:59.000000+01:00" },
      {},
      "data.0.metadata.end_time",
    ],
    ["an end that is no instant", { end_time: "2022-03-15" }, {}, "data.0.metadata.end_time"],
    ["neither a name nor a type", { name: null, type: null }, {}, "data.0.metadata.type"],
    ["a type that is no number", { type: "STRENGTH" }, {}, "data.0.metadata.type"],
    ["a name with a line break", { name: "Upper\nbody" }, {}, "data.0.metadata.name"],
  ])("with %s, naming the field", (_, metadata, rest, path) => {
    const [item] = mapTerra(event(activity(metadata, rest)));
    expect(item).toMatchObject({ status: "invalid", externalSessionId: "8693612203" });
    expect(item?.status === "invalid" && item.problems.map((problem) => problem.path)).toContain(path);
  });

  it("refuses more than 21 600 hr_samples rather than truncating them", () => {
    const hr_samples = Array.from({ length: MAX_HEART_RATE_SAMPLES + 1 }, (_, second) =>
      hrSample(second, 95),
    );
    const [item] = mapTerra(event(activity({}, { heart_rate_data: { detailed: { hr_samples } } })));
    expect(item).toMatchObject({
      status: "invalid",
      problems: [{ path: "data.0.heart_rate_data.detailed.hr_samples" }],
    });
  });

  it("does not name an activity without a summary_id, and refuses an item that is no object", () => {
    const [unnamed, notAnObject, fine] = mapTerra(
      event(activity({ summary_id: undefined }), "activity", activity()),
    );
    expect(unnamed).toEqual({
      status: "invalid",
      problems: [{ path: "data.0.metadata.summary_id", message: expect.any(String) }],
    });
    expect(notAnObject).toMatchObject({ status: "invalid", problems: [{ path: "data.1" }] });
    expect(fine?.status).toBe("mapped");
  });
});

describe("Terra activity webhook: nulls and empties", () => {
  it("reads Terra's nulls as absent values", () => {
    const [mapped] = sessionsOf(
      mapTerra(
        event(
          activity(
            { city: null },
            {
              heart_rate_data: { summary: { avg_hr_bpm: null, max_hr_bpm: null }, detailed: null },
              calories_data: null,
            },
          ),
        ),
      ),
    );
    expect(Object.keys(mapped ?? {}).sort()).toEqual(
      ["activityType", "end", "externalSessionId", "externalUserId", "start"].sort(),
    );
  });

  it("maps an activity event without activities to no items", () => {
    expect(mapTerra(event())).toEqual([]);
  });

  it("falls back to the type number when the name is blank", () => {
    const [mapped] = sessionsOf(mapTerra(event(activity({ name: "  " }))));
    expect(mapped?.activityType).toBe("80");
  });
});

describe("Terra webhook: a payload it refuses as a whole", () => {
  it.each(["auth", "deauth", "user_reauth", "access_revoked", "healthcheck", "sleep", "daily", "body"])(
    "a %s event, naming its type",
    (type) => {
      expect(rejectionOf(mapTerra, { type, user: USER, data: [] })).toEqual([
        { path: "type", message: `a "${type}" event holds no sessions; only "activity" events are mapped` },
      ]);
    },
  );

  it.each([
    ["JSON null", null, ""],
    ["an array", [activity()], ""],
    ["an event without a type", { user: USER, data: [] }, "type"],
    ["a type that is no string", { type: 1, user: USER, data: [] }, "type"],
    ["an activity event without a user", { type: "activity", data: [] }, "user"],
    [
      "a user without a user_id",
      { type: "activity", user: { provider: "GARMIN" }, data: [] },
      "user.user_id",
    ],
    ["an activity event without data", { type: "activity", user: USER }, "data"],
  ])("%s", (_, payload, path) => {
    expect(rejectionOf(mapTerra, payload).map((problem) => problem.path)).toEqual([path]);
  });

  it("refuses more than 100 activities, and takes exactly 100", () => {
    const many = (count: number) =>
      event(...Array.from({ length: count }, (_, i) => activity({ summary_id: `summary-${i}` })));
    expect(rejectionOf(mapTerra, many(MAX_SESSIONS_PER_POST + 1)).map((problem) => problem.path)).toEqual([
      "data",
    ]);
    expect(sessionsOf(mapTerra(many(MAX_SESSIONS_PER_POST)))).toHaveLength(MAX_SESSIONS_PER_POST);
  });

  it("never throws anything but PayloadRejected on arbitrary JSON, nor on arbitrary activities", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 20 }), (payload, data) => {
        mapOrReject(mapTerra, payload);
        expect(mapTerra(event(...data))).toHaveLength(data.length);
      }),
    );
  });
});
