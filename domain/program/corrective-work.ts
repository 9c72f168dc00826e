import type { ActiveFinding } from "../client/events.ts";
import { catalogueEntry, musclesFor } from "../compensations/catalogue.ts";
import type { CorrectiveStage, MuscleOnSide, Side } from "../compensations/types.ts";
import { EXERCISES, NO_SMR, NO_STATIC_STRETCH } from "../exercises/library.ts";
import type { Exercise } from "../exercises/types.ts";
import { CORRECTIVE_DOSES } from "../guidelines/component-doses.ts";
import { type GenerationContext, missingEquipment } from "./context.ts";
import { along } from "./doses.ts";
import { prescribe } from "./prescribe.ts";
import type { PlanBlockComponent, PlannedExercise } from "./session-plan.ts";

const NONE: ReadonlyMap<string, string> = new Map();

const isSmr = (e: Exercise) => e.flexibilityType === "self-myofascial-release";
const isStatic = (e: Exercise) => e.flexibilityType === "static";
const isActivation = (e: Exercise) => e.component !== "flexibility";

interface Stage {
  readonly stage: Exclude<CorrectiveStage, "integrate">;
  readonly fits: (exercise: Exercise) => boolean;
  /** Muscles this stage must not treat this way, with why (contraindicated or no such technique). */
  readonly excluded: ReadonlyMap<string, string>;
  readonly verb: string;
}

const INHIBIT: Stage = { stage: "inhibit", fits: isSmr, excluded: NO_SMR, verb: "Inhibits (SMR)" };
const LENGTHEN: Stage = {
  stage: "lengthen",
  fits: isStatic,
  excluded: NO_STATIC_STRETCH,
  verb: "Lengthens (static stretch)",
};
const ACTIVATE: Stage = { stage: "activate", fits: isActivation, excluded: NONE, verb: "Activates" };

/** The warm-up's corrective work while compensations are active: inhibit, lengthen, then activate. */
export function correctiveWarmUp(context: GenerationContext): PlannedExercise[] {
  const protocol = context.profile.protocol;
  if (!protocol) return [];
  return [
    ...treat(context, INHIBIT, protocol.inhibit, "warm-up"),
    ...treat(context, LENGTHEN, protocol.lengthen, "warm-up"),
    ...treat(context, ACTIVATE, protocol.activate, "warm-up"),
  ];
}

/** The cool-down lengthens the same overactive muscles again (opt-exercises §7.2). */
export function correctiveCoolDown(context: GenerationContext): PlannedExercise[] {
  const protocol = context.profile.protocol;
  return protocol ? treat(context, LENGTHEN, protocol.lengthen, "cool-down") : [];
}

/** Integration: one integrated, multi-joint exercise for each movement pattern the protocol names. */
export function integrationWork(context: GenerationContext): PlannedExercise[] {
  const protocol = context.profile.protocol;
  if (!protocol) return [];
  const dose = CORRECTIVE_DOSES.integrate;
  return protocol.integrate.flatMap((pattern) => {
    const candidates = EXERCISES.filter((e) => e.integrates?.includes(pattern));
    const options = candidates.filter(context.available);
    if (options.length === 0) {
      context.gaps.push({
        block: "resistance",
        need: `integrate the ${pattern} pattern`,
        reason: missingEquipment(context, candidates),
      });
      return [];
    }
    const exercise = context.choose(`integrate:${pattern}`).pick(options);
    const compensations = findingsNaming(context.profile.findings, (finding) =>
      integratedPatterns(finding).includes(pattern),
    );
    return [
      prescribe(exercise, {
        sets: along(dose.sets, context.progress),
        reps: along(dose.reps ?? { min: 10, max: 15 }, context.progress),
        ...(dose.tempo ? { tempo: dose.tempo } : {}),
        restSeconds: CORRECTIVE_REST_SECONDS,
        corrective: "integrate",
        targets: [pattern],
        why: `Integrates the ${pattern} pattern of the corrective protocol (${compensations}).`,
      }),
    ];
  });
}

/** Corrective work is stabilization-level work: a short rest inside Phase 1's 0–90 s. */
const CORRECTIVE_REST_SECONDS = 30;

function treat(
  context: GenerationContext,
  stage: Stage,
  muscles: readonly MuscleOnSide[],
  block: PlanBlockComponent,
): PlannedExercise[] {
  const chosen = new Map<string, { exercise: Exercise; side: Side; targets: string[] }>();
  for (const { muscle, side } of muscles) {
    const excluded = stage.excluded.get(muscle);
    if (excluded) {
      context.gaps.push({ block, need: `${stage.stage} the ${muscle} (${side})`, reason: excluded });
      continue;
    }
    const candidates = EXERCISES.filter((e) => stage.fits(e) && e.muscles?.includes(muscle));
    const options = candidates.filter(context.available);
    if (options.length === 0) {
      context.gaps.push({
        block,
        need: `${stage.stage} the ${muscle} (${side})`,
        reason: missingEquipment(context, candidates),
      });
      continue;
    }
    // One exercise covers every muscle it can on a side (SMR of the calves: soleus and gastrocnemius).
    const reused = [...chosen.values()].find((c) => c.side === side && options.includes(c.exercise));
    if (reused) {
      reused.targets.push(muscle);
      continue;
    }
    const exercise = context.choose(`${block}:${stage.stage}:${muscle}:${side}`).pick(options);
    chosen.set(`${exercise.id}|${side}`, { exercise, side, targets: [muscle] });
  }
  return [...chosen.values()].map(({ exercise, side, targets }) =>
    prescribe(exercise, {
      ...correctiveDose(stage.stage, context.progress),
      corrective: stage.stage,
      targets,
      side,
      why: `${stage.verb} the ${describe(targets, side, stage.stage, context.profile.findings)}.`,
    }),
  );
}

function correctiveDose(stage: Stage["stage"], progress: number) {
  const dose = CORRECTIVE_DOSES[stage];
  if (dose.durationSeconds) {
    return { sets: dose.sets.min, durationSeconds: dose.durationSeconds.min, restSeconds: 0 };
  }
  return {
    sets: along(dose.sets, progress),
    reps: along(dose.reps ?? { min: 10, max: 15 }, progress),
    ...(dose.tempo ? { tempo: dose.tempo } : {}),
    restSeconds: CORRECTIVE_REST_SECONDS,
  };
}

/** "overactive adductor complex (left): knees move inward (overhead squat)". */
function describe(
  targets: readonly string[],
  side: Side,
  stage: Stage["stage"],
  findings: readonly ActiveFinding[],
) {
  const activity = stage === "activate" ? "underactive" : "overactive";
  const causes = findingsNaming(findings, (finding) => {
    const muscles = musclesFor(finding.assessment, finding);
    const listed = activity === "overactive" ? muscles.overactive : muscles.underactive;
    return listed.some((m) => m.side === side && targets.includes(m.muscle));
  });
  return `${activity} ${targets.join(", ")} (${side}): ${causes}`;
}

const integratedPatterns = (finding: ActiveFinding): readonly string[] =>
  catalogueEntry(finding.assessment, finding.compensation)?.patterns ?? [];

function findingsNaming(
  findings: readonly ActiveFinding[],
  names: (finding: ActiveFinding) => boolean,
): string {
  const named = findings
    .filter(names)
    .map((f) => `${f.compensation.replaceAll("-", " ")} (${f.assessment.replaceAll("-", " ")})`);
  return [...new Set(named)].join("; ") || "the corrective protocol";
}
