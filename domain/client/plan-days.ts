import type { Phase } from "../phases.ts";
import { weekOf } from "../program/periodization.ts";
import { planPositionAt } from "../program/plan-position.ts";
import type { ClientState } from "./state.ts";

/**
 * The phases of the week on the day in an undulating plan, when the client's current block is the plan's
 * block of that day (a client off the plan trains their own block); null otherwise.
 */
export function undulatingDaysAt(state: ClientState, at: string): Phase[] | null {
  const { plan, block } = state;
  if (plan?.periodization !== "undulating" || !block) return null;
  const planned = planPositionAt(plan, at)?.block;
  if (!planned || planned.phase !== block.phase) return null;
  return weekOf(planned, state.path);
}

/** The phase of the client's next session in an undulating week: the days in turn, by sessions so far. */
export function plannedDayPhase(state: ClientState, at: string): Phase | null {
  const days = undulatingDaysAt(state, at);
  if (!days || !state.block) return null;
  return days[state.block.sessions % days.length] ?? null;
}
