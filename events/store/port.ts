import type { ClientEvent } from "../../domain/client/events.ts";
import type { ClientState } from "../../domain/client/state.ts";
import type { EventMeta, StoredEvent } from "../envelope.ts";

/** One stream per client, always scoped by the tenant of the verified token. */
export interface StreamKey {
  readonly tenantId: string;
  readonly clientId: string;
}

/** A client's current state and the stream version it reflects (0: no stream yet). */
export interface LoadedStream {
  readonly state: ClientState;
  readonly version: number;
  readonly idempotencyRecord: IdempotencyRecord | null;
  /** Which of the asked-for claims are already stored. */
  readonly claimed: readonly string[];
  /**
   * The version each asked-for reference claim names. A claim written before its event may name a
   * version its event never took (events/store/claim-first.ts): check the event read there.
   */
  readonly referenced: ReadonlyMap<string, number>;
}

export interface LoadOptions {
  readonly idempotencyKey?: string;
  /** Facts the command would record (see events/claims.ts), checked in the same read. */
  readonly claims?: readonly string[];
  /** Stored facts the command refers to (a session's plan): where they are, from the same read. */
  readonly references?: readonly string[];
}

/** What the first execution of an idempotent command answered; repeats answer the same. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly response: unknown;
  /**
   * Stored sealed: the answer may repeat the client's personal data, so after an erasure it is not
   * repeated (whether or not this container can still open it).
   */
  readonly personal?: boolean;
}

export interface AppendRequest {
  readonly key: StreamKey;
  /**
   * The version a load returned, which the events were decided against; the append fails if the stream
   * moved on. (A version ahead of the stream is not checked: one event is written with one PutItem, whose
   * condition sees only its own item.)
   */
  readonly expectedVersion: number;
  readonly events: readonly ClientEvent[];
  /** The state after the events: carried by the last one, so the next command reads one item. */
  readonly state: ClientState;
  readonly meta: Omit<EventMeta, "tenantId">;
  readonly recordedAt: string;
  readonly idempotency?: {
    readonly key: string;
    readonly record: IdempotencyRecord;
    readonly expiresAt: number;
  };
}

export interface AppendResult {
  readonly version: number;
  readonly events: readonly StoredEvent[];
}

export interface EventPage {
  readonly events: readonly StoredEvent[];
  /** Pass as `afterVersion` for the next page; null on the last page. */
  readonly nextAfterVersion: number | null;
}

/** The stream moved past the expected version: reload, decide again, retry. */
export class VersionConflict extends Error {
  constructor(
    readonly key: StreamKey,
    readonly expectedVersion: number,
  ) {
    super(`stream ${key.clientId} is past version ${expectedVersion}`);
  }
}

/** Another execution of the same idempotent command was stored first. */
export class DuplicateCommand extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`command ${idempotencyKey} was already executed`);
  }
}

/** One command's events fit one transaction with room for the record, the claims and the links. */
export const MAX_EVENTS_PER_APPEND = 40;

export class TooManyEvents extends Error {}

/** The append does not fit DynamoDB's limits: a transaction of 100 items, an item of 400 KB. */
export class AppendTooLarge extends Error {}

/** A claimed fact (e.g. a session id) is already in the stream: the command changes nothing. */
export class DuplicateFact extends Error {
  constructor(readonly claim: string) {
    super(`${claim} is already recorded`);
  }
}

/** The provider's user is linked to another client of the tenant: unlink it there first. */
export class WearableLinkedElsewhere extends Error {
  constructor(readonly provider: string) {
    super(`this ${provider} user is linked to another client`);
  }
}

/** DynamoDB kept throttling after the SDK's retries (or another transient failure outlasted them). */
export class StoreUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface EventStore {
  /**
   * The current state: the one the newest event carries when it is of the current state schema, else a
   * fold of the stream. The idempotency record and the claims asked for come back with it.
   */
  load(key: StreamKey, options?: LoadOptions): Promise<LoadedStream>;
  /**
   * Appends the events at expectedVersion + 1… with the state after them, the idempotency record, a
   * marker per claimed fact (DuplicateFact if one is recorded) and the wearable links the events change
   * (WearableLinkedElsewhere if the user is another client's): all or nothing of what is acknowledged.
   * (A lone event's claims may be written before it: see events/store/claim-first.ts.)
   */
  append(request: AppendRequest): Promise<AppendResult>;
  /** One event of the stream by its version, strongly consistent; null past the end. */
  readEvent(key: StreamKey, version: number): Promise<StoredEvent | null>;
  /** A page of the stream in version order, strongly consistent. */
  readEvents(key: StreamKey, options?: { afterVersion?: number; limit?: number }): Promise<EventPage>;
  getIdempotencyRecord(key: StreamKey, idempotencyKey: string): Promise<IdempotencyRecord | null>;
  /** The client a provider's user is linked to (WearableLinked), or null. */
  linkedClient(tenantId: string, provider: string, externalUserId: string): Promise<string | null>;
  /** A page of a tenant's client ids (for rebuilds and admin). */
  listStreams(
    tenantId: string,
    options?: { cursor?: string; limit?: number },
  ): Promise<{ clientIds: string[]; cursor: string | null }>;
}
