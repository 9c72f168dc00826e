import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ClientEventType } from "../../domain/client/events.ts";
import { isErased } from "../../domain/client/personal-data.ts";
import { isClientEventType, personalFields } from "../catalogue.ts";
import type { ClientKeys } from "../crypto/client-keys.ts";
import {
  isSealedPersonal,
  personalValuesOf,
  sealPersonal,
  sealResponse,
  sealValues,
  splitPersonal,
} from "../crypto/personal-values.ts";
import { ROW_PERSONAL_FIELDS } from "../projections/roster-store.ts";
import { unavailableOnTransient } from "./errors.ts";
import { streamPk } from "./items.ts";
import type { StreamKey } from "./port.ts";
import { queryPages } from "./query-pages.ts";
import { decodeState, encodeState, STATE_PERSONAL_FIELDS, unchangedSince } from "./snapshot.ts";

/** What sealing a client's plaintext items did (or, in a dry run, would do). */
export interface SealReport {
  /** Items that held personal values in plain text: events, snapshot, idempotency records, read-model rows. */
  readonly items: number;
  /** Whether the client had to be given a key. */
  readonly newKey: boolean;
}

/**
 * The upgrade path for history written before encryption: every item of the client's partition that
 * holds a personal value in plain text is rewritten with it sealed under the client's key (created if
 * missing). Each rewrite is conditional on the item being as read, so it is safe beside live traffic and
 * safe to run again; event items stay the same facts (same version, same data), only stored differently.
 * Rewrites are MODIFY stream records, which neither the projector nor the analytics pipe consume.
 */
export async function sealPlaintext(
  documents: DynamoDBDocumentClient,
  tableName: string,
  keys: ClientKeys,
  key: StreamKey,
  { dryRun = false, now = new Date() }: { dryRun?: boolean; now?: Date } = {},
): Promise<SealReport> {
  const items = await partition(documents, tableName, key);
  // An erased client's history holds no personal value any more, and it must never get a key again.
  if (items.some((item) => item.kind === "event" && item.type === "PersonalDataErased"))
    return { items: 0, newKey: false };
  const plaintext = items.filter(holdsPlaintext);
  if (plaintext.length === 0) return { items: 0, newKey: false };
  const existing = await keys.current(key, { verify: true });
  if (dryRun) return { items: plaintext.length, newKey: existing === null };
  const dataKey = existing ?? (await newKey(documents, keys, key, now));
  for (const item of plaintext) {
    try {
      await unavailableOnTransient(() =>
        documents.send(new PutCommand(rewrite(tableName, item, key, dataKey))),
      );
    } catch (error) {
      // Changed since it was read (a newer snapshot or row, sealed already): nothing left to seal there.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return { items: plaintext.length, newKey: existing === null };
}

async function newKey(documents: DynamoDBDocumentClient, keys: ClientKeys, key: StreamKey, now: Date) {
  const created = await keys.create(key, now.toISOString());
  try {
    await documents.send(new PutCommand(created.put.Put as ConstructorParameters<typeof PutCommand>[0]));
    keys.adopt(key, created.key, created.put);
    return created.key;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // A concurrent command gave the client its key first: use that one.
    const current = await keys.current(key, { verify: true });
    if (!current) throw new Error(`the key of ${key.clientId} vanished while sealing`);
    return current;
  }
}

async function partition(documents: DynamoDBDocumentClient, tableName: string, key: StreamKey) {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(documents, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": streamPk(key) },
    ConsistentRead: true,
  }))
    items.push(...page);
  return items;
}

const plainValues = (record: object, fields: readonly string[]) => splitPersonal(record, fields).personal;

function snapshotState(item: Record<string, unknown>): Record<string, unknown> {
  try {
    return decodeState(item.state) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function holdsPlaintext(item: Record<string, unknown>): boolean {
  switch (item.kind) {
    case "event":
      return (
        isClientEventType(String(item.type)) &&
        personalValuesOf({ type: item.type as ClientEventType, data: item.data as object }) !== null
      );
    case "snapshot":
      return plainValues(snapshotState(item), STATE_PERSONAL_FIELDS) !== null;
    case "command":
      return typeof item.response === "string";
    case "read-model":
      return typeof item.name === "string" && !isErased(item.name) && !isSealedPersonal(item.personal);
    default:
      return false;
  }
}

function rewrite(tableName: string, item: Record<string, unknown>, owner: StreamKey, dataKey: Uint8Array) {
  const unchanged = (attribute: string) => ({
    ConditionExpression: `#a = :v`,
    ExpressionAttributeNames: { "#a": attribute },
    ExpressionAttributeValues: { ":v": item[attribute] },
  });
  switch (item.kind) {
    case "event": {
      const { readable, personal } = splitPersonal(
        item.data as object,
        personalFields(item.type as ClientEventType),
      );
      return {
        TableName: tableName,
        Item: { ...item, data: readable, personal: sealPersonal(dataKey, owner, "event", personal ?? {}) },
        ConditionExpression: "attribute_not_exists(personal)",
      };
    }
    case "snapshot": {
      const { readable, personal } = splitPersonal(snapshotState(item), STATE_PERSONAL_FIELDS);
      return {
        TableName: tableName,
        Item: {
          ...item,
          state: encodeState(readable),
          sealed: sealValues(dataKey, owner, "state", personal ?? {}),
        },
        ...unchangedSince(item),
      };
    }
    case "command": {
      const { response, ...rest } = item;
      return {
        TableName: tableName,
        Item: { ...rest, sealedResponse: sealResponse(dataKey, owner, String(response)) },
        ...unchanged("response"),
      };
    }
    default: {
      const { readable, personal } = splitPersonal(item, ROW_PERSONAL_FIELDS);
      return {
        TableName: tableName,
        Item: { ...readable, personal: sealPersonal(dataKey, owner, "row", personal ?? {}) },
        ...unchanged("lastVersion"),
      };
    }
  }
}
