import { MalformedEvent } from "../codec.ts";
import { UnknownSchemaVersion } from "../upcasters.ts";

/** An event item that can never be decoded: retrying it would only block the shard. */
export class PoisonRecord extends Error {}

export const isPoison = (error: unknown): boolean =>
  error instanceof PoisonRecord || error instanceof MalformedEvent || error instanceof UnknownSchemaVersion;
