import {
  type AssessmentProtocol,
  type CorrectiveProtocol,
  MOVEMENT_ASSESSMENTS,
  type MovementAssessment,
} from "../compensations/types.ts";
import type { Goal } from "../goals.ts";
import type { GuidelineVersion } from "../guidelines/types.ts";
import type { Phase } from "../phases.ts";
import type { ExplainedPlanBlock, Periodization, PlanBlock as PlannedBlock } from "../program/plan-types.ts";
import { type Instant, isBefore, latest } from "../time.ts";
import type { ActiveFinding, ClientEvent, CycleBackReason, OneRepMax, PhaseStartReason } from "./events.ts";
import { ERASED, type Erasure, isErased } from "./personal-data.ts";

export interface PhaseBlock {
  readonly phase: Phase;
  readonly startedAt: Instant;
  readonly plannedWeeks: number;
  readonly sessionsPerWeek: number;
  readonly guidelineVersion: GuidelineVersion;
  readonly reason: PhaseStartReason;
  readonly sessions: number;
  readonly advanceRecommended: Phase | null;
  /** Phase 3's 12–20-rep option for extra muscular endurance. */
  readonly muscularEndurance: boolean;
}

/**
 * The client's current periodized plan, compactly: the blocks without their explanations or undulating days
 * (both derivable), since the state is the snapshot written with every command.
 */
export interface CurrentPlan {
  readonly planId: string;
  readonly startsOn: string;
  readonly weeks: number;
  readonly periodization: Periodization;
  readonly sessionsPerWeek: number;
  readonly blocks: readonly PlannedBlock[];
}

/** Findings of the latest assessment of one movement kind (a reassessment replaces them). */
interface LatestMovementAssessment {
  readonly performedAt: Instant;
  readonly protocolVersion: AssessmentProtocol;
  readonly findings: readonly ActiveFinding[];
}

export interface ClientState {
  readonly status: "unregistered" | "active" | "referred";
  readonly referredAt: Instant | null;
  readonly lastClearedAt: Instant | null;
  readonly clientId: string | null;
  readonly name: string | null;
  /** For age-predicted HRmax in generated sessions. */
  readonly dateOfBirth: string | null;
  readonly locationId: string | null;
  readonly trainerId: string | null;
  readonly guidelineVersion: GuidelineVersion | null;
  readonly goal: Goal | null;
  readonly path: readonly Phase[];
  readonly block: PhaseBlock | null;
  readonly movement: Partial<Record<MovementAssessment, LatestMovementAssessment>>;
  readonly correctiveProtocol: CorrectiveProtocol | null;
  readonly oneRepMaxes: Readonly<Record<string, OneRepMax & { readonly measuredAt: Instant }>>;
  /**
   * The most recent session and assessment ids: a repeat of one is a no-op, and the snapshot (so every
   * command's cost) stays independent of history. The store's uniqueness claims cover older repeats.
   */
  readonly recentSessionIds: readonly string[];
  readonly recentAssessmentIds: readonly string[];
  readonly lastSessionAt: Instant | null;
  readonly lastCycleBack: { readonly at: Instant; readonly reason: CycleBackReason } | null;
  readonly latestRecommendation: {
    readonly at: Instant;
    readonly fromPhase: Phase;
    readonly toPhase: Phase;
  } | null;
  /**
   * The latest stored session plan and the session that performed it. The plan itself stays in its
   * event: the store finds any plan by its id (a claim), so the snapshot does not grow with plans.
   */
  readonly lastPlan: {
    readonly planId: string;
    readonly plannedFor: Instant;
    readonly phase: Phase;
    readonly performedBySessionId: string | null;
  } | null;
  readonly plan: CurrentPlan | null;
  /** Set once the client's personal data is erased: name reads as ERASED, the date of birth is unknown. */
  readonly erasure: Erasure | null;
  /** The client's wearable account per provider (provider → external user id); null with none. */
  readonly wearables: Readonly<Record<string, string>> | null;
}

/** Bumped whenever ClientState's shape changes: snapshots of another version are rebuilt from events. */
export const STATE_SCHEMA_VERSION = 10;

/** 1RMs kept for intensity checks: the most recently measured exercises (bounds the snapshot). */
export const MAX_ONE_REP_MAXES = 100;

/** How many session and assessment ids the state remembers to recognise a repeat. */
export const RECENT_IDS = 20;

export const initialState: ClientState = {
  status: "unregistered",
  referredAt: null,
  lastClearedAt: null,
  clientId: null,
  name: null,
  dateOfBirth: null,
  locationId: null,
  trainerId: null,
  guidelineVersion: null,
  goal: null,
  path: [],
  block: null,
  movement: {},
  correctiveProtocol: null,
  oneRepMaxes: {},
  recentSessionIds: [],
  recentAssessmentIds: [],
  lastSessionAt: null,
  lastCycleBack: null,
  latestRecommendation: null,
  lastPlan: null,
  plan: null,
  erasure: null,
  wearables: null,
};

/** Exercise names are matched case- and space-insensitively (1RMs, compliance). */
export const exerciseKey = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, " ");

/** The client's known 1RM of an exercise named any of `names`; own keys only, whatever the name. */
export function oneRepMaxOf(
  state: Pick<ClientState, "oneRepMaxes">,
  ...names: string[]
): OneRepMax | undefined {
  for (const name of names) {
    const key = exerciseKey(name);
    if (Object.hasOwn(state.oneRepMaxes, key)) return state.oneRepMaxes[key];
  }
  return undefined;
}

export function activeFindings(state: ClientState): ActiveFinding[] {
  return MOVEMENT_ASSESSMENTS.flatMap((kind) => state.movement[kind]?.findings ?? []);
}

export function evolve(state: ClientState, event: ClientEvent): ClientState {
  switch (event.type) {
    case "ClientRegistered": {
      const { clientId, name, dateOfBirth, locationId, trainerId, guidelineVersion } = event.data;
      return {
        ...state,
        status: "active",
        clientId,
        name,
        // Read back after erasure it is the placeholder: no age can be derived from it.
        dateOfBirth: isErased(dateOfBirth) ? null : dateOfBirth,
        locationId,
        trainerId: trainerId ?? null,
        guidelineVersion,
      };
    }
    case "GoalSet":
      return { ...state, goal: event.data.goal, path: event.data.path };
    case "AssessmentRecorded":
      return recordAssessment(state, event.data, event.occurredAt);
    case "CorrectiveProtocolAssigned":
      return { ...state, correctiveProtocol: event.data.protocol };
    case "CorrectiveProtocolCleared":
      return { ...state, correctiveProtocol: null };
    case "PhaseStarted": {
      const { phase, plannedWeeks, sessionsPerWeek, guidelineVersion, reason } = event.data;
      const block: PhaseBlock = {
        phase,
        startedAt: event.occurredAt,
        plannedWeeks,
        sessionsPerWeek,
        guidelineVersion,
        reason,
        sessions: 0,
        advanceRecommended: null,
        muscularEndurance: event.data.muscularEndurance ?? false,
      };
      return { ...state, block };
    }
    case "SessionCompleted": {
      const { sessionId, planId } = event.data;
      return {
        ...state,
        block: state.block && { ...state.block, sessions: state.block.sessions + 1 },
        recentSessionIds: [...state.recentSessionIds, sessionId].slice(-RECENT_IDS),
        lastSessionAt: latest(state.lastSessionAt, event.occurredAt),
        lastPlan:
          // The first session to perform the plan stays its performer.
          state.lastPlan && state.lastPlan.planId === planId && state.lastPlan.performedBySessionId === null
            ? { ...state.lastPlan, performedBySessionId: sessionId }
            : state.lastPlan,
      };
    }
    case "SessionPlanned": {
      const { planId, plannedFor, plan } = event.data;
      return { ...state, lastPlan: { planId, plannedFor, phase: plan.phase, performedBySessionId: null } };
    }
    case "CycleBackTriggered":
      return { ...state, lastCycleBack: { at: event.occurredAt, reason: event.data.reason } };
    case "PhaseAdvanceRecommended": {
      const { fromPhase, toPhase } = event.data;
      return {
        ...state,
        block: state.block && { ...state.block, advanceRecommended: toPhase },
        latestRecommendation: { at: event.occurredAt, fromPhase, toPhase },
      };
    }
    case "ClientReferred":
      return { ...state, status: "referred", referredAt: event.occurredAt };
    case "ClientCleared":
      return { ...state, status: "active", lastClearedAt: event.occurredAt };
    case "PlanCreated": {
      const { planId, startsOn, weeks, periodization, sessionsPerWeek, blocks } = event.data;
      return {
        ...state,
        plan: { planId, startsOn, weeks, periodization, sessionsPerWeek, blocks: blocks.map(compactBlock) },
      };
    }
    case "PlanAdjusted":
      return state.plan
        ? { ...state, plan: { ...state.plan, blocks: event.data.blocks.map(compactBlock) } }
        : state;
    case "WearableLinked":
      return {
        ...state,
        wearables: { ...state.wearables, [event.data.provider]: event.data.externalUserId },
      };
    case "WearableUnlinked": {
      const { [event.data.provider]: _unlinked, ...rest } = state.wearables ?? {};
      return { ...state, wearables: Object.keys(rest).length > 0 ? rest : null };
    }
    case "PersonalDataErased":
      return {
        ...state,
        name: ERASED,
        dateOfBirth: null,
        erasure: { at: event.occurredAt, reason: event.data.reason },
      };
  }
}

const compactBlock = ({
  phase,
  startsOn,
  weeks,
  sessionsPerWeek,
  reason,
}: ExplainedPlanBlock): PlannedBlock => ({
  phase,
  startsOn,
  weeks,
  sessionsPerWeek,
  reason,
});

function recordAssessment(
  state: ClientState,
  data: Extract<ClientEvent, { type: "AssessmentRecorded" }>["data"],
  performedAt: Instant,
): ClientState {
  const recentAssessmentIds = [...state.recentAssessmentIds, data.assessmentId].slice(-RECENT_IDS);
  // Null-prototype: an exercise named "__proto__" or "constructor" is data, not a key of Object.prototype.
  const oneRepMaxes: Record<string, OneRepMax & { readonly measuredAt: Instant }> = Object.assign(
    Object.create(null),
    state.oneRepMaxes,
  );
  for (const max of data.oneRepMaxes ?? []) {
    const key = exerciseKey(max.exercise);
    // A back-dated measurement does not replace a newer one.
    const known = Object.hasOwn(oneRepMaxes, key) ? oneRepMaxes[key] : undefined;
    if (known && isBefore(performedAt, known.measuredAt)) continue;
    // Re-inserted so the most recently measured exercises survive the cap.
    delete oneRepMaxes[key];
    oneRepMaxes[key] = { ...max, measuredAt: performedAt };
  }
  for (const stale of Object.keys(oneRepMaxes).slice(0, -MAX_ONE_REP_MAXES)) delete oneRepMaxes[stale];
  const kind = data.kind;
  if (!isMovementAssessment(kind) || data.pain) return { ...state, recentAssessmentIds, oneRepMaxes };
  const previous = state.movement[kind];
  // A back-dated reassessment does not replace a newer one of the same kind.
  if (previous && isBefore(performedAt, previous.performedAt))
    return { ...state, recentAssessmentIds, oneRepMaxes };
  const findings = data.findings.map((finding) => ({ assessment: kind, ...finding }));
  return {
    ...state,
    recentAssessmentIds,
    oneRepMaxes,
    movement: { ...state.movement, [kind]: { performedAt, protocolVersion: data.protocolVersion, findings } },
  };
}

export const isMovementAssessment = (kind: string): kind is MovementAssessment =>
  (MOVEMENT_ASSESSMENTS as readonly string[]).includes(kind);

export const fold = (events: readonly ClientEvent[], from: ClientState = initialState): ClientState =>
  events.reduce(evolve, from);
