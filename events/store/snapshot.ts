import { deflateRawSync, inflateRawSync } from "node:zlib";
import { type ClientState, initialState, STATE_SCHEMA_VERSION } from "../../domain/client/state.ts";
import type { KeyOwner } from "../crypto/key-wrapper.ts";
import { openValues, sealValues, splitPersonal } from "../crypto/personal-values.ts";
import { NoKeyForPersonalData, SNAPSHOT_SK } from "./items.ts";
import { AppendTooLarge } from "./port.ts";

/** The state's copies of personal event fields (events/catalogue.ts): sealed in the snapshot like them. */
export const STATE_PERSONAL_FIELDS = [
  "name",
  "dateOfBirth",
  "wearables",
] as const satisfies readonly (keyof ClientState)[];

/**
 * A client's state as item attributes, read back by readSnapshot: carried by the newest event of every
 * append (so one Query of the newest item loads a client) and by the legacy snapshot item.
 */
export interface StateAttributes {
  readonly version: number;
  readonly stateSchemaVersion: number;
  /**
   * The state as JSON without its personal values, deflated: one attribute, so its size is known, and
   * small (a session's state is ~1 KB of JSON, ~0.4 KB deflated: below DynamoDB's 1 KB write unit).
   */
  readonly state: Uint8Array;
  /** STATE_PERSONAL_FIELDS, sealed as one binary (no field names: a state that does not open is refolded). */
  readonly sealed?: Uint8Array;
}

export interface SnapshotItem extends StateAttributes {
  readonly pk: string;
  readonly sk: typeof SNAPSHOT_SK;
  readonly kind: "snapshot";
}

/** A DynamoDB item holds at most 400 KB; the state shares its item with the event that leads to it. */
export const MAX_STATE_BYTES = 300 * 1024;

export function stateAttributes(
  version: number,
  state: ClientState,
  owner: KeyOwner,
  dataKey: Uint8Array | null,
): StateAttributes {
  const { readable, personal } = splitPersonal(state, STATE_PERSONAL_FIELDS);
  if (personal && !dataKey)
    throw new NoKeyForPersonalData("the client's state holds personal data and it has no key");
  const encoded = encodeState(readable);
  if (encoded.length > MAX_STATE_BYTES)
    throw new AppendTooLarge(`the client's state would exceed ${MAX_STATE_BYTES} bytes`);
  return {
    version,
    stateSchemaVersion: STATE_SCHEMA_VERSION,
    state: encoded,
    ...(personal && dataKey ? { sealed: sealValues(dataKey, owner, "state", personal) } : {}),
  };
}

/** The legacy current-state item: written now only to heal a stream whose newest event has no usable state. */
export function snapshotItem(
  pk: string,
  version: number,
  state: ClientState,
  owner: KeyOwner,
  dataKey: Uint8Array | null,
): SnapshotItem {
  return { pk, sk: SNAPSHOT_SK, kind: "snapshot", ...stateAttributes(version, state, owner, dataKey) };
}

export const encodeState = (readable: Record<string, unknown>): Uint8Array =>
  deflateRawSync(JSON.stringify(readable));

/** A snapshot's readable state: deflated JSON, or (snapshots written before) JSON text. Throws if neither. */
export function decodeState(stored: unknown): unknown {
  const json = stored instanceof Uint8Array ? inflateRawSync(stored).toString("utf8") : String(stored);
  return JSON.parse(json);
}

/**
 * The state and version a snapshot item holds, or null when it cannot be trusted: another state schema
 * version, a state that does not parse or lacks a field of the current shape, no valid version, or
 * sealed personal values whose key is gone (an erased client's snapshot restored from before the
 * erasure: the fold of the stream, erasure included, is the truth).
 */
export function readSnapshot(
  item: Record<string, unknown>,
  owner: KeyOwner,
  dataKey: Uint8Array | null,
): { state: ClientState; version: number } | null {
  if (item.stateSchemaVersion !== STATE_SCHEMA_VERSION) return null;
  const version = item.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) return null;
  const sealed = item.sealed instanceof Uint8Array ? item.sealed : null;
  if (sealed && !dataKey) return null;
  let state: unknown;
  try {
    const readable = decodeState(item.state) as Record<string, unknown>;
    state = sealed && dataKey ? { ...readable, ...openValues(dataKey, owner, "state", sealed) } : readable;
  } catch {
    return null;
  }
  return hasStateShape(state) ? { state, version } : null;
}

/**
 * Whether a folded state may replace the stored snapshot: yes when there is none, when it is of an older
 * state schema or unreadable; no when it is of a newer schema (code of a later deploy wrote it and owns it).
 */
export const replaceable = (item: Record<string, unknown> | undefined): boolean =>
  item === undefined ||
  typeof item.stateSchemaVersion !== "number" ||
  item.stateSchemaVersion <= STATE_SCHEMA_VERSION;

/**
 * The condition of a write-back: the snapshot item is still the one that was read (same version and state
 * schema version, or still absent), so a snapshot written meanwhile by an append is never overwritten.
 */
export function unchangedSince(item: Record<string, unknown> | undefined): {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
} {
  if (item === undefined) return { ConditionExpression: "attribute_not_exists(pk)" };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const clauses = (["version", "stateSchemaVersion"] as const).map((attribute) => {
    names[`#${attribute}`] = attribute;
    if (item[attribute] === undefined) return `attribute_not_exists(#${attribute})`;
    values[`:${attribute}`] = item[attribute];
    return `#${attribute} = :${attribute}`;
  });
  return {
    ConditionExpression: `attribute_exists(pk) AND ${clauses.join(" AND ")}`,
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

/** Every field of the current state shape is there, with the kind of value the initial state has. */
function hasStateShape(value: unknown): value is ClientState {
  if (!isRecord(value)) return false;
  return Object.entries(initialState).every(([field, initial]) => {
    const stored = value[field];
    if (stored === undefined) return false;
    if (Array.isArray(initial)) return Array.isArray(stored);
    if (initial === null) return true;
    if (typeof initial === "object") return isRecord(stored);
    return typeof stored === typeof initial;
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
