import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM under a client's data key. The additional data binds a ciphertext to its tenant and
 * client, so a sealed value copied into another client's item does not open there.
 * Format: "v1." + base64url(iv ‖ ciphertext ‖ tag).
 */
const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

export class SealBroken extends Error {}

export function seal(key: Uint8Array, additionalData: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(additionalData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

export function open(key: Uint8Array, additionalData: string, sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new SealBroken("not a sealed value");
  const bytes = Buffer.from(sealed.slice(VERSION.length), "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealBroken("sealed value too short");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(additionalData, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch (error) {
    throw new SealBroken("the sealed value does not open with this key and context", { cause: error });
  }
}
