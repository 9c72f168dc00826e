import type { ClientEvent } from "../domain/client/events.ts";

/** A change to the tenant-wide lookup from a provider's user to the client it is linked to. */
export interface LinkChange {
  readonly action: "link" | "unlink";
  readonly provider: string;
  readonly externalUserId: string;
}

/**
 * The lookup changes an event makes: written in the same transaction as the event, so the lookup and the
 * clients' streams never disagree, and a user linked to one client cannot be linked to another.
 */
export function linkChangesOf(event: ClientEvent): LinkChange[] {
  switch (event.type) {
    case "WearableLinked":
      return [{ action: "link", ...event.data }];
    case "WearableUnlinked":
      return [{ action: "unlink", provider: event.data.provider, externalUserId: event.data.externalUserId }];
    default:
      return [];
  }
}
