import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { ClientKeys } from "../../events/crypto/client-keys.ts";
import { createRosterProjector } from "../../events/projections/roster-projector.ts";
import { clientKeys, dynamoDbClient, tableName } from "../shared/environment.ts";

export interface ProjectorHandlerOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly keys: ClientKeys;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/**
 * Records run one after another, in shard order; a failed record comes back in batchItemFailures
 * (Lambda retries from the lowest one), poison records are parked by the projector.
 */
export function createProjectorHandler(options: ProjectorHandlerOptions) {
  const logger = options.logger ?? new Logger();
  const metrics = options.metrics ?? new Metrics();
  const projector = createRosterProjector({
    client: options.client,
    tableName: options.tableName,
    keys: options.keys,
    count: (metric) => metrics.addMetric(metric, MetricUnit.Count, 1),
    warn: (message, details) => logger.warn(message, details),
  });

  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    if (context) logger.addContext(context);
    const project = projector.forBatch();
    const handleRecord = async (record: DynamoDBRecord) => {
      try {
        return await project(record);
      } catch (error) {
        logger.error("stream record failed; it will be retried", {
          sequenceNumber: record.dynamodb?.SequenceNumber,
          error,
        });
        throw error;
      }
    };
    try {
      // A processor per invocation: its state must not be shared by overlapping calls (local poller).
      return await processPartialResponse(
        event,
        handleRecord,
        new BatchProcessor(EventType.DynamoDBStreams),
        {
          ...(context ? { context } : {}),
          processInParallel: false,
          throwOnFullBatchFailure: false,
        },
      );
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let handle: ReturnType<typeof createProjectorHandler> | undefined;

export const handler = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  handle ??= createProjectorHandler({ client: dynamoDbClient(), tableName: tableName(), keys: clientKeys() });
  return handle(event, context);
};
