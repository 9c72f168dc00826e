import type { CorrectiveStage } from "../compensations/types.ts";
import { exerciseById } from "../exercises/library.ts";
import type { Exercise, ExerciseComponent } from "../exercises/types.ts";
import { type HeartRateZones, zoneOf } from "../formulas.ts";
import { tempoMatches } from "../guidelines/catalogue.ts";
import {
  CARDIO_STAGES,
  CORRECTIVE_DOSES,
  FLEXIBILITY_DOSES,
  HELD_SECONDS,
} from "../guidelines/component-doses.ts";
import type { PhaseGuideline, Range, ResistancePrescription } from "../guidelines/types.ts";
import type { Compliance, ComplianceVariable, Deviation, LoggedExercise, OneRepMax } from "./events.ts";

/** Deviations listed in full per session; beyond this they are counted. */
export const MAX_DEVIATIONS = 40;

/** Moving from the first half of a superset to the second: "no rest" allows the walk between stations. */
export const SUPERSET_TRANSITION_SECONDS = 15;

export interface ComplianceContext {
  readonly guideline: PhaseGuideline;
  /** The block's resistance slots (`resistanceSlots`): the guideline's, or Phase 3's endurance reps. */
  readonly resistance: PhaseGuideline["resistance"];
  /** The client's known 1RM of an exercise, by any of its names. */
  readonly oneRepMax: (...names: string[]) => OneRepMax | undefined;
  /** Zones from the client's HRmax, when known (cardio entries). */
  readonly heartRateZones: HeartRateZones | null;
  /** Exercises the session's plan prescribes as corrective work: checked against the CEx dose instead. */
  readonly corrective?: ReadonlyMap<string, CorrectiveStage>;
}

interface Check {
  readonly passed: boolean;
  readonly deviation: Deviation;
}

const within = (range: Range, value: number) => value >= range.min && value <= range.max;
const show = (range: Range, unit = "") => `${range.min}–${range.max}${unit}`;

/** What an exercise is checked against: a resistance slot, or a component's prescription. */
interface Prescribed {
  readonly sets: Range | null;
  readonly reps?: Range | null;
  readonly durationSeconds?: Range;
  readonly tempo: readonly string[];
  readonly restSeconds?: Range;
  readonly intensityPct1RM?: Range | null;
}

/** A logged exercise with what the library knows of it (its `exerciseId`), and the component it counts as. */
interface Resolved {
  readonly logged: LoggedExercise;
  readonly known: Exercise | undefined;
  readonly component: ExerciseComponent;
}

function resolve(logged: LoggedExercise): Resolved {
  const known = logged.exerciseId === undefined ? undefined : exerciseById(logged.exerciseId);
  return { logged, known, component: known?.component ?? logged.component ?? "resistance" };
}

const stageOf = ({ logged }: Resolved, context: ComplianceContext) =>
  logged.exerciseId === undefined ? undefined : context.corrective?.get(logged.exerciseId);

/**
 * Compares logged work with the phase's guideline. Resistance: sets, reps, tempo, rest, and intensity where
 * a 1RM is known; Phases 2 and 5 in supersets of two whose halves, when the exercises are known, share a
 * pattern and fill the phase's roles, with no rest between the halves. Every other component is checked
 * against its own prescription: core, balance, reactive and SAQ doses, flexibility by technique, cardio
 * heart rates against the stage's zones. An exercise named by `exerciseId` counts as its library component.
 */
export function assessCompliance(
  exercises: readonly LoggedExercise[],
  context: ComplianceContext,
): Compliance {
  const resolved = exercises.map(resolve);
  const corrective = resolved.flatMap((entry) => {
    const stage = stageOf(entry, context);
    if (!stage) return [];
    const { tempo, ...dose } = CORRECTIVE_DOSES[stage];
    return exerciseChecks(entry.logged, { ...dose, tempo: tempo ? [tempo] : [] });
  });
  const rest = resolved.filter((entry) => !stageOf(entry, context));
  const resistance = slotted(
    rest.filter((r) => r.component === "resistance"),
    context.guideline,
    context.resistance,
  ).flatMap(({ entry, slot, pairing }) => [
    ...pairing,
    ...exerciseChecks(entry.logged, slot, context.oneRepMax(...namesOf(entry))),
  ]);
  const others = rest
    .filter((r) => r.component !== "resistance")
    .flatMap((entry) => componentChecks(entry, context));
  const checks = [...corrective, ...resistance, ...others];
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

const namesOf = ({ logged, known }: Resolved): string[] =>
  known ? [logged.name, known.id, known.name, ...(known.aliases ?? [])] : [logged.name];

function componentChecks(entry: Resolved, context: ComplianceContext): Check[] {
  const { logged, known, component } = entry;
  switch (component) {
    case "resistance":
      return [];
    case "flexibility": {
      // Without the library's technique there is no dose to check; it is still never a resistance set.
      const dose = known?.flexibilityType && FLEXIBILITY_DOSES[known.flexibilityType];
      return dose ? exerciseChecks(logged, { ...dose, tempo: dose.tempo ? [dose.tempo] : [] }) : [];
    }
    case "cardio":
      return cardioChecks(logged, context);
    default: {
      const { sets, reps, tempo } = context.guideline[component];
      const held = component === "core" || component === "balance" ? { durationSeconds: HELD_SECONDS } : {};
      return exerciseChecks(logged, { sets, reps, ...held, tempo: tempo ? [tempo] : [] });
    }
  }
}

/** Each bout's average heart rate must sit in the zones of the phase's cardio stage. */
function cardioChecks(logged: LoggedExercise, { guideline, heartRateZones }: ComplianceContext): Check[] {
  if (!heartRateZones) return [];
  const zones = CARDIO_STAGES[guideline.cardioStage].zones;
  return logged.sets.flatMap((set, index) => {
    if (set.heartRate === undefined) return [];
    const zone = zoneOf(set.heartRate, heartRateZones);
    return [
      {
        passed: zone !== null && zones.includes(zone),
        deviation: {
          exercise: logged.name,
          set: index + 1,
          variable: "zone" as const,
          expected: `zone ${zones.join(" or ")} (stage ${guideline.cardioStage})`,
          actual:
            zone === null
              ? `${set.heartRate} bpm, outside every zone`
              : `zone ${zone} (${set.heartRate} bpm)`,
        },
      },
    ];
  });
}

interface SlottedExercise {
  readonly entry: Resolved;
  readonly slot: Prescribed;
  readonly pairing: readonly Check[];
}

/** Assigns each exercise its prescription: the first of a superset is the strength slot, the second its pair. */
function slotted(
  entries: readonly Resolved[],
  guideline: PhaseGuideline,
  slots: PhaseGuideline["resistance"],
): SlottedExercise[] {
  const [strength, pair] = slots;
  if (!pair) return entries.map((entry) => ({ entry, slot: strength, pairing: [] }));
  const groups = new Map<string, Resolved[]>();
  for (const entry of entries) {
    const group = entry.logged.supersetGroup;
    if (group !== undefined) groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  return entries.map((entry) => {
    const group = entry.logged.supersetGroup;
    const members = group === undefined ? [entry] : (groups.get(group) ?? [entry]);
    const position = members.indexOf(entry);
    const isPair = members.length === 2;
    const size: Check = {
      passed: isPair,
      deviation: {
        exercise: entry.logged.name,
        variable: "superset",
        expected: `a ${guideline.superset} superset of two exercises`,
        actual: group === undefined ? "not in a superset" : `superset "${group}" of ${members.length}`,
      },
    };
    if (!isPair) return { entry, slot: strength, pairing: [size] };
    if (position === 1) return { entry, slot: pair, pairing: [size] };
    // The first half: no rest before its partner; the pair's rest follows the second half.
    const firstHalf = { ...strength, restSeconds: { min: 0, max: SUPERSET_TRANSITION_SECONDS } };
    return { entry, slot: firstHalf, pairing: [size, ...pairChecks(members, strength, pair)] };
  });
}

/** With both exercises known: one movement pattern, strength first, then the phase's partner role. */
function pairChecks(
  [first, second]: readonly Resolved[],
  strength: ResistancePrescription,
  partner: ResistancePrescription,
): Check[] {
  const a = first?.known;
  const b = second?.known;
  if (!a || !b || !first || !second) return [];
  const describe = (e: Exercise) => `${e.name} (${e.role ?? e.component}, ${e.pattern})`;
  return [
    {
      passed: a.pattern === b.pattern && a.role === strength.role && b.role === partner.role,
      deviation: {
        exercise: `${first.logged.name} + ${second.logged.name}`,
        variable: "superset",
        expected: `a ${strength.role} exercise, then a ${partner.role} exercise of the same pattern`,
        actual: `${describe(a)}, then ${describe(b)}`,
      },
    },
  ];
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
    // A held set (a plank, a stretch) is timed, not counted: its duration is checked where one is prescribed.
    if (slot.reps && (set.reps !== undefined || set.durationSeconds === undefined)) {
      const reps = set.reps;
      checks.push(
        check(
          "reps",
          reps !== undefined && within(slot.reps, reps),
          show(slot.reps),
          String(reps ?? "none"),
          n,
        ),
      );
    }
    if (slot.durationSeconds && set.durationSeconds !== undefined) {
      checks.push(
        check(
          "duration",
          within(slot.durationSeconds, set.durationSeconds),
          show(slot.durationSeconds, " s"),
          `${set.durationSeconds} s`,
          n,
        ),
      );
    }
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
