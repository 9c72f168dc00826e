import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { unavailableOnTransient } from "../store/errors.ts";
import { streamPk } from "../store/items.ts";
import { StoreUnavailable } from "../store/port.ts";
import type { KeyOwner, KeyWrapper } from "./key-wrapper.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** How long a container trusts an unwrapped key without reading its item again. */
const KEY_CACHE_SECONDS = 300;
const MAX_CACHED_KEYS = 10_000;

interface Cached {
  readonly key: Uint8Array;
  readonly wrapped: string;
  readonly at: number;
}

/**
 * Per-client data keys: wrapped in their own table (the key table, kept apart from the event table so
 * that its backups can be shorter-lived: see infra/README.md), unwrapped on first use and cached per
 * container. Deleting a client's key item is the erasure: every sealed copy of its personal data, in any
 * item, stream record or backup of the event table, is then unreadable.
 */
export class ClientKeys {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly wrapper: KeyWrapper,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The client's data key, or null when it has none (erased, or never given one). `verify` reads the key
   * item even when the key is cached, for reads that must not outlive an erasure done elsewhere.
   */
  async current(owner: KeyOwner, { verify }: { verify: boolean }): Promise<Uint8Array | null> {
    const id = streamPk(owner);
    const cached = this.fresh(id);
    if (cached && !verify) return cached.key;
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: { pk: id }, ConsistentRead: true }),
      ),
    );
    if (!Item || !isKey(Item)) {
      this.cache.delete(id);
      return null;
    }
    return this.remember(owner, Item, cached);
  }

  /** Whether the client's key was destroyed by an erasure (its item is a tombstone), read consistently. */
  async erased(owner: KeyOwner): Promise<boolean> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: { pk: streamPk(owner) }, ConsistentRead: true }),
      ),
    );
    return Item !== undefined && !isKey(Item);
  }

  /**
   * Many clients' keys at once (a roster page): cached ones as they are, the others in one batch read.
   * Eventually consistent: the roster itself is, and the projector blanks an erased client's row.
   */
  async currentMany(owners: readonly KeyOwner[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    const missing = new Map<string, KeyOwner>();
    for (const owner of owners) {
      const id = streamPk(owner);
      const cached = this.fresh(id);
      if (cached) found.set(id, cached.key);
      else missing.set(id, owner);
    }
    let pending = [...missing.keys()].map((pk) => ({ pk }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 5) throw new StoreUnavailable("DynamoDB left key reads unprocessed after 5 attempts");
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
      const batch = pending.slice(0, 100);
      const result = await unavailableOnTransient(() =>
        this.documents.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: batch } } })),
      );
      const keyed = (result.Responses?.[this.tableName] ?? []).filter(isKey);
      const unwrapped = await Promise.all(
        keyed.map(async (item) => {
          const owner = missing.get(String(item.pk));
          return owner ? ([String(item.pk), await this.remember(owner, item, undefined)] as const) : null;
        }),
      );
      for (const entry of unwrapped) if (entry) found.set(...entry);
      const unprocessed = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as { pk: string }[];
      pending = [...unprocessed, ...pending.slice(100)];
    }
    return found;
  }

  /** A new key for a client, and the item that stores it (written in the append's transaction, if new). */
  async create(owner: KeyOwner, createdAt: string): Promise<{ key: Uint8Array; put: TransactItem }> {
    const { plaintext, wrapped } = await unavailableOnTransient(() => this.wrapper.generate(owner));
    const pk = streamPk(owner);
    const item = { pk, wrapped: Buffer.from(wrapped).toString("base64"), createdAt };
    return {
      key: plaintext,
      put: {
        Put: { TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" },
      },
    };
  }

  /** Remembers a key once the transaction that stored it succeeded. */
  adopt(owner: KeyOwner, key: Uint8Array, put: TransactItem): void {
    this.store(streamPk(owner), { key, wrapped: String(put.Put?.Item?.wrapped), at: this.now() });
  }

  /**
   * The destruction of a client's key, for the transaction that records its erasure: the wrapped key is
   * removed and the item stays as a tombstone, so no key is ever created for the client again and
   * readers can tell an erased client from one written before encryption.
   */
  destroy(owner: KeyOwner, erasedAt: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: { pk: streamPk(owner) },
        UpdateExpression: "REMOVE #wrapped SET erasedAt = :at",
        ExpressionAttributeNames: { "#wrapped": "wrapped" },
        ExpressionAttributeValues: { ":at": erasedAt },
      },
    };
  }

  forget(owner: KeyOwner): void {
    this.cache.delete(streamPk(owner));
  }

  private fresh(id: string): Cached | undefined {
    const cached = this.cache.get(id);
    if (cached && this.now() - cached.at < KEY_CACHE_SECONDS * 1000) return cached;
    this.cache.delete(id);
    return undefined;
  }

  private async remember(
    owner: KeyOwner,
    item: Record<string, unknown>,
    cached: Cached | undefined,
  ): Promise<Uint8Array> {
    const wrapped = String(item.wrapped);
    // Same wrapped key as cached: the verification read is all that was needed, no unwrap.
    const key =
      cached?.wrapped === wrapped
        ? cached.key
        : await this.wrapper.unwrap(Buffer.from(wrapped, "base64"), owner);
    this.store(streamPk(owner), { key, wrapped, at: this.now() });
    return key;
  }

  private store(id: string, entry: Cached): void {
    this.cache.delete(id);
    this.cache.set(id, entry);
    // Oldest first out: Map keeps insertion order.
    if (this.cache.size > MAX_CACHED_KEYS) this.cache.delete(this.cache.keys().next().value as string);
  }
}

/** A key item that still holds its key (not an erasure's tombstone). */
const isKey = (item: Record<string, unknown>): boolean => typeof item.wrapped === "string";
