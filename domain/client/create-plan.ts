import { buildPlanBlocks } from "../program/periodization.ts";
import type { ProgramSettings } from "../settings.ts";
import type { CreatePlan } from "./commands.ts";
import type { ClientEvent } from "./events.ts";
import { RuleViolation } from "./rule-violation.ts";
import type { ClientState } from "./state.ts";

export const DEFAULT_PLAN_WEEKS = 26;
export const DEFAULT_PLAN_SESSIONS_PER_WEEK = 3;

/** A periodized plan from the client's goal path and current phase; the same plan id again is a no-op. */
export function decideCreatePlan(
  { data }: CreatePlan,
  state: ClientState,
  settings: ProgramSettings,
): ClientEvent[] {
  if (state.plan?.planId === data.planId) return [];
  if (state.status === "referred") {
    throw new RuleViolation(
      "referral-blocks-programming",
      "the client is referred for pain; no plan until clearance",
    );
  }
  const weeks = data.weeks ?? DEFAULT_PLAN_WEEKS;
  const periodization = data.periodization ?? "linear";
  const sessionsPerWeek = data.sessionsPerWeek ?? DEFAULT_PLAN_SESSIONS_PER_WEEK;
  const blocks = buildPlanBlocks({
    from: data.startsOn,
    weeks,
    path: state.path,
    currentPhase: state.block?.phase ?? null,
    periodization,
    sessionsPerWeek,
    settings,
    guidelineVersion: state.guidelineVersion ?? settings.guidelineVersion,
  });
  return [
    {
      type: "PlanCreated",
      occurredAt: data.at,
      data: { planId: data.planId, startsOn: data.startsOn, weeks, periodization, sessionsPerWeek, blocks },
    },
  ];
}
