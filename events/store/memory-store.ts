import { ERASED } from "../../domain/client/personal-data.ts";
import { type ClientState, initialState } from "../../domain/client/state.ts";
import { claimsOf } from "../claims.ts";
import { personalValuesOf, splitPersonal } from "../crypto/personal-values.ts";
import type { StoredEvent } from "../envelope.ts";
import { linkChangesOf } from "../wearable-links.ts";
import { claimKey, streamPk } from "./items.ts";
import {
  type AppendRequest,
  type AppendResult,
  DuplicateCommand,
  DuplicateFact,
  type EventPage,
  type EventStore,
  type IdempotencyRecord,
  type LoadedStream,
  type LoadOptions,
  type StreamKey,
  VersionConflict,
  WearableLinkedElsewhere,
} from "./port.ts";
import { STATE_PERSONAL_FIELDS } from "./snapshot.ts";
import { storedEvents } from "./stored-events.ts";
import { linkKey } from "./webhook-items.ts";

interface Stream {
  events: StoredEvent[];
  snapshot: { version: number; state: ClientState };
  commands: Map<string, IdempotencyRecord>;
  /** Claimed fact → the version of the event that claimed it. */
  claims: Map<string, number>;
}

/**
 * The same contract as the DynamoDB store, in memory: for unit tests of handlers and the domain demo.
 * Nothing is encrypted; an erasure overwrites the client's personal values, which is what destroying
 * its key does to every sealed copy in the DynamoDB store.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, Stream>();
  private readonly tenants = new Map<string, string[]>();
  /** Link key → client id. */
  private readonly links = new Map<string, string>();
  /** Claims held once per tenant (events/store/items.ts claimKey), by their key. */
  private readonly tenantClaims = new Map<string, number>();

  /** A claim's version, kept where the DynamoDB store keys it: the stream's, or the tenant's. */
  private claimed(key: StreamKey, claim: string, stream: Stream | undefined): number | undefined {
    const { pk } = claimKey(key, claim);
    return pk === streamPk(key) ? stream?.claims.get(claim) : this.tenantClaims.get(pk);
  }

  private claim(key: StreamKey, claim: string, stream: Stream, version: number): void {
    const { pk } = claimKey(key, claim);
    if (pk === streamPk(key)) stream.claims.set(claim, version);
    else this.tenantClaims.set(pk, version);
  }

  async load(key: StreamKey, options: LoadOptions = {}): Promise<LoadedStream> {
    const stream = this.streams.get(streamPk(key));
    const record = options.idempotencyKey ? stream?.commands.get(options.idempotencyKey) : undefined;
    return {
      state: structuredClone(stream?.snapshot.state ?? initialState),
      version: stream?.snapshot.version ?? 0,
      idempotencyRecord: record ? structuredClone(record) : null,
      claimed: (options.claims ?? []).filter((claim) => this.claimed(key, claim, stream) !== undefined),
      referenced: new Map(
        (options.references ?? []).flatMap((claim) => {
          const version = this.claimed(key, claim, stream);
          return version === undefined ? [] : [[claim, version] as const];
        }),
      ),
    };
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const { key, expectedVersion, events, idempotency } = request;
    const pk = streamPk(key);
    const stream: Stream = this.streams.get(pk) ?? {
      events: [],
      snapshot: { version: 0, state: initialState },
      commands: new Map(),
      claims: new Map(),
    };
    if (idempotency && stream.commands.has(idempotency.key)) throw new DuplicateCommand(idempotency.key);
    const claimed = events.flatMap(claimsOf).find((claim) => this.claimed(key, claim, stream) !== undefined);
    if (claimed) throw new DuplicateFact(claimed);
    if (stream.snapshot.version !== expectedVersion) throw new VersionConflict(key, expectedVersion);
    const stored = storedEvents(request);
    const changes = stored.flatMap(linkChangesOf);
    const taken = changes.find(
      (change) =>
        change.action === "link" &&
        (this.links.get(linkOf(key.tenantId, change)) ?? key.clientId) !== key.clientId,
    );
    if (taken) throw new WearableLinkedElsewhere(taken.provider);
    for (const change of changes) {
      if (change.action === "link") this.links.set(linkOf(key.tenantId, change), key.clientId);
      else this.links.delete(linkOf(key.tenantId, change));
    }

    const version = expectedVersion + events.length;
    if (!this.streams.has(pk) && events.length > 0)
      this.tenants.set(key.tenantId, [...(this.tenants.get(key.tenantId) ?? []), key.clientId]);
    stream.events.push(...structuredClone(stored));
    stream.snapshot = { version, state: structuredClone(request.state) };
    for (const event of stored)
      for (const claim of claimsOf(event)) this.claim(key, claim, stream, event.version);
    if (stored.some((event) => event.type === "PersonalDataErased")) shred(stream);
    // As the DynamoDB store seals an answer whenever the client holds personal data: flagged the same.
    const personal = splitPersonal(request.state, STATE_PERSONAL_FIELDS).personal !== null;
    if (idempotency)
      stream.commands.set(idempotency.key, {
        ...structuredClone(idempotency.record),
        ...(personal ? { personal } : {}),
      });
    this.streams.set(pk, stream);
    return { version, events: stored };
  }

  async readEvent(key: StreamKey, version: number): Promise<StoredEvent | null> {
    const found = this.streams.get(streamPk(key))?.events.find((event) => event.version === version);
    return found ? structuredClone(found) : null;
  }

  async readEvents(
    key: StreamKey,
    options: { afterVersion?: number; limit?: number } = {},
  ): Promise<EventPage> {
    const all = this.streams.get(streamPk(key))?.events ?? [];
    const rest = all.filter((event) => event.version > (options.afterVersion ?? 0));
    const events = structuredClone(options.limit ? rest.slice(0, options.limit) : rest);
    const more = events.length < rest.length;
    return { events, nextAfterVersion: more ? (events.at(-1)?.version ?? null) : null };
  }

  async getIdempotencyRecord(key: StreamKey, idempotencyKey: string): Promise<IdempotencyRecord | null> {
    return structuredClone(this.streams.get(streamPk(key))?.commands.get(idempotencyKey) ?? null);
  }

  async linkedClient(tenantId: string, provider: string, externalUserId: string): Promise<string | null> {
    return this.links.get(linkOf(tenantId, { provider, externalUserId })) ?? null;
  }

  async listStreams(tenantId: string, options: { cursor?: string; limit?: number } = {}) {
    const all = this.tenants.get(tenantId) ?? [];
    const start = options.cursor ? Number(options.cursor) : 0;
    const end = options.limit ? start + options.limit : all.length;
    return { clientIds: all.slice(start, end), cursor: end < all.length ? String(end) : null };
  }
}

const linkOf = (tenantId: string, link: { provider: string; externalUserId: string }): string =>
  linkKey(tenantId, link.provider, link.externalUserId).pk;

function shred(stream: Stream): void {
  stream.events = stream.events.map((event) => {
    const fields = Object.keys(personalValuesOf(event) ?? {});
    const erased = Object.fromEntries(fields.map((field) => [field, ERASED]));
    return { ...event, data: { ...event.data, ...erased } } as StoredEvent;
  });
  for (const [key, record] of stream.commands)
    stream.commands.set(key, { requestHash: record.requestHash, response: null, personal: true });
}
