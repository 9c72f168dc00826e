import type { ClientEventType } from "../../domain/client/events.ts";
import { ERASED, isErased } from "../../domain/client/personal-data.ts";
import { personalFields } from "../catalogue.ts";
import { open, SealBroken, seal } from "./cipher.ts";
import type { KeyOwner } from "./key-wrapper.ts";

/**
 * An item's personal values, sealed together under the client's key. The field names stay readable so
 * that, once the key is gone, each of them still reads back as ERASED where it was.
 */
export interface SealedPersonal {
  readonly fields: readonly string[];
  readonly sealed: Uint8Array;
}

/** Which kind of item a sealed value belongs in: bound into its context, so it opens nowhere else. */
export type SealedPlace = "event" | "state" | "row" | "response";

const context = ({ tenantId, clientId }: KeyOwner, place: SealedPlace) =>
  JSON.stringify(["opt-personal", place, tenantId, clientId]);

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
export const sealValues = (
  key: Uint8Array,
  owner: KeyOwner,
  place: SealedPlace,
  values: Record<string, unknown>,
): Uint8Array => seal(key, context(owner, place), JSON.stringify(values));

export const openValues = (
  key: Uint8Array,
  owner: KeyOwner,
  place: SealedPlace,
  sealed: Uint8Array,
): Record<string, unknown> =>
  JSON.parse(open(key, context(owner, place), sealed).toString("utf8")) as Record<string, unknown>;

/** An event's personal values (null: none), as the catalogue declares them for its type. */
export const personalValuesOf = (event: {
  type: ClientEventType;
  data: object;
}): Record<string, unknown> | null => splitPersonal(event.data, personalFields(event.type)).personal;

export function sealPersonal(
  key: Uint8Array,
  owner: KeyOwner,
  place: SealedPlace,
  personal: Record<string, unknown>,
): SealedPersonal {
  return { fields: Object.keys(personal), sealed: sealValues(key, owner, place, personal) };
}

/** The personal values back, or ERASED in each field when the key is gone. */
export function openPersonal(
  key: Uint8Array | null,
  owner: KeyOwner,
  place: SealedPlace,
  { fields, sealed }: SealedPersonal,
): Record<string, unknown> {
  if (!key) return Object.fromEntries(fields.map((field) => [field, ERASED]));
  const values = openValues(key, owner, place, sealed);
  // What opened must be what the item says it holds: no more, no fewer fields.
  if (Object.keys(values).sort().join() !== [...fields].sort().join())
    throw new SealBroken("the sealed fields are not the ones the item names");
  return values;
}

/** A whole stored answer (an idempotency record's response), sealed as one value. */
export const sealResponse = (key: Uint8Array, owner: KeyOwner, answer: string): Uint8Array =>
  seal(key, context(owner, "response"), answer);

/** The stored answer, or null when the key is gone. */
export const openResponse = (key: Uint8Array | null, owner: KeyOwner, sealed: Uint8Array): string | null =>
  key ? open(key, context(owner, "response"), sealed).toString("utf8") : null;

export const isSealedPersonal = (value: unknown): value is SealedPersonal =>
  typeof value === "object" &&
  value !== null &&
  Array.isArray((value as SealedPersonal).fields) &&
  (value as SealedPersonal).sealed instanceof Uint8Array;

/** The event with ERASED in place of each personal value (what a destroyed key leaves of them). */
export function withoutPersonalValues<Event extends { type: ClientEventType; data: object }>(
  event: Event,
): Event {
  const fields = Object.keys(personalValuesOf(event) ?? {});
  if (fields.length === 0) return event;
  return { ...event, data: { ...event.data, ...Object.fromEntries(fields.map((f) => [f, ERASED])) } };
}
