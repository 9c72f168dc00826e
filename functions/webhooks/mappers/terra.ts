import * as z from "zod";
import { PLAIN_TEXT, SINGLE_LINE } from "../../http/plain-text.ts";
import { externalId, instant } from "../../http/schemas.ts";
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
 * Terra's activity event (tryterra/openapi: ActivityEvent, Activity, ActivityMetadata, HeartRateData,
 * CaloriesData). Terra sends many more fields than read here and writes absent values as null, so the
 * objects are open and every optional field is nullish. Instants carry microseconds and an offset; one
 * without an offset is the user's local time (Terra's words) and is refused, its UTC instant unknown.
 */
const reading = z.number().nullish();

const TerraActivity = z.object({
  metadata: z.object({
    summary_id: externalId,
    start_time: instant,
    end_time: instant,
    // Terra's ActivityType enum (80 is "Strength Training"); the name is the user's or provider's title.
    type: z.number().int().nullish(),
    name: z.string().trim().max(256).regex(SINGLE_LINE, PLAIN_TEXT).nullish(),
  }),
  heart_rate_data: z
    .object({
      summary: z.object({ avg_hr_bpm: reading, max_hr_bpm: reading }).nullish(),
      detailed: z
        .object({ hr_samples: z.array(z.object({ timestamp: instant, bpm: reading })).nullish() })
        .nullish(),
    })
    .nullish(),
  calories_data: z.object({ net_activity_calories: reading, total_burned_calories: reading }).nullish(),
});

const Envelope = z.object({
  type: z.string(),
  user: z.object({ user_id: externalId }),
  data: z.array(z.unknown()).max(MAX_SESSIONS_PER_POST),
});

/** Every event but "activity" (auth, deauth, healthcheck, sleep, daily, body…) holds no session. */
const refuseOtherEvents = (payload: unknown): void => {
  const type = z.object({ type: z.string() }).safeParse(payload);
  if (!type.success) throw new PayloadRejected(problemsOf(type.error));
  if (type.data.type !== "activity")
    throw new PayloadRejected([
      problemAt(["type"], `a "${type.data.type}" event holds no sessions; only "activity" events are mapped`),
    ]);
};

const activityType = (metadata: { type?: number | null; name?: string | null }): string | undefined =>
  metadata.name ? metadata.name : metadata.type == null ? undefined : String(metadata.type);

const mapActivity = (externalUserId: string, item: unknown, index: number): MappedItem => {
  const at = ["data", index];
  const parsed = TerraActivity.safeParse(item);
  if (!parsed.success) {
    const named = idIn((item as { metadata?: { summary_id?: unknown } } | null)?.metadata?.summary_id);
    return {
      status: "invalid",
      ...(named && { externalSessionId: named }),
      problems: problemsOf(parsed.error, at),
    };
  }
  const { metadata, heart_rate_data: hr, calories_data: kcal } = parsed.data;
  const problems: PayloadProblem[] = [];
  const label = activityType(metadata);
  if (label === undefined) problems.push(problemAt([...at, "metadata", "type"], "neither a name nor a type"));
  if (Date.parse(metadata.start_time) > Date.parse(metadata.end_time))
    problems.push(problemAt([...at, "metadata", "end_time"], "before start_time"));
  const summary = [...at, "heart_rate_data", "summary"];
  const avg = hr?.summary?.avg_hr_bpm;
  const max = hr?.summary?.max_hr_bpm;
  const avgHeartRate = avg == null ? undefined : wholeBpm(avg, [...summary, "avg_hr_bpm"], problems);
  const maxHeartRate = max == null ? undefined : wholeBpm(max, [...summary, "max_hr_bpm"], problems);
  // The contract's calories are active ones: Terra's net activity calories, else its total for the workout.
  const burned = kcal?.net_activity_calories ?? kcal?.total_burned_calories;
  const burnedField = kcal?.net_activity_calories == null ? "total_burned_calories" : "net_activity_calories";
  const calories =
    burned == null ? undefined : wholeCalories(burned, [...at, "calories_data", burnedField], problems);
  const samplesPath = [...at, "heart_rate_data", "detailed", "hr_samples"];
  const heartRateSamples = heartRateSeries(
    (hr?.detailed?.hr_samples ?? []).map((sample, i) => ({
      atMs: Date.parse(sample.timestamp),
      bpm: sample.bpm,
      bpmPath: [...samplesPath, i, "bpm"],
    })),
    samplesPath,
    problems,
  );
  if (problems.length > 0 || label === undefined)
    return { status: "invalid", externalSessionId: metadata.summary_id, problems };
  const session: WearableSession = {
    externalUserId,
    externalSessionId: metadata.summary_id,
    start: new Date(metadata.start_time).toISOString(),
    end: new Date(metadata.end_time).toISOString(),
    activityType: label,
    ...(avgHeartRate !== undefined && { avgHeartRate }),
    ...(maxHeartRate !== undefined && { maxHeartRate }),
    ...(calories !== undefined && { calories }),
    ...(heartRateSamples && { heartRateSamples }),
  };
  return { status: "mapped", session };
};

/**
 * Terra's activity webhook: one user (Terra's user_id, the connection's id) and their activities. An
 * activity event with no activities maps to no items.
 */
export const mapTerra: PayloadMapper = (payload) => {
  refuseOtherEvents(payload);
  const envelope = Envelope.safeParse(payload);
  if (!envelope.success) throw new PayloadRejected(problemsOf(envelope.error));
  const { user, data } = envelope.data;
  return data.map((item, index) => mapActivity(user.user_id, item, index));
};
