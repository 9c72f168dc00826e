import { type DynamoDBDocumentClient, PutCommand, type PutCommandInput } from "@aws-sdk/lib-dynamodb";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { ClientEvent } from "../../domain/client/events.ts";
import { fold } from "../../domain/client/state.ts";
import type { EventMeta } from "../../events/envelope.ts";
import { eventItemsOf } from "../../events/store/event-items.ts";
import type { StreamKey } from "../../events/store/port.ts";
import { storedEvents } from "../../events/store/stored-events.ts";

/**
 * The newest event item of a stream holding `events`, as an append writes it (events/store/event-items.ts):
 * the event, listing the facts it claims, with the client's state after it, personal fields sealed.
 */
export function newestItem(
  key: StreamKey,
  events: readonly ClientEvent[],
  dataKey: Uint8Array,
  meta: Omit<EventMeta, "tenantId">,
): Record<string, unknown> {
  const last = events.at(-1);
  if (!last) throw new Error("a stream has at least one event");
  const request = {
    key,
    expectedVersion: events.length - 1,
    events: [last],
    state: fold([...events]),
    meta,
    recordedAt: last.occurredAt,
  };
  return { ...eventItemsOf(request, storedEvents(request), dataKey)[0] };
}

/** The Query of a load: the stream's newest event item only. */
export const NEWEST = { ScanIndexForward: false, Limit: 1 } as const;

/** The PutItems of a lone event's append, told apart: its claims' items first, then the event's. */
export const claimPuts = { Item: { kind: "claim" } } as const;
export const eventPuts = { Item: { kind: "event" } } as const;
export const putsOf = (
  ddb: AwsClientStub<DynamoDBDocumentClient>,
  kind: "claim" | "event",
): PutCommandInput[] =>
  ddb
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.Item?.kind === kind);
