import { guidelineFor } from "../guidelines/catalogue.ts";
import type { Range } from "../guidelines/types.ts";
import type { ProgramSettings } from "../settings.ts";
import { isBefore, sameInstant } from "../time.ts";
import type { StartPhase } from "./commands.ts";
import type { ClientEvent, RuleOverride } from "./events.ts";
import { phaseStarted } from "./phase-events.ts";
import { RuleViolation } from "./rule-violation.ts";
import { activeFindings, type ClientState } from "./state.ts";

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
  sameInstant(state.block.startedAt, data.startedAt) &&
  state.block.reason === "trainer-decision" &&
  (data.plannedWeeks === undefined || data.plannedWeeks === state.block.plannedWeeks) &&
  (data.sessionsPerWeek === undefined || data.sessionsPerWeek === state.block.sessionsPerWeek) &&
  (data.muscularEndurance ?? false) === state.block.muscularEndurance;

export function decideStartPhase(
  { data }: StartPhase,
  state: ClientState,
  settings: ProgramSettings,
): ClientEvent[] {
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
  if (data.muscularEndurance && data.phase !== 3) {
    throw new RuleViolation(
      "muscular-endurance-phase-3",
      `the 12–20-rep muscular-endurance option belongs to Phase 3, not Phase ${data.phase}`,
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
      ...(data.muscularEndurance ? { muscularEndurance: true } : {}),
    }),
  ];
}
