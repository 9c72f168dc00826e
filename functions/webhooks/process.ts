import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import * as z from "zod";
import { ID_PATTERN } from "../auth/claims.ts";
import { logger, metrics } from "../middleware/observability.ts";
import { processingDeps } from "./environment.ts";
import { PROVIDERS } from "./mappers/types.ts";
import { type ProcessingDeps, processReceipt } from "./processing.ts";

const ReceiptMessage = z.strictObject({
  tenantId: z.string().regex(ID_PATTERN),
  provider: z.enum(PROVIDERS),
  receiptId: z.uuid(),
});

/**
 * The queue's consumer: each message names one archived post. A post that fails (the store throttling,
 * the archive unreachable) comes back in batchItemFailures and only it is retried; after the queue's
 * maxReceiveCount it goes to the dead-letter queue. Retrying is safe: recorded sessions are recognised.
 */
export function createWebhookProcessor(deps: () => ProcessingDeps, clock: () => Date = () => new Date()) {
  const handleRecord = async (record: SQSRecord) => {
    const ref = ReceiptMessage.parse(JSON.parse(record.body));
    try {
      const receipt = await processReceipt(deps(), ref, { now: clock() });
      for (const item of receipt.items) metrics.addMetric(`WebhookItem_${item.status}`, MetricUnit.Count, 1);
    } catch (error) {
      logger.error("webhook post failed; it will be retried", { ...ref, messageId: record.messageId, error });
      throw error;
    }
  };
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (context) logger.addContext(context);
    try {
      return await processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
        ...(context ? { context } : {}),
        throwOnFullBatchFailure: false,
      });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

export const handler = createWebhookProcessor(processingDeps);
