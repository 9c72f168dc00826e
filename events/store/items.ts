import { decodeEvent } from "../codec.ts";
import type { EventMeta, StoredEvent } from "../envelope.ts";
import type { StreamKey } from "./port.ts";

/** Keys of the single table (see events/table.ts). Every key leads with the tenant. */
export const streamPk = ({ tenantId, clientId }: StreamKey): string => `T#${tenantId}#C#${clientId}`;
export const eventSk = (version: number): string => `E#${String(version).padStart(10, "0")}`;
export const EVENT_SK_PREFIX = "E#";
export const SNAPSHOT_SK = "S";
export const commandSk = (idempotencyKey: string): string => `CMD#${idempotencyKey}`;
export const claimSk = (claim: string): string => `U#${claim}`;
export const streamsIndexPk = (tenantId: string): string => `T#${tenantId}#STREAMS`;

/** An event as an item: flat attributes so stream consumers and analysts can filter and project them. */
export interface EventItem {
  pk: string;
  sk: string;
  kind: "event";
  tenantId: string;
  clientId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  version: number;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
  meta: Omit<EventMeta, "tenantId">;
  /** Only on version 1: the sparse index that lists a tenant's streams. */
  gsi2pk?: string;
  gsi2sk?: string;
}

export function toEventItem(event: StoredEvent): EventItem {
  const { tenantId, ...meta } = event.meta;
  const key = { tenantId, clientId: event.clientId };
  return {
    pk: streamPk(key),
    sk: eventSk(event.version),
    kind: "event",
    tenantId,
    clientId: event.clientId,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    version: event.version,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    data: event.data as Record<string, unknown>,
    meta,
    ...(event.version === 1 ? { gsi2pk: streamsIndexPk(tenantId), gsi2sk: event.clientId } : {}),
  };
}

/** Reads an event item of any schema version (upcast and validated) back into a stored event. */
export function fromEventItem(item: Record<string, unknown>): StoredEvent {
  const raw = item as unknown as EventItem;
  const event = decodeEvent({
    type: raw.type,
    schemaVersion: Number(raw.schemaVersion),
    occurredAt: raw.occurredAt,
    data: raw.data,
  });
  return {
    ...event,
    eventId: raw.eventId,
    clientId: raw.clientId,
    version: Number(raw.version),
    schemaVersion: Number(raw.schemaVersion),
    recordedAt: raw.recordedAt,
    meta: { tenantId: raw.tenantId, ...raw.meta },
  };
}
