import { HELD_SECONDS } from "../guidelines/component-doses.ts";
import type { ComponentPrescription } from "../guidelines/types.ts";
import type { GenerationContext } from "./context.ts";
import { along } from "./doses.ts";
import { laddersIn, rungForWeek, startingLadders } from "./ladders.ts";
import { landingsWaitFor } from "./landings.ts";
import { prescribe } from "./prescribe.ts";
import { pickDistinct } from "./seeded-choice.ts";
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

/** One of the core, balance, reactive and SAQ blocks, or nothing when the phase and goal leave it out. */
export function skillWork(context: GenerationContext, skill: Skill): PlannedExercise[] {
  const prescription = context.guideline[skill];
  const { goal, phase, findings, weekOfBlock } = context.profile;
  if (prescription.optional && goal !== "power") return [];
  const landing = landingsWaitFor(findings);
  if (skill === "reactive" && landing) {
    context.gaps.push({
      block: "reactive",
      need: "reactive training",
      reason: `landings wait until lower-body compensations are corrected: ${landing}`,
    });
    return [];
  }
  const candidates = context.atLevel(skill);
  const options = context.options(candidates, skill, `${skill} training`);
  if (options.length === 0) return [];
  const count = COUNT[skill][context.guideline.level];
  const chooser = context.choose(skill);
  // Phase 1 climbs the proprioceptive ladder a rung a week; later phases choose among equals.
  const climbing = context.guideline.level === "stabilization" && skill !== "saq";
  const exercises = climbing
    ? pickDistinct(chooser, startingLadders(laddersIn(candidates, context.available)), count).map((ladder) =>
        rungForWeek(ladder, weekOfBlock),
      )
    : pickDistinct(chooser, options, count);
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
        ? `Phase 1 ${skill}: rung ${exercise.stability} of its stability ladder in week ${weekOfBlock}, progressing by proprioceptive demand rather than load.`
        : `Phase ${phase} ${skill}: ${exercise.levels.join("/")}-level work for the phase's ${prescription.focus} focus${included}.`,
    }),
  );
}

function skillDose(prescription: ComponentPrescription, held: boolean, progress: number) {
  const { sets, reps, tempo } = prescription;
  const setCount = sets ? along(sets, progress) : 2;
  if (held) return { sets: setCount, durationSeconds: along(HELD_SECONDS, progress) };
  return {
    sets: setCount,
    ...(reps ? { reps: along(reps, progress) } : {}),
    ...(tempo ? { tempo } : {}),
  };
}
