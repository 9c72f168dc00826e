import { EXERCISE_LIBRARY_VERSION } from "../exercises/library.ts";
import type { Equipment } from "../exercises/types.ts";
import { cardioWork } from "./cardio-work.ts";
import { skillWork } from "./component-work.ts";
import { generationContext } from "./context.ts";
import { correctiveCoolDown, correctiveWarmUp, integrationWork } from "./corrective-work.ts";
import { generalCoolDown, generalWarmUp } from "./flexibility-work.ts";
import { clientHeartRate } from "./heart-rate.ts";
import type { ProgrammingProfile } from "./profile.ts";
import { resistanceWork } from "./resistance-work.ts";
import type { PlanBlock, SessionPlan } from "./session-plan.ts";

export interface GenerationOptions {
  /** The equipment at hand; body-weight exercises are always possible. */
  readonly equipment: readonly Equipment[];
  /** Varies the choice among equally good exercises; the same seed always gives the same plan. */
  readonly seed: number;
}

/**
 * The next session for a client: every OPT component in order, with acute variables inside the pinned
 * guideline's ranges, corrective work while compensations are active, Phase 1 progressing up the
 * proprioceptive ladders, and a `why` on every exercise. Pure: the same profile, equipment and seed give
 * the same plan.
 */
export function generateSession(profile: ProgrammingProfile, options: GenerationOptions): SessionPlan {
  const equipment = [...new Set(options.equipment)].sort();
  const context = generationContext(profile, equipment, options.seed);
  const heartRate = heartRateOf(profile);
  const corrective = correctiveWarmUp(context);
  const integration = integrationWork(context);
  context.reserve([...corrective, ...integration]);
  const blocks: PlanBlock[] = [
    { component: "warm-up", exercises: [...generalWarmUp(context), ...corrective] },
    { component: "core", exercises: skillWork(context, "core") },
    { component: "balance", exercises: skillWork(context, "balance") },
    { component: "reactive", exercises: skillWork(context, "reactive") },
    { component: "saq", exercises: skillWork(context, "saq") },
    { component: "resistance", exercises: resistanceWork(context, integration) },
    { component: "cardio", exercises: cardioWork(context, heartRate) },
    { component: "cool-down", exercises: [...correctiveCoolDown(corrective), ...generalCoolDown(context)] },
  ];
  return {
    libraryVersion: EXERCISE_LIBRARY_VERSION,
    guidelineVersion: profile.guidelineVersion,
    phase: profile.phase,
    phaseName: context.guideline.name,
    weekOfBlock: profile.weekOfBlock,
    goal: profile.goal,
    seed: options.seed,
    equipment,
    heartRate,
    blocks: blocks.filter((block) => block.exercises.length > 0),
    gaps: context.gaps,
  };
}

function heartRateOf(profile: ProgrammingProfile): SessionPlan["heartRate"] {
  const heartRate = clientHeartRate(profile.ageYears, profile.guidelineVersion);
  return (
    heartRate && {
      maxBpm: heartRate.bpm,
      method: heartRate.method,
      zones: heartRate.zones.map(({ zone, minBpm, maxBpm }) => ({ zone, minBpm, maxBpm })),
    }
  );
}
