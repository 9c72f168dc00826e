import { claimsOf } from "../claims.ts";
import type { StoredEvent } from "../envelope.ts";
import { type EventItem, toEventItem } from "./items.ts";
import type { AppendRequest } from "./port.ts";
import { type StateAttributes, stateAttributes } from "./snapshot.ts";

/**
 * The items of an append's events. The last carries the client's state after them, so that one Query of
 * a stream's newest item loads the client (a snapshot item would double what every append writes). An
 * event that records a claimed fact lists its claims, which is what confirms a claim written before its
 * event (events/store/claim-first.ts).
 */
export function eventItemsOf(
  request: AppendRequest,
  stored: readonly StoredEvent[],
  dataKey: Uint8Array | null,
): (EventItem | (EventItem & StateAttributes))[] {
  const last = stored.length - 1;
  return stored.map((event, index) => {
    const claims = claimsOf(event);
    const item = { ...toEventItem(event, dataKey), ...(claims.length > 0 ? { claims } : {}) };
    return index === last
      ? { ...item, ...stateAttributes(event.version, request.state, request.key, dataKey) }
      : item;
  });
}
