import type { ClientRegistered } from "../../domain/client/events.ts";
import type { StoredEvent } from "../envelope.ts";
import type { EventStore, StreamKey } from "../store/port.ts";

/**
 * What an analytics record needs to know about the client beyond its own event: where it trains, with
 * whom, and its date of birth (for the age band only; it never leaves this process). All of it comes
 * from the registration, the first event of every stream: no event moves a client or changes its trainer.
 */
export interface ClientContext {
  readonly locationId: string;
  readonly trainerId: string | null;
  readonly dateOfBirth: string | undefined;
}

export const contextOf = (registration: ClientRegistered): ClientContext => ({
  locationId: registration.data.locationId,
  trainerId: registration.data.trainerId ?? null,
  dateOfBirth: registration.data.dateOfBirth,
});

export class MissingRegistration extends Error {}

/**
 * Looks up clients' contexts for one batch of events: a stream's registration is read once (one
 * consistent GetItem) and not at all when it is in the batch itself.
 */
export function contextLookup(store: Pick<EventStore, "readEvent">) {
  const known = new Map<string, Promise<ClientContext>>();
  const keyOf = (key: StreamKey) => JSON.stringify([key.tenantId, key.clientId]);
  return (event: StoredEvent): Promise<ClientContext> => {
    const key = { tenantId: event.meta.tenantId, clientId: event.clientId };
    if (event.type === "ClientRegistered") known.set(keyOf(key), Promise.resolve(contextOf(event)));
    let context = known.get(keyOf(key));
    if (!context) {
      context = store.readEvent(key, 1).then((first) => {
        if (first?.type !== "ClientRegistered")
          throw new MissingRegistration(`stream ${key.clientId} does not start with its registration`);
        return contextOf(first);
      });
      known.set(keyOf(key), context);
    }
    return context;
  };
}
