import { RuleViolation } from "./rule-violation.ts";
import type { ClientState, PhaseBlock } from "./state.ts";

/**
 * The block that sessions are logged and planned in. Programming stops while the client is referred,
 * and needs a current phase: each refusal names its rule.
 */
export function currentBlock(
  state: ClientState,
  doing: "logging sessions" | "planning sessions",
): PhaseBlock {
  if (state.status === "referred") {
    throw new RuleViolation(
      "referral-blocks-programming",
      `the client is referred for pain: no ${doing} until clearance`,
    );
  }
  if (!state.block) throw new RuleViolation("session-requires-phase", `start a phase before ${doing}`);
  return state.block;
}
