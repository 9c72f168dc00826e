import { guidelineFor } from "../guidelines/catalogue.ts";
import type { Range } from "../guidelines/types.ts";
import type { ProgramSettings } from "../settings.ts";
import { isBefore } from "../time.ts";
import { decideAssessment } from "./assessment.ts";
import type {
  ClearClient,
  ClientCommand,
  RegisterClient,
  ReportPain,
  SetGoal,
  StartPhase,
} from "./commands.ts";
import type { ClientEvent, RuleOverride } from "./events.ts";
import { phaseStarted } from "./phase-start.ts";
import { RuleViolation } from "./rule-violation.ts";
import { decideSession } from "./session.ts";
import { activeFindings, type ClientState } from "./state.ts";

/**
 * The client decider: given the client's state and a command, the events that record its outcome.
 * A repeated command whose effect is already in the state (a session or assessment id it remembers,
 * the same block, the same clearance) decides no events.
 */
export function decide(command: ClientCommand, state: ClientState, settings: ProgramSettings): ClientEvent[] {
  if (command.type === "RegisterClient") return register(command, state, settings);
  if (state.status === "unregistered")
    throw new RuleViolation("client-must-be-registered", "the client is not registered");
  switch (command.type) {
    case "SetGoal":
      return setGoal(command, state, settings);
    case "RecordAssessment":
      return decideAssessment(command, state, settings);
    case "StartPhase":
      return startPhase(command, state, settings);
    case "RecordSession":
      return decideSession(command, state, settings);
    case "ReportPain":
      return reportPain(command, state);
    case "ClearClient":
      return clear(command, state, settings);
  }
}

function register({ data }: RegisterClient, state: ClientState, settings: ProgramSettings): ClientEvent[] {
  if (state.status !== "unregistered") {
    if (state.clientId === data.clientId && state.name === data.name) return [];
    throw new RuleViolation("client-already-registered", `client ${data.clientId} is already registered`);
  }
  const { clientId, name, dateOfBirth, locationId, trainerId, goal, registeredAt } = data;
  return [
    {
      type: "ClientRegistered",
      occurredAt: registeredAt,
      data: {
        clientId,
        name,
        dateOfBirth,
        locationId,
        ...(trainerId ? { trainerId } : {}),
        guidelineVersion: settings.guidelineVersion,
      },
    },
    { type: "GoalSet", occurredAt: registeredAt, data: { goal, path: [...settings.goalPaths[goal]] } },
  ];
}

function setGoal({ data }: SetGoal, state: ClientState, settings: ProgramSettings): ClientEvent[] {
  if (state.goal === data.goal) return [];
  return [
    {
      type: "GoalSet",
      occurredAt: data.at,
      data: { goal: data.goal, path: [...settings.goalPaths[data.goal]] },
    },
  ];
}

/** Rules a trainer may override with a recorded reason, checked in this order. */
function overridableRules(
  state: ClientState,
  settings: ProgramSettings,
  data: StartPhase["data"],
): { rule: string; detail: string }[] {
  const { phase } = data;
  const broken: { rule: string; detail: string }[] = [];
  const hasCompensationFreeSquat =
    state.movement["overhead-squat"] !== undefined && activeFindings(state).length === 0;
  if (state.block === null && phase !== 1 && !hasCompensationFreeSquat) {
    broken.push({
      rule: "new-client-starts-in-phase-1",
      detail: `a new client starts in Phase 1 unless a compensation-free overhead squat assessment justifies Phase ${phase}`,
    });
  }
  const compensations = activeFindings(state);
  if (phase > 1 && compensations.length > 0) {
    const names = [...new Set(compensations.map((finding) => finding.compensation))].join(", ");
    broken.push({
      rule: "compensations-block-later-phase",
      detail: `active compensations (${names}) keep the client in Phase 1`,
    });
  }
  if (!state.path.includes(phase)) {
    broken.push({
      rule: "phase-on-goal-path",
      detail: `Phase ${phase} is not on the ${state.goal} path (${state.path.join(" → ")})`,
    });
  }
  const guideline = guidelineFor(state.guidelineVersion ?? settings.guidelineVersion, phase);
  const outside = [
    data.plannedWeeks !== undefined && !within(guideline.durationWeeks, data.plannedWeeks)
      ? `${data.plannedWeeks} planned weeks (guideline ${guideline.durationWeeks.min}–${guideline.durationWeeks.max})`
      : null,
    data.sessionsPerWeek !== undefined && !within(guideline.frequencyPerWeek, data.sessionsPerWeek)
      ? `${data.sessionsPerWeek} sessions a week (guideline ${guideline.frequencyPerWeek.min}–${guideline.frequencyPerWeek.max})`
      : null,
  ].filter((text) => text !== null);
  if (outside.length > 0) {
    broken.push({ rule: "block-within-guideline", detail: `Phase ${phase} with ${outside.join(" and ")}` });
  }
  return broken;
}

const within = (range: Range, value: number) => value >= range.min && value <= range.max;

/** The same block started again (a retried command) is already in the state. */
const isCurrentBlock = (state: ClientState, data: StartPhase["data"]) =>
  state.block?.phase === data.phase &&
  state.block.startedAt === data.startedAt &&
  state.block.reason === "trainer-decision" &&
  (data.plannedWeeks === undefined || data.plannedWeeks === state.block.plannedWeeks) &&
  (data.sessionsPerWeek === undefined || data.sessionsPerWeek === state.block.sessionsPerWeek);

function startPhase({ data }: StartPhase, state: ClientState, settings: ProgramSettings): ClientEvent[] {
  if (isCurrentBlock(state, data)) return [];
  if (state.status === "referred") {
    throw new RuleViolation(
      "referral-blocks-programming",
      "the client is referred for pain; no phase may start until clearance",
    );
  }
  if (state.block && isBefore(data.startedAt, state.block.startedAt)) {
    throw new RuleViolation(
      "phase-starts-after-current",
      `the current Phase ${state.block.phase} block started at ${state.block.startedAt}`,
    );
  }
  const broken = overridableRules(state, settings, data);
  const reason = data.overrideReason?.trim();
  const [first] = broken;
  if (first && !reason) throw new RuleViolation(first.rule, first.detail, true);
  const overrides: RuleOverride[] = reason ? broken.map(({ rule }) => ({ rule, reason })) : [];
  return [
    phaseStarted(state, settings, data.phase, data.startedAt, "trainer-decision", {
      ...(data.plannedWeeks === undefined ? {} : { plannedWeeks: data.plannedWeeks }),
      ...(data.sessionsPerWeek === undefined ? {} : { sessionsPerWeek: data.sessionsPerWeek }),
      overrides,
    }),
  ];
}

function reportPain({ data }: ReportPain, state: ClientState): ClientEvent[] {
  if (state.status === "referred") return [];
  return [
    {
      type: "ClientReferred",
      occurredAt: data.reportedAt,
      data: {
        rule: "pain-refers-client",
        reason: "pain-reported",
        source: "trainer",
        ...(data.notes ? { notes: data.notes } : {}),
      },
    },
  ];
}

function clear({ data }: ClearClient, state: ClientState, settings: ProgramSettings): ClientEvent[] {
  const { clearedAt, clearedBy, notes } = data;
  if (state.status !== "referred") {
    // A retried clearance is already in the state.
    if (state.lastClearedAt === clearedAt) return [];
    throw new RuleViolation("clearance-requires-referral", "the client is not referred");
  }
  const precedes = [state.referredAt, state.block?.startedAt].find((at) => at && isBefore(clearedAt, at));
  if (precedes) {
    throw new RuleViolation(
      "clearance-after-referral",
      `a clearance cannot precede the referral or the current block (${precedes})`,
    );
  }
  return [
    {
      type: "ClientCleared",
      occurredAt: clearedAt,
      data: { ...(clearedBy ? { clearedBy } : {}), ...(notes ? { notes } : {}) },
    },
    phaseStarted(state, settings, 1, clearedAt, "cleared-after-referral"),
  ];
}
