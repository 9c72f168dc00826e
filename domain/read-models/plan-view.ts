import type { PlanCreated } from "../client/events.ts";
import { planRequestFor } from "../client/plan-request.ts";
import type { ClientState } from "../client/state.ts";
import type { Phase } from "../phases.ts";
import { explainBlock } from "../program/periodization.ts";
import { planPositionAt } from "../program/plan-position.ts";
import type { ExplainedPlanBlock } from "../program/plan-types.ts";
import type { ProgramSettings } from "../settings.ts";
import type { Instant } from "../time.ts";

type StoredPlan = PlanCreated["data"];

/** The stored plan (as PlanCreated records one) and where the client stands in it on a day. */
export interface PlanView extends StoredPlan {
  /** The block the client is in on the day (its index in `blocks`) and the week within it (1-based). */
  current: { index: number; block: ExplainedPlanBlock; week: number } | null;
  next: ExplainedPlanBlock | null;
  /** The planned phase on the day against the client's actual block. */
  drift: { plannedPhase: Phase | null; actualPhase: Phase | null; matches: boolean };
}

/** The client's plan as of a day, each block explained again from the state's compact blocks. */
export function planView(state: ClientState, asOf: Instant, settings: ProgramSettings): PlanView | null {
  const plan = state.plan;
  if (!plan) return null;
  const request = planRequestFor(plan, state, settings);
  const blocks = plan.blocks.map((block) => explainBlock(block, request));
  const position = planPositionAt({ blocks }, asOf);
  const plannedPhase = position?.block.phase ?? null;
  const actualPhase = state.block?.phase ?? null;
  return {
    planId: plan.planId,
    startsOn: plan.startsOn,
    weeks: plan.weeks,
    periodization: plan.periodization,
    sessionsPerWeek: plan.sessionsPerWeek,
    blocks,
    current: position && { index: position.index, block: position.block, week: position.week },
    next: nextBlock(blocks, asOf),
    drift: { plannedPhase, actualPhase, matches: plannedPhase === actualPhase },
  };
}

/** The first block starting after the day. */
export function nextBlock<Block extends { startsOn: string }>(
  blocks: readonly Block[],
  asOf: Instant,
): Block | null {
  return blocks.find((block) => Date.parse(`${block.startsOn}T00:00:00Z`) > Date.parse(asOf)) ?? null;
}
