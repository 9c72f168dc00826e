import { SQSClient } from "@aws-sdk/client-sqs";
import { required } from "./environment.ts";
import { SqsWebhookQueue, type WebhookQueue } from "./queue.ts";
import { FileSigningSecrets, SecretsManagerSigningSecrets, type SigningSecrets } from "./signing-secrets.ts";

/**
 * What only the receiver needs (environment.ts describes the variables): the signing secrets (Secrets
 * Manager) and the queue (SQS). Apart from environment.ts so that the processor and the replays, which
 * need neither, do not load those two SDK clients at cold start (bench/cold-start.ts).
 */
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
