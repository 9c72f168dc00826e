import { idIn } from "./generic.ts";
import {
  checkOrder,
  heartRateSummary,
  isFiniteNumber,
  isInstant,
  isObject,
  iso,
  type JsonObject,
  type Reading,
  readBpm,
  readId,
  readInstant,
  readKcal,
  readSeries,
} from "./omh-healthkit-shared.ts";
import type { MappedItem, PayloadMapper, PayloadProblem } from "./types.ts";
import { MAX_SESSIONS_PER_POST, PayloadRejected } from "./types.ts";

/**
 * Open mHealth (IEEE 1752 predecessor, schemas at github.com/openmhealth/schemas) data points to sessions.
 *
 * The post is an array of data points (the natural shape of an OMH collection) or `{ "dataPoints": [...] }`.
 * Each `physical-activity` point is one item, its `header.id` the session id and `header.user_id` the person.
 * `heart-rate` points of the same user join the session whose interval holds them: a `date_time` reading is
 * a sample; a `time_interval` reading with `descriptive_statistic` "average" or "maximum" inside the session
 * is its stated average or maximum (the physical-activity schema has no heart-rate field of its own). When
 * none is stated they are derived from the samples. Heart-rate points in no session, or whose time frame is
 * unreadable, are not items and are ignored, as are points of other schema names (sleep, step-count…).
 * A point whose schema cannot be read is an invalid item. The post is rejected when a point's namespace is
 * not "omh" (IEEE or vendor schemas mean other field names) or when it holds no physical-activity point.
 */
export const mapOpenMHealth: PayloadMapper = (payload) => {
  const { points, prefix } = dataPointsOf(payload);
  const kinds = points.map((point, index) => kindOf(point, `${prefix}${index}`));
  const foreign = kinds.filter((kind) => kind.type === "foreign").map((kind) => kind.problem);
  if (foreign.length > 0) throw new PayloadRejected(foreign);
  if (!kinds.some((kind) => kind.type === "activity")) {
    throw new PayloadRejected([
      { path: prefix.replace(/\.$/, ""), message: "no physical-activity data point" },
    ]);
  }
  const itemCount = kinds.filter((kind) => kind.type === "activity" || kind.type === "unreadable").length;
  if (itemCount > MAX_SESSIONS_PER_POST) {
    throw new PayloadRejected([
      { path: "", message: `${itemCount} sessions; a post holds at most ${MAX_SESSIONS_PER_POST}` },
    ]);
  }
  const heartRates = kinds.flatMap((kind) => (kind.type === "heart-rate" ? readHeartRatePoint(kind) : []));
  return kinds.flatMap((kind): MappedItem[] => {
    if (kind.type === "unreadable") return [kind.item];
    if (kind.type === "activity") return [mapActivity(kind.point, kind.path, heartRates)];
    return [];
  });
};

const dataPointsOf = (payload: unknown): { points: unknown[]; prefix: string } => {
  if (Array.isArray(payload)) return { points: payload, prefix: "" };
  if (isObject(payload) && Array.isArray(payload.dataPoints)) {
    return { points: payload.dataPoints, prefix: "dataPoints." };
  }
  throw new PayloadRejected([
    { path: "", message: "expected an array of Open mHealth data points, or { dataPoints: [...] }" },
  ]);
};

type Kind =
  | { type: "activity" | "heart-rate"; point: JsonObject; path: string }
  | { type: "other" }
  | { type: "foreign"; problem: PayloadProblem }
  | { type: "unreadable"; item: MappedItem };

const kindOf = (point: unknown, path: string): Kind => {
  const header = isObject(point) ? point.header : undefined;
  const schemaId = isObject(header) ? header.schema_id : undefined;
  if (!isObject(point) || !isObject(header) || !isObject(schemaId) || typeof schemaId.name !== "string") {
    const named = isObject(header) ? idIn(header.id) : undefined;
    return {
      type: "unreadable",
      item: {
        status: "invalid",
        ...(named && { externalSessionId: named }),
        problems: [{ path: `${path}.header.schema_id`, message: "a data point needs header.schema_id" }],
      },
    };
  }
  if (schemaId.namespace !== "omh") {
    const message = `only the omh namespace is mapped, not ${JSON.stringify(schemaId.namespace)}`;
    return { type: "foreign", problem: { path: `${path}.header.schema_id.namespace`, message } };
  }
  if (schemaId.name === "physical-activity") return { type: "activity", point, path };
  if (schemaId.name === "heart-rate") return { type: "heart-rate", point, path };
  return { type: "other" };
};

/** A heart-rate point placed in time, for attributing to sessions (none when it cannot be placed). */
type HeartRatePoint =
  | { userId: string; atMs: number; heartRate: unknown; path: string }
  | {
      userId: string;
      fromMs: number;
      toMs: number;
      statistic: "average" | "maximum";
      heartRate: unknown;
      path: string;
    };

const readHeartRatePoint = ({ point, path }: { point: JsonObject; path: string }): HeartRatePoint[] => {
  const userId = (point.header as JsonObject).user_id;
  const body = point.body;
  const frame = isObject(body) ? body.effective_time_frame : undefined;
  if (typeof userId !== "string" || !isObject(body) || !isObject(frame)) return [];
  const ignored: PayloadProblem[] = [];
  const base = { userId, heartRate: body.heart_rate, path: `${path}.body.heart_rate` };
  if (frame.date_time !== undefined && body.descriptive_statistic === undefined) {
    const atMs = readInstant(frame.date_time, "", ignored);
    return atMs === undefined ? [] : [{ ...base, atMs }];
  }
  const statistic = body.descriptive_statistic;
  if (isObject(frame.time_interval) && (statistic === "average" || statistic === "maximum")) {
    const fromMs = readInstant(frame.time_interval.start_date_time, "", ignored);
    const toMs = readInstant(frame.time_interval.end_date_time, "", ignored);
    return fromMs === undefined || toMs === undefined ? [] : [{ ...base, fromMs, toMs, statistic }];
  }
  return [];
};

/** The reading's value when in beats/min, the only unit the heart-rate schema allows; else a problem. */
const beatsPerMinute = (
  heartRate: unknown,
  path: string,
  problems: PayloadProblem[],
): { value: unknown } | undefined => {
  if (isObject(heartRate) && heartRate.unit === "beats/min") return { value: heartRate.value };
  problems.push({ path: `${path}.unit`, message: 'heart_rate needs a value in "beats/min"' });
  return undefined;
};

const mapActivity = (point: JsonObject, path: string, heartRates: readonly HeartRatePoint[]): MappedItem => {
  const problems: PayloadProblem[] = [];
  const header = point.header as JsonObject;
  const externalSessionId = readId(header.id, `${path}.header.id`, problems);
  const externalUserId = readId(header.user_id, `${path}.header.user_id`, problems);
  const body = isObject(point.body) ? point.body : {};
  if (!isObject(point.body)) problems.push({ path: `${path}.body`, message: "required" });
  const activityType = readId(body.activity_name, `${path}.body.activity_name`, problems);
  const interval = readInterval(body, `${path}.body.effective_time_frame`, problems);
  const calories = readCalories(body.kcal_burned, `${path}.body.kcal_burned`, problems);

  const { readings, stated } =
    interval && externalUserId !== undefined
      ? heartRateWithin(interval, externalUserId, heartRates, problems)
      : { readings: [], stated: {} };
  const samples = readSeries(readings, path, problems);
  const summary = heartRateSummary({ ...stated, path: `${path}.body` }, samples, problems);

  if (problems.length > 0 || !interval || !externalSessionId || !externalUserId || !activityType) {
    return { status: "invalid", ...(externalSessionId && { externalSessionId }), problems };
  }
  return {
    status: "mapped",
    session: {
      externalUserId,
      externalSessionId,
      start: iso(interval.startMs),
      end: iso(interval.endMs),
      activityType,
      ...summary,
      ...(calories !== undefined && { calories }),
      ...(samples && { heartRateSamples: samples }),
    },
  };
};

/** The user's readings inside the session (bounds included), and the average or maximum stated over it. */
const heartRateWithin = (
  interval: { startMs: number; endMs: number },
  userId: string,
  heartRates: readonly HeartRatePoint[],
  problems: PayloadProblem[],
): { readings: Reading[]; stated: { avg?: number | undefined; max?: number | undefined } } => {
  const readings: Reading[] = [];
  const stated: { avg?: number | undefined; max?: number | undefined } = {};
  for (const reading of heartRates) {
    if (reading.userId !== userId) continue;
    if ("atMs" in reading) {
      if (reading.atMs < interval.startMs || reading.atMs > interval.endMs) continue;
      const reported = beatsPerMinute(reading.heartRate, reading.path, problems);
      if (reported)
        readings.push({ atMs: reading.atMs, value: reported.value, path: `${reading.path}.value` });
    } else if (reading.fromMs >= interval.startMs && reading.toMs <= interval.endMs) {
      const key = reading.statistic === "average" ? "avg" : "max";
      if (key in stated) {
        problems.push({
          path: reading.path,
          message: `a second ${reading.statistic} heart rate for the session`,
        });
      }
      const reported = beatsPerMinute(reading.heartRate, reading.path, problems);
      stated[key] = reported && readBpm(reported.value, `${reading.path}.value`, problems);
    }
  }
  return { readings, stated };
};

/** OMH time_interval: start and end, or either with a duration. A date with a part of day is too vague. */
const readInterval = (
  body: JsonObject,
  path: string,
  problems: PayloadProblem[],
): { startMs: number; endMs: number } | undefined => {
  const frame = body.effective_time_frame;
  const interval = isObject(frame) ? frame.time_interval : undefined;
  if (!isObject(interval)) {
    problems.push({
      path: `${path}.time_interval`,
      message: "a session needs a time_interval, not a single date_time",
    });
    return undefined;
  }
  const at = `${path}.time_interval`;
  const { start_date_time: start, end_date_time: end } = interval;
  if (start === undefined && end === undefined) {
    problems.push({
      path: at,
      message: "needs start_date_time and end_date_time, or one of them and a duration",
    });
    return undefined;
  }
  const startMs = start === undefined ? undefined : readInstant(start, `${at}.start_date_time`, problems);
  const endMs = end === undefined ? undefined : readInstant(end, `${at}.end_date_time`, problems);
  if ((start !== undefined && startMs === undefined) || (end !== undefined && endMs === undefined))
    return undefined;
  if (startMs !== undefined && endMs !== undefined) {
    checkOrder(startMs, endMs, `${at}.end_date_time`, problems);
    return { startMs, endMs };
  }
  const durationMs = readDuration(interval.duration, `${at}.duration`, problems);
  const known = startMs ?? endMs;
  if (durationMs === undefined || known === undefined) return undefined;
  const bounds =
    startMs !== undefined
      ? { startMs, endMs: startMs + durationMs }
      : { startMs: known - durationMs, endMs: known };
  if (!isInstant(bounds.startMs) || !isInstant(bounds.endMs)) {
    problems.push({ path: `${at}.duration`, message: "reaches beyond the dates JavaScript can represent" });
    return undefined;
  }
  return bounds;
};

/** Milliseconds per OMH duration unit; the schema's ps–us and wk–yr make no sense for a session. */
const DURATION_UNITS = new Map([
  ["ms", 1],
  ["sec", 1_000],
  ["min", 60_000],
  ["h", 3_600_000],
]);

const readDuration = (duration: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  const perUnit =
    isObject(duration) && typeof duration.unit === "string" ? DURATION_UNITS.get(duration.unit) : undefined;
  if (!isObject(duration) || perUnit === undefined || !isFiniteNumber(duration.value) || duration.value < 0) {
    problems.push({
      path,
      message: `needs a value ≥ 0 and a unit of ${[...DURATION_UNITS.keys()].join(", ")}`,
    });
    return undefined;
  }
  return duration.value * perUnit;
};

/** kcal_burned is optional; when present its unit must be "kcal", the only one its schema allows. */
const readCalories = (kcalBurned: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  if (kcalBurned === undefined) return undefined;
  if (!isObject(kcalBurned) || kcalBurned.unit !== "kcal") {
    problems.push({ path: `${path}.unit`, message: 'must be "kcal"' });
    return undefined;
  }
  return readKcal(kcalBurned.value, `${path}.value`, problems);
};
