import { personalFields } from "../catalogue.ts";
import { decodeEvent } from "../codec.ts";
import {
  isSealedPersonal,
  openPersonal,
  type SealedPersonal,
  sealPersonal,
  splitPersonal,
} from "../crypto/personal-values.ts";
import type { EventMeta, StoredEvent } from "../envelope.ts";
import type { StreamKey } from "./port.ts";

/** Keys of the single table (see events/table.ts). Every key leads with the tenant. */
export const streamPk = ({ tenantId, clientId }: StreamKey): string => `T#${tenantId}#C#${clientId}`;
export const eventSk = (version: number): string => `E#${String(version).padStart(10, "0")}`;
export const EVENT_SK_PREFIX = "E#";
export const SNAPSHOT_SK = "S";
export const commandSk = (idempotencyKey: string): string => `CMD#${idempotencyKey}`;
export const claimSk = (claim: string): string => `U#${claim}`;

/**
 * Where a claim is kept: in the client's partition, or, for a fact the whole tenant holds once (a
 * wearable's session, whichever client its user is linked to over time), in a partition of its own.
 */
export function claimKey(key: StreamKey, claim: string): { pk: string; sk: string } {
  return isTenantClaim(claim)
    ? { pk: `T#${key.tenantId}#WS#${claim.slice(TENANT_CLAIM_PREFIX.length)}`, sk: "U" }
    : { pk: streamPk(key), sk: claimSk(claim) };
}
export const TENANT_CLAIM_PREFIX = "wearable-session:";
const isTenantClaim = (claim: string): boolean => claim.startsWith(TENANT_CLAIM_PREFIX);
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
  /** The event's data without its personal values… */
  data: Record<string, unknown>;
  /** …which are here, sealed under the client's key (absent when the event has none). */
  personal?: SealedPersonal;
  meta: Omit<EventMeta, "tenantId">;
  /** Only on version 1: the sparse index that lists a tenant's streams. */
  gsi2pk?: string;
  gsi2sk?: string;
}

/** A personal value to store for a client that has no key: a bug upstream, never stored in plain text. */
export class NoKeyForPersonalData extends Error {}

export function toEventItem(event: StoredEvent, dataKey: Uint8Array | null): EventItem {
  const { tenantId, ...meta } = event.meta;
  const key = { tenantId, clientId: event.clientId };
  const { readable, personal } = splitPersonal(event.data, personalFields(event.type));
  if (personal && !dataKey)
    throw new NoKeyForPersonalData(`${event.type} holds personal data and the client has no key`);
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
    data: readable,
    ...(personal && dataKey ? { personal: sealPersonal(dataKey, key, "event", personal) } : {}),
    meta,
    ...(event.version === 1 ? { gsi2pk: streamsIndexPk(tenantId), gsi2sk: event.clientId } : {}),
  };
}

/**
 * Whether reading an event needs its client's key: its own personal values are sealed. (The state the
 * last event of an append carries is sealed too, but only a load reads it.)
 */
export const eventHoldsSealedData = (item: Record<string, unknown>): boolean =>
  isSealedPersonal(item.personal);

/** Whether reading the item needs its client's key. */
export const holdsSealedData = (item: Record<string, unknown>): boolean =>
  isSealedPersonal(item.personal) ||
  item.sealed instanceof Uint8Array ||
  item.sealedResponse instanceof Uint8Array;

/**
 * Reads an event item of any schema version (upcast and validated) back into a stored event, its
 * personal values opened with the client's key, or ERASED without it.
 */
export function fromEventItem(item: Record<string, unknown>, dataKey: Uint8Array | null): StoredEvent {
  const raw = item as unknown as EventItem;
  const owner = { tenantId: raw.tenantId, clientId: raw.clientId };
  const event = decodeEvent({
    type: raw.type,
    schemaVersion: Number(raw.schemaVersion),
    occurredAt: raw.occurredAt,
    data: isSealedPersonal(raw.personal)
      ? { ...raw.data, ...openPersonal(dataKey, owner, "event", raw.personal) }
      : raw.data,
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
