import type {
  AssessmentKind,
  AssessmentProtocol,
  CorrectiveProtocol,
  Finding,
  MovementAssessment,
} from "../compensations/types.ts";
import type { ExerciseComponent } from "../exercises/types.ts";
import type { Goal } from "../goals.ts";
import type { GuidelineVersion } from "../guidelines/types.ts";
import type { Phase } from "../phases.ts";
import type { ExplainedPlanBlock, Periodization, PlanBlockReason } from "../program/plan-types.ts";
import type { SessionPlan } from "../program/session-plan.ts";
import type { Instant } from "../time.ts";
import type { ErasureReason } from "./personal-data.ts";

/** A fact about one client. `occurredAt` is business time: when it happened, not when it was stored. */
interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly occurredAt: Instant;
  readonly data: Data;
}

export type ClientRegistered = Event<
  "ClientRegistered",
  {
    clientId: string;
    name: string;
    dateOfBirth: string;
    locationId: string;
    trainerId?: string;
    guidelineVersion: GuidelineVersion;
  }
>;

export type GoalSet = Event<"GoalSet", { goal: Goal; path: Phase[] }>;

export interface OneRepMax {
  exercise: string;
  kg: number;
  method: "measured" | "epley" | "brzycki";
}

export type AssessmentRecorded = Event<
  "AssessmentRecorded",
  {
    assessmentId: string;
    kind: AssessmentKind;
    /** Reassessments compare only against results of the same protocol version. */
    protocolVersion: AssessmentProtocol;
    findings: Finding[];
    pain: boolean;
    measurements?: Record<string, number>;
    oneRepMaxes?: OneRepMax[];
    notes?: string;
  }
>;

export interface ActiveFinding {
  assessment: MovementAssessment;
  compensation: Finding["compensation"];
  side: Finding["side"];
  severity?: Finding["severity"];
}

export type CorrectiveProtocolAssigned = Event<
  "CorrectiveProtocolAssigned",
  { basedOnAssessmentId: string; compensations: ActiveFinding[]; protocol: CorrectiveProtocol }
>;

export type CorrectiveProtocolCleared = Event<"CorrectiveProtocolCleared", { basedOnAssessmentId: string }>;

export interface RuleOverride {
  rule: string;
  reason: string;
}

export type PhaseStartReason = "trainer-decision" | "cycle-back" | "cleared-after-referral";

export type PhaseStarted = Event<
  "PhaseStarted",
  {
    phase: Phase;
    plannedWeeks: number;
    sessionsPerWeek: number;
    guidelineVersion: GuidelineVersion;
    reason: PhaseStartReason;
    overrides: RuleOverride[];
    /** Phase 3's 12–20-rep option; present only when chosen (older events have none: false). */
    muscularEndurance?: boolean;
  }
>;

export interface LoggedSet {
  /** Counted work; held or timed work (stretches, holds, cardio) logs a duration instead. */
  reps?: number;
  durationSeconds?: number;
  loadKg?: number;
  tempo?: string;
  restSeconds?: number;
  /** Average heart rate over the set or bout (cardio zones). */
  heartRate?: number;
}

export interface LoggedExercise {
  name: string;
  /** The library exercise: its component, pattern and role make compliance exact. */
  exerciseId?: string;
  /** Every component is checked against its own prescription, never as resistance sets. */
  component?: ExerciseComponent;
  /** Exercises sharing a group form a superset, in the order logged (strength first). */
  supersetGroup?: string;
  sets: LoggedSet[];
}

export type ComplianceVariable =
  | "reps"
  | "sets"
  | "tempo"
  | "intensity"
  | "rest"
  | "superset"
  | "duration"
  | "zone";

export interface Deviation {
  exercise: string;
  /** 1-based set number, absent for exercise-level checks. */
  set?: number;
  variable: ComplianceVariable;
  expected: string;
  actual: string;
}

export interface Compliance {
  /** Share of checks that passed, 0–1; null when the session logged no resistance work. */
  score: number | null;
  checks: number;
  /** The first deviations, in order; the rest are only counted (keeps the event small). */
  deviations: Deviation[];
  omittedDeviations?: number;
}

/** How a performed session kept to its stored plan. */
export interface PlanAdherence {
  planId: string;
  prescribed: number;
  /** Prescribed exercises performed, missed, and replaced by another of the same component and pattern. */
  done: string[];
  missed: string[];
  substituted: { prescribed: string; performed: string }[];
  /** Performed exercises the plan did not hold (and that substitute for nothing). */
  added: string[];
  /** Sets and reps of each prescribed exercise performed, against the prescription. */
  volume: {
    exerciseId: string;
    prescribedSets: number;
    performedSets: number;
    prescribedReps?: number;
    performedReps?: number;
    prescribedSeconds?: number;
    performedSeconds?: number;
  }[];
  /** Share of prescribed exercises done or substituted, 0–1. */
  score: number;
}

export type SessionCompleted = Event<
  "SessionCompleted",
  {
    sessionId: string;
    planId?: string;
    phase: Phase;
    durationMinutes?: number;
    exercises: LoggedExercise[];
    avgHeartRate?: number;
    maxHeartRate?: number;
    rpe?: number;
    pain: boolean;
    compliance: Compliance;
    adherence?: PlanAdherence;
    /** Where a session reported by a wearable came from (absent for sessions a trainer logs). */
    source?: SessionSource;
    /** What the session's heart-rate data says against the client's HRmax (with a known HRmax). */
    heartRate?: SessionHeartRate;
  }
>;

export interface SessionSource {
  readonly provider: string;
  readonly externalSessionId: string;
  /** The provider's own label for the activity. */
  readonly activityType: string;
  readonly calories?: number;
}

/** Minutes of the session by heart-rate zone (%HRmax), from its samples. */
export interface MinutesInZones {
  readonly belowZone1: number;
  readonly zone1: number;
  readonly zone2: number;
  readonly zone3: number;
  readonly aboveZone3: number;
}

export interface SessionHeartRate {
  readonly hrMaxBpm: number;
  /** The zones the phase's cardio stage works in. */
  readonly prescribedZones: readonly (1 | 2 | 3)[];
  /** With heart-rate samples: time in each zone, and in the prescribed ones. */
  readonly samples?: number;
  readonly minutesInZones?: MinutesInZones;
  readonly minutesInPrescribedZones?: number;
  /**
   * A reported average above the client's HRmax is implausible (a loose strap, another wearer): it is
   * kept here for the record and not as the session's average.
   */
  readonly untrustedAverageBpm?: number;
}

export type WearableLinked = Event<"WearableLinked", { provider: string; externalUserId: string }>;

export type WearableUnlinked = Event<
  "WearableUnlinked",
  { provider: string; externalUserId: string; reason: WearableUnlinkReason }
>;

/** Unlinked by a trainer, replaced by another account of the same provider, or with the personal data. */
export type WearableUnlinkReason = "unlinked" | "relinked" | "personal-data-erased";

export type SessionPlanned = Event<
  "SessionPlanned",
  { planId: string; plannedFor: Instant; plan: SessionPlan }
>;

export type PlanCreated = Event<
  "PlanCreated",
  {
    planId: string;
    /** An ISO date: the plan's weeks count from it. */
    startsOn: string;
    weeks: number;
    periodization: Periodization;
    sessionsPerWeek: number;
    blocks: ExplainedPlanBlock[];
  }
>;

/** The plan followed the client's journey: blocks lived are kept, the rest rebuilt from the week of `at`. */
export type PlanAdjusted = Event<
  "PlanAdjusted",
  { planId: string; at: Instant; reason: PlanBlockReason | "referred"; blocks: ExplainedPlanBlock[] }
>;

export type CycleBackReason = "layoff" | "returning-compensations" | "end-of-high-intensity-block";

/** A cycle-back lands in Phase 1, or in Phase 2 at the end of a high-intensity block where the tenant says so. */
export type CycleBackPhase = 1 | 2;

export type CycleBackTriggered = Event<
  "CycleBackTriggered",
  { fromPhase: Phase; toPhase: CycleBackPhase; reason: CycleBackReason; rule: string; explanation: string }
>;

export type PhaseAdvanceRecommended = Event<
  "PhaseAdvanceRecommended",
  {
    fromPhase: Phase;
    toPhase: Phase;
    rule: string;
    weeksInPhase: number;
    sessionsInPhase: number;
    adherence: number;
  }
>;

export type ClientReferred = Event<
  "ClientReferred",
  {
    rule: string;
    reason: "pain-reported";
    source: "session" | "assessment" | "trainer";
    sourceId?: string;
    notes?: string;
  }
>;

export type ClientCleared = Event<"ClientCleared", { clearedBy?: string; notes?: string }>;

/** The client's personal data was erased: every personal value before it now reads as ERASED. */
export type PersonalDataErased = Event<"PersonalDataErased", { reason: ErasureReason }>;

export type ClientEvent =
  | ClientRegistered
  | GoalSet
  | AssessmentRecorded
  | CorrectiveProtocolAssigned
  | CorrectiveProtocolCleared
  | PhaseStarted
  | SessionCompleted
  | CycleBackTriggered
  | PhaseAdvanceRecommended
  | ClientReferred
  | ClientCleared
  | SessionPlanned
  | PlanCreated
  | PlanAdjusted
  | PersonalDataErased
  | WearableLinked
  | WearableUnlinked;

export type ClientEventType = ClientEvent["type"];
