import type { ClientCommand } from "../domain/client/commands.ts";
import type { ClientEvent } from "../domain/client/events.ts";
import { TENANT_CLAIM_PREFIX } from "./store/items.ts";

const sessionClaim = (sessionId: string, fromWearable: boolean) =>
  fromWearable ? `${TENANT_CLAIM_PREFIX}${sessionId}` : `session:${sessionId}`;
const assessmentClaim = (assessmentId: string) => `assessment:${assessmentId}`;
/** A stored session plan: its claim item also says which version holds the plan (see LoadOptions.references). */
export const planClaim = (planId: string) => `plan:${planId}`;

/**
 * Facts that must exist at most once per client whatever the history length: a session id, an
 * assessment id, a plan id. The decider remembers only recent ids; the store enforces these for all time.
 * A wearable's session is claimed once per tenant: relinking its user to another client must not record
 * a redelivered session a second time there (events/store/items.ts claimKey).
 */
export function claimsOf(event: ClientEvent): string[] {
  switch (event.type) {
    case "SessionCompleted":
      return [sessionClaim(event.data.sessionId, event.data.source !== undefined)];
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
      return [sessionClaim(command.data.sessionId, command.data.source !== undefined)];
    case "RecordAssessment":
      return [assessmentClaim(command.data.assessmentId)];
    case "PlanSession":
      return [planClaim(command.data.planId)];
    default:
      return [];
  }
}
