import { S3Client } from "@aws-sdk/client-s3";
import { eventStore, tenantSettings } from "../shared/environment.ts";
import { FilePayloadArchive, type PayloadArchive, S3PayloadArchive } from "./archive.ts";
import type { ProcessingDeps } from "./processing.ts";
import { webhookStore } from "./store-environment.ts";

export { webhookStore };

/**
 * The webhook wiring, read from the environment once per container. In AWS: ARCHIVE_BUCKET,
 * WEBHOOK_QUEUE_URL and WEBHOOK_SECRETS_PREFIX (Secrets Manager). The local stack sets
 * WEBHOOK_ARCHIVE_DIR and WEBHOOK_SECRETS_FILE, and hands the receiver its in-process queue. The
 * secrets and the queue are in receive-environment.ts, the webhook store in store-environment.ts.
 */
let archive: PayloadArchive | undefined;

export function payloadArchive(): PayloadArchive {
  archive ??= process.env.ARCHIVE_BUCKET
    ? new S3PayloadArchive(new S3Client({}), process.env.ARCHIVE_BUCKET)
    : new FilePayloadArchive(required("WEBHOOK_ARCHIVE_DIR"));
  return archive;
}

/** What the processor, a replay and a parked session's replay work with. */
export const processingDeps = (): ProcessingDeps => ({
  events: eventStore(),
  webhooks: webhookStore(),
  archive: payloadArchive(),
  settings: tenantSettings,
});

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
