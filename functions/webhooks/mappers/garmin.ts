import * as z from "zod";
import { PLAIN_TEXT, SINGLE_LINE } from "../../http/plain-text.ts";
import { externalId } from "../../http/schemas.ts";
import { idIn } from "./generic.ts";
import { problemAt, problemsOf } from "./problems.ts";
import { heartRateSeries, wholeBpm, wholeCalories } from "./samples.ts";
import {
  MAX_SESSIONS_PER_POST,
  type MappedItem,
  type PayloadMapper,
  type PayloadProblem,
  PayloadRejected,
  type WearableSession,
} from "./types.ts";

/*
 * Garmin Health API pushes. An activity summary ("activities", and "manuallyUpdatedActivities" with the
 * same shape) has its fields at the top; an activity details item ("activityDetails") nests them under
 * "summary" and adds "samples". Times are epoch seconds, UTC; startTimeOffsetInSeconds is only the
 * device's local offset and never moves the instant. Garmin sends many more fields than read here.
 */
const SECONDS_UNTIL_YEAR_10000 = 253_402_300_800;
const epochSeconds = z.number().int().min(0).lt(SECONDS_UNTIL_YEAR_10000);
const reading = z.number().optional();

const summaryFields = {
  activityType: z.string().trim().min(1).max(256).regex(SINGLE_LINE, PLAIN_TEXT),
  startTimeInSeconds: epochSeconds,
  // A week bounds the end far from any real session yet keeps a corrupt duration from making one up.
  durationInSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  averageHeartRateInBeatsPerMinute: reading,
  maxHeartRateInBeatsPerMinute: reading,
  activeKilocalories: reading,
};
const ActivitySummary = z.object({ userId: externalId, summaryId: externalId, ...summaryFields });
const ActivityDetails = z.object({
  userId: externalId,
  summaryId: externalId,
  summary: z.object(summaryFields),
  // A sample without heartRate was recorded without a heart-rate sensor: it is not a reading.
  samples: z
    .array(z.object({ startTimeInSeconds: epochSeconds, heartRate: z.number().nullish() }))
    .optional(),
});

/** The push keys that carry sessions, in the order their items are mapped. */
const LISTS = ["activities", "manuallyUpdatedActivities", "activityDetails"] as const;
type List = (typeof LISTS)[number];

/**
 * Garmin ids an activity's details "<summaryId of the activity>-detail" (e.g. "19940666749" and
 * "19940666749-detail"): without the suffix, the summary and the details of one activity are ONE session.
 */
const sessionId = (summaryId: string): string => summaryId.replace(/-detail$/, "") || summaryId;

const instantOf = (seconds: number): string => new Date(seconds * 1000).toISOString();

const mapItem = (list: List, item: unknown, index: number): MappedItem => {
  const at = [list, index];
  const details = list === "activityDetails";
  const parsed = (details ? ActivityDetails : ActivitySummary).safeParse(item);
  if (!parsed.success) {
    const named = idIn((item as { summaryId?: unknown } | null)?.summaryId);
    return {
      status: "invalid",
      ...(named && { externalSessionId: sessionId(named) }),
      problems: problemsOf(parsed.error, at),
    };
  }
  const given = parsed.data;
  const fields = "summary" in given ? given.summary : given;
  const fieldsAt = details ? [...at, "summary"] : at;
  const problems: PayloadProblem[] = [];
  const avg = fields.averageHeartRateInBeatsPerMinute;
  const max = fields.maxHeartRateInBeatsPerMinute;
  const kcal = fields.activeKilocalories;
  const avgHeartRate =
    avg === undefined
      ? undefined
      : wholeBpm(avg, [...fieldsAt, "averageHeartRateInBeatsPerMinute"], problems);
  const maxHeartRate =
    max === undefined ? undefined : wholeBpm(max, [...fieldsAt, "maxHeartRateInBeatsPerMinute"], problems);
  const calories =
    kcal === undefined ? undefined : wholeCalories(kcal, [...fieldsAt, "activeKilocalories"], problems);
  const heartRateSamples = heartRateSeries(
    ("samples" in given ? (given.samples ?? []) : []).map((sample, i) => ({
      atMs: sample.startTimeInSeconds * 1000,
      bpm: sample.heartRate,
      bpmPath: [...at, "samples", i, "heartRate"],
    })),
    [...at, "samples"],
    problems,
  );
  const externalSessionId = sessionId(given.summaryId);
  if (problems.length > 0) return { status: "invalid", externalSessionId, problems };
  const session: WearableSession = {
    externalUserId: given.userId,
    externalSessionId,
    start: instantOf(fields.startTimeInSeconds),
    end: instantOf(fields.startTimeInSeconds + fields.durationInSeconds),
    activityType: fields.activityType,
    ...(avgHeartRate !== undefined && { avgHeartRate }),
    ...(maxHeartRate !== undefined && { maxHeartRate }),
    ...(calories !== undefined && { calories }),
    ...(heartRateSamples && { heartRateSamples }),
  };
  return { status: "mapped", session };
};

const Envelope = z
  .object(Object.fromEntries(LISTS.map((list) => [list, z.array(z.unknown()).optional()])))
  .refine((push) => LISTS.some((list) => push[list] !== undefined), {
    message: `a push of ${LISTS.join(", ")}; other summaries (dailies, sleeps…) hold no sessions`,
    abort: true,
  });

/** Garmin's activity pushes; more than 100 items in all refuses the post. */
export const mapGarmin: PayloadMapper = (payload) => {
  const envelope = Envelope.safeParse(payload);
  if (!envelope.success) throw new PayloadRejected(problemsOf(envelope.error));
  const items = LISTS.flatMap((list) =>
    (envelope.data[list] ?? []).map((item, index) => ({ list, item, index })),
  );
  if (items.length > MAX_SESSIONS_PER_POST)
    throw new PayloadRejected([
      problemAt([], `at most ${MAX_SESSIONS_PER_POST} activities, not ${items.length}`),
    ]);
  return items.map(({ list, item, index }) => mapItem(list, item, index));
};
