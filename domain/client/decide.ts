import type { ProgramSettings } from "../settings.ts";
import { isBefore, sameInstant } from "../time.ts";
import { decideAssessment } from "./assessment.ts";
import type {
  ClearClient,
  ClientCommand,
  ErasePersonalData,
  RegisterClient,
  ReportPain,
  SetGoal,
} from "./commands.ts";
import { decideCreatePlan } from "./create-plan.ts";
import type { ClientEvent } from "./events.ts";
import { phaseStarted } from "./phase-events.ts";
import { decidePlanSession } from "./plan-session.ts";
import { withReplanning } from "./replan.ts";
import { RuleViolation } from "./rule-violation.ts";
import { decideSession } from "./session.ts";
import { decideStartPhase } from "./start-phase.ts";
import type { ClientState } from "./state.ts";
import { decideLinkWearable, decideUnlinkWearable, unlinkAll } from "./wearables.ts";

/**
 * The client decider: given the client's state and a command, the events that record its outcome.
 * A repeated command whose effect is already in the state (a session or assessment id it remembers,
 * the same block, the same clearance) decides no events. A decision that changes the client's journey
 * while they have a plan also re-plans it.
 */
export function decide(command: ClientCommand, state: ClientState, settings: ProgramSettings): ClientEvent[] {
  return withReplanning(decideCommand(command, state, settings), state, settings);
}

function decideCommand(command: ClientCommand, state: ClientState, settings: ProgramSettings): ClientEvent[] {
  if (command.type === "RegisterClient") return register(command, state, settings);
  if (state.status === "unregistered")
    throw new RuleViolation("client-must-be-registered", "the client is not registered");
  if (command.type === "ErasePersonalData") return erase(command, state);
  if (state.erasure && settings.erasedClients === "closed")
    throw new RuleViolation(
      "erased-client-closed",
      "the client's personal data was erased and this tenant's settings close erased clients",
    );
  switch (command.type) {
    case "SetGoal":
      return setGoal(command, state, settings);
    case "RecordAssessment":
      return decideAssessment(command, state, settings);
    case "StartPhase":
      return decideStartPhase(command, state, settings);
    case "RecordSession":
      return decideSession(command, state, settings);
    case "PlanSession":
      return decidePlanSession(command, state, settings);
    case "CreatePlan":
      return decideCreatePlan(command, state, settings);
    case "ReportPain":
      return reportPain(command, state);
    case "ClearClient":
      return clear(command, state, settings);
    case "LinkWearable":
      return decideLinkWearable(command, state);
    case "UnlinkWearable":
      return decideUnlinkWearable(command, state);
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

/** Erasing twice erases nothing more: the repeat decides no event. */
function erase({ data }: ErasePersonalData, state: ClientState): ClientEvent[] {
  if (state.erasure) return [];
  return [
    ...unlinkAll(state, data.erasedAt),
    { type: "PersonalDataErased", occurredAt: data.erasedAt, data: { reason: data.reason } },
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
    if (sameInstant(state.lastClearedAt, clearedAt)) return [];
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
