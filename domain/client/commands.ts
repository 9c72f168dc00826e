import type { AssessmentKind, AssessmentProtocol, Finding } from "../compensations/types.ts";
import type { Equipment } from "../exercises/types.ts";
import type { Goal } from "../goals.ts";
import type { Phase } from "../phases.ts";
import type { Periodization } from "../program/plan-types.ts";
import type { SessionPlan } from "../program/session-plan.ts";
import type { Instant } from "../time.ts";
import type { LoggedExercise, OneRepMax, SessionSource } from "./events.ts";
import type { ErasureReason } from "./personal-data.ts";

/** Commands are requests in the imperative; each carries its business time. */
interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type RegisterClient = Command<
  "RegisterClient",
  {
    clientId: string;
    name: string;
    dateOfBirth: string;
    goal: Goal;
    locationId: string;
    trainerId?: string;
    registeredAt: Instant;
  }
>;

export type SetGoal = Command<"SetGoal", { goal: Goal; at: Instant }>;

export type RecordAssessment = Command<
  "RecordAssessment",
  {
    assessmentId: string;
    kind: AssessmentKind;
    performedAt: Instant;
    protocolVersion?: AssessmentProtocol;
    findings: Finding[];
    pain: boolean;
    measurements?: Record<string, number>;
    oneRepMaxes?: OneRepMax[];
    notes?: string;
  }
>;

export type StartPhase = Command<
  "StartPhase",
  {
    phase: Phase;
    startedAt: Instant;
    plannedWeeks?: number;
    sessionsPerWeek?: number;
    overrideReason?: string;
    /** Phase 3 only: train the 12–20-rep muscular-endurance option (default false). */
    muscularEndurance?: boolean;
  }
>;

export type RecordSession = Command<
  "RecordSession",
  {
    sessionId: string;
    /** The stored plan the session performs… */
    planId?: string;
    /** …as the server read it from the client's stream (absent when the client has no such plan). */
    plan?: SessionPlan;
    performedAt: Instant;
    /** In an undulating plan: the day's phase, when it is among the planned block's days (default the block's). */
    phase?: Phase;
    durationMinutes?: number;
    exercises: LoggedExercise[];
    avgHeartRate?: number;
    maxHeartRate?: number;
    rpe?: number;
    pain: boolean;
    /** A wearable's session: its provider and id (the session id is derived from them). */
    source?: SessionSource;
    /** In time order; summarised as time in zones, not stored. */
    heartRateSamples?: readonly HeartRateSample[];
  }
>;

export interface HeartRateSample {
  readonly at: Instant;
  readonly bpm: number;
}

export type LinkWearable = Command<"LinkWearable", { provider: string; externalUserId: string; at: Instant }>;

export type UnlinkWearable = Command<"UnlinkWearable", { provider: string; at: Instant }>;

export type PlanSession = Command<
  "PlanSession",
  {
    planId: string;
    plannedFor: Instant;
    /** Default: the equipment of the client's location, by the tenant's settings. */
    equipment?: Equipment[];
    /** Default: derived from the client and the planned day, so a preview and the stored plan agree. */
    seed?: number;
    at: Instant;
  }
>;

export type CreatePlan = Command<
  "CreatePlan",
  {
    planId: string;
    /** An ISO date. */
    startsOn: string;
    /** Default 26. */
    weeks?: number;
    /** Default linear. */
    periodization?: Periodization;
    /** Default 3 (each block clamps it to its phase's guideline frequency). */
    sessionsPerWeek?: number;
    at: Instant;
  }
>;

export type ReportPain = Command<"ReportPain", { reportedAt: Instant; notes?: string }>;

export type ClearClient = Command<"ClearClient", { clearedAt: Instant; clearedBy?: string; notes?: string }>;

/** Destroys the client's personal data (name, date of birth, notes); the training history stays. */
export type ErasePersonalData = Command<"ErasePersonalData", { erasedAt: Instant; reason: ErasureReason }>;

export type ClientCommand =
  | RegisterClient
  | SetGoal
  | RecordAssessment
  | StartPhase
  | RecordSession
  | PlanSession
  | CreatePlan
  | ReportPain
  | ClearClient
  | ErasePersonalData
  | LinkWearable
  | UnlinkWearable;
