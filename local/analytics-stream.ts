import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { analyticsDir, openParquetWriter } from "../analytics/parquet.ts";
import { type StreamPoller, startStreamPoller } from "./stream-poller.ts";

export interface AnalyticsStreamOptions {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly tableName: string;
  readonly dataDir: string;
  readonly filter: (record: DynamoDBRecord) => boolean;
}

/**
 * The pipe's path in AWS (stream → enrichment → bus → Firehose → Parquet) as a second reader of the
 * table's stream: the same enrichment handler, so the same records, in the same tenant=/dt= layout
 * under DATA_DIR/analytics.
 */
export async function startAnalyticsStream(options: AnalyticsStreamOptions): Promise<StreamPoller> {
  const { client, endpoint, tableName, filter } = options;
  const parquet = await openParquetWriter(analyticsDir(options.dataDir));
  // The Lambda the pipe calls, wired from the environment as in AWS (after the stack has set it).
  const { handler: enrich } = await import("../functions/streams/analytics-enrichment.ts");
  const poller = await startStreamPoller({
    client,
    endpoint,
    tableName,
    filter,
    handler: async (event) => parquet.write(await enrich(event.Records)),
    onError: (error) => console.error("analytics gave up on records", error),
  });
  return {
    idle: () => poller.idle(),
    async stop() {
      await poller.stop();
      parquet.close();
    },
  };
}
