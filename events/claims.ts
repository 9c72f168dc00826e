import type { ClientEvent } from "../domain/client/events.ts";

/**
 * Facts that must exist at most once per client whatever the history length: a session id, an
 * assessment id. The decider remembers only recent ids; the store enforces these for all time.
 */
export function claimsOf(event: ClientEvent): string[] {
  switch (event.type) {
    case "SessionCompleted":
      return [`session:${event.data.sessionId}`];
    case "AssessmentRecorded":
      return [`assessment:${event.data.assessmentId}`];
    default:
      return [];
  }
}
