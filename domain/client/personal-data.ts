import type { Instant } from "../time.ts";

/**
 * What a personal value reads as once the client's personal data is erased (its key destroyed): one
 * stable placeholder wherever the value was, in events, state, read models and exports.
 */
export const ERASED = "[erased]";

export const isErased = (value: unknown): boolean => value === ERASED;

/** Why personal data was erased (GDPR art. 17 grounds); a code, not free text that would itself be personal. */
export const ERASURE_REASONS = [
  "client-request",
  "consent-withdrawn",
  "no-longer-necessary",
  "legal-obligation",
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** What an erased client may still do, per tenant: keep training on an anonymous history, or nothing. */
export const ERASED_CLIENT_POLICIES = ["keep-training", "closed"] as const;
export type ErasedClientPolicy = (typeof ERASED_CLIENT_POLICIES)[number];

export interface Erasure {
  readonly at: Instant;
  readonly reason: ErasureReason;
}
