import { ERASED, isErased } from "../../domain/client/personal-data.ts";
import { open, seal } from "./cipher.ts";
import type { KeyOwner } from "./key-wrapper.ts";

/**
 * An item's personal values, sealed together under the client's key. The field names stay readable so
 * that, once the key is gone, each of them still reads back as ERASED where it was.
 */
export interface SealedPersonal {
  readonly fields: readonly string[];
  readonly sealed: string;
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

export function sealPersonal(
  key: Uint8Array,
  owner: KeyOwner,
  personal: Record<string, unknown>,
): SealedPersonal {
  return { fields: Object.keys(personal), sealed: seal(key, context(owner), JSON.stringify(personal)) };
}

/** The personal values back, or ERASED in each field when the key is gone. */
export function openPersonal(
  key: Uint8Array | null,
  owner: KeyOwner,
  { fields, sealed }: SealedPersonal,
): Record<string, unknown> {
  if (!key) return Object.fromEntries(fields.map((field) => [field, ERASED]));
  return JSON.parse(open(key, context(owner), sealed)) as Record<string, unknown>;
}

/** A whole stored answer (an idempotency record's response), sealed as one value. */
export const sealResponse = (key: Uint8Array, owner: KeyOwner, answer: string): string =>
  seal(key, `${context(owner)}/response`, answer);

/** The stored answer, or null when the key is gone. */
export const openResponse = (key: Uint8Array | null, owner: KeyOwner, sealed: string): string | null =>
  key ? open(key, `${context(owner)}/response`, sealed) : null;

export const isSealedPersonal = (value: unknown): value is SealedPersonal =>
  typeof value === "object" &&
  value !== null &&
  Array.isArray((value as SealedPersonal).fields) &&
  typeof (value as SealedPersonal).sealed === "string";
