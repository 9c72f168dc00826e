import { tempoMatches } from "../guidelines/catalogue.ts";
import type { Component, PhaseGuideline, Range, ResistancePrescription } from "../guidelines/types.ts";
import type { Compliance, ComplianceVariable, Deviation, LoggedExercise, OneRepMax } from "./events.ts";
import { exerciseKey } from "./state.ts";

/** Deviations listed in full per session; beyond this they are counted. */
export const MAX_DEVIATIONS = 40;

interface Check {
  readonly passed: boolean;
  readonly deviation: Deviation;
}

const within = (range: Range, value: number) => value >= range.min && value <= range.max;
const show = (range: Range, unit = "") => `${range.min}–${range.max}${unit}`;

/** What an exercise is checked against: a resistance slot, or a component's prescription. */
interface Prescribed {
  readonly sets: Range | null;
  readonly reps: Range | null;
  readonly tempo: readonly string[];
  readonly restSeconds?: Range;
  readonly intensityPct1RM?: Range | null;
}

const isResistance = (exercise: LoggedExercise) => (exercise.component ?? "resistance") === "resistance";

/**
 * Compares logged work with the acute variables of the phase's guideline. Resistance work: sets, reps,
 * tempo, rest, and intensity where the client's 1RM for the exercise is known; Phases 2 and 5 also check
 * that it comes in supersets of two. Core, balance, reactive and SAQ work: the sets, reps and tempo of
 * that component's prescription, where the guideline gives them.
 */
export function assessCompliance(
  exercises: readonly LoggedExercise[],
  guideline: PhaseGuideline,
  oneRepMaxes: Readonly<Record<string, OneRepMax>>,
): Compliance {
  const resistance = slotted(exercises.filter(isResistance), guideline).flatMap(
    ({ exercise, slot, pairing }) => [
      ...(pairing ? [pairing] : []),
      ...exerciseChecks(exercise, slot, oneRepMaxes[exerciseKey(exercise.name)]),
    ],
  );
  const components = exercises
    .filter((exercise) => !isResistance(exercise))
    .flatMap((exercise) => {
      const prescription = guideline[exercise.component as Exclude<Component, "resistance">];
      const { sets, reps, tempo } = prescription;
      return exerciseChecks(exercise, { sets, reps, tempo: tempo ? [tempo] : [] });
    });
  const checks = [...resistance, ...components];
  const passed = checks.filter((check) => check.passed).length;
  const deviations = checks.filter((check) => !check.passed).map((check) => check.deviation);
  const omitted = deviations.length - MAX_DEVIATIONS;
  return {
    score: checks.length === 0 ? null : Math.round((passed / checks.length) * 100) / 100,
    checks: checks.length,
    deviations: deviations.slice(0, MAX_DEVIATIONS),
    ...(omitted > 0 ? { omittedDeviations: omitted } : {}),
  };
}

interface SlottedExercise {
  readonly exercise: LoggedExercise;
  readonly slot: ResistancePrescription;
  readonly pairing?: Check;
}

/** Assigns each exercise its prescription: the first of a superset is the strength slot, the second its pair. */
function slotted(exercises: readonly LoggedExercise[], guideline: PhaseGuideline): SlottedExercise[] {
  const [strength, pair] = guideline.resistance;
  if (!pair) return exercises.map((exercise) => ({ exercise, slot: strength }));
  const groupSizes = new Map<string, number>();
  for (const { supersetGroup } of exercises) {
    if (supersetGroup !== undefined) groupSizes.set(supersetGroup, (groupSizes.get(supersetGroup) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return exercises.map((exercise) => {
    const group = exercise.supersetGroup;
    const size = group === undefined ? 1 : (groupSizes.get(group) ?? 1);
    const position = group === undefined ? 0 : (seen.get(group) ?? 0);
    if (group !== undefined) seen.set(group, position + 1);
    const pairing: Check = {
      passed: size === 2,
      deviation: {
        exercise: exercise.name,
        variable: "superset",
        expected: `a ${guideline.superset} superset of two exercises`,
        actual: group === undefined ? "not in a superset" : `superset "${group}" of ${size}`,
      },
    };
    return { exercise, slot: size === 2 && position === 1 ? pair : strength, pairing };
  });
}

function exerciseChecks(exercise: LoggedExercise, slot: Prescribed, oneRepMax?: OneRepMax): Check[] {
  const check = (
    variable: ComplianceVariable,
    passed: boolean,
    expected: string,
    actual: string,
    set?: number,
  ) => ({
    passed,
    deviation: { exercise: exercise.name, variable, expected, actual, ...(set === undefined ? {} : { set }) },
  });
  const checks: Check[] = [];
  if (slot.sets) {
    checks.push(
      check("sets", within(slot.sets, exercise.sets.length), show(slot.sets), String(exercise.sets.length)),
    );
  }
  exercise.sets.forEach((set, index) => {
    const n = index + 1;
    if (slot.reps)
      checks.push(check("reps", within(slot.reps, set.reps), show(slot.reps), String(set.reps), n));
    if (set.tempo !== undefined && slot.tempo.length > 0) {
      checks.push(check("tempo", tempoMatches(slot.tempo, set.tempo), slot.tempo.join(" or "), set.tempo, n));
    }
    if (set.restSeconds !== undefined && slot.restSeconds) {
      checks.push(
        check(
          "rest",
          within(slot.restSeconds, set.restSeconds),
          show(slot.restSeconds, " s"),
          `${set.restSeconds} s`,
          n,
        ),
      );
    }
    if (set.loadKg !== undefined && oneRepMax && slot.intensityPct1RM) {
      const percent = Math.round((set.loadKg / oneRepMax.kg) * 100);
      checks.push(
        check(
          "intensity",
          within(slot.intensityPct1RM, percent),
          show(slot.intensityPct1RM, "% 1RM"),
          `${percent}% 1RM`,
          n,
        ),
      );
    }
  });
  return checks;
}
