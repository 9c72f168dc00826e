import type { ClientEvent } from "../client/events.ts";
import { guidelineFor } from "../guidelines/catalogue.ts";
import type { Phase } from "../phases.ts";
import type { Instant } from "../time.ts";

export interface PhaseBlockEntry {
  kind: "phase-block";
  phase: Phase;
  /** The phase's name under the block's pinned guideline version (Phase 3's differs by edition). */
  name: string;
  from: Instant;
  /** When the next block began; null while this block is current. */
  to: Instant | null;
  plannedWeeks: number;
  reason: string;
  sessions: number;
}

export interface MomentEntry {
  kind: "assessment" | "cycle-back" | "recommendation" | "referral" | "clearance" | "goal";
  at: Instant;
  text: string;
  /** Why, in a word or two: a cycle-back's reason, where a referral's pain was reported; else null. */
  reason: string | null;
  /** An assessment's number of compensations found; null for other moments. */
  compensations: number | null;
}

export interface SessionEntry {
  kind: "session";
  at: Instant;
  phase: Phase;
  /** Share of the acute-variable checks that passed, 0–1; null when nothing was checkable. */
  compliance: number | null;
}

export type TimelineEntry = PhaseBlockEntry | MomentEntry | SessionEntry;

const PAIN_SOURCE = {
  session: "a session",
  assessment: "an assessment",
  trainer: "a trainer's report",
} as const;

const moment = (
  kind: MomentEntry["kind"],
  at: Instant,
  text: string,
  extra: Partial<Pick<MomentEntry, "reason" | "compensations">> = {},
): MomentEntry => ({ kind, at, text, reason: null, compensations: null, ...extra });

/** A client's history in human terms: phase blocks with their dates, the sessions in them and the moments between. */
export function timeline(events: readonly ClientEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let open: PhaseBlockEntry | null = null;
  for (const event of events) {
    const at = event.occurredAt;
    switch (event.type) {
      case "PhaseStarted": {
        const { phase, guidelineVersion, plannedWeeks, reason } = event.data;
        if (open) open.to = at;
        open = {
          kind: "phase-block",
          phase,
          name: guidelineFor(guidelineVersion, phase).name,
          from: at,
          to: null,
          plannedWeeks,
          reason,
          sessions: 0,
        };
        entries.push(open);
        break;
      }
      case "SessionCompleted":
        if (open) open.sessions += 1;
        entries.push({
          kind: "session",
          at,
          phase: event.data.phase,
          compliance: event.data.compliance.score,
        });
        break;
      case "GoalSet":
        entries.push(
          moment(
            "goal",
            at,
            `Goal ${event.data.goal}: path ${event.data.path.map((p) => `P${p}`).join(" → ")}`,
          ),
        );
        break;
      case "AssessmentRecorded": {
        const { findings, pain, kind } = event.data;
        const found = findings.map((f) => `${f.compensation} (${f.side})`).join(", ") || "no compensations";
        entries.push(
          moment("assessment", at, `${kind} assessment: ${pain ? "pain reported" : found}`, {
            compensations: findings.length,
          }),
        );
        break;
      }
      case "CycleBackTriggered":
        entries.push(
          moment(
            "cycle-back",
            at,
            `Cycled back from P${event.data.fromPhase} to P${event.data.toPhase} (${event.data.reason}): ${event.data.explanation}`,
            { reason: event.data.reason },
          ),
        );
        break;
      case "PhaseAdvanceRecommended":
        entries.push(
          moment(
            "recommendation",
            at,
            `Ready to advance from P${event.data.fromPhase} to P${event.data.toPhase}`,
          ),
        );
        break;
      case "ClientReferred":
        entries.push(
          moment("referral", at, `Referred: pain reported (${event.data.source})`, {
            reason: `pain in ${PAIN_SOURCE[event.data.source]}`,
          }),
        );
        break;
      case "ClientCleared":
        entries.push(moment("clearance", at, "Cleared to train", { reason: "cleared to train" }));
        break;
      default:
        break;
    }
  }
  return entries;
}
