import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localKeyTableName } from "../events/table.ts";

/**
 * A 32-byte secret of the local stack, kept under DATA_DIR (generated on first use, owner-only, never
 * committed): the dev token signing key, the personal-data master key.
 */
export function localSecretFile(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return file;
}

export const readSecretFile = (file: string): Uint8Array => Buffer.from(readFileSync(file, "utf8"), "base64");

/** Wraps every client's data key in the local stack, as the KMS key does in AWS. */
export const masterKeyFile = (dataDir: string): string =>
  localSecretFile(dataDir, "personal-data-master-key");

/**
 * Scripts run beside the local stack find its keys as it does: the key table beside the event table,
 * the master key under DATA_DIR (.data). Where KMS_KEY_ID is set (AWS), KEYS_TABLE_NAME must be too.
 */
export function useLocalKeys(eventTableName: string): void {
  if (process.env.KMS_KEY_ID) return;
  process.env.KEYS_TABLE_NAME ??= localKeyTableName(eventTableName);
  process.env.MASTER_KEY_FILE ??= masterKeyFile(process.env.DATA_DIR ?? ".data");
}
