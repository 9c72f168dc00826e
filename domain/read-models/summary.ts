import type { ActiveFinding } from "../client/events.ts";
import type { Erasure } from "../client/personal-data.ts";
import { nextReassessmentDue } from "../client/reassessment.ts";
import { activeFindings, type ClientState } from "../client/state.ts";
import type { CorrectiveProtocol } from "../compensations/types.ts";
import type { Goal } from "../goals.ts";
import type { Phase } from "../phases.ts";
import { planPositionAt } from "../program/plan-position.ts";
import type { ProgramSettings } from "../settings.ts";
import { type Instant, weeksBetween } from "../time.ts";
import { nextBlock } from "./plan-view.ts";

export interface ClientSummary {
  clientId: string;
  name: string;
  locationId: string;
  trainerId: string | null;
  status: "active" | "referred";
  goal: Goal | null;
  path: Phase[];
  currentPhase: Phase | null;
  phaseStartedAt: Instant | null;
  plannedWeeks: number | null;
  /** 1-based week of the current block as of the read. */
  weekInPhase: number | null;
  sessionsInPhase: number;
  activeCompensations: ActiveFinding[];
  correctiveProtocol: CorrectiveProtocol | null;
  lastSessionAt: Instant | null;
  recommendation: { fromPhase: Phase; toPhase: Phase; at: Instant } | null;
  lastCycleBack: { at: Instant; reason: string } | null;
  /** The latest movement assessment + `reassessEveryWeeks`; with none, the block's start (due now); no block, null. */
  nextReassessmentDue: Instant | null;
  /** The most recently stored session plan and whether a session has performed it. */
  lastPlan: {
    planId: string;
    plannedFor: Instant;
    phase: Phase;
    performed: boolean;
    sessionId: string | null;
  } | null;
  /** The periodized plan's phase on the day (null without a plan, or outside it). */
  plannedPhase: Phase | null;
  /** The ISO date the plan's next block starts (null without a plan, or in its last block). */
  nextBlockDue: string | null;
  /** When and why the client's personal data was erased (its name then reads as ERASED); null if held. */
  erasure: Erasure | null;
}

/** The client summary read model: a view of the folded state as of an instant the caller supplies. */
export function clientSummary(
  state: ClientState,
  asOf: Instant,
  settings: ProgramSettings,
): ClientSummary | null {
  if (
    state.status === "unregistered" ||
    state.clientId === null ||
    state.name === null ||
    state.locationId === null
  ) {
    return null;
  }
  const block = state.block;
  const recommendation =
    state.latestRecommendation && block?.advanceRecommended === state.latestRecommendation.toPhase
      ? state.latestRecommendation
      : null;
  return {
    clientId: state.clientId,
    name: state.name,
    locationId: state.locationId,
    trainerId: state.trainerId,
    status: state.status,
    goal: state.goal,
    path: [...state.path],
    currentPhase: block?.phase ?? null,
    phaseStartedAt: block?.startedAt ?? null,
    plannedWeeks: block?.plannedWeeks ?? null,
    weekInPhase: block ? Math.max(1, Math.floor(weeksBetween(block.startedAt, asOf)) + 1) : null,
    sessionsInPhase: block?.sessions ?? 0,
    activeCompensations: activeFindings(state),
    correctiveProtocol: state.correctiveProtocol,
    lastSessionAt: state.lastSessionAt,
    recommendation: recommendation && { ...recommendation },
    lastCycleBack: state.lastCycleBack && { ...state.lastCycleBack },
    nextReassessmentDue: nextReassessmentDue(state, settings),
    lastPlan: lastPlan(state),
    plannedPhase: state.plan ? (planPositionAt(state.plan, asOf)?.block.phase ?? null) : null,
    nextBlockDue: state.plan ? (nextBlock(state.plan.blocks, asOf)?.startsOn ?? null) : null,
    erasure: state.erasure && { ...state.erasure },
  };
}

function lastPlan(state: ClientState): ClientSummary["lastPlan"] {
  const plan = state.lastPlan;
  if (!plan) return null;
  const { planId, plannedFor, phase, performedBySessionId } = plan;
  return {
    planId,
    plannedFor,
    phase,
    performed: performedBySessionId !== null,
    sessionId: performedBySessionId,
  };
}
