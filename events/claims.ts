import type { ClientCommand } from "../domain/client/commands.ts";
import type { ClientEvent } from "../domain/client/events.ts";

const sessionClaim = (sessionId: string) => `session:${sessionId}`;
const assessmentClaim = (assessmentId: string) => `assessment:${assessmentId}`;
/** A stored session plan: its claim item also says which version holds the plan (see LoadOptions.references). */
export const planClaim = (planId: string) => `plan:${planId}`;

/**
 * Facts that must exist at most once per client whatever the history length: a session id, an
 * assessment id, a plan id. The decider remembers only recent ids; the store enforces these for all time.
 */
export function claimsOf(event: ClientEvent): string[] {
  switch (event.type) {
    case "SessionCompleted":
      return [sessionClaim(event.data.sessionId)];
    case "AssessmentRecorded":
      return [assessmentClaim(event.data.assessmentId)];
    case "SessionPlanned":
      return [planClaim(event.data.planId)];
    default:
      return [];
  }
}

/** The claims a command's facts would make: checked before deciding, so a known fact is a no-op. */
export function claimsOfCommand(command: ClientCommand): string[] {
  switch (command.type) {
    case "RecordSession":
      return [sessionClaim(command.data.sessionId)];
    case "RecordAssessment":
      return [assessmentClaim(command.data.assessmentId)];
    case "PlanSession":
      return [planClaim(command.data.planId)];
    default:
      return [];
  }
}
