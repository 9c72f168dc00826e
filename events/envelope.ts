import type { ClientEvent } from "../domain/client/events.ts";

/** Who and what caused an event: carried beside the fact, never inside it. */
export interface EventMeta {
  tenantId: string;
  actorId: string;
  correlationId: string;
  source: "api" | "webhook" | "system" | "seed";
}

/** A domain event as the store holds it: its position in the client's stream and its provenance. */
export type StoredEvent = ClientEvent & {
  eventId: string;
  clientId: string;
  version: number;
  schemaVersion: number;
  recordedAt: string;
  meta: EventMeta;
};

/** Events over this size are refused: they are facts, not documents (DynamoDB's item limit is 400 KB). */
export const MAX_EVENT_BYTES = 64 * 1024;

export class EventTooLarge extends Error {
  constructor(
    readonly type: string,
    readonly bytes: number,
  ) {
    super(`${type} is ${bytes} bytes; events are limited to ${MAX_EVENT_BYTES} bytes`);
  }
}
