import type { ExerciseComponent } from "../exercises/types.ts";
import type { ComponentPrescription } from "../guidelines/types.ts";
import type { GenerationContext } from "./context.ts";
import { along } from "./doses.ts";
import { rungForWeek, startingLadders } from "./ladders.ts";
import { pickDistinct } from "./pick.ts";
import { prescribe } from "./prescribe.ts";
import type { PlannedExercise } from "./session-plan.ts";

type Skill = "core" | "balance" | "reactive" | "saq";

/** How many exercises of each component a session holds (CPT7 allows 1–4; a 60-minute session, fewer). */
const COUNT: Readonly<Record<Skill, { stabilization: number; strength: number; power: number }>> = {
  core: { stabilization: 2, strength: 2, power: 1 },
  balance: { stabilization: 1, strength: 1, power: 1 },
  reactive: { stabilization: 1, strength: 1, power: 2 },
  saq: { stabilization: 2, strength: 2, power: 2 },
};

/** Core and balance rest 0–60 s (gizmo.ai 5886062); plyometric and SAQ drills 60–120 s (opt-exercises §3.3). */
const REST_SECONDS: Readonly<Record<Skill, number>> = { core: 30, balance: 30, reactive: 60, saq: 60 };

/** Held core and balance work (planks, single-leg stands) is prescribed as a hold, not reps. */
const HOLD_SECONDS = { min: 20, max: 45 };

/** Lower-body compensations make landings unsafe: reactive work waits until they are corrected. */
const LOWER_BODY_ASSESSMENTS = new Set(["overhead-squat", "single-leg-squat"]);

/** One of the core, balance, reactive and SAQ blocks, or nothing when the phase and goal leave it out. */
export function skillWork(context: GenerationContext, skill: Skill): PlannedExercise[] {
  const prescription = context.guideline[skill];
  const { goal, phase, findings } = context.profile;
  const athlete = goal === "power";
  if (prescription.optional && !athlete) return [];
  if (skill === "reactive" && findings.some((f) => LOWER_BODY_ASSESSMENTS.has(f.assessment))) {
    context.gaps.push({
      block: "reactive",
      need: "reactive training",
      reason: "landings wait until the lower-body compensations are corrected",
    });
    return [];
  }
  const pool = context.atLevel(skill as ExerciseComponent);
  if (pool.length === 0) {
    context.gaps.push({ block: skill, need: `${skill} training`, reason: "needs equipment not available" });
    return [];
  }
  const count = COUNT[skill][context.guideline.level];
  const chooser = context.choose(skill);
  // Phase 1 climbs the proprioceptive ladder a rung a week; later phases choose among equals.
  const climbing = context.guideline.level === "stabilization" && skill !== "saq";
  const exercises = climbing
    ? pickDistinct(chooser, startingLadders(pool), count).map((ladder) =>
        rungForWeek(ladder, context.profile.weekOfBlock),
      )
    : pickDistinct(chooser, pool, count);
  const included = prescription.optional ? " (optional; included for a power goal)" : "";
  return exercises.map((exercise) =>
    prescribe(exercise, {
      ...skillDose(
        prescription,
        exercise.timed === true && (skill === "core" || skill === "balance"),
        context.progress,
      ),
      restSeconds: REST_SECONDS[skill],
      why: climbing
        ? `Phase 1 ${skill}: rung ${exercise.stability} of its stability ladder in week ${context.profile.weekOfBlock}, progressing by proprioceptive demand rather than load.`
        : `Phase ${phase} ${skill}: ${exercise.levels.join("/")}-level work for the phase's ${prescription.focus} focus${included}.`,
    }),
  );
}

function skillDose(prescription: ComponentPrescription, held: boolean, progress: number) {
  const sets = along(prescription.sets ?? { min: 2, max: 2 }, progress);
  if (held) return { sets, durationSeconds: along(HOLD_SECONDS, progress) };
  return {
    sets,
    reps: along(prescription.reps ?? { min: 8, max: 12 }, progress),
    ...(prescription.tempo ? { tempo: prescription.tempo } : {}),
  };
}
