import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM under a client's data key. The additional data binds a ciphertext to its tenant and
 * client, so a sealed value copied into another client's item does not open there.
 * Stored as binary (DynamoDB counts a binary attribute's raw bytes): version ‖ iv ‖ ciphertext ‖ tag.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

export class SealBroken extends Error {}

export function seal(key: Uint8Array, additionalData: string, plaintext: string | Uint8Array): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(additionalData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]);
}

export function open(key: Uint8Array, additionalData: string, sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed);
  if (bytes[0] !== VERSION) throw new SealBroken("not a sealed value");
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES) throw new SealBroken("sealed value too short");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(1, 1 + IV_BYTES));
  decipher.setAAD(Buffer.from(additionalData, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch (error) {
    throw new SealBroken("the sealed value does not open with this key and context", { cause: error });
  }
}
