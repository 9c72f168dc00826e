import * as z from "zod";
import {
  externalId,
  instant,
  loggedExercise,
  MAX_LOGGED_EXERCISES,
  MAX_LOGGED_SETS,
} from "../../http/schemas.ts";
import { problemAt, problemsOf } from "./problems.ts";
import { heartRateSeries, MAX_BPM, MAX_CALORIES, MIN_BPM, wholeBpm, wholeCalories } from "./samples.ts";
import {
  MAX_HEART_RATE_SAMPLES,
  MAX_SESSIONS_PER_POST,
  type MappedItem,
  type PayloadMapper,
  type PayloadProblem,
  PayloadRejected,
  type WearableSession,
} from "./types.ts";

/** The id an item still names, for the invalid item's report; undefined when it names none usable. */
export const idIn = (value: unknown): string | undefined => externalId.safeParse(value).data;

const bpm = z.number().min(MIN_BPM).max(MAX_BPM);

const GenericHeartRateSample = z.strictObject({
  at: instant,
  bpm: z
    .number()
    .max(MAX_BPM)
    .nullable()
    .meta({
      description: `Beats per minute, ${MIN_BPM}–${MAX_BPM}; 0 or null (sensor lost contact) is dropped`,
    }),
});

export const GenericSession = z
  .strictObject({
    externalUserId: externalId.meta({
      description: "Your id of the person, as linked by POST /v1/clients/{clientId}/wearables",
    }),
    externalSessionId: externalId.meta({
      description:
        "Your id of the session: posting it again is recognised as the same session, never recorded twice",
    }),
    start: instant.meta({ description: "When the session started (ISO-8601 with an offset)" }),
    end: instant.meta({ description: "When it ended, not before start (ISO-8601 with an offset)" }),
    activityType: externalId.meta({
      description: "Your label of the activity, e.g. STRENGTH_TRAINING",
      example: "STRENGTH_TRAINING",
    }),
    avgHeartRate: bpm.optional().meta({ description: "Average heart rate (bpm, rounded to whole)" }),
    maxHeartRate: bpm.optional().meta({ description: "Highest heart rate (bpm, rounded to whole)" }),
    calories: z
      .number()
      .min(0)
      .max(MAX_CALORIES)
      .optional()
      .meta({ description: "Active kilocalories (rounded to whole)" }),
    heartRateSamples: z
      .array(GenericHeartRateSample)
      .optional()
      .meta({ description: `Heart-rate readings, any order, at most ${MAX_HEART_RATE_SAMPLES}` }),
    exercises: z
      .array(loggedExercise())
      .max(MAX_LOGGED_EXERCISES)
      .refine(
        (exercises) => exercises.reduce((sets, e) => sets + e.sets.length, 0) <= MAX_LOGGED_SETS,
        `at most ${MAX_LOGGED_SETS} sets in a session`,
      )
      .optional()
      .meta({ description: "What was performed, as in RecordSession" }),
  })
  .meta({ id: "WearableSessionPost", description: "One completed session" });

export const GenericPayload = z
  .strictObject({
    sessions: z
      .array(GenericSession)
      .min(1)
      .max(MAX_SESSIONS_PER_POST)
      .meta({ description: `1–${MAX_SESSIONS_PER_POST} sessions; each is accepted or refused on its own` }),
  })
  .meta({ id: "GenericWearablePayload", description: "Sessions in our own documented format" });

/** Only the envelope: the sessions are parsed one by one so that one bad session refuses only itself. */
const Envelope = z.strictObject({ sessions: z.array(z.unknown()).min(1).max(MAX_SESSIONS_PER_POST) });

const mapSession = (item: unknown, index: number): MappedItem => {
  const at = ["sessions", index];
  const parsed = GenericSession.safeParse(item);
  if (!parsed.success) {
    const named = idIn((item as { externalSessionId?: unknown } | null)?.externalSessionId);
    return {
      status: "invalid",
      ...(named && { externalSessionId: named }),
      problems: problemsOf(parsed.error, at),
    };
  }
  const given = parsed.data;
  const problems: PayloadProblem[] = [];
  if (Date.parse(given.start) > Date.parse(given.end))
    problems.push(problemAt([...at, "end"], "before start"));
  const avgHeartRate =
    given.avgHeartRate === undefined
      ? undefined
      : wholeBpm(given.avgHeartRate, [...at, "avgHeartRate"], problems);
  const maxHeartRate =
    given.maxHeartRate === undefined
      ? undefined
      : wholeBpm(given.maxHeartRate, [...at, "maxHeartRate"], problems);
  const calories =
    given.calories === undefined ? undefined : wholeCalories(given.calories, [...at, "calories"], problems);
  const heartRateSamples = heartRateSeries(
    (given.heartRateSamples ?? []).map((sample, i) => ({
      atMs: Date.parse(sample.at),
      bpm: sample.bpm,
      bpmPath: [...at, "heartRateSamples", i, "bpm"],
    })),
    [...at, "heartRateSamples"],
    problems,
  );
  if (problems.length > 0) return { status: "invalid", externalSessionId: given.externalSessionId, problems };
  const session: WearableSession = {
    externalUserId: given.externalUserId,
    externalSessionId: given.externalSessionId,
    start: new Date(given.start).toISOString(),
    end: new Date(given.end).toISOString(),
    activityType: given.activityType,
    ...(avgHeartRate !== undefined && { avgHeartRate }),
    ...(maxHeartRate !== undefined && { maxHeartRate }),
    ...(calories !== undefined && { calories }),
    ...(heartRateSamples && { heartRateSamples }),
    ...(given.exercises && { exercises: given.exercises }),
  };
  return { status: "mapped", session };
};

/** Our own format (GenericPayload): the envelope wrong, or more than 100 sessions, refuses the post. */
export const mapGeneric: PayloadMapper = (payload) => {
  const envelope = Envelope.safeParse(payload);
  if (!envelope.success) throw new PayloadRejected(problemsOf(envelope.error));
  return envelope.data.sessions.map(mapSession);
};
