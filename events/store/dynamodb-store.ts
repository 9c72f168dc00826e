import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { type ClientState, evolve, initialState } from "../../domain/client/state.ts";
import { claimsOf } from "../claims.ts";
import type { ClientKeys } from "../crypto/client-keys.ts";
import {
  openResponse,
  personalValuesOf,
  splitPersonal,
  withoutPersonalValues,
} from "../crypto/personal-values.ts";
import type { StoredEvent } from "../envelope.ts";
import { once } from "../once.ts";
import { EVENT_TABLE } from "../table.ts";
import { type LinkChange, linkChangesOf } from "../wearable-links.ts";
import { appendTransaction, type Sealing } from "./append-transaction.ts";
import { claimRecorded, type HeldClaim, heldClaimOf, listsClaim, resolveHeldClaim } from "./claim-first.ts";
import { documentClient } from "./documents.ts";
import { appendFailure, ClaimHeld, TransactionConflict, unavailableOnTransient } from "./errors.ts";
import { eventItemsOf } from "./event-items.ts";
import {
  claimKey,
  commandSk,
  EVENT_SK_PREFIX,
  eventHoldsSealedData,
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
  VersionConflict,
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
      ...(commandKey ? [{ pk, sk: commandKey }] : []),
      ...claims.map((claim) => claimKey(key, claim)),
    ];
    const [newest, items] = await Promise.all([
      this.newestEvent(pk),
      keys.length > 0 ? this.batchGet(keys) : Promise.resolve([]),
    ]);
    const byKey = new Map(items.map((item) => [`${item.pk}|${item.sk}`, item]));
    const at = ({ pk: partition, sk }: { pk: string; sk: string }) => byKey.get(`${partition}|${sk}`);
    const command = commandKey ? at({ pk, sk: commandKey }) : undefined;
    // Commands trust the cached key: the newest event, read consistently, shows an erasure.
    const dataKey = once(() => this.keys.current(key, { verify: false }));
    const current = newest ? await this.stateAt(key, newest, dataKey) : { state: initialState, version: 0 };
    const claimed: string[] = [];
    for (const claim of options.claims ?? []) {
      const item = at(claimKey(key, claim));
      if (item && (await claimRecorded(item, current.version, this.slotLists(key, claim, newest))))
        claimed.push(claim);
    }
    const referenced = new Map(
      (options.references ?? []).flatMap((claim) => {
        const item = at(claimKey(key, claim));
        return item ? [[claim, Number(item.version)] as const] : [];
      }),
    );
    const idempotencyRecord = command
      ? toIdempotencyRecord(command, key, holdsSealedData(command) ? await dataKey() : null)
      : null;
    return { ...current, idempotencyRecord, claimed, referenced };
  }

  /**
   * The state the newest event carries; else (an event written before states moved into events, or a state
   * of another schema) the snapshot item if it is at that version; else a fold of the stream, stored back
   * as the snapshot so that the next load reads two items again, not the whole stream.
   */
  private async stateAt(
    key: StreamKey,
    newest: Record<string, unknown>,
    dataKey: () => Promise<Uint8Array | null>,
  ): Promise<{ state: ClientState; version: number }> {
    const read = async (item: Record<string, unknown>) =>
      readSnapshot(item, key, item.sealed instanceof Uint8Array ? await dataKey() : null);
    const carried = await read(newest);
    if (carried) return carried;
    const pk = streamPk(key);
    const snapshot = await this.item(pk, SNAPSHOT_SK);
    const cached = snapshot && snapshot.version === newest.version ? await read(snapshot) : null;
    if (cached) return cached;
    const folded = await this.foldStream(key);
    if (replaceable(snapshot)) await this.writeBack(pk, key, folded, snapshot);
    return folded;
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
    const links = stored.flatMap(linkChangesOf);
    const [only] = written;
    const alone =
      only !== undefined &&
      written.length === 1 &&
      !request.idempotency &&
      sealing.keyItems.length === 0 &&
      links.length === 0 &&
      claimsOf(only).every((claim) => claimKey(key, claim).pk === streamPk(key));
    if (alone) await this.appendAlone(request, only, sealing.dataKey);
    else await this.appendInTransaction(request, written, sealing, links);
    const [keyItem] = sealing.keyItems;
    if (keyItem?.Update) this.keys.forget(key);
    else if (keyItem?.Put && sealing.dataKey) this.keys.adopt(key, sealing.dataKey, keyItem);
    return { version: expectedVersion + stored.length, events: stored };
  }

  /**
   * One event, nothing else to write atomically with it: its claims first (events/store/claim-first.ts),
   * then the event with the state after it, each a conditional PutItem at 1 WCU per KB.
   */
  private async appendAlone(request: AppendRequest, event: StoredEvent, dataKey: Uint8Array | null) {
    const { key, expectedVersion } = request;
    // Built (and its size checked) before any claim is written.
    const eventItem = { ...eventItemsOf(request, [event], dataKey)[0] };
    for (const claim of claimsOf(event)) {
      const item = { ...claimKey(key, claim), kind: "claim", version: event.version, eventId: event.eventId };
      const held = await this.putUnless(item, IF_NEW);
      if (!held) continue;
      const mine = { claim, eventId: event.eventId, key, expectedVersion };
      const resolution = await resolveHeldClaim(heldClaimOf(held), mine, this.slotLists(key, claim));
      if (resolution !== "orphan") continue;
      // Taken over only if no one else took it first (or it is this writer's own, retried by the SDK).
      const replaced = await this.putUnless(item, {
        ConditionExpression: "version = :version AND eventId = :eventId",
        ExpressionAttributeValues: { ":version": held.version, ":eventId": held.eventId },
      });
      if (replaced && replaced.eventId !== event.eventId) throw new VersionConflict(key, expectedVersion);
    }
    const held = await this.putUnless(eventItem, IF_NEW);
    // The event's version is taken: by this very event when the SDK retried a write whose answer was lost.
    if (held && held.eventId !== event.eventId) throw new VersionConflict(key, expectedVersion);
  }

  /** Events, idempotency record, tenant-wide claims, links or key items: all or nothing, in one transaction. */
  private async appendInTransaction(
    request: AppendRequest,
    written: readonly StoredEvent[],
    sealing: Sealing,
    links: readonly LinkChange[],
  ) {
    const { key, expectedVersion } = request;
    const orphans = new Map<string, HeldClaim>();
    for (;;) {
      const transaction = appendTransaction(this.tableName, request, written, sealing, links, orphans);
      try {
        // The token makes the SDK's own retry of a write that did succeed (a timeout) a no-op, not a conflict.
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: transaction.items,
            ClientRequestToken: randomUUID(),
            ReturnConsumedCapacity: "TOTAL",
          }),
        );
        return;
      } catch (error) {
        const failure = appendFailure(error, key, expectedVersion, transaction);
        if (!(failure instanceof ClaimHeld)) throw failure;
        // A claim written before its event holds the fact: recorded (DuplicateFact), decided on an old
        // version (VersionConflict), or replaced in this transaction. Once per claim, or a race is on.
        if (orphans.has(failure.claim)) throw new VersionConflict(key, expectedVersion);
        const mine = { claim: failure.claim, eventId: null, key, expectedVersion };
        await resolveHeldClaim(failure.held, mine, this.slotLists(key, failure.claim));
        orphans.set(failure.claim, failure.held);
      }
    }
  }

  /** Whether the event item at a version lists the claim (the newest one, if known, is not read again). */
  private slotLists(key: StreamKey, claim: string, newest?: Record<string, unknown>) {
    return async (version: number) =>
      listsClaim(
        version === newest?.version ? newest : await this.item(streamPk(key), eventSk(version)),
        claim,
      );
  }

  /**
   * A conditional PutItem: null when written, else the item its condition found. A transaction writing
   * the same item meanwhile (TransactionConflictException, which the SDK does not retry) is a lost race.
   */
  private async putUnless(
    item: Record<string, unknown>,
    condition: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> },
  ): Promise<Record<string, unknown> | null> {
    try {
      await unavailableOnTransient(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ...condition,
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            ReturnConsumedCapacity: "TOTAL",
          }),
        ),
      );
      return null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return unmarshall(error.Item ?? {});
      if (error instanceof Error && error.name === "TransactionConflictException")
        throw new TransactionConflict("a transaction wrote the item meanwhile", { cause: error });
      throw error;
    }
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
    const item = await this.item(streamPk(key), eventSk(version));
    if (!item) return null;
    return fromEventItem(
      item,
      eventHoldsSealedData(item) ? await this.keys.current(key, { verify: true }) : null,
    );
  }

  /** One item, strongly consistent. */
  private async item(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }),
      ),
    );
    return Item;
  }

  /** The stream's newest event item (which carries the client's state), strongly consistent. */
  private async newestEvent(pk: string): Promise<Record<string, unknown> | undefined> {
    const { Items } = await unavailableOnTransient(() =>
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":pk": pk, ":from": EVENT_SK_PREFIX, ":to": `${EVENT_SK_PREFIX}~` },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
          ReturnConsumedCapacity: "TOTAL",
        }),
      ),
    );
    return Items?.[0];
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
    const dataKey = kept.some(eventHoldsSealedData) ? await this.keys.current(key, { verify: true }) : null;
    const events = kept.map((item) => fromEventItem(item, dataKey));
    const last = events.at(-1);
    const more = items.length > kept.length || result.LastEvaluatedKey !== undefined;
    return { events, nextAfterVersion: more && last ? last.version : null };
  }

  async getIdempotencyRecord(key: StreamKey, idempotencyKey: string): Promise<IdempotencyRecord | null> {
    const item = await this.item(streamPk(key), commandSk(idempotencyKey));
    if (!item) return null;
    const dataKey = holdsSealedData(item) ? await this.keys.current(key, { verify: false }) : null;
    return toIdempotencyRecord(item, key, dataKey);
  }

  async linkedClient(tenantId: string, provider: string, externalUserId: string): Promise<string | null> {
    // Consistent: a session posted right after its user was linked finds the link.
    const { pk, sk } = linkKey(tenantId, provider, externalUserId);
    const item = await this.item(pk, sk);
    return typeof item?.clientId === "string" ? item.clientId : null;
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

const IF_NEW = { ConditionExpression: "attribute_not_exists(pk)" };

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10 + Math.random() * 10));
