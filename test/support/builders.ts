import type { RecordAssessment, RecordSession, StartPhase } from "../../domain/client/commands.ts";
import type { ClientEvent, LoggedExercise, PhaseStarted } from "../../domain/client/events.ts";
import type { Finding } from "../../domain/compensations/types.ts";
import type { Goal } from "../../domain/goals.ts";
import type { Phase } from "../../domain/phases.ts";

/** Business days as ISO instants: day(0) is Monday 5 January 2026, 09:00 UTC. */
export const day = (n: number): string => new Date(Date.UTC(2026, 0, 5, 9) + n * 86_400_000).toISOString();

export const registered = (goal: Goal = "general-fitness", path: Phase[] = [1, 2, 3]): ClientEvent[] => [
  {
    type: "ClientRegistered",
    occurredAt: day(0),
    data: {
      clientId: "c-1",
      name: "Ada Client",
      dateOfBirth: "1990-04-01",
      locationId: "loc-1",
      guidelineVersion: "CPT7",
    },
  },
  { type: "GoalSet", occurredAt: day(0), data: { goal, path } },
];

export const started = (
  phase: Phase,
  at: string,
  reason: PhaseStarted["data"]["reason"] = "trainer-decision",
  plannedWeeks = 4,
  sessionsPerWeek = 2,
): PhaseStarted => ({
  type: "PhaseStarted",
  occurredAt: at,
  data: { phase, plannedWeeks, sessionsPerWeek, guidelineVersion: "CPT7", reason, overrides: [] },
});

/** A Phase 1-compliant exercise: 2 sets of 15 at 4/2/1, 60 s rest. */
export const stabilizationExercise = (name = "ball squat"): LoggedExercise => ({
  name,
  sets: [
    { reps: 15, tempo: "4/2/1", restSeconds: 60 },
    { reps: 15, tempo: "4/2/1", restSeconds: 60 },
  ],
});

export const recordSession = (
  sessionId: string,
  performedAt: string,
  extra: Partial<RecordSession["data"]> = {},
): RecordSession => ({
  type: "RecordSession",
  data: { sessionId, performedAt, exercises: [stabilizationExercise()], pain: false, ...extra },
});

/** The SessionCompleted event that recordSession would produce in the given phase, for histories. */
export const sessionCompleted = (sessionId: string, performedAt: string, phase: Phase = 1): ClientEvent => ({
  type: "SessionCompleted",
  occurredAt: performedAt,
  data: {
    sessionId,
    phase,
    exercises: [stabilizationExercise()],
    pain: false,
    compliance: { score: 1, checks: 7, deviations: [] },
  },
});

export const assess = (
  assessmentId: string,
  performedAt: string,
  findings: Finding[] = [],
  kind: RecordAssessment["data"]["kind"] = "overhead-squat",
  pain = false,
): RecordAssessment => ({
  type: "RecordAssessment",
  data: { assessmentId, kind, performedAt, findings, pain },
});

export const assessed = (
  assessmentId: string,
  performedAt: string,
  findings: Finding[] = [],
  kind: RecordAssessment["data"]["kind"] = "overhead-squat",
): ClientEvent => ({
  type: "AssessmentRecorded",
  occurredAt: performedAt,
  data: { assessmentId, kind, protocolVersion: "nasm-cpt7", findings, pain: false },
});

export const startPhase = (
  phase: Phase,
  startedAt: string,
  extra: Partial<StartPhase["data"]> = {},
): StartPhase => ({
  type: "StartPhase",
  data: { phase, startedAt, ...extra },
});

/** `count` sessions in a phase, every `everyDays` days from `fromDay`. */
export const sessionsEvery = (
  count: number,
  fromDay: number,
  everyDays: number,
  phase: Phase = 1,
): ClientEvent[] =>
  Array.from({ length: count }, (_, i) =>
    sessionCompleted(`s-${fromDay}-${i}`, day(fromDay + i * everyDays), phase),
  );
