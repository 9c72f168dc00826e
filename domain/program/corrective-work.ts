import type { ActiveFinding } from "../client/events.ts";
import { catalogueEntry, musclesFor } from "../compensations/catalogue.ts";
import type { CorrectiveStage, MuscleOnSide, Side } from "../compensations/types.ts";
import { EXERCISES, NO_SMR, NO_STATIC_STRETCH } from "../exercises/library.ts";
import type { Exercise } from "../exercises/types.ts";
import { CORRECTIVE_DOSES, type TimedOrCountedDose } from "../guidelines/component-doses.ts";
import type { GenerationContext } from "./context.ts";
import { along } from "./doses.ts";
import { prescribe } from "./prescribe.ts";
import type { PlannedExercise } from "./session-plan.ts";

type TreatingStage = Exclude<CorrectiveStage, "integrate">;

interface Stage {
  readonly stage: TreatingStage;
  readonly fits: (exercise: Exercise) => boolean;
  /** Muscles this stage must not treat this way, with why (contraindicated or no such technique). */
  readonly excluded: ReadonlyMap<string, string>;
  readonly verb: string;
}

const STAGES: readonly Stage[] = [
  {
    stage: "inhibit",
    fits: (e) => e.flexibilityType === "self-myofascial-release",
    excluded: NO_SMR,
    verb: "Inhibits (SMR)",
  },
  {
    stage: "lengthen",
    fits: (e) => e.flexibilityType === "static",
    excluded: NO_STATIC_STRETCH,
    verb: "Lengthens (static stretch)",
  },
  // Isolated strengthening first (opt-exercises §5.1): an integrated exercise activates only where none fits.
  { stage: "activate", fits: (e) => e.component !== "flexibility", excluded: new Map(), verb: "Activates" },
];

/** Corrective rest: stabilization-level work, inside Phase 1's 0–90 s. */
const CORRECTIVE_REST_SECONDS = 30;

/** The cool-down repeats the first few of the warm-up's stretches on the same muscles (opt-exercises §7.2). */
const COOL_DOWN_STRETCHES = 3;

/** The warm-up's corrective work while compensations are active: inhibit, lengthen, then activate. */
export function correctiveWarmUp(context: GenerationContext): PlannedExercise[] {
  const protocol = context.profile.protocol;
  if (!protocol) return [];
  const muscles = { inhibit: protocol.inhibit, lengthen: protocol.lengthen, activate: protocol.activate };
  return STAGES.flatMap((stage) => treat(context, stage, muscles[stage.stage]));
}

/** The warm-up's first static stretches, again after the session. */
export function correctiveCoolDown(warmUp: readonly PlannedExercise[]): PlannedExercise[] {
  return warmUp
    .filter((exercise) => exercise.corrective === "lengthen")
    .slice(0, COOL_DOWN_STRETCHES)
    .map((exercise) => ({
      ...exercise,
      why: exercise.why.replace(/^Lengthens/, "Lengthens again after the session"),
    }));
}

/** Integration: one integrated, multi-joint exercise for each movement pattern the protocol names. */
export function integrationWork(context: GenerationContext): PlannedExercise[] {
  const protocol = context.profile.protocol;
  if (!protocol) return [];
  return protocol.integrate.flatMap((pattern) => {
    const candidates = EXERCISES.filter((e) => e.integrates?.includes(pattern));
    const options = context.options(candidates, "resistance", `integrate the ${pattern} pattern`);
    if (options.length === 0) return [];
    const causes = findingsNaming(context.profile.findings, (f) =>
      (catalogueEntry(f.assessment, f.compensation)?.patterns ?? []).includes(pattern),
    );
    return [
      prescribe(context.choose(`integrate:${pattern}`).pick(options), {
        ...correctiveDose(CORRECTIVE_DOSES.integrate, context.progress),
        corrective: "integrate",
        targets: [pattern],
        why: `Integrates the ${pattern} pattern of the corrective protocol (${causes}).`,
      }),
    ];
  });
}

/** A muscle needed on the left and on the right is treated on both sides at once. */
function bySide(muscles: readonly MuscleOnSide[]): MuscleOnSide[] {
  const sides = Map.groupBy(muscles, (m) => m.muscle);
  return [...sides].map(([muscle, onSides]) => {
    const both = onSides.some((m) => m.side === "bilateral") || new Set(onSides.map((m) => m.side)).size > 1;
    return { muscle, side: both ? "bilateral" : (onSides[0] as MuscleOnSide).side };
  });
}

/**
 * The fewest exercises that treat every muscle of a stage: repeatedly the exercise covering most of the
 * muscles still untreated on a side (the seed breaks ties; isolation exercises win for activation).
 */
function treat(
  context: GenerationContext,
  stage: Stage,
  muscles: readonly MuscleOnSide[],
): PlannedExercise[] {
  const untreated: MuscleOnSide[] = [];
  for (const { muscle, side } of bySide(muscles)) {
    const need = `${stage.stage} the ${muscle} (${side})`;
    const excluded = stage.excluded.get(muscle);
    if (excluded) context.gaps.push({ block: "warm-up", need, reason: excluded });
    else if (context.options(fitting(stage, muscle), "warm-up", need).length > 0)
      untreated.push({ muscle, side });
  }
  const planned: PlannedExercise[] = [];
  const chooser = context.choose(`warm-up:${stage.stage}`);
  while (untreated.length > 0) {
    const side = (untreated[0] as MuscleOnSide).side;
    const onSide = untreated.filter((m) => m.side === side).map((m) => m.muscle);
    const reach = (e: Exercise) => onSide.filter((muscle) => e.muscles?.includes(muscle)).length;
    const options = [...new Set(onSide.flatMap((muscle) => fitting(stage, muscle)))].filter(
      context.available,
    );
    const preferred =
      stage.stage === "activate" && options.some(isolated) ? options.filter(isolated) : options;
    const most = Math.max(...preferred.map(reach));
    const exercise = chooser.pick(preferred.filter((e) => reach(e) === most));
    const targets = onSide.filter((muscle) => exercise.muscles?.includes(muscle));
    for (const muscle of targets)
      untreated.splice(
        untreated.findIndex((m) => m.muscle === muscle && m.side === side),
        1,
      );
    planned.push(
      prescribe(exercise, {
        ...correctiveDose(CORRECTIVE_DOSES[stage.stage], context.progress),
        corrective: stage.stage,
        targets,
        side,
        why: `${stage.verb} the ${describe(targets, side, stage.stage, context.profile.findings)}.`,
      }),
    );
  }
  return planned;
}

const fitting = (stage: Stage, muscle: string) =>
  EXERCISES.filter((e) => stage.fits(e) && e.muscles?.includes(muscle));
const isolated = (e: Exercise) => e.pattern === "isolation";

function correctiveDose(dose: TimedOrCountedDose, progress: number) {
  if (dose.durationSeconds)
    return { sets: dose.sets.min, durationSeconds: dose.durationSeconds.min, restSeconds: 0 };
  return {
    sets: along(dose.sets, progress),
    ...(dose.reps ? { reps: along(dose.reps, progress) } : {}),
    ...(dose.tempo ? { tempo: dose.tempo } : {}),
    restSeconds: CORRECTIVE_REST_SECONDS,
  };
}

/** "overactive adductor complex (left): knees move inward (overhead squat)". */
function describe(
  targets: readonly string[],
  side: Side,
  stage: TreatingStage,
  findings: readonly ActiveFinding[],
) {
  const activity = stage === "activate" ? "underactive" : "overactive";
  const causes = findingsNaming(findings, (finding) => {
    const muscles = musclesFor(finding.assessment, finding);
    const listed = activity === "overactive" ? muscles.overactive : muscles.underactive;
    return listed.some((m) => (side === "bilateral" || m.side === side) && targets.includes(m.muscle));
  });
  return `${activity} ${targets.join(", ")} (${side}): ${causes}`;
}

function findingsNaming(
  findings: readonly ActiveFinding[],
  names: (finding: ActiveFinding) => boolean,
): string {
  const named = findings
    .filter(names)
    .map((f) => `${f.compensation.replaceAll("-", " ")} (${f.assessment.replaceAll("-", " ")})`);
  return [...new Set(named)].join("; ") || "the corrective protocol";
}
