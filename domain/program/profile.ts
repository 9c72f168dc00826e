import { currentBlock } from "../client/current-block.ts";
import type { ActiveFinding, OneRepMax } from "../client/events.ts";
import { plannedDayPhase } from "../client/plan-days.ts";
import { activeFindings, type ClientState } from "../client/state.ts";
import type { CorrectiveProtocol } from "../compensations/types.ts";
import type { Goal } from "../goals.ts";
import type { GuidelineVersion } from "../guidelines/types.ts";
import type { Phase } from "../phases.ts";
import { type Instant, weeksBetween } from "../time.ts";

/** What the session generator needs to know of a client on the planned day. */
export interface ProgrammingProfile {
  readonly phase: Phase;
  readonly guidelineVersion: GuidelineVersion;
  /** 1-based week of the current block on the planned day. */
  readonly weekOfBlock: number;
  readonly plannedWeeks: number;
  /** The block's Phase 3 muscular-endurance option (absent: false). */
  readonly muscularEndurance?: boolean;
  readonly goal: Goal | null;
  readonly findings: readonly ActiveFinding[];
  readonly protocol: CorrectiveProtocol | null;
  /** The client's known 1RM of an exercise, by any of its names. */
  readonly oneRepMax: (...names: string[]) => OneRepMax | undefined;
  readonly ageYears: number | null;
}

/**
 * The client's programming profile as of `plannedFor`; refuses a referred client (programming stops until
 * clearance) and one with no current phase, naming the rule.
 */
export function programmingProfile(
  state: ClientState,
  plannedFor: Instant,
  oneRepMax: ProgrammingProfile["oneRepMax"],
): ProgrammingProfile {
  const block = currentBlock(state, "planning sessions");
  // An undulating week trains its days' phases in turn (the block's own phase otherwise).
  const phase = plannedDayPhase(state, plannedFor) ?? block.phase;
  return {
    phase,
    guidelineVersion: block.guidelineVersion,
    weekOfBlock: Math.max(1, Math.floor(weeksBetween(block.startedAt, plannedFor)) + 1),
    plannedWeeks: block.plannedWeeks,
    muscularEndurance: phase === block.phase && block.muscularEndurance,
    goal: state.goal,
    findings: activeFindings(state),
    protocol: state.correctiveProtocol,
    oneRepMax,
    ageYears: state.dateOfBirth === null ? null : ageOn(state.dateOfBirth, plannedFor),
  };
}

/** Whole years from a date of birth to an instant (UTC calendar dates). */
export function ageOn(dateOfBirth: string, at: Instant): number {
  const born = new Date(`${dateOfBirth}T00:00:00Z`);
  const day = new Date(at);
  const birthdayPassed =
    day.getUTCMonth() > born.getUTCMonth() ||
    (day.getUTCMonth() === born.getUTCMonth() && day.getUTCDate() >= born.getUTCDate());
  return day.getUTCFullYear() - born.getUTCFullYear() - (birthdayPassed ? 0 : 1);
}
