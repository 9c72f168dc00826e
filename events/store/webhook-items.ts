import { createHash } from "node:crypto";

/**
 * Keys of the webhook items in the single table (see events/table.ts). Every key leads with the tenant.
 *
 * - `T#<tenant>#WL#<provider>#<sha256(externalUserId)>`, sk `L`: which client a provider's user is linked
 *   to; written in the same transaction as WearableLinked / WearableUnlinked. The external id is hashed so
 *   no key holds it (and any length fits).
 * - `T#<tenant>#WP#<provider>`, sk `P#<parkedId>`: a parked wearable session (expires).
 * - `T#<tenant>#WR#<receiptId>`, sk `R`: what became of each item of one webhook post (expires).
 * - `T#<tenant>#WS#<sessionId>`, sk `U`: a wearable session recorded in the tenant, whichever client has it
 *   (events/store/items.ts claimKey), written in the same transaction as its SessionCompleted.
 */
export const linkKey = (tenantId: string, provider: string, externalUserId: string) => ({
  pk: `T#${tenantId}#WL#${provider}#${createHash("sha256").update(externalUserId).digest("hex")}`,
  sk: "L",
});

export const parkedSessionsPk = (tenantId: string, provider: string): string =>
  `T#${tenantId}#WP#${provider}`;
export const PARKED_SK_PREFIX = "P#";
export const parkedSessionKey = (tenantId: string, provider: string, parkedId: string) => ({
  pk: parkedSessionsPk(tenantId, provider),
  sk: `${PARKED_SK_PREFIX}${parkedId}`,
});

export const receiptKey = (tenantId: string, receiptId: string) => ({
  pk: `T#${tenantId}#WR#${receiptId}`,
  sk: "R",
});

/** Partition-key shapes for IAM's `dynamodb:LeadingKeys` (any tenant, provider, user or receipt). */
export const WEBHOOK_KEY_PATTERNS = {
  link: "T#*#WL#*",
  parked: "T#*#WP#*",
  receipt: "T#*#WR#*",
  sessionClaim: "T#*#WS#*",
} as const;

/** How long parked sessions and receipts are kept: as long as the archived payloads they point to. */
export const WEBHOOK_RETENTION_DAYS = 90;
