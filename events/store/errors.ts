import { type AttributeValue, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { type HeldClaim, heldClaimOf } from "./claim-first.ts";
import {
  DuplicateCommand,
  DuplicateFact,
  StoreUnavailable,
  type StreamKey,
  VersionConflict,
  WearableLinkedElsewhere,
} from "./port.ts";

/** A transaction collided with another in flight (no condition failed): retry after a pause. */
export class TransactionConflict extends Error {}

/** A claim in the transaction is held by a claim written before its event: resolved by the store. */
export class ClaimHeld extends Error {
  constructor(
    readonly claim: string,
    readonly held: HeldClaim,
  ) {
    super(`${claim} is held by a claim written before its event`);
  }
}

/** Failures that outlasted the SDK's own retries but may pass: the caller should retry later (503). */
const TRANSIENT = new Set([
  "ThrottlingException",
  "ThrottlingError",
  "ProvisionedThroughputExceeded",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TransactionInProgressException",
]);

export const isTransient = (error: unknown): boolean =>
  error instanceof Error &&
  (TRANSIENT.has(error.name) ||
    (error as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true);

/**
 * Maps a failed append by the cancellation reason of each item, by index: the idempotency record's
 * condition means a duplicate command, a claim's a duplicate fact (or a claim to resolve), a link's a user
 * linked elsewhere, an event's or the next version's check a version conflict,
 * TransactionConflict is transient, and throttling means the store is unavailable for now.
 */
export function appendFailure(
  error: unknown,
  key: StreamKey,
  expectedVersion: number,
  positions: {
    commandIndex: number | null;
    claims: { claim: string; index: number }[];
    links: { provider: string; index: number }[];
  },
): Error {
  const { commandIndex } = positions;
  if (error instanceof TransactionCanceledException) {
    const reasons = error.CancellationReasons ?? [];
    const codes = reasons.map((reason) => reason.Code ?? "None");
    if (commandIndex !== null && codes[commandIndex] === "ConditionalCheckFailed") {
      return new DuplicateCommand(String(reasons[commandIndex]?.Item?.sk?.S ?? "").replace(/^CMD#/, ""));
    }
    const claimed = positions.claims.find(({ index }) => codes[index] === "ConditionalCheckFailed");
    if (claimed) return claimFailure(claimed.claim, reasons[claimed.index]?.Item);
    const taken = positions.links.find(({ index }) => codes[index] === "ConditionalCheckFailed");
    if (taken) return new WearableLinkedElsewhere(taken.provider);
    if (codes.includes("ConditionalCheckFailed")) return new VersionConflict(key, expectedVersion);
    if (codes.some((code) => TRANSIENT.has(code)))
      return new StoreUnavailable("DynamoDB throttled the append", { cause: error });
    if (codes.includes("TransactionConflict"))
      return new TransactionConflict("transaction conflict", { cause: error });
  }
  if (isTransient(error)) return new StoreUnavailable("DynamoDB throttled the append", { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/** A claim found in the way: a recorded fact, or one written before its event (with the event's id). */
export function claimFailure(claim: string, item: Record<string, AttributeValue> | undefined): Error {
  const held = heldClaimOf(item ? unmarshall(item) : {});
  return held.eventId === undefined ? new DuplicateFact(claim) : new ClaimHeld(claim, held);
}

/** Reads that outlast the SDK's retries on a transient failure surface as StoreUnavailable (503). */
export async function unavailableOnTransient<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isTransient(error)) throw new StoreUnavailable("DynamoDB is throttling reads", { cause: error });
    throw error;
  }
}
