import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exerciseById } from "../../../domain/exercises/library.ts";
import { SINGLE_LINE } from "../../../functions/http/plain-text.ts";
import { MAX_LOGGED_EXERCISES } from "../../../functions/http/schemas.ts";
import { mapGeneric } from "../../../functions/webhooks/mappers/generic.ts";
import {
  MAX_HEART_RATE_SAMPLES,
  MAX_SESSIONS_PER_POST,
  PayloadRejected,
  type WearableSession,
} from "../../../functions/webhooks/mappers/types.ts";
import { fixture, mapOrReject, rejectionOf, sessionsOf } from "./support.ts";

const session = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  externalUserId: "athlete-1",
  externalSessionId: "session-1",
  start: "2026-03-02T09:00:00Z",
  end: "2026-03-02T10:00:00Z",
  activityType: "STRENGTH_TRAINING",
  ...overrides,
});
const post = (...sessions: unknown[]) => ({ sessions });
const sampleAt = (second: number, bpm: number | null) => ({
  at: new Date(Date.parse("2026-03-02T09:00:00Z") + second * 1000).toISOString(),
  bpm,
});

describe("generic webhook: a strength session and a run", () => {
  const [strength, run] = sessionsOf(mapGeneric(fixture("generic", "strength-and-run")));

  it("gives the instants in UTC, whatever offset they were written with", () => {
    expect(strength?.start).toBe("2026-03-02T06:30:00.000Z");
    expect(strength?.end).toBe("2026-03-02T07:25:30.000Z");
    expect(run?.start).toBe("2026-03-03T23:05:00.000Z");
    expect(run?.end).toBe("2026-03-03T23:41:12.000Z");
  });

  it("keeps the ids and the activity label, and rounds heart rates and calories to whole numbers", () => {
    expect(strength).toMatchObject({
      externalUserId: "athlete-7f3a9c",
      externalSessionId: "gym-2026-03-02-0730",
      activityType: "STRENGTH_TRAINING",
      avgHeartRate: 113,
      maxHeartRate: 158,
      calories: 386,
    });
  });

  it("sorts the heart-rate samples by time and drops the lost-contact readings (0 and null)", () => {
    expect(strength?.heartRateSamples).toEqual([
      { at: "2026-03-02T06:30:00.000Z", bpm: 82 },
      { at: "2026-03-02T06:30:05.000Z", bpm: 84 },
      { at: "2026-03-02T06:52:10.000Z", bpm: 141 },
      { at: "2026-03-02T07:25:30.000Z", bpm: 96 },
    ]);
  });

  it("logs the exercises as RecordSession would: a library exercise by id, another by name", () => {
    const ballSquat = exerciseById("ball-squat");
    expect(strength?.exercises).toEqual([
      {
        name: ballSquat?.name,
        exerciseId: "ball-squat",
        component: ballSquat?.component,
        sets: [
          { reps: 15, tempo: "4/2/1", restSeconds: 60 },
          { reps: 14, tempo: "4/2/1", restSeconds: 60 },
        ],
      },
      {
        name: "Standing cable row",
        component: "resistance",
        sets: [
          { reps: 12, loadKg: 27.5, restSeconds: 60 },
          { reps: 12, loadKg: 27.5, restSeconds: 60, heartRate: 128 },
        ],
      },
    ]);
  });

  it("leaves out what the run did not report, inventing nothing", () => {
    expect(run).toStrictEqual({
      externalUserId: "athlete-7f3a9c",
      externalSessionId: "run-2026-03-03-1805",
      start: "2026-03-03T23:05:00.000Z",
      end: "2026-03-03T23:41:12.000Z",
      activityType: "RUNNING",
      avgHeartRate: 148,
      maxHeartRate: 171,
    });
  });
});

describe("generic webhook: a batch with one bad session", () => {
  it("refuses only the bad session, naming it and the field, and maps the others in order", () => {
    const [cycle, yoga, walk] = mapGeneric(fixture("generic", "batch-with-bad-item"));
    expect(cycle).toMatchObject({
      status: "mapped",
      session: { externalSessionId: "cycle-2026-03-04-0615" },
    });
    expect(yoga).toEqual({
      status: "invalid",
      externalSessionId: "yoga-2026-03-05-1900",
      problems: [{ path: "sessions.1.end", message: "before start" }],
    });
    expect(walk).toMatchObject({
      status: "mapped",
      session: { externalSessionId: "walk-2026-03-05-1230", start: "2026-03-05T03:30:00.000Z" },
    });
  });
});

describe("generic webhook: a session it refuses", () => {
  const control = String.fromCharCode(7);
  it.each([
    ["an average heart rate above 250", { avgHeartRate: 302 }, "sessions.0.avgHeartRate"],
    ["a maximum heart rate below 20", { maxHeartRate: 12 }, "sessions.0.maxHeartRate"],
    ["more than 10 000 calories", { calories: 10_001 }, "sessions.0.calories"],
    ["negative calories", { calories: -1 }, "sessions.0.calories"],
    ["a start without an offset", { start: "2026-03-02T09:00:00" }, "sessions.0.start"],
    ["an end that is no instant", { end: "tomorrow" }, "sessions.0.end"],
    ["an end before the start", { end: "2026-03-02T08:59:59Z" }, "sessions.0.end"],
    ["an empty user id", { externalUserId: "" }, "sessions.0.externalUserId"],
    ["a user id of 257 characters", { externalUserId: "u".repeat(257) }, "sessions.0.externalUserId"],
    ["a control character in the user id", { externalUserId: `a${control}b` }, "sessions.0.externalUserId"],
    ["a line break in the activity type", { activityType: "STRENGTH\nTRAINING" }, "sessions.0.activityType"],
    ["no activity type", { activityType: undefined }, "sessions.0.activityType"],
    ["a field it does not know (a misspelt one)", { avgHeartrate: 120 }, "sessions.0"],
    [
      "a sample above 250",
      { heartRateSamples: [sampleAt(0, 90), sampleAt(1, 251)] },
      "sessions.0.heartRateSamples.1.bpm",
    ],
    [
      "a sample below 20 that is not 0",
      { heartRateSamples: [sampleAt(0, 12)] },
      "sessions.0.heartRateSamples.0.bpm",
    ],
    [
      "a sample without an offset",
      { heartRateSamples: [{ at: "2026-03-02T09:00:00", bpm: 90 }] },
      "sessions.0.heartRateSamples.0.at",
    ],
    [
      "an exercise not in the library",
      { exercises: [{ exerciseId: "no-such-move", sets: [{ reps: 10 }] }] },
      "sessions.0.exercises.0.exerciseId",
    ],
    [
      "a set with neither reps nor duration",
      { exercises: [{ name: "Row", sets: [{ loadKg: 20 }] }] },
      "sessions.0.exercises.0.sets.0",
    ],
    [
      "more exercises than a session may log",
      {
        exercises: Array.from({ length: MAX_LOGGED_EXERCISES + 1 }, () => ({
          name: "Row",
          sets: [{ reps: 10 }],
        })),
      },
      "sessions.0.exercises",
    ],
  ])("with %s, naming %s", (_, overrides, path) => {
    const [item] = mapGeneric(post(session(overrides)));
    expect(item).toMatchObject({ status: "invalid", externalSessionId: "session-1" });
    expect(item?.status === "invalid" && item.problems.map((problem) => problem.path)).toContain(path);
  });

  it("refuses more than 21 600 heart-rate samples rather than truncating them", () => {
    const samples = Array.from({ length: MAX_HEART_RATE_SAMPLES + 1 }, (_, second) => sampleAt(second, 90));
    expect(mapGeneric(post(session({ heartRateSamples: samples })))).toEqual([
      {
        status: "invalid",
        externalSessionId: "session-1",
        problems: [
          { path: "sessions.0.heartRateSamples", message: "at most 21600 heart-rate samples, not 21601" },
        ],
      },
    ]);
  });

  it("does not name a session whose id is missing or unusable", () => {
    const [missing, empty] = mapGeneric(
      post(session({ externalSessionId: undefined }), session({ externalSessionId: "" })),
    );
    expect(missing).not.toHaveProperty("externalSessionId");
    expect(empty).not.toHaveProperty("externalSessionId");
  });

  it.each([null, "session", 7, []])("refuses an item that is no object (%j) on its own", (item) => {
    const items = mapGeneric(post(item, session()));
    expect(items[0]).toMatchObject({ status: "invalid", problems: [{ path: "sessions.0" }] });
    expect(items[1]?.status).toBe("mapped");
  });
});

describe("generic webhook: edges it accepts", () => {
  it("takes heart rates of exactly 20 and 250, and rounds within the range", () => {
    const [mapped] = sessionsOf(mapGeneric(post(session({ avgHeartRate: 20.4, maxHeartRate: 250 }))));
    expect(mapped).toMatchObject({ avgHeartRate: 20, maxHeartRate: 250 });
  });

  it("takes a session that starts and ends at one instant", () => {
    const [mapped] = sessionsOf(mapGeneric(post(session({ end: "2026-03-02T11:00:00+02:00" }))));
    expect(mapped?.end).toBe("2026-03-02T09:00:00.000Z");
  });

  it("takes exactly 21 600 samples", () => {
    const samples = Array.from({ length: MAX_HEART_RATE_SAMPLES }, (_, second) => sampleAt(second, 90));
    const [mapped] = sessionsOf(mapGeneric(post(session({ heartRateSamples: samples }))));
    expect(mapped?.heartRateSamples).toHaveLength(MAX_HEART_RATE_SAMPLES);
  });

  it.each([
    ["only lost-contact readings", [sampleAt(0, 0), sampleAt(1, null)]],
    ["an empty series", []],
  ])("leaves the samples out when the series has %s", (_, heartRateSamples) => {
    const [mapped] = sessionsOf(mapGeneric(post(session({ heartRateSamples }))));
    expect(mapped).not.toHaveProperty("heartRateSamples");
  });
});

describe("generic webhook: a payload it refuses as a whole", () => {
  it.each([
    ["JSON null", null, ""],
    ["an array", [session()], ""],
    ["a string", "sessions", ""],
    ["an object without sessions", {}, "sessions"],
    ["sessions that are no array", { sessions: session() }, "sessions"],
    ["no sessions at all", { sessions: [] }, "sessions"],
    ["a field besides sessions", { sessions: [session()], provider: "x" }, ""],
  ])("%s", (_, payload, path) => {
    expect(rejectionOf(mapGeneric, payload).map((problem) => problem.path)).toEqual([path]);
  });

  it("refuses more than 100 sessions, and takes exactly 100", () => {
    const many = (count: number) =>
      post(...Array.from({ length: count }, (_, i) => session({ externalSessionId: `s-${i}` })));
    expect(rejectionOf(mapGeneric, many(MAX_SESSIONS_PER_POST + 1))).toEqual([
      { path: "sessions", message: expect.stringContaining("100") },
    ]);
    expect(mapGeneric(many(MAX_SESSIONS_PER_POST))).toHaveLength(MAX_SESSIONS_PER_POST);
  });
});

describe("generic webhook: properties", () => {
  /** An ISO-8601 string of `ms` written in local time at `offsetMinutes` from UTC. */
  const written = (ms: number, offsetMinutes: number): string => {
    const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const sign = offsetMinutes < 0 ? "-" : "+";
    const hh = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
    const mm = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
    return `${local}${sign}${hh}:${mm}`;
  };
  const id = fc.string({ minLength: 1, maxLength: 64 }).filter((s) => SINGLE_LINE.test(s) && /\S/.test(s));
  const offset = fc.integer({ min: -12 * 60, max: 14 * 60 });
  const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
  const generated = fc.record({
    externalUserId: id,
    externalSessionId: id,
    activityType: id,
    startMs: fc.integer({ min: Date.parse("2000-01-01T00:00:00Z"), max: Date.parse("2100-01-01T00:00:00Z") }),
    durationMs: fc.integer({ min: 0, max: 6 * 3_600_000 }),
    startOffset: offset,
    endOffset: offset,
    avgHeartRate: optional(fc.double({ min: 20, max: 250, noNaN: true })),
    maxHeartRate: optional(fc.double({ min: 20, max: 250, noNaN: true })),
    calories: optional(fc.double({ min: 0, max: 10_000, noNaN: true })),
    samples: optional(
      fc.array(
        fc.record({
          afterMs: fc.integer({ min: 0, max: 6 * 3_600_000 }),
          bpm: fc.integer({ min: 20, max: 250 }),
        }),
        {
          minLength: 1,
          maxLength: 30,
        },
      ),
    ),
  });

  it("maps any valid session to the same values in UTC, rounded, samples in time order", () => {
    fc.assert(
      fc.property(generated, (g) => {
        const endMs = g.startMs + g.durationMs;
        const payload = post({
          externalUserId: g.externalUserId,
          externalSessionId: g.externalSessionId,
          start: written(g.startMs, g.startOffset),
          end: written(endMs, g.endOffset),
          activityType: g.activityType,
          ...(g.avgHeartRate !== undefined && { avgHeartRate: g.avgHeartRate }),
          ...(g.maxHeartRate !== undefined && { maxHeartRate: g.maxHeartRate }),
          ...(g.calories !== undefined && { calories: g.calories }),
          ...(g.samples && {
            heartRateSamples: g.samples.map((s) => ({
              at: written(g.startMs + s.afterMs, g.startOffset),
              bpm: s.bpm,
            })),
          }),
        });
        const expected: WearableSession = {
          externalUserId: g.externalUserId,
          externalSessionId: g.externalSessionId,
          start: new Date(g.startMs).toISOString(),
          end: new Date(endMs).toISOString(),
          activityType: g.activityType,
          ...(g.avgHeartRate !== undefined && { avgHeartRate: Math.round(g.avgHeartRate) }),
          ...(g.maxHeartRate !== undefined && { maxHeartRate: Math.round(g.maxHeartRate) }),
          ...(g.calories !== undefined && { calories: Math.round(g.calories) }),
          ...(g.samples && {
            heartRateSamples: [...g.samples]
              .sort((a, b) => a.afterMs - b.afterMs)
              .map((s) => ({ at: new Date(g.startMs + s.afterMs).toISOString(), bpm: s.bpm })),
          }),
        };
        expect(mapGeneric(payload)).toStrictEqual([{ status: "mapped", session: expected }]);
      }),
    );
  });

  it("never throws anything but PayloadRejected on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        mapOrReject(mapGeneric, payload);
      }),
    );
  });

  it("answers every item of an envelope of arbitrary items, one for one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: MAX_SESSIONS_PER_POST }),
        (sessions) => {
          const result = mapOrReject(mapGeneric, { sessions });
          expect(result).not.toBeInstanceOf(PayloadRejected);
          expect(result).toHaveLength(sessions.length);
        },
      ),
    );
  });
});
