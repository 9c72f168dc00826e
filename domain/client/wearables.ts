import type { Instant } from "../time.ts";
import type { LinkWearable, UnlinkWearable } from "./commands.ts";
import type { ClientEvent, WearableUnlinked, WearableUnlinkReason } from "./events.ts";
import type { ClientState } from "./state.ts";

/**
 * A client has at most one account per provider: linking another replaces it. Linking the account
 * already linked decides nothing. (That an account belongs to one client only is the store's to enforce:
 * it spans clients.)
 */
export function decideLinkWearable({ data }: LinkWearable, state: ClientState): ClientEvent[] {
  const { provider, externalUserId, at } = data;
  const current = state.wearables?.[provider];
  if (current === externalUserId) return [];
  return [
    ...(current === undefined ? [] : [unlinked(provider, current, at, "relinked")]),
    { type: "WearableLinked", occurredAt: at, data: { provider, externalUserId } },
  ];
}

/** Unlinking what is not linked decides nothing: a repeated unlink is the same outcome. */
export function decideUnlinkWearable({ data }: UnlinkWearable, state: ClientState): ClientEvent[] {
  const current = state.wearables?.[data.provider];
  return current === undefined ? [] : [unlinked(data.provider, current, data.at, "unlinked")];
}

/** Every link goes with the personal data: the accounts are the client's identifiers elsewhere. */
export const unlinkAll = (state: ClientState, at: Instant): WearableUnlinked[] =>
  Object.entries(state.wearables ?? {}).map(([provider, externalUserId]) =>
    unlinked(provider, externalUserId, at, "personal-data-erased"),
  );

const unlinked = (
  provider: string,
  externalUserId: string,
  at: Instant,
  reason: WearableUnlinkReason,
): WearableUnlinked => ({
  type: "WearableUnlinked",
  occurredAt: at,
  data: { provider, externalUserId, reason },
});
