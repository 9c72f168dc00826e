import { buildPlanBlocks, explainBlock, weeksFromDate } from "../program/periodization.ts";
import { planPositionAt } from "../program/plan-position.ts";
import type { ExplainedPlanBlock, PlanBlockReason, PlanRequest } from "../program/plan-types.ts";
import type { ProgramSettings } from "../settings.ts";
import type { ClientEvent, PlanAdjusted } from "./events.ts";
import { planRequestFor } from "./plan-request.ts";
import { type ClientState, type CurrentPlan, fold } from "./state.ts";

interface JourneyChange {
  readonly at: string;
  readonly reason: PlanBlockReason | "referred";
}

/**
 * The change of the client's journey that a decision's events record, if it leaves the plan: a referral, a
 * clearance, a cycle-back, a new goal, or a trainer's block of another phase than the plan's on that day.
 */
function journeyChange(events: readonly ClientEvent[], plan: CurrentPlan): JourneyChange | null {
  const find = <Type extends ClientEvent["type"]>(type: Type) =>
    events.find((event): event is Extract<ClientEvent, { type: Type }> => event.type === type);
  const referred = find("ClientReferred");
  if (referred) return { at: referred.occurredAt, reason: "referred" };
  const cleared = find("ClientCleared");
  if (cleared) return { at: cleared.occurredAt, reason: "cleared-after-referral" };
  const cycleBack = find("CycleBackTriggered");
  if (cycleBack) return { at: cycleBack.occurredAt, reason: cycleBack.data.reason };
  const goal = find("GoalSet");
  if (goal) return { at: goal.occurredAt, reason: "goal-changed" };
  const started = find("PhaseStarted");
  if (started && started.data.reason === "trainer-decision") {
    const planned = planPositionAt(plan, started.occurredAt)?.block.phase;
    if (planned !== started.data.phase) return { at: started.occurredAt, reason: "trainer-phase-change" };
  }
  return null;
}

/**
 * Appends `PlanAdjusted` to a decision that changes the client's journey while they have a plan: the blocks
 * lived before the week of the change stay as they were, the block of that week is cut there, and the rest
 * is rebuilt from that week to the plan's end (nothing while referred: the plan is on hold).
 */
export function withReplanning(
  events: ClientEvent[],
  before: ClientState,
  settings: ProgramSettings,
): ClientEvent[] {
  const plan = before.plan;
  if (!plan || events.length === 0) return events;
  const change = journeyChange(events, plan);
  if (!change) return events;
  const changeWeek = Math.max(0, weeksFromDate(plan.startsOn, change.at));
  if (changeWeek >= plan.weeks) return events;
  const after = fold(events, before);
  const request: PlanRequest = {
    ...planRequestFor(plan, after, settings, changeWeek),
    ...(change.reason === "referred" ? {} : { firstReason: change.reason }),
  };
  // The lived blocks are explained by the path they were planned on.
  const lived = livedBefore(plan, changeWeek, { ...request, path: before.path });
  const rebuilt = after.status === "referred" ? [] : buildPlanBlocks(request);
  const adjusted: PlanAdjusted = {
    type: "PlanAdjusted",
    occurredAt: change.at,
    data: { planId: plan.planId, at: change.at, reason: change.reason, blocks: [...lived, ...rebuilt] },
  };
  return [...events, adjusted];
}

/** The blocks before the plan's week `changeWeek`, as they were, and the one running then cut at that week. */
function livedBefore(plan: CurrentPlan, changeWeek: number, request: PlanRequest): ExplainedPlanBlock[] {
  return plan.blocks.flatMap((block) => {
    const startWeek = weeksFromDate(plan.startsOn, block.startsOn);
    if (startWeek >= changeWeek) return [];
    if (startWeek + block.weeks <= changeWeek) return [explainBlock(block, request)];
    const weeks = changeWeek - startWeek;
    return [explainBlock({ ...block, weeks }, request, `cut to ${weeks} weeks when the plan changed`)];
  });
}
