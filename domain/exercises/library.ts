import { ACTIVATION } from "./data/activation.ts";
import { BALANCE } from "./data/balance.ts";
import { CARDIO } from "./data/cardio.ts";
import { CORE_EXERCISES } from "./data/core.ts";
import { ACTIVE_STRETCHES, DYNAMIC_STRETCHES } from "./data/flexibility-active-dynamic.ts";
import { SMR, STATIC_STRETCHES } from "./data/flexibility-smr-static.ts";
import { REACTIVE } from "./data/reactive.ts";
import { RESISTANCE_LOWER } from "./data/resistance-lower.ts";
import { RESISTANCE_TOTAL_BODY } from "./data/resistance-total-body.ts";
import { RESISTANCE_UPPER } from "./data/resistance-upper.ts";
import { SAQ } from "./data/saq.ts";
import type { Equipment, Exercise, ExerciseComponent, Level, Pattern } from "./types.ts";

/** Version of the exercise data below; stored with every generated session. */
export const EXERCISE_LIBRARY_VERSION = "opt-exercises-2026.1";

/** Overactive muscles with deliberately no SMR exercise (opt-exercises §4.2). */
export const NO_SMR: ReadonlyMap<string, string> = new Map([
  ["sternocleidomastoid (SCM)", "the front of the neck is a contraindicated SMR site"],
  ["abdominal complex", "no SMR technique in CPT7"],
]);

/** Overactive muscles with deliberately no static stretch (opt-exercises §4.2). */
export const NO_STATIC_STRETCH: ReadonlyMap<string, string> = new Map([
  ["vastus lateralis", "CPT7 gives SMR only; the arching quadriceps stretch is on the controversial list"],
  [
    "peroneal complex",
    "CPT7 gives SMR only (opt-exercises §4.3); none of its 17 static stretches targets them",
  ],
]);

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Order is part of the contract: generators pick the first fitting exercise, so keep it stable.
export const EXERCISES: readonly Exercise[] = deepFreeze(
  structuredClone([
    ...SMR,
    ...STATIC_STRETCHES,
    ...ACTIVE_STRETCHES,
    ...DYNAMIC_STRETCHES,
    ...ACTIVATION,
    ...CORE_EXERCISES,
    ...BALANCE,
    ...REACTIVE,
    ...SAQ,
    ...RESISTANCE_LOWER,
    ...RESISTANCE_UPPER,
    ...RESISTANCE_TOTAL_BODY,
    ...CARDIO,
  ]),
);

// A Map, so ids such as "__proto__" or "constructor" never hit Object.prototype.
const BY_ID: ReadonlyMap<string, Exercise> = new Map(EXERCISES.map((e) => [e.id, e]));

export const exerciseById = (id: string): Exercise | undefined => BY_ID.get(id);

export interface ExerciseFilter {
  readonly component?: ExerciseComponent;
  readonly pattern?: Pattern;
  /** The exercise's `levels` include it. */
  readonly level?: Level;
  /** Equipment available: an exercise qualifies when every item it needs is in the list. */
  readonly equipment?: readonly Equipment[];
}

/** Exercises matching every given field, in library order. */
export function findExercises(filter: ExerciseFilter): Exercise[] {
  const { component, pattern, level, equipment } = filter;
  const available = equipment ? new Set<Equipment>(equipment) : undefined;
  return EXERCISES.filter(
    (e) =>
      (component === undefined || e.component === component) &&
      (pattern === undefined || e.pattern === pattern) &&
      (level === undefined || e.levels.includes(level)) &&
      (available === undefined || e.equipment.every((item) => available.has(item))),
  );
}
