import { EXERCISES } from "../exercises/library.ts";
import type { HeartRateZoneNumber } from "../formulas.ts";
import { CARDIO_STAGES } from "../guidelines/component-doses.ts";
import type { GenerationContext } from "./context.ts";
import { along } from "./doses.ts";
import { landingsWaitFor } from "./landings.ts";
import { prescribe } from "./prescribe.ts";
import type { CardioInterval, PlannedExercise, SessionPlan } from "./session-plan.ts";

const MINUTE = 60;
const WARM_UP: CardioInterval = { zone: 1, seconds: 5 * MINUTE };
const ROUNDS = 3;

/**
 * Cardio by the phase's stage (opt-reference §6): Stage I steady zone 1, building over the block; Stage II
 * zone-2 bouts whose zone-1 recoveries shrink 1:3 → 1:2 → 1:1; Stage III builds to zone-3 bouts of 30–60 s.
 */
function intervalsFor(stage: 1 | 2 | 3, progress: number): CardioInterval[] {
  if (stage === 1) return [{ zone: 1, seconds: along({ min: 15, max: 30 }, progress) * MINUTE }];
  const rounds = (round: CardioInterval[]) => Array.from({ length: ROUNDS }, () => round).flat();
  if (stage === 2) {
    const recovery = [3, 2, 1][Math.min(2, Math.floor(progress * 3))] as number;
    return [
      WARM_UP,
      ...rounds([
        { zone: 2, seconds: MINUTE },
        { zone: 1, seconds: recovery * MINUTE },
      ]),
    ];
  }
  const peak = along({ min: 30, max: 60 }, progress);
  return [
    WARM_UP,
    ...rounds([
      { zone: 2, seconds: 2 * MINUTE },
      { zone: 3, seconds: peak },
      { zone: 1, seconds: MINUTE },
    ]),
  ];
}

export function cardioWork(
  context: GenerationContext,
  heartRate: SessionPlan["heartRate"],
): PlannedExercise[] {
  // Repeated landings wait, like reactive work, while a lower-body compensation is active.
  const landing = landingsWaitFor(context.profile.findings);
  const candidates = EXERCISES.filter((e) => e.component === "cardio" && !(landing && e.highImpact));
  const options = context.options(candidates, "cardio", "a cardio modality");
  if (options.length === 0) return [];
  const stage = context.guideline.cardioStage;
  const exercise = context.choose("cardio").pick(options);
  const bpm = (zone: HeartRateZoneNumber) => heartRate?.zones.find((z) => z.zone === zone);
  const intervals = intervalsFor(stage, context.progress).map((interval) => {
    const zone = bpm(interval.zone);
    return zone ? { ...interval, minBpm: zone.minBpm, maxBpm: zone.maxBpm } : interval;
  });
  const zonesFrom = heartRate
    ? `zones from an HRmax of ${heartRate.maxBpm} bpm (${heartRate.method}, age-predicted)`
    : "zones by talk test or RPE (no date of birth for HRmax)";
  return [
    prescribe(exercise, {
      sets: 1,
      durationSeconds: intervals.reduce((total, interval) => total + interval.seconds, 0),
      restSeconds: 0,
      intervals,
      why: `Stage ${stage} cardio for Phase ${context.profile.phase}: ${CARDIO_STAGES[stage].structure}; ${zonesFrom}.`,
    }),
  ];
}
