import { RuleViolation } from "../../domain/client/rule-violation.ts";
import { EventTooLarge } from "../../events/envelope.ts";
import {
  ClientNotFound,
  ConcurrencyExhausted,
  IdempotencyKeyReused,
  PersonalDataAfterErasure,
  PreconditionFailed,
} from "../../events/execute-command.ts";
import {
  AppendTooLarge,
  StoreUnavailable,
  TooManyEvents,
  WearableLinkedElsewhere,
} from "../../events/store/port.ts";
import { PayloadNotArchived, ReceiptContended } from "../webhooks/errors.ts";
import { HttpProblem } from "./problem.ts";

/** The one place where domain and store failures become HTTP problems. Unknown errors stay errors (500). */
export function toHttpProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (error instanceof RuleViolation) {
    return new HttpProblem(422, "opt-rule", "Refused by an OPT rule", error.detail, {
      rule: error.rule,
      overridable: error.overridable,
    });
  }
  if (error instanceof PersonalDataAfterErasure)
    return new HttpProblem(
      422,
      "personal-data-erased",
      "Personal data erased",
      `${error.message}; send the request without them`,
      { fields: error.fields },
    );
  if (error instanceof ClientNotFound)
    return new HttpProblem(404, "not-found", "Not found", "no such client");
  if (error instanceof PreconditionFailed) {
    return new HttpProblem(
      412,
      "precondition-failed",
      "Precondition failed",
      `If-Match does not match: ${error.message}`,
      {},
      { etag: `"${error.currentVersion}"` },
    );
  }
  if (error instanceof IdempotencyKeyReused)
    return new HttpProblem(422, "idempotency-key-reused", "Idempotency-Key reused", error.message);
  if (error instanceof ConcurrencyExhausted)
    return new HttpProblem(
      409,
      "conflict",
      "Conflict",
      "the client changed concurrently too often; retry",
      {},
      { "retry-after": "1" },
    );
  if (error instanceof PayloadNotArchived)
    return new HttpProblem(404, "not-found", "Not found", `${error.message}: its payload has expired`);
  if (error instanceof ReceiptContended)
    return new HttpProblem(409, "conflict", "Conflict", error.message, {}, { "retry-after": "1" });
  if (error instanceof WearableLinkedElsewhere)
    return new HttpProblem(
      409,
      "wearable-linked-elsewhere",
      "Linked to another client",
      `${error.message}; unlink it from that client first`,
      { provider: error.provider },
    );
  if (error instanceof StoreUnavailable)
    return new HttpProblem(
      503,
      "unavailable",
      "Service unavailable",
      "the event store is throttling; retry shortly",
      {},
      { "retry-after": "1" },
    );
  if (error instanceof EventTooLarge || error instanceof TooManyEvents || error instanceof AppendTooLarge)
    return new HttpProblem(413, "too-large", "Too large", error.message);
  // DynamoDB refused the request's data (an attribute it cannot store): the input was at fault, not us.
  if (error instanceof Error && error.name === "ValidationException")
    return new HttpProblem(
      400,
      "invalid-input",
      "Invalid input",
      "the request holds data that cannot be stored",
    );
  return null;
}
