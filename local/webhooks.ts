import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import type { ReceiptRef } from "../functions/webhooks/archive.ts";
import type { WebhookQueue } from "../functions/webhooks/queue.ts";
import { useWebhookQueue } from "../functions/webhooks/receive-environment.ts";
import { localLambdaContext } from "./lambda-context.ts";

/** As the queue's maxReceiveCount in AWS: then the post goes to the dead-letter file. */
const MAX_RECEIVES = 5;

export interface LocalWebhooks {
  /** The dev signing secret: it signs for every tenant and provider locally. */
  readonly devSecret: string;
  /** Resolves once every post queued so far is processed (or dead-lettered). */
  idle(): Promise<void>;
}

/**
 * The webhooks of the local stack: signing secrets from DATA_DIR/webhook-secrets.json (a dev secret made
 * on first start), payloads archived under DATA_DIR/webhooks, and the queue's processor run in process
 * (the same handler, given SQS events) with retries and a dead-letter file, as in AWS.
 */
export async function startLocalWebhooks(dataDir: string): Promise<LocalWebhooks> {
  const secretsFile = join(dataDir, "webhook-secrets.json");
  if (!existsSync(secretsFile)) {
    mkdirSync(dataDir, { recursive: true });
    const dev = `whsec_dev_${randomBytes(24).toString("hex")}`;
    writeFileSync(secretsFile, `${JSON.stringify({ "*": [dev] }, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  }
  const archiveDir = join(dataDir, "webhooks");
  Object.assign(process.env, { WEBHOOK_SECRETS_FILE: secretsFile, WEBHOOK_ARCHIVE_DIR: archiveDir });
  const { handler } = await import("../functions/webhooks/process.ts");
  const queue = new InProcessQueue(
    (event) => handler(event, localLambdaContext("webhook-processor", 60_000)),
    join(archiveDir, "dead-letter.jsonl"),
  );
  useWebhookQueue(queue);
  const secrets = JSON.parse(readFileSync(secretsFile, "utf8")) as Record<string, string[]>;
  return { devSecret: secrets["*"]?.[0] ?? "", idle: () => queue.idle() };
}

class InProcessQueue implements WebhookQueue {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly process: (event: SQSEvent) => Promise<{ batchItemFailures: unknown[] }>,
    private readonly deadLetterFile: string,
  ) {}

  async send(ref: ReceiptRef): Promise<void> {
    // After the 202, as SQS would: the receiver does not wait for the processor.
    const delivery = this.deliver(ref).catch((error: unknown) =>
      console.error(`webhook post ${ref.receiptId} could not be processed or dead-lettered`, error),
    );
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  private async deliver(ref: ReceiptRef): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
      const { batchItemFailures } = await this.process(sqsEvent(ref, receive));
      if (batchItemFailures.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** receive));
    }
    console.error(`webhook post ${ref.receiptId} failed ${MAX_RECEIVES} times: dead-lettered`);
    await mkdir(join(this.deadLetterFile, ".."), { recursive: true });
    await appendFile(this.deadLetterFile, `${JSON.stringify({ ...ref, at: new Date().toISOString() })}\n`);
  }
}

const sqsEvent = (ref: ReceiptRef, receiveCount: number): SQSEvent => ({
  Records: [
    {
      messageId: randomUUID(),
      receiptHandle: "local",
      body: JSON.stringify(ref),
      attributes: {
        ApproximateReceiveCount: String(receiveCount),
        SentTimestamp: String(Date.now()),
        SenderId: "local",
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:local:000000000000:opt-local-webhooks",
      awsRegion: "local",
    },
  ],
});
