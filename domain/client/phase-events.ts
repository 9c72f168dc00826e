import { guidelineFor } from "../guidelines/catalogue.ts";
import type { GuidelineVersion } from "../guidelines/types.ts";
import { isHighIntensity, type Phase } from "../phases.ts";
import type { ProgramSettings } from "../settings.ts";
import type { Instant } from "../time.ts";
import type {
  CycleBackReason,
  CycleBackTriggered,
  PhaseStarted,
  PhaseStartReason,
  RuleOverride,
} from "./events.ts";
import type { ClientState } from "./state.ts";

interface BlockPlan {
  readonly plannedWeeks?: number;
  readonly sessionsPerWeek?: number;
  readonly overrides?: RuleOverride[];
}

/** A new block: planned weeks and weekly frequency default from the settings and the pinned guideline. */
export function phaseStarted(
  state: ClientState,
  settings: ProgramSettings,
  phase: Phase,
  at: Instant,
  reason: PhaseStartReason,
  plan: BlockPlan = {},
): PhaseStarted {
  const guidelineVersion: GuidelineVersion = state.guidelineVersion ?? settings.guidelineVersion;
  const defaultWeeks = isHighIntensity(phase) ? settings.highIntensityBlockWeeks : settings.defaultBlockWeeks;
  return {
    type: "PhaseStarted",
    occurredAt: at,
    data: {
      phase,
      plannedWeeks: plan.plannedWeeks ?? defaultWeeks,
      sessionsPerWeek: plan.sessionsPerWeek ?? guidelineFor(guidelineVersion, phase).frequencyPerWeek.min,
      guidelineVersion,
      reason,
      overrides: plan.overrides ?? [],
    },
  };
}

export const CYCLE_BACK_RULES: Readonly<Record<CycleBackReason, string>> = {
  layoff: "layoff-cycles-back",
  "returning-compensations": "returning-compensations-cycle-back",
  "end-of-high-intensity-block": "high-intensity-block-ends",
};

/** Cycling back is always two facts: why, then the new Phase 1 block. */
export function cycleBack(
  state: ClientState,
  settings: ProgramSettings,
  fromPhase: Phase,
  at: Instant,
  reason: CycleBackReason,
  explanation: string,
): [CycleBackTriggered, PhaseStarted] {
  return [
    {
      type: "CycleBackTriggered",
      occurredAt: at,
      data: { fromPhase, toPhase: 1, reason, rule: CYCLE_BACK_RULES[reason], explanation },
    },
    phaseStarted(state, settings, 1, at, "cycle-back"),
  ];
}
