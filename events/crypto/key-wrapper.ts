import { randomBytes } from "node:crypto";
import { DATA_KEY_BYTES, open, seal } from "./cipher.ts";

/** Whose data key it is: bound into the wrapping, so a wrapped key unwraps only for its own client. */
export interface KeyOwner {
  readonly tenantId: string;
  readonly clientId: string;
}

/**
 * Wraps and unwraps per-client data keys under a master key that never leaves its keeper: AWS KMS in AWS
 * (kms-key-wrapper.ts), a key file under DATA_DIR in the local stack and the tests (below).
 */
export interface KeyWrapper {
  generate(owner: KeyOwner): Promise<{ readonly plaintext: Uint8Array; readonly wrapped: Uint8Array }>;
  unwrap(wrapped: Uint8Array, owner: KeyOwner): Promise<Uint8Array>;
}

export const ownerContext = ({ tenantId, clientId }: KeyOwner): string =>
  `opt-client-data-key/${tenantId}/${clientId}`;

/** A local master key (32 bytes): AES-256-GCM key wrapping, the data key as the plaintext. */
export class LocalKeyWrapper implements KeyWrapper {
  constructor(private readonly masterKey: Uint8Array) {
    if (masterKey.length !== DATA_KEY_BYTES)
      throw new Error(`the master key must be ${DATA_KEY_BYTES} bytes`);
  }

  async generate(owner: KeyOwner) {
    const plaintext = randomBytes(DATA_KEY_BYTES);
    return { plaintext, wrapped: seal(this.masterKey, ownerContext(owner), plaintext) };
  }

  async unwrap(wrapped: Uint8Array, owner: KeyOwner) {
    return open(this.masterKey, ownerContext(owner), wrapped);
  }
}
