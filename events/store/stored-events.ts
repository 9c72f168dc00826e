import { randomUUID } from "node:crypto";
import { encodeEvent } from "../codec.ts";
import type { StoredEvent } from "../envelope.ts";
import { CURRENT_SCHEMA_VERSION } from "../upcasters.ts";
import { type AppendRequest, MAX_EVENTS_PER_APPEND, TooManyEvents } from "./port.ts";

/** The decided events of an append, validated and placed at the next versions with their provenance. */
export function storedEvents(request: AppendRequest): StoredEvent[] {
  const { key, expectedVersion, events, meta, recordedAt } = request;
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new TooManyEvents(`${events.length} events in one command; the limit is ${MAX_EVENTS_PER_APPEND}`);
  }
  return events.map((event, index) => ({
    ...encodeEvent(event),
    eventId: randomUUID(),
    clientId: key.clientId,
    version: expectedVersion + index + 1,
    schemaVersion: CURRENT_SCHEMA_VERSION[event.type],
    recordedAt,
    meta: { tenantId: key.tenantId, ...meta },
  }));
}
