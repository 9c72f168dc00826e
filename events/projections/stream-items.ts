import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ClientKeys } from "../crypto/client-keys.ts";
import type { StoredEvent } from "../envelope.ts";
import { EVENT_SK_PREFIX, eventHoldsSealedData, eventSk, fromEventItem, streamPk } from "../store/items.ts";
import type { StreamKey } from "../store/port.ts";
import { queryPages } from "../store/query-pages.ts";
import { isPoison } from "./poison.ts";

export type StreamItem =
  | { readonly version: number; readonly event: StoredEvent }
  | { readonly version: number; readonly pk: string; readonly sk: string; readonly error: unknown };

/**
 * The event items of a stream after a version, in order (consistent reads), each decoded or, if it can
 * never be, reported with its error instead of ending the read (an event of a newer schema still throws:
 * it is readable once this code is updated).
 */
export async function* streamItems(
  documents: DynamoDBDocumentClient,
  tableName: string,
  key: StreamKey,
  after: number,
  keys: ClientKeys,
): AsyncGenerator<StreamItem> {
  const pages = queryPages(documents, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": streamPk(key),
      ":from": eventSk(after + 1),
      ":to": `${EVENT_SK_PREFIX}~`,
    },
    ConsistentRead: true,
  });
  for await (const items of pages) {
    const dataKey = items.some(eventHoldsSealedData) ? await keys.current(key, { verify: true }) : null;
    for (const item of items) yield decoded(item, dataKey);
  }
}

function decoded(item: Record<string, unknown>, dataKey: Uint8Array | null): StreamItem {
  const version = Number(String(item.sk).slice(EVENT_SK_PREFIX.length));
  try {
    return { version, event: fromEventItem(item, dataKey) };
  } catch (error) {
    if (!isPoison(error)) throw error;
    return { version, pk: String(item.pk), sk: String(item.sk), error };
  }
}
