import type { ClientEvent } from "../domain/client/events.ts";
import { eventSchema, isClientEventType } from "./catalogue.ts";
import { EventTooLarge, MAX_EVENT_BYTES } from "./envelope.ts";
import { upcast } from "./upcasters.ts";

export class MalformedEvent extends Error {}

/** Reads a stored event of any schema version into the current domain shape (upcast, then parse). */
export function decodeEvent(raw: {
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: unknown;
}): ClientEvent {
  if (!isClientEventType(raw.type)) throw new MalformedEvent(`unknown event type ${raw.type}`);
  const data = upcast(raw.type, raw.schemaVersion, (raw.data ?? {}) as Record<string, unknown>);
  const parsed = eventSchema(raw.type).safeParse({ type: raw.type, occurredAt: raw.occurredAt, data });
  if (!parsed.success)
    throw new MalformedEvent(`${raw.type} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
}

/** Validates a decided event against the catalogue and the size bound before it is stored. */
export function encodeEvent(event: ClientEvent): ClientEvent {
  const bytes = Buffer.byteLength(JSON.stringify(event), "utf8");
  if (bytes > MAX_EVENT_BYTES) throw new EventTooLarge(event.type, bytes);
  if (!isClientEventType(event.type)) throw new MalformedEvent(`unknown event type ${event.type}`);
  const parsed = eventSchema(event.type).safeParse(event);
  if (!parsed.success)
    throw new MalformedEvent(`${event.type} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
}
