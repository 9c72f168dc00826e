import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { evolveRoster, type RosterEntry } from "../../domain/read-models/roster.ts";
import type { ClientKeys } from "../crypto/client-keys.ts";
import type { StoredEvent } from "../envelope.ts";
import { documentClient } from "../store/documents.ts";
import { eventHoldsSealedData, fromEventItem, streamPk } from "../store/items.ts";
import type { EventStore, StreamKey } from "../store/port.ts";
import { streamEvents } from "../store/stream-events.ts";
import { EVENT_TABLE } from "../table.ts";
import { FutureSchemaVersion } from "../upcasters.ts";
import { isPoison, PoisonRecord } from "./poison.ts";
import { liveModels, type RosterPointer, RosterStore } from "./roster-store.ts";
import { streamItems } from "./stream-items.ts";

/** What one record did to one model. */
export type ModelOutcome = "applied" | "skipped" | "gap-reread" | "not-registered";
export type RecordOutcome =
  | { readonly kind: "ignored" | "parked" }
  | { readonly kind: "projected"; readonly models: Readonly<Record<string, ModelOutcome>> };

export type ProjectorMetric =
  | "RecordsProcessed"
  | "RecordsSkipped"
  | "GapRereads"
  | "RecordsParked"
  | "RecordsWithoutRegistration";

export interface RosterProjectorOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** To open the personal values the roster shows (a client's name) and seal them again in its row. */
  readonly keys: ClientKeys;
  readonly count?: (metric: ProjectorMetric) => void;
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
  /** Writes lost to a concurrent writer before the record is given back as a failure. */
  readonly maxAttempts?: number;
}

export const parkedPk = (tenantId: string | undefined): string =>
  tenantId ? `T#${tenantId}#PARKED` : "PARKED";

/** Long enough to be seen and acted on after the RecordsParked alarm; the event item itself stays. */
export const PARKED_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * The roster row of a stream, read with consistent queries from a row already folded up to its
 * lastVersion (or from the start): lastVersion is then the last event read.
 */
export async function foldStreamRoster(
  store: EventStore,
  key: StreamKey,
  from: { entry: RosterEntry | null; lastVersion: number } = { entry: null, lastVersion: 0 },
): Promise<{ entry: RosterEntry | null; lastVersion: number }> {
  let { entry, lastVersion } = from;
  for await (const event of streamEvents(store, key, lastVersion)) {
    entry = evolveRoster(entry, event);
    lastVersion = event.version;
  }
  return { entry, lastVersion };
}

/** Reads an event item from a stream image, its personal values opened; anything undecodable is poison. */
export async function decodeRecordImage(
  image: Record<string, unknown>,
  keys: ClientKeys,
): Promise<StoredEvent> {
  let item: Record<string, unknown>;
  try {
    item = unmarshall(withBytes(image) as Record<string, AttributeValue>);
  } catch (error) {
    throw new PoisonRecord(String(error), { cause: error });
  }
  const owner = { tenantId: String(item.tenantId), clientId: String(item.clientId) };
  const dataKey = eventHoldsSealedData(item) ? await keys.current(owner, { verify: false }) : null;
  let event: StoredEvent;
  try {
    event = fromEventItem(item, dataKey);
  } catch (error) {
    // A newer schema is readable once this code is updated: retry it, never park it.
    if (error instanceof FutureSchemaVersion) throw error;
    // Otherwise, with the key read (a failed read threw above, and is retried), whatever fails here
    // fails on every retry: a schema violation, or sealed values that do not open (parked, and alarmed).
    throw isPoison(error) ? error : new PoisonRecord(String(error), { cause: error });
  }
  const { tenantId } = event.meta;
  const valid =
    typeof tenantId === "string" &&
    typeof event.clientId === "string" &&
    Number.isInteger(event.version) &&
    event.version > 0 &&
    item.pk === streamPk({ tenantId, clientId: event.clientId });
  if (!valid) throw new PoisonRecord(`event item ${String(item.pk)} ${String(item.sk)} has invalid keys`);
  return event;
}

/** Lambda's stream events carry binary values as base64 strings: bytes again, as the store reads them. */
function withBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withBytes);
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value;
  const attribute = value as Record<string, unknown>;
  if (typeof attribute.B === "string") return { B: Buffer.from(attribute.B, "base64") };
  return Object.fromEntries(Object.entries(attribute).map(([name, inner]) => [name, withBytes(inner)]));
}

/**
 * The roster projection. Each stream record is a notification: the row's lastVersion decides
 * whether to apply it, skip it (duplicate, late) or re-read the stream (gap).
 */
export function createRosterProjector(options: RosterProjectorOptions) {
  const { tableName, count = () => {}, warn = () => {}, maxAttempts = 5 } = options;
  const documents = documentClient(options.client);
  const rows = new RosterStore(options.client, tableName, options.keys);

  async function applyTo(
    model: string,
    key: StreamKey,
    event: StoredEvent,
    refold: () => ReturnType<typeof reread>,
  ): Promise<ModelOutcome> {
    for (let attempt = 1; ; attempt++) {
      const row = await rows.getRow(key, model);
      const last = row?.lastVersion ?? 0;
      if (event.version <= last) return "skipped";
      const inOrder = event.version === last + 1;
      // A gap: read on from the row's version (the whole stream only when there is no row yet).
      const next = inOrder
        ? { entry: evolveRoster(row?.entry ?? null, event), lastVersion: event.version }
        : row
          ? await reread(key, row)
          : await refold();
      if (!next.entry) return "not-registered";
      const written = await rows.putRow(key, model, { ...next, entry: next.entry }, { lastVersion: last });
      if (written) return inOrder ? "applied" : "gap-reread";
      // Another writer moved the row: read it again (bounded; then the record comes back as a failure).
      if (attempt >= maxAttempts)
        throw new Error(`roster ${model} of ${key.clientId}: lost ${attempt} races`);
    }
  }

  /**
   * Parks an undecodable event under its tenant, keyed by the event item's own key (so meeting it as a
   * stream record and again in a re-read parks it once). The item keeps the keys and the error only:
   * the event item itself is where its data stays; parked items expire.
   */
  async function park(event: { tenant: string | undefined; pk: string; sk: string }, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const parkedAt = new Date();
    const item = {
      pk: parkedPk(event.tenant),
      sk: `${event.pk}#${event.sk}`,
      kind: "parked",
      eventPk: event.pk,
      eventSk: event.sk,
      error: message,
      errorName: error instanceof Error ? error.name : "Error",
      parkedAt: parkedAt.toISOString(),
      [EVENT_TABLE.timeToLiveAttribute]: Math.floor(parkedAt.getTime() / 1000) + PARKED_TTL_SECONDS,
    };
    await documents.send(new PutCommand({ TableName: tableName, Item: item }));
    count("RecordsParked");
    warn("parked an undecodable event", { pk: item.pk, sk: item.sk, errorName: item.errorName });
  }

  /** A stream record that cannot be decoded: the tenant attribute may be what is broken, not the key. */
  const parkRecord = (record: DynamoDBRecord, image: Record<string, unknown>, error: unknown) => {
    const text = (value: unknown) => (value as { S?: unknown } | undefined)?.S;
    const keys = record.dynamodb?.Keys ?? {};
    const pk = String(text(keys.pk) ?? text(image.pk) ?? "");
    const sk = String(text(keys.sk) ?? text(image.sk) ?? record.dynamodb?.SequenceNumber ?? "");
    const attribute = text(image.tenantId);
    const tenant = typeof attribute === "string" ? attribute : /^T#([^#]+)#C#/.exec(pk)?.[1];
    return park({ tenant, pk, sk }, error);
  };

  /**
   * A gap re-read from the row's version: an undecodable earlier event is parked and passed over, so
   * the record that found the gap, and every later one, still applies.
   */
  async function reread(
    key: StreamKey,
    from: { entry: RosterEntry | null; lastVersion: number },
  ): Promise<{ entry: RosterEntry | null; lastVersion: number }> {
    let { entry, lastVersion } = from;
    for await (const read of streamItems(documents, tableName, key, lastVersion, options.keys)) {
      if ("event" in read) entry = evolveRoster(entry, read.event);
      else await park({ tenant: key.tenantId, pk: read.pk, sk: read.sk }, read.error);
      lastVersion = read.version;
    }
    return { entry, lastVersion };
  }

  /** A record handler for one batch; the pointer is cached per batch only (see the rebuild's argument). */
  function forBatch() {
    const pointers = new Map<string, Promise<RosterPointer>>();
    const pointerOf = (tenantId: string) => {
      let pointer = pointers.get(tenantId);
      if (!pointer) {
        pointer = rows.pointer(tenantId);
        pointer.catch(() => pointers.delete(tenantId));
        pointers.set(tenantId, pointer);
      }
      return pointer;
    };

    return async (record: DynamoDBRecord): Promise<RecordOutcome> => {
      const image = record.dynamodb?.NewImage as Record<string, unknown> | undefined;
      if (record.eventName !== "INSERT" || !image || (image.kind as { S?: string })?.S !== "event")
        return { kind: "ignored" };
      try {
        const event = await decodeRecordImage(image, options.keys);
        const key = { tenantId: event.meta.tenantId, clientId: event.clientId };
        let fold: ReturnType<typeof reread> | undefined;
        const refold = () => {
          fold ??= reread(key, { entry: null, lastVersion: 0 });
          return fold;
        };
        const models: Record<string, ModelOutcome> = {};
        for (const model of liveModels(await pointerOf(key.tenantId))) {
          models[model] = await applyTo(model, key, event, refold);
        }
        count("RecordsProcessed");
        const outcomes = Object.values(models);
        if (outcomes.every((o) => o === "skipped")) count("RecordsSkipped");
        if (outcomes.includes("gap-reread")) count("GapRereads");
        if (outcomes.includes("not-registered")) count("RecordsWithoutRegistration");
        return { kind: "projected", models };
      } catch (error) {
        if (!isPoison(error)) throw error;
        await parkRecord(record, image, error);
        return { kind: "parked" };
      }
    };
  }

  return { forBatch };
}
