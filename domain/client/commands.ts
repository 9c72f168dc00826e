import type { AssessmentKind, AssessmentProtocol, Finding } from "../compensations/types.ts";
import type { Goal } from "../goals.ts";
import type { Phase } from "../phases.ts";
import type { Instant } from "../time.ts";
import type { LoggedExercise, OneRepMax } from "./events.ts";

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
  }
>;

export type RecordSession = Command<
  "RecordSession",
  {
    sessionId: string;
    performedAt: Instant;
    durationMinutes?: number;
    exercises: LoggedExercise[];
    avgHeartRate?: number;
    maxHeartRate?: number;
    rpe?: number;
    pain: boolean;
  }
>;

export type ReportPain = Command<"ReportPain", { reportedAt: Instant; notes?: string }>;

export type ClearClient = Command<"ClearClient", { clearedAt: Instant; clearedBy?: string; notes?: string }>;

export type ClientCommand =
  | RegisterClient
  | SetGoal
  | RecordAssessment
  | StartPhase
  | RecordSession
  | ReportPain
  | ClearClient;
