import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ReceiptRef } from "./archive.ts";

/** Hands an archived post to the processor. The message names the post; the payload stays in the archive. */
export interface WebhookQueue {
  send(ref: ReceiptRef): Promise<void>;
}

export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(ref: ReceiptRef): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(ref) }),
    );
  }
}
