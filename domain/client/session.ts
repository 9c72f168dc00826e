import type { CorrectiveStage } from "../compensations/types.ts";
import { nextPhaseOnPath } from "../goals.ts";
import { guidelineFor } from "../guidelines/catalogue.ts";
import { CARDIO_STAGES, type CardioStage } from "../guidelines/component-doses.ts";
import { resistanceSlots } from "../guidelines/resistance-slots.ts";
import { isHighIntensity } from "../phases.ts";
import { clientHeartRate } from "../program/heart-rate.ts";
import { ageOn } from "../program/profile.ts";
import type { SessionPlan } from "../program/session-plan.ts";
import { minutesIn, minutesInZones } from "../program/time-in-zones.ts";
import type { ProgramSettings } from "../settings.ts";
import { addDays, addMinutes, daysBetween, type Instant, isBefore, latest, weeksBetween } from "../time.ts";
import { planAdherence } from "./adherence.ts";
import type { RecordSession } from "./commands.ts";
import { assessCompliance } from "./compliance.ts";
import { currentBlock } from "./current-block.ts";
import type { ClientEvent, PhaseAdvanceRecommended, SessionCompleted, SessionHeartRate } from "./events.ts";
import { cycleBack } from "./phase-events.ts";
import { undulatingDaysAt } from "./plan-days.ts";
import { reassessedInBlock } from "./reassessment.ts";
import { RuleViolation } from "./rule-violation.ts";
import { activeFindings, type ClientState, evolve, oneRepMaxOf, type PhaseBlock } from "./state.ts";

export function decideSession(
  command: RecordSession,
  state: ClientState,
  settings: ProgramSettings,
): ClientEvent[] {
  const { data } = command;
  if (state.recentSessionIds.includes(data.sessionId)) return [];
  const block = currentBlock(state, "logging sessions");
  if (data.planId !== undefined && !data.plan) {
    throw new RuleViolation("session-plan-known", `no stored plan ${data.planId} for this client`);
  }
  if (isBefore(data.performedAt, block.startedAt)) {
    throw new RuleViolation(
      "session-within-current-phase",
      `the session was performed before the current Phase ${block.phase} block started (${block.startedAt})`,
    );
  }

  const events: ClientEvent[] = [...cycleBackBeforeSession(state, settings, data.performedAt)];
  const current = events.reduce(evolve, state);
  assertSessionPhaseOnPlan(command, current);
  const completed = sessionCompleted(command, current);
  events.push(completed);
  if (data.pain) {
    events.push({
      type: "ClientReferred",
      occurredAt: data.performedAt,
      data: {
        rule: "pain-refers-client",
        reason: "pain-reported",
        source: "session",
        sourceId: data.sessionId,
      },
    });
    return events;
  }
  const recommendation = advanceReadiness(evolve(current, completed), settings, data.performedAt);
  return recommendation ? [...events, recommendation] : events;
}

/** Layoff first (it applies in Phases 2–5), else the end of a planned Phase 4 or 5 block. */
function cycleBackBeforeSession(
  state: ClientState,
  settings: ProgramSettings,
  performedAt: Instant,
): ClientEvent[] {
  const block = state.block;
  if (!block || block.phase === 1) return [];
  // Starting a block counts as activity: a trainer's fresh block is not a layoff.
  const lastActive = latest(state.lastSessionAt, block.startedAt);
  if (!isBefore(performedAt, lastActive)) {
    const days = Math.floor(daysBetween(lastActive, performedAt));
    if (days >= settings.layoffDays) {
      const explanation = `${days} days since the last session or block start (layoff threshold ${settings.layoffDays})`;
      return cycleBack(state, settings, block.phase, performedAt, "layoff", explanation);
    }
  }
  const blockEnds = addDays(block.startedAt, block.plannedWeeks * 7);
  if (isHighIntensity(block.phase) && !isBefore(performedAt, blockEnds)) {
    const explanation = `the planned ${block.plannedWeeks}-week Phase ${block.phase} block ended at ${blockEnds}`;
    return cycleBack(state, settings, block.phase, performedAt, "end-of-high-intensity-block", explanation);
  }
  return [];
}

/** A session names another phase than its block's only on an undulating plan's day of that phase. */
function assertSessionPhaseOnPlan({ data }: RecordSession, state: ClientState): void {
  const block = state.block as PhaseBlock;
  if (data.phase === undefined || data.phase === block.phase) return;
  const days = undulatingDaysAt(state, data.performedAt);
  if (!days?.includes(data.phase)) {
    throw new RuleViolation(
      "session-phase-on-plan",
      `Phase ${data.phase} is not a day of the client's undulating plan in this Phase ${block.phase} block`,
    );
  }
}

function sessionCompleted({ data }: RecordSession, state: ClientState): SessionCompleted {
  // Only called once a block exists (checked above, or just started by a cycle-back).
  const block = state.block as PhaseBlock;
  // An undulating day's phase sets the variables; the session still counts toward the block.
  const phase = data.phase ?? block.phase;
  const guideline = guidelineFor(block.guidelineVersion, phase);
  const {
    sessionId,
    planId,
    plan,
    performedAt,
    durationMinutes,
    exercises,
    avgHeartRate,
    maxHeartRate,
    rpe,
    pain,
    source,
  } = data;
  const heartRate = sessionHeartRate(data, state, block, guideline.cardioStage);
  const trustedAverage = heartRate?.untrustedAverageBpm === undefined ? avgHeartRate : undefined;
  const compliance = assessCompliance(exercises, {
    guideline,
    resistance: resistanceSlots(guideline, {
      muscularEndurance: phase === block.phase && block.muscularEndurance,
    }),
    oneRepMax: (...names) => oneRepMaxOf(state, ...names),
    heartRateZones: zonesOf(state, block, performedAt),
    ...(plan ? { corrective: correctiveStages(plan) } : {}),
  });
  return {
    type: "SessionCompleted",
    occurredAt: performedAt,
    data: {
      sessionId,
      ...(planId === undefined ? {} : { planId }),
      phase,
      ...(durationMinutes === undefined ? {} : { durationMinutes }),
      exercises,
      ...(trustedAverage === undefined ? {} : { avgHeartRate: trustedAverage }),
      ...(maxHeartRate === undefined ? {} : { maxHeartRate }),
      ...(rpe === undefined ? {} : { rpe }),
      pain,
      compliance,
      ...(planId !== undefined && plan ? { adherence: planAdherence(planId, plan, exercises) } : {}),
      ...(source ? { source } : {}),
      ...(heartRate ? { heartRate } : {}),
    },
  };
}

/**
 * A wearable's session against the client's HRmax: time in each zone from its samples, and its average
 * flagged when above HRmax. Without a known age (so HRmax) the samples cannot be placed in zones.
 */
function sessionHeartRate(
  data: RecordSession["data"],
  state: ClientState,
  block: PhaseBlock,
  cardioStage: CardioStage,
): SessionHeartRate | null {
  if (!data.source) return null;
  const max = heartRateOf(state, block, data.performedAt);
  if (!max) return null;
  const prescribedZones = [...CARDIO_STAGES[cardioStage].zones];
  const samples = data.heartRateSamples ?? [];
  const untrusted = data.avgHeartRate !== undefined && data.avgHeartRate > max.bpm;
  const end = addMinutes(data.performedAt, data.durationMinutes ?? 0);
  const minutes = samples.length > 0 ? minutesInZones(samples, max.zones, end) : null;
  return {
    hrMaxBpm: max.bpm,
    prescribedZones,
    ...(minutes
      ? {
          samples: samples.length,
          minutesInZones: minutes,
          minutesInPrescribedZones: minutesIn(minutes, prescribedZones),
        }
      : {}),
    ...(untrusted ? { untrustedAverageBpm: data.avgHeartRate } : {}),
  };
}

/** The plan's corrective exercises by id, so a session that follows the plan is checked as prescribed. */
function correctiveStages(plan: SessionPlan): ReadonlyMap<string, CorrectiveStage> {
  const corrective = plan.blocks
    .flatMap((block) => block.exercises)
    .filter((e) => e.corrective !== undefined);
  return new Map(corrective.map((e) => [e.exerciseId, e.corrective as CorrectiveStage]));
}

/** Heart-rate zones from the client's age-predicted HRmax on the day, by the block's guideline edition. */
function heartRateOf(state: ClientState, block: PhaseBlock, at: Instant) {
  const age = state.dateOfBirth === null ? null : ageOn(state.dateOfBirth, at);
  return clientHeartRate(age, block.guidelineVersion);
}

const zonesOf = (state: ClientState, block: PhaseBlock, at: Instant) =>
  heartRateOf(state, block, at)?.zones ?? null;

/**
 * Ready to advance when the minimum weeks and sessions are met, adherence to the planned weekly
 * frequency is high enough, no compensation is active, a movement reassessment was performed in the block
 * (where the tenant's setting asks for one), and the goal path has a next phase.
 * Recommended once per block; the trainer still decides.
 */
export function advanceReadiness(
  state: ClientState,
  settings: ProgramSettings,
  at: Instant,
): PhaseAdvanceRecommended | null {
  const block = state.block;
  if (!block || block.advanceRecommended !== null || activeFindings(state).length > 0) return null;
  const toPhase = nextPhaseOnPath(state.path, block.phase);
  const weeks = weeksBetween(block.startedAt, at);
  if (toPhase === null || weeks < settings.minWeeksInPhase || block.sessions < settings.minSessionsInPhase)
    return null;
  const adherence = Math.min(1, block.sessions / (block.sessionsPerWeek * weeks));
  if (adherence < settings.minAdherence) return null;
  if (settings.advanceRequiresReassessment && !reassessedInBlock(state, at)) return null;
  return {
    type: "PhaseAdvanceRecommended",
    occurredAt: at,
    data: {
      fromPhase: block.phase,
      toPhase,
      rule: "advance-readiness",
      weeksInPhase: Math.floor(weeks * 10) / 10,
      sessionsInPhase: block.sessions,
      adherence: Math.round(adherence * 100) / 100,
    },
  };
}
