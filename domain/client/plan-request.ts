import { addWeeksToDate } from "../program/periodization.ts";
import type { PlanRequest } from "../program/plan-types.ts";
import type { ProgramSettings } from "../settings.ts";
import type { ClientState, CurrentPlan } from "./state.ts";

/**
 * What the plan builder needs to (re)build or explain a client's plan from its week `fromWeek` to its end:
 * the plan's own terms, the client's path and phase, and the tenant's settings.
 */
export function planRequestFor(
  plan: CurrentPlan,
  state: ClientState,
  settings: ProgramSettings,
  fromWeek = 0,
): PlanRequest {
  return {
    from: addWeeksToDate(plan.startsOn, fromWeek),
    weeks: plan.weeks - fromWeek,
    path: state.path,
    currentPhase: state.block?.phase ?? null,
    periodization: plan.periodization,
    sessionsPerWeek: plan.sessionsPerWeek,
    settings,
    guidelineVersion: state.guidelineVersion ?? settings.guidelineVersion,
  };
}
