import {
  checkOrder,
  heartRateSummary,
  isFiniteNumber,
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
 * HealthKit workouts as our companion iOS app posts them (HealthKit has no server push):
 *
 *   { "externalUserId": "…", "workouts": [ HKWorkout, … ] }
 *
 * Each workout carries HKWorkout's own property names: `uuid` (the session id), `workoutActivityType` (the
 * HKWorkoutActivityType case name as Apple's export.xml writes it, e.g. "HKWorkoutActivityTypeRunning"),
 * `startDate`/`endDate` (ISO-8601 with offset), `totalEnergyBurned` { unit, value }, and the heart rate the
 * app read for the workout: `statistics.HKQuantityTypeIdentifierHeartRate` { averageQuantity,
 * maximumQuantity, unit: "count/min" } (HKStatistics' names) and `heartRateSamples` [{ startDate, endDate,
 * quantity }] in count/min. `duration`, `sourceRevision`, `device` and `metadata` may come along and are
 * not mapped. Raw activity-type numbers are refused: the names are stable and readable, and mapping numbers
 * would mean keeping a copy of Apple's enum. An empty `workouts` array maps to no items.
 *
 * Departures from exports seen in the wild: export.xml and Health Auto Export write "2026-03-02 07:30:00
 * -0800" (refused: the app sends ISO-8601), react-native-healthkit serialises the activity type as its
 * number and quantities as { quantity, unit } (we take the name and { unit, value }), and iOS 18 deprecates
 * totalEnergyBurned for statistics(for: activeEnergyBurned), which the app is to copy into totalEnergyBurned.
 * Heart-rate samples are not checked to lie within the workout: the app queries them for it.
 */
export const mapHealthKit: PayloadMapper = (payload) => {
  if (!isObject(payload) || !Array.isArray(payload.workouts)) {
    throw new PayloadRejected([
      { path: "", message: 'expected { "externalUserId": "…", "workouts": [...] }' },
    ]);
  }
  const userProblems: PayloadProblem[] = [];
  const externalUserId = readId(payload.externalUserId, "externalUserId", userProblems);
  if (externalUserId === undefined) throw new PayloadRejected(userProblems);
  const { workouts } = payload;
  if (workouts.length > MAX_SESSIONS_PER_POST) {
    throw new PayloadRejected([
      {
        path: "workouts",
        message: `${workouts.length} workouts; a post holds at most ${MAX_SESSIONS_PER_POST}`,
      },
    ]);
  }
  return workouts.map((workout, index) => mapWorkout(workout, `workouts.${index}`, externalUserId));
};

const ACTIVITY_TYPE_NAME = /^HKWorkoutActivityType[A-Z][A-Za-z]*$/;

const mapWorkout = (workout: unknown, path: string, externalUserId: string): MappedItem => {
  if (!isObject(workout))
    return { status: "invalid", problems: [{ path, message: "a workout must be an object" }] };
  const problems: PayloadProblem[] = [];
  const externalSessionId = readId(workout.uuid, `${path}.uuid`, problems);
  const activityType = readActivityType(workout.workoutActivityType, `${path}.workoutActivityType`, problems);
  const startMs = readInstant(workout.startDate, `${path}.startDate`, problems);
  const endMs = readInstant(workout.endDate, `${path}.endDate`, problems);
  if (startMs !== undefined && endMs !== undefined) checkOrder(startMs, endMs, `${path}.endDate`, problems);
  const calories = readEnergy(workout.totalEnergyBurned, `${path}.totalEnergyBurned`, problems);
  const stated = readHeartRateStatistics(workout.statistics, `${path}.statistics`, problems);
  const samples = readSeries(
    readSamples(workout.heartRateSamples, `${path}.heartRateSamples`, problems),
    `${path}.heartRateSamples`,
    problems,
  );
  const summary = heartRateSummary(stated, samples, problems);

  if (
    problems.length > 0 ||
    !externalSessionId ||
    !activityType ||
    startMs === undefined ||
    endMs === undefined
  ) {
    return { status: "invalid", ...(externalSessionId && { externalSessionId }), problems };
  }
  return {
    status: "mapped",
    session: {
      externalUserId,
      externalSessionId,
      start: iso(startMs),
      end: iso(endMs),
      activityType,
      ...summary,
      ...(calories !== undefined && { calories }),
      ...(samples && { heartRateSamples: samples }),
    },
  };
};

const readActivityType = (value: unknown, path: string, problems: PayloadProblem[]): string | undefined => {
  if (typeof value === "string" && ACTIVITY_TYPE_NAME.test(value)) return value;
  const message =
    typeof value === "number"
      ? "send the HKWorkoutActivityType name (e.g. HKWorkoutActivityTypeTraditionalStrengthTraining), not its raw value"
      : "must be an HKWorkoutActivityType name, e.g. HKWorkoutActivityTypeTraditionalStrengthTraining";
  problems.push({ path, message });
  return undefined;
};

/** HKUnit strings for energy, to kilocalories: "Cal" is the large (food) calorie, one kcal. */
const KCAL_PER_UNIT = new Map([
  ["kcal", 1],
  ["Cal", 1],
  ["kJ", 1 / 4.184],
]);

const readEnergy = (energy: unknown, path: string, problems: PayloadProblem[]): number | undefined => {
  if (energy === undefined) return undefined;
  const perUnit =
    isObject(energy) && typeof energy.unit === "string" ? KCAL_PER_UNIT.get(energy.unit) : undefined;
  if (!isObject(energy) || perUnit === undefined) {
    problems.push({ path: `${path}.unit`, message: 'must be "kcal", "Cal" or "kJ"' });
    return undefined;
  }
  return readKcal(
    isFiniteNumber(energy.value) ? energy.value * perUnit : energy.value,
    `${path}.value`,
    problems,
  );
};

const HEART_RATE = "HKQuantityTypeIdentifierHeartRate";
const PER_MINUTE = "count/min";

/** The workout's heart-rate statistics, as HKStatistics' averageQuantity and maximumQuantity in count/min. */
const readHeartRateStatistics = (
  statistics: unknown,
  path: string,
  problems: PayloadProblem[],
): { avg?: number | undefined; max?: number | undefined; path: string } => {
  const at = `${path}.${HEART_RATE}`;
  const heartRate = isObject(statistics) ? statistics[HEART_RATE] : undefined;
  if (heartRate === undefined) return { path: at };
  if (!isObject(heartRate) || heartRate.unit !== PER_MINUTE) {
    problems.push({ path: `${at}.unit`, message: `must be "${PER_MINUTE}"` });
    return { path: at };
  }
  const optional = (key: string) =>
    heartRate[key] === undefined ? undefined : readBpm(heartRate[key], `${at}.${key}`, problems);
  return { avg: optional("averageQuantity"), max: optional("maximumQuantity"), path: at };
};

/** HKQuantitySample-like readings; a heart-rate sample's instant is its startDate (endDate is the same). */
const readSamples = (samples: unknown, path: string, problems: PayloadProblem[]): Reading[] => {
  if (samples === undefined) return [];
  if (!Array.isArray(samples)) {
    problems.push({ path, message: "must be an array" });
    return [];
  }
  return samples.flatMap((sample: unknown, index): Reading[] => {
    const at = `${path}.${index}`;
    const atMs = readInstant(isObject(sample) ? sample.startDate : undefined, `${at}.startDate`, problems);
    return atMs === undefined
      ? []
      : [{ atMs, value: (sample as JsonObject).quantity, path: `${at}.quantity` }];
  });
};
