import { ERASED, isErased } from "../../domain/client/personal-data.ts";
import { open, seal } from "./cipher.ts";
import type { KeyOwner } from "./key-wrapper.ts";

/**
 * An item's personal values, sealed together under the client's key. The field names stay readable so
 * that, once the key is gone, each of them still reads back as ERASED where it was.
 */
export interface SealedPersonal {
  readonly fields: readonly string[];
  readonly sealed: Uint8Array;
}

const context = ({ tenantId, clientId }: KeyOwner) => `opt-personal/${tenantId}/${clientId}`;

/** What stays readable of a record, and its personal values (absent and already-erased values are none). */
export function splitPersonal(
  value: object,
  fields: readonly string[],
): { readable: Record<string, unknown>; personal: Record<string, unknown> | null } {
  const record = value as Readonly<Record<string, unknown>>;
  const readable = { ...record };
  const personal: Record<string, unknown> = {};
  for (const field of fields) {
    if (!Object.hasOwn(record, field)) continue;
    const value = record[field];
    delete readable[field];
    if (value !== undefined && value !== null && !isErased(value)) personal[field] = value;
    else if (value !== undefined) readable[field] = value;
  }
  return { readable, personal: Object.keys(personal).length > 0 ? personal : null };
}

/** Values sealed as one binary, for items whose personal fields are known from their kind (a snapshot). */
export const sealValues = (key: Uint8Array, owner: KeyOwner, values: Record<string, unknown>): Uint8Array =>
  seal(key, context(owner), JSON.stringify(values));

export const openValues = (key: Uint8Array, owner: KeyOwner, sealed: Uint8Array): Record<string, unknown> =>
  JSON.parse(open(key, context(owner), sealed).toString("utf8")) as Record<string, unknown>;

export function sealPersonal(
  key: Uint8Array,
  owner: KeyOwner,
  personal: Record<string, unknown>,
): SealedPersonal {
  return { fields: Object.keys(personal), sealed: sealValues(key, owner, personal) };
}

/** The personal values back, or ERASED in each field when the key is gone. */
export function openPersonal(
  key: Uint8Array | null,
  owner: KeyOwner,
  { fields, sealed }: SealedPersonal,
): Record<string, unknown> {
  if (!key) return Object.fromEntries(fields.map((field) => [field, ERASED]));
  return openValues(key, owner, sealed);
}

/** A whole stored answer (an idempotency record's response), sealed as one value. */
export const sealResponse = (key: Uint8Array, owner: KeyOwner, answer: string): Uint8Array =>
  seal(key, `${context(owner)}/response`, answer);

/** The stored answer, or null when the key is gone. */
export const openResponse = (key: Uint8Array | null, owner: KeyOwner, sealed: Uint8Array): string | null =>
  key ? open(key, `${context(owner)}/response`, sealed).toString("utf8") : null;

export const isSealedPersonal = (value: unknown): value is SealedPersonal =>
  typeof value === "object" &&
  value !== null &&
  Array.isArray((value as SealedPersonal).fields) &&
  (value as SealedPersonal).sealed instanceof Uint8Array;
