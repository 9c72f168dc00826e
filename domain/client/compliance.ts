import { tempoMatches } from "../guidelines/catalogue.ts";
import type { PhaseGuideline, Range, ResistancePrescription } from "../guidelines/types.ts";
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

/**
 * Compares logged resistance work with the acute variables of the phase's guideline: sets, reps, tempo,
 * rest, and intensity where the client's 1RM for the exercise is known. Phases 2 and 5 also check that
 * exercises come in supersets of two.
 */
export function assessCompliance(
  exercises: readonly LoggedExercise[],
  guideline: PhaseGuideline,
  oneRepMaxes: Readonly<Record<string, OneRepMax>>,
): Compliance {
  const checks = slotted(exercises, guideline).flatMap(({ exercise, slot, pairing }) => [
    ...(pairing ? [pairing] : []),
    ...exerciseChecks(exercise, slot, oneRepMaxes[exerciseKey(exercise.name)]),
  ]);
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

function exerciseChecks(
  exercise: LoggedExercise,
  slot: ResistancePrescription,
  oneRepMax?: OneRepMax,
): Check[] {
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
  const checks: Check[] = [
    check("sets", within(slot.sets, exercise.sets.length), show(slot.sets), String(exercise.sets.length)),
  ];
  exercise.sets.forEach((set, index) => {
    const n = index + 1;
    checks.push(check("reps", within(slot.reps, set.reps), show(slot.reps), String(set.reps), n));
    if (set.tempo !== undefined) {
      checks.push(check("tempo", tempoMatches(slot.tempo, set.tempo), slot.tempo.join(" or "), set.tempo, n));
    }
    if (set.restSeconds !== undefined) {
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
