import { guidelineFor } from "../guidelines/catalogue.ts";
import type { GuidelineVersion } from "../guidelines/types.ts";
import { isHighIntensity, type Phase } from "../phases.ts";
import type { ProgramSettings } from "../settings.ts";
import type { Instant } from "../time.ts";
import type {
  CycleBackPhase,
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
  readonly muscularEndurance?: boolean;
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
      ...(plan.muscularEndurance ? { muscularEndurance: true } : {}),
    },
  };
}

export const CYCLE_BACK_RULES: Readonly<Record<CycleBackReason, string>> = {
  layoff: "layoff-cycles-back",
  "returning-compensations": "returning-compensations-cycle-back",
  "end-of-high-intensity-block": "high-intensity-block-ends",
};

/**
 * Where the end of a Phase 4 or 5 block leads: Phase 1 (the recovery phase between high-intensity periods,
 * opt-reference §5.5) unless the tenant's `highIntensityCycleBackPhase` says Phase 2 — and then only while
 * Phase 2 is on the client's path and no compensations are active, which Phase 1 would otherwise address.
 */
export function highIntensityCycleBackPhase(state: ClientState, settings: ProgramSettings): CycleBackPhase {
  const phase2Fits = state.path.includes(2) && state.correctiveProtocol === null;
  return settings.highIntensityCycleBackPhase === 2 && phase2Fits ? 2 : 1;
}

/**
 * Cycling back is always two facts: why, then the new block — Phase 1, except where the end of a
 * high-intensity block goes by the tenant's setting (layoffs and returning compensations always go to 1).
 */
export function cycleBack(
  state: ClientState,
  settings: ProgramSettings,
  fromPhase: Phase,
  at: Instant,
  reason: CycleBackReason,
  explanation: string,
): [CycleBackTriggered, PhaseStarted] {
  const toPhase: CycleBackPhase =
    reason === "end-of-high-intensity-block" ? highIntensityCycleBackPhase(state, settings) : 1;
  return [
    {
      type: "CycleBackTriggered",
      occurredAt: at,
      data: { fromPhase, toPhase, reason, rule: CYCLE_BACK_RULES[reason], explanation },
    },
    phaseStarted(state, settings, toPhase, at, "cycle-back"),
  ];
}
