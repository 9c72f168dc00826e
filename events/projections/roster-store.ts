import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ERASED } from "../../domain/client/personal-data.ts";
import type { Phase } from "../../domain/phases.ts";
import type { RosterEntry } from "../../domain/read-models/roster.ts";
import type { ClientKeys } from "../crypto/client-keys.ts";
import { isSealedPersonal, openPersonal, sealPersonal, splitPersonal } from "../crypto/personal-values.ts";
import { documentClient } from "../store/documents.ts";
import { unavailableOnTransient } from "../store/errors.ts";
import { streamPk } from "../store/items.ts";
import type { StreamKey } from "../store/port.ts";
import { EVENT_TABLE } from "../table.ts";

/** Which roster model serves reads and which one a rebuild is filling beside it. */
export interface RosterPointer {
  readonly active: string;
  readonly building: string | null;
}

/** A client's roster row in one model: the fold of its stream up to lastVersion. */
export interface RosterRow {
  readonly entry: RosterEntry;
  readonly lastVersion: number;
}

export interface RosterPage {
  readonly entries: RosterEntry[];
  readonly cursor: string | null;
}

export const DEFAULT_POINTER: RosterPointer = { active: "v1", building: null };
export const pointerKey = (tenantId: string) => ({ pk: `T#${tenantId}#RM`, sk: "roster" });
export const rosterSk = (model: string): string => `R#roster#${model}`;
export const rosterIndexPk = (tenantId: string, model: string, locationId: string): string =>
  `T#${tenantId}#ROSTER#${model}#L#${locationId}`;
const phasePrefix = (phase: Phase | null): string => `P#${phase ?? 0}#`;
export const rosterIndexSk = (phase: Phase | null, clientId: string): string =>
  `${phasePrefix(phase)}C#${clientId}`;

/** The models the projector must keep up to date. */
export const liveModels = ({ active, building }: RosterPointer): string[] =>
  building && building !== active ? [active, building] : [active];

export class InvalidCursor extends Error {}

/** The roster's copy of a personal event field: sealed in the row under the client's key. */
export const ROW_PERSONAL_FIELDS = ["name"] as const satisfies readonly (keyof RosterEntry)[];

/**
 * The projector replaces only the row it read (lastVersion unchanged); a rebuild replaces any row not
 * newer than its fold (a fold at version v is authoritative for v).
 */
export type RowCondition = { readonly lastVersion: number } | { readonly notNewerThan: number };

export class RosterStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly keys: ClientKeys,
  ) {
    this.documents = documentClient(client);
  }

  async pointer(tenantId: string): Promise<RosterPointer> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: pointerKey(tenantId), ConsistentRead: true }),
      ),
    );
    return Item ? { active: String(Item.active), building: Item.building ?? null } : DEFAULT_POINTER;
  }

  /** Compare-and-set: fails (ConditionalCheckFailedException) if the pointer is no longer `expected`. */
  async setPointer(tenantId: string, next: RosterPointer, expected: RosterPointer): Promise<void> {
    const same = `active = :a AND ${expected.building ? "building = :b" : "attribute_not_exists(building)"}`;
    const isDefault = expected.active === DEFAULT_POINTER.active && !expected.building;
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...pointerKey(tenantId),
          kind: "read-model-pointer",
          active: next.active,
          building: next.building ?? undefined,
        },
        ConditionExpression: isDefault ? `attribute_not_exists(pk) OR (${same})` : same,
        ExpressionAttributeValues: {
          ":a": expected.active,
          ...(expected.building ? { ":b": expected.building } : {}),
        },
      }),
    );
  }

  async getRow(key: StreamKey, model: string): Promise<RosterRow | null> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: streamPk(key), sk: rosterSk(model) },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const dataKey = isSealedPersonal(Item.personal) ? await this.keys.current(key, { verify: false }) : null;
    return { entry: toEntry(Item, key.tenantId, dataKey), lastVersion: Number(Item.lastVersion) };
  }

  /** False when the condition failed: someone else moved the row first. */
  async putRow(key: StreamKey, model: string, row: RosterRow, condition: RowCondition): Promise<boolean> {
    const { entry, lastVersion } = row;
    const rebuilding = "notNewerThan" in condition;
    const { readable, personal } = splitPersonal(entry, ROW_PERSONAL_FIELDS);
    const dataKey = personal ? await this.keys.current(key, { verify: false }) : null;
    // No key: an erased client (its name is never written again), or one from before encryption (its
    // row keeps the name as it was until the migration seals it).
    const unsealed =
      personal && !dataKey && (await this.keys.erased(key)) ? { ...readable, name: ERASED } : entry;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: streamPk(key),
            sk: rosterSk(model),
            kind: "read-model",
            model,
            lastVersion,
            ...(personal && dataKey
              ? { ...readable, personal: sealPersonal(dataKey, key, "row", personal) }
              : unsealed),
            gsi1pk: rosterIndexPk(key.tenantId, model, entry.locationId),
            gsi1sk: rosterIndexSk(entry.phase, entry.clientId),
          },
          ConditionExpression: `attribute_not_exists(pk) OR lastVersion ${rebuilding ? "<=" : "="} :v`,
          ExpressionAttributeValues: { ":v": rebuilding ? condition.notNewerThan : condition.lastVersion },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** A location's roster in the active model (eventually consistent: the index and the projector lag). */
  async listRoster(
    tenantId: string,
    locationId: string,
    options: { phase?: Phase; cursor?: string; limit?: number } = {},
  ): Promise<RosterPage> {
    const { rosterIndex } = EVENT_TABLE;
    const pinned = options.cursor ? decodeCursor(options.cursor) : undefined;
    // A cursor keeps paging the model it started on, even if a rebuild switched models meanwhile.
    const model = pinned?.m ?? (await this.pointer(tenantId)).active;
    const pk = rosterIndexPk(tenantId, model, locationId);
    const prefix = options.phase ? phasePrefix(options.phase) : "";
    if (pinned && !validStart(pinned.k, pk, prefix, tenantId, model))
      throw new InvalidCursor("cursor does not match");
    const result = await unavailableOnTransient(() =>
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: rosterIndex.name,
          KeyConditionExpression: `${rosterIndex.partitionKey} = :pk${prefix ? ` AND begins_with(${rosterIndex.sortKey}, :p)` : ""}`,
          ExpressionAttributeValues: { ":pk": pk, ...(prefix ? { ":p": prefix } : {}) },
          ExclusiveStartKey: pinned?.k,
          Limit: options.limit,
        }),
      ),
    );
    const last = result.LastEvaluatedKey;
    const items = result.Items ?? [];
    const owners = items.filter((item) => isSealedPersonal(item.personal)).map(ownerOf(tenantId));
    const dataKeys = owners.length > 0 ? await this.keys.currentMany(owners) : new Map();
    return {
      entries: items.map((item) =>
        toEntry(item, tenantId, dataKeys.get(streamPk(ownerOf(tenantId)(item))) ?? null),
      ),
      cursor: last ? Buffer.from(JSON.stringify({ m: model, k: last })).toString("base64url") : null,
    };
  }
}

const ownerOf = (tenantId: string) => (item: Record<string, unknown>) => ({
  tenantId,
  clientId: String(item.clientId),
});

/** A row back as an entry, its name opened with the client's key (ERASED once the key is gone). */
function toEntry(item: Record<string, unknown>, tenantId: string, dataKey: Uint8Array | null): RosterEntry {
  const owner = ownerOf(tenantId)(item);
  const name = isSealedPersonal(item.personal)
    ? openPersonal(dataKey, owner, "row", item.personal).name
    : item.name;
  return {
    clientId: String(item.clientId),
    name: String(name),
    locationId: String(item.locationId),
    trainerId: (item.trainerId as string | null | undefined) ?? null,
    phase: (item.phase as Phase | null | undefined) ?? null,
    status: item.status as RosterEntry["status"],
    lastSessionAt: (item.lastSessionAt as string | null | undefined) ?? null,
  };
}

type Cursor = { m: string; k: Record<string, string> };

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Cursor;
    const { m, k } = parsed ?? {};
    if (typeof m === "string" && /^[\w.-]{1,32}$/.test(m) && k && typeof k === "object") return parsed;
  } catch {}
  throw new InvalidCursor("malformed cursor");
}

// Every key of the start must be ours (this tenant, location, phase and model) and shaped as we write
// them, so no cursor carries a key beyond DynamoDB's key length limits into the query.
const ROSTER_INDEX_SK = /^P#[0-5]#C#([^#]{1,64})$/;
const validStart = (
  k: Record<string, string>,
  pk: string,
  prefix: string,
  tenantId: string,
  model: string,
) => {
  const clientId = typeof k.gsi1sk === "string" ? ROSTER_INDEX_SK.exec(k.gsi1sk)?.[1] : undefined;
  return (
    clientId !== undefined &&
    k.gsi1pk === pk &&
    k.gsi1sk?.startsWith(prefix) === true &&
    k.pk === `T#${tenantId}#C#${clientId}` &&
    k.sk === rosterSk(model) &&
    Object.keys(k).length === 4
  );
};
