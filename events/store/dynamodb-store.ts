import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { type ClientState, evolve, initialState } from "../../domain/client/state.ts";
import type { StoredEvent } from "../envelope.ts";
import { EVENT_TABLE } from "../table.ts";
import { appendTransaction } from "./append-transaction.ts";
import { documentClient } from "./documents.ts";
import { appendFailure, unavailableOnTransient } from "./errors.ts";
import {
  claimSk,
  commandSk,
  EVENT_SK_PREFIX,
  eventSk,
  fromEventItem,
  SNAPSHOT_SK,
  streamPk,
  streamsIndexPk,
} from "./items.ts";
import {
  type AppendRequest,
  type AppendResult,
  type EventPage,
  type EventStore,
  type IdempotencyRecord,
  type LoadedStream,
  type LoadOptions,
  StoreUnavailable,
  type StreamKey,
} from "./port.ts";
import { readSnapshot, replaceable, snapshotItem, unchangedSince } from "./snapshot.ts";
import { storedEvents } from "./stored-events.ts";
import { streamEvents } from "./stream-events.ts";

export class DynamoDbEventStore implements EventStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.documents = documentClient(client);
  }

  async load(key: StreamKey, options: LoadOptions = {}): Promise<LoadedStream> {
    const pk = streamPk(key);
    const commandKey = options.idempotencyKey ? commandSk(options.idempotencyKey) : null;
    const claimKeys = [...(options.claims ?? []), ...(options.references ?? [])].map(claimSk);
    const sortKeys = [SNAPSHOT_SK, ...(commandKey ? [commandKey] : []), ...new Set(claimKeys)];
    const items = await this.batchGet(sortKeys.map((sk) => ({ pk, sk })));
    const bySortKey = new Map(items.map((item) => [String(item.sk), item]));
    const command = commandKey ? bySortKey.get(commandKey) : undefined;
    const found = {
      idempotencyRecord: command ? toIdempotencyRecord(command) : null,
      claimed: (options.claims ?? []).filter((claim) => bySortKey.has(claimSk(claim))),
      referenced: new Map(
        (options.references ?? []).flatMap((claim) => {
          const item = bySortKey.get(claimSk(claim));
          return item ? [[claim, Number(item.version)] as const] : [];
        }),
      ),
    };
    const snapshot = bySortKey.get(SNAPSHOT_SK);
    const cached = snapshot ? readSnapshot(snapshot) : null;
    if (cached) return { ...cached, ...found };
    // No snapshot, one of another state shape, or one that does not read: it is only a cache, so fold
    // the stream instead, and heal the cache so that the next load is one read again.
    const folded = await this.foldStream(key);
    if (folded.version > 0 && replaceable(snapshot)) await this.writeBack(pk, folded, snapshot);
    return { ...folded, ...found };
  }

  /**
   * Stores a folded state as the snapshot, only if the snapshot item is still the one read (an append
   * meanwhile wrote a newer one). Best effort: it is a cache, and a failed write-back must not fail a
   * read that has its answer; the next fold tries again.
   */
  private async writeBack(
    pk: string,
    folded: { state: ClientState; version: number },
    read: Record<string, unknown> | undefined,
  ): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: snapshotItem(pk, folded.version, folded.state),
          ...unchangedSince(read),
        }),
      );
    } catch {
      // A lost race (ConditionalCheckFailed) or a transient failure: the snapshot stays as it is.
    }
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const { key, expectedVersion } = request;
    const stored = storedEvents(request);
    const transaction = appendTransaction(this.tableName, request, stored);
    try {
      // The token makes the SDK's own retry of a write that did succeed (a timeout) a no-op, not a conflict.
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: transaction.items,
          ClientRequestToken: randomUUID(),
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
    } catch (error) {
      throw appendFailure(error, key, expectedVersion, transaction);
    }
    return { version: expectedVersion + stored.length, events: stored };
  }

  async readEvent(key: StreamKey, version: number): Promise<StoredEvent | null> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: streamPk(key), sk: eventSk(version) },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? fromEventItem(Item) : null;
  }

  async readEvents(
    key: StreamKey,
    options: { afterVersion?: number; limit?: number } = {},
  ): Promise<EventPage> {
    const afterVersion = options.afterVersion ?? 0;
    const result = await unavailableOnTransient(() =>
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": streamPk(key),
            ":from": eventSk(afterVersion + 1),
            ":to": `${EVENT_SK_PREFIX}~`,
          },
          ConsistentRead: true,
          // One more than asked tells whether another page exists, so the last page says so.
          ...(options.limit ? { Limit: options.limit + 1 } : {}),
        }),
      ),
    );
    const items = result.Items ?? [];
    const kept = options.limit ? items.slice(0, options.limit) : items;
    const events = kept.map(fromEventItem);
    const last = events.at(-1);
    const more = items.length > kept.length || result.LastEvaluatedKey !== undefined;
    return { events, nextAfterVersion: more && last ? last.version : null };
  }

  async getIdempotencyRecord(key: StreamKey, idempotencyKey: string): Promise<IdempotencyRecord | null> {
    const result = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: streamPk(key), sk: commandSk(idempotencyKey) },
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item ? toIdempotencyRecord(result.Item) : null;
  }

  async listStreams(tenantId: string, options: { cursor?: string; limit?: number } = {}) {
    const { streamsIndex } = EVENT_TABLE;
    const result = await unavailableOnTransient(() =>
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: streamsIndex.name,
          KeyConditionExpression: `${streamsIndex.partitionKey} = :pk`,
          ExpressionAttributeValues: { ":pk": streamsIndexPk(tenantId) },
          ...(options.limit ? { Limit: options.limit } : {}),
          ...(options.cursor
            ? { ExclusiveStartKey: streamsCursor(options.cursor, streamsIndexPk(tenantId)) }
            : {}),
        }),
      ),
    );
    return {
      clientIds: (result.Items ?? []).map((item) => String(item.clientId)),
      cursor: result.LastEvaluatedKey
        ? Buffer.from(JSON.stringify(result.LastEvaluatedKey)).toString("base64url")
        : null,
    };
  }

  private async foldStream(key: StreamKey): Promise<{ state: ClientState; version: number }> {
    let state = initialState;
    let version = 0;
    for await (const event of streamEvents(this, key)) {
      state = evolve(state, event);
      version = event.version;
    }
    return { state, version };
  }

  private async batchGet(keys: Record<string, string>[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, string>[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 5) throw new StoreUnavailable("DynamoDB left keys unprocessed after 5 attempts");
      if (attempt > 0) await pause(attempt);
      const result = await unavailableOnTransient(() =>
        this.documents.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            ReturnConsumedCapacity: "TOTAL",
          }),
        ),
      );
      items.push(...(result.Responses?.[this.tableName] ?? []));
      pending =
        (result.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, string>[] | undefined) ?? [];
    }
    return items;
  }
}

export class InvalidStreamsCursor extends Error {}

/** A cursor is only good for the tenant that received it. */
function streamsCursor(cursor: string, indexPk: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidStreamsCursor("not a streams cursor");
  }
  if (
    !key ||
    typeof key !== "object" ||
    (key as Record<string, unknown>)[EVENT_TABLE.streamsIndex.partitionKey] !== indexPk
  ) {
    throw new InvalidStreamsCursor("the cursor belongs to another listing");
  }
  return key as Record<string, unknown>;
}

const toIdempotencyRecord = (item: Record<string, unknown>): IdempotencyRecord => ({
  requestHash: String(item.requestHash),
  response: JSON.parse(String(item.response)),
});

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10 + Math.random() * 10));
