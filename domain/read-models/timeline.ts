import type { ClientEvent } from "../client/events.ts";
import type { Phase } from "../phases.ts";
import type { Instant } from "../time.ts";

export interface PhaseBlockEntry {
  kind: "phase-block";
  phase: Phase;
  from: Instant;
  /** When the next block began; null while this block is current. */
  to: Instant | null;
  reason: string;
  sessions: number;
}

export interface MomentEntry {
  kind: "assessment" | "cycle-back" | "recommendation" | "referral" | "clearance" | "goal";
  at: Instant;
  text: string;
}

export type TimelineEntry = PhaseBlockEntry | MomentEntry;

/** A client's history in human terms: phase blocks with their dates and the moments between them. */
export function timeline(events: readonly ClientEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let open: PhaseBlockEntry | null = null;
  for (const event of events) {
    const at = event.occurredAt;
    switch (event.type) {
      case "PhaseStarted":
        if (open) open.to = at;
        open = {
          kind: "phase-block",
          phase: event.data.phase,
          from: at,
          to: null,
          reason: event.data.reason,
          sessions: 0,
        };
        entries.push(open);
        break;
      case "SessionCompleted":
        if (open) open.sessions += 1;
        break;
      case "GoalSet":
        entries.push({
          kind: "goal",
          at,
          text: `Goal ${event.data.goal}: path ${event.data.path.map((p) => `P${p}`).join(" → ")}`,
        });
        break;
      case "AssessmentRecorded": {
        const found =
          event.data.findings.map((f) => `${f.compensation} (${f.side})`).join(", ") || "no compensations";
        entries.push({
          kind: "assessment",
          at,
          text: `${event.data.kind} assessment: ${event.data.pain ? "pain reported" : found}`,
        });
        break;
      }
      case "CycleBackTriggered":
        entries.push({
          kind: "cycle-back",
          at,
          text: `Cycled back from P${event.data.fromPhase} to P${event.data.toPhase} (${event.data.reason}): ${event.data.explanation}`,
        });
        break;
      case "PhaseAdvanceRecommended":
        entries.push({
          kind: "recommendation",
          at,
          text: `Ready to advance from P${event.data.fromPhase} to P${event.data.toPhase}`,
        });
        break;
      case "ClientReferred":
        entries.push({ kind: "referral", at, text: `Referred: pain reported (${event.data.source})` });
        break;
      case "ClientCleared":
        entries.push({ kind: "clearance", at, text: "Cleared to train" });
        break;
      default:
        break;
    }
  }
  return entries;
}
