import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { WebhookStore } from "../../events/store/webhook-store.ts";
import { dynamoDbClient, eventStore, tableName, tenantSettings } from "../shared/environment.ts";
import { FilePayloadArchive, type PayloadArchive, S3PayloadArchive } from "./archive.ts";
import type { ProcessingDeps } from "./processing.ts";
import { SqsWebhookQueue, type WebhookQueue } from "./queue.ts";
import { FileSigningSecrets, SecretsManagerSigningSecrets, type SigningSecrets } from "./signing-secrets.ts";

/**
 * The webhook wiring, read from the environment once per container. In AWS: ARCHIVE_BUCKET,
 * WEBHOOK_QUEUE_URL and WEBHOOK_SECRETS_PREFIX (Secrets Manager). The local stack sets
 * WEBHOOK_ARCHIVE_DIR and WEBHOOK_SECRETS_FILE, and hands the receiver its in-process queue.
 */
let archive: PayloadArchive | undefined;

export function payloadArchive(): PayloadArchive {
  archive ??= process.env.ARCHIVE_BUCKET
    ? new S3PayloadArchive(new S3Client({}), process.env.ARCHIVE_BUCKET)
    : new FilePayloadArchive(required("WEBHOOK_ARCHIVE_DIR"));
  return archive;
}

let secrets: SigningSecrets | undefined;

export function signingSecrets(): SigningSecrets {
  secrets ??= process.env.WEBHOOK_SECRETS_PREFIX
    ? new SecretsManagerSigningSecrets(process.env.WEBHOOK_SECRETS_PREFIX)
    : new FileSigningSecrets(required("WEBHOOK_SECRETS_FILE"));
  return secrets;
}

let queue: WebhookQueue | undefined;

export function webhookQueue(): WebhookQueue {
  queue ??= new SqsWebhookQueue(new SQSClient({}), required("WEBHOOK_QUEUE_URL"));
  return queue;
}

/** The local stack's queue: the same processor, run in process. */
export function useWebhookQueue(inProcess: WebhookQueue): void {
  queue = inProcess;
}

let webhooks: WebhookStore | undefined;

export function webhookStore(): WebhookStore {
  webhooks ??= new WebhookStore(dynamoDbClient(), tableName());
  return webhooks;
}

/** What the processor, a replay and a parked session's replay work with. */
export const processingDeps = (): ProcessingDeps => ({
  events: eventStore(),
  webhooks: webhookStore(),
  archive: payloadArchive(),
  settings: tenantSettings,
});

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
