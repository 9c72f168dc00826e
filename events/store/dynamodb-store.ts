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
import type { ClientKeys } from "../crypto/client-keys.ts";
import {
  openResponse,
  personalValuesOf,
  splitPersonal,
  withoutPersonalValues,
} from "../crypto/personal-values.ts";
import type { StoredEvent } from "../envelope.ts";
import { EVENT_TABLE } from "../table.ts";
import { linkChangesOf } from "../wearable-links.ts";
import { appendTransaction, type Sealing } from "./append-transaction.ts";
import { documentClient } from "./documents.ts";
import { appendFailure, unavailableOnTransient } from "./errors.ts";
import {
  claimKey,
  commandSk,
  EVENT_SK_PREFIX,
  eventSk,
  fromEventItem,
  holdsSealedData,
  NoKeyForPersonalData,
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
import { type SealReport, sealPlaintext } from "./seal-plaintext.ts";
import {
  readSnapshot,
  replaceable,
  STATE_PERSONAL_FIELDS,
  snapshotItem,
  unchangedSince,
} from "./snapshot.ts";
import { storedEvents } from "./stored-events.ts";
import { streamEvents } from "./stream-events.ts";
import { linkKey } from "./webhook-items.ts";

export class DynamoDbEventStore implements EventStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    /** Every client's personal values are sealed under its own key from here (events/crypto/). */
    readonly keys: ClientKeys,
  ) {
    this.documents = documentClient(client);
  }

  async load(key: StreamKey, options: LoadOptions = {}): Promise<LoadedStream> {
    const pk = streamPk(key);
    const commandKey = options.idempotencyKey ? commandSk(options.idempotencyKey) : null;
    const claims = [...new Set([...(options.claims ?? []), ...(options.references ?? [])])];
    const keys = [
      { pk, sk: SNAPSHOT_SK },
      ...(commandKey ? [{ pk, sk: commandKey }] : []),
      ...claims.map((claim) => claimKey(key, claim)),
    ];
    const items = await this.batchGet(keys);
    const byKey = new Map(items.map((item) => [`${item.pk}|${item.sk}`, item]));
    const at = ({ pk: partition, sk }: { pk: string; sk: string }) => byKey.get(`${partition}|${sk}`);
    const command = commandKey ? at({ pk, sk: commandKey }) : undefined;
    const snapshot = at({ pk, sk: SNAPSHOT_SK });
    // Commands trust the cached key: the snapshot they read consistently shows an erasure.
    const sealed = [snapshot, command].some((item) => item && holdsSealedData(item));
    const dataKey = sealed ? await this.keys.current(key, { verify: false }) : null;
    const found = {
      idempotencyRecord: command ? toIdempotencyRecord(command, key, dataKey) : null,
      claimed: (options.claims ?? []).filter((claim) => at(claimKey(key, claim)) !== undefined),
      referenced: new Map(
        (options.references ?? []).flatMap((claim) => {
          const item = at(claimKey(key, claim));
          return item ? [[claim, Number(item.version)] as const] : [];
        }),
      ),
    };
    const cached = snapshot ? readSnapshot(snapshot, key, dataKey) : null;
    if (cached) return { ...cached, ...found };
    // No snapshot, one of another state shape, or one that does not read: it is only a cache, so fold
    // the stream instead, and heal the cache so that the next load is one read again.
    const folded = await this.foldStream(key);
    if (folded.version > 0 && replaceable(snapshot)) await this.writeBack(pk, key, folded, snapshot);
    return { ...folded, ...found };
  }

  /**
   * Stores a folded state as the snapshot, only if the snapshot item is still the one read (an append
   * meanwhile wrote a newer one). Best effort: it is a cache, and a failed write-back must not fail a
   * read that has its answer; the next fold tries again.
   */
  private async writeBack(
    pk: string,
    key: StreamKey,
    folded: { state: ClientState; version: number },
    read: Record<string, unknown> | undefined,
  ): Promise<void> {
    try {
      const dataKey = splitPersonal(folded.state, STATE_PERSONAL_FIELDS).personal
        ? await this.keys.current(key, { verify: true })
        : null;
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: snapshotItem(pk, folded.version, folded.state, key, dataKey),
          ...unchangedSince(read),
        }),
      );
    } catch {
      // A lost race (ConditionalCheckFailed), a transient failure, or personal data without a key: the
      // snapshot stays as it is.
    }
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const { key, expectedVersion } = request;
    const stored = storedEvents(request);
    const sealing = await this.sealing(request, stored);
    // An erasure's own events are written without their personal values: the key they would be sealed
    // under is destroyed in the same transaction. The links they drop are still known here.
    const written = sealing.dataKey === null ? stored.map(withoutPersonalValues) : stored;
    const transaction = appendTransaction(
      this.tableName,
      request,
      written,
      sealing,
      stored.flatMap(linkChangesOf),
    );
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
    const [keyItem] = sealing.keyItems;
    if (keyItem?.Update) this.keys.forget(key);
    else if (keyItem?.Put && sealing.dataKey) this.keys.adopt(key, sealing.dataKey, keyItem);
    return { version: expectedVersion + stored.length, events: stored };
  }

  /**
   * The data key this append seals with: the client's, or a new one (written in the same transaction)
   * when it has personal data and no key yet (a registration, or a client from before encryption). An
   * erasure destroys the key in the transaction that records it, and seals nothing.
   */
  private async sealing(request: AppendRequest, stored: readonly StoredEvent[]): Promise<Sealing> {
    const { key } = request;
    if (stored.some((event) => event.type === "PersonalDataErased")) {
      // History written before encryption is sealed first, or the destroyed key would not cover it.
      await this.sealPlaintext(key, { now: new Date(request.recordedAt) });
      return { dataKey: null, keyItems: [this.keys.destroy(key, request.recordedAt)] };
    }
    const existing = request.expectedVersion === 0 ? null : await this.keys.current(key, { verify: false });
    if (existing) return { dataKey: existing, keyItems: [] };
    const personal =
      splitPersonal(request.state, STATE_PERSONAL_FIELDS).personal !== null ||
      stored.some((event) => personalValuesOf(event) !== null);
    if (!personal) return { dataKey: null, keyItems: [] };
    if (request.state.erasure) throw new NoKeyForPersonalData("the client's personal data was erased");
    const created = await this.keys.create(key, request.recordedAt);
    return { dataKey: created.key, keyItems: [created.put] };
  }

  /** Seals what the client's partition still holds in plain text (see seal-plaintext.ts). */
  sealPlaintext(key: StreamKey, options: { dryRun?: boolean; now?: Date } = {}): Promise<SealReport> {
    return sealPlaintext(this.documents, this.tableName, this.keys, key, options);
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
    if (!Item) return null;
    return fromEventItem(Item, holdsSealedData(Item) ? await this.keys.current(key, { verify: true }) : null);
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
    // Reads of history check the key item itself: an erasure done in another container shows at once.
    const dataKey = kept.some(holdsSealedData) ? await this.keys.current(key, { verify: true }) : null;
    const events = kept.map((item) => fromEventItem(item, dataKey));
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
    if (!result.Item) return null;
    const dataKey = holdsSealedData(result.Item) ? await this.keys.current(key, { verify: false }) : null;
    return toIdempotencyRecord(result.Item, key, dataKey);
  }

  async linkedClient(tenantId: string, provider: string, externalUserId: string): Promise<string | null> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        // Consistent: a session posted right after its user was linked finds the link.
        new GetCommand({
          TableName: this.tableName,
          Key: linkKey(tenantId, provider, externalUserId),
          ConsistentRead: true,
        }),
      ),
    );
    return typeof Item?.clientId === "string" ? Item.clientId : null;
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

function toIdempotencyRecord(
  item: Record<string, unknown>,
  owner: StreamKey,
  dataKey: Uint8Array | null,
): IdempotencyRecord {
  const requestHash = String(item.requestHash);
  if (!(item.sealedResponse instanceof Uint8Array))
    return { requestHash, response: JSON.parse(String(item.response)) };
  const answer = openResponse(dataKey, owner, item.sealedResponse);
  return { requestHash, response: answer === null ? null : JSON.parse(answer), personal: true };
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10 + Math.random() * 10));
