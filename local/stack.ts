import type { DynamoDBRecord } from "aws-lambda";
import { localKeyTableName } from "../events/table.ts";
import { startAnalyticsStream } from "./analytics-stream.ts";
import { startApiServer } from "./api-server.ts";
import { devSigningKey, verifyDevToken } from "./dev-auth.ts";
import { localDynamoDbClient, startDynamoDbLocal } from "./dynamodb.ts";
import { localLambdaContext } from "./lambda-context.ts";
import { masterKeyFile } from "./secrets.ts";
import { startStreamPoller } from "./stream-poller.ts";
import { ensureTable } from "./tables.ts";
import { startLocalWebhooks } from "./webhooks.ts";

export interface LocalStackOptions {
  readonly dataDir: string;
  readonly apiPort: number;
  /** An already running DynamoDB Local (tests share one); otherwise one is started. */
  readonly dynamoEndpoint?: string;
  readonly dynamoPort?: number;
  readonly tableName?: string;
  /** The analytics Parquet files (default on); tests that never read them save the writes. */
  readonly analytics?: boolean;
}

export interface LocalStack {
  readonly url: string;
  /** DynamoDB Local's files, the dev key and the analytics Parquet files (analytics/) live here. */
  readonly dataDir: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly signingKey: Uint8Array;
  /** Signs webhook posts for any tenant and provider (DATA_DIR/webhook-secrets.json). */
  readonly webhookSecret: string;
  /** Resolves once every webhook post so far is processed. */
  webhooksIdle(): Promise<void>;
  /** Resolves once the projector has caught up with every write so far. */
  projectionsIdle(): Promise<void>;
  /** Resolves once every write so far is in the analytics Parquet files (DATA_DIR/analytics); at once without them. */
  analyticsIdle(): Promise<void>;
  stop(): Promise<void>;
}

/** Only event inserts reach the projector, as the event source mapping's filter does in AWS. */
const isEventInsert = (record: DynamoDBRecord) =>
  record.eventName === "INSERT" && record.dynamodb?.NewImage?.kind?.S === "event";

/** The whole system on one machine: DynamoDB Local, the API handlers behind an HTTP server, the stream projector. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dynamo = options.dynamoEndpoint
    ? { endpoint: options.dynamoEndpoint, stop: async () => undefined }
    : await startDynamoDbLocal({ port: options.dynamoPort ?? 0, dataDir: `${options.dataDir}/dynamodb` });
  const tableName = options.tableName ?? "opt-events";
  // The handlers read their wiring from the environment, exactly as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    KEYS_TABLE_NAME: localKeyTableName(tableName),
    // In AWS, KMS_KEY_ID names the KMS key that wraps the clients' data keys.
    MASTER_KEY_FILE: masterKeyFile(options.dataDir),
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: "local",
    POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? "opt-local",
    POWERTOOLS_METRICS_NAMESPACE: "OPT",
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? "true",
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
    // One process serves every route locally: a settings change applies at once.
    SETTINGS_CACHE_SECONDS: "0",
  });
  const client = localDynamoDbClient(dynamo.endpoint);
  await ensureTable(client, tableName);
  const { handler: project } = await import("../functions/streams/projector.ts");
  const poller = await startStreamPoller({
    client,
    endpoint: dynamo.endpoint,
    tableName,
    filter: isEventInsert,
    handler: (event) => project(event, localLambdaContext("projector", 60_000)),
    onError: (error) => console.error("projector gave up on records", error),
  });
  const analytics =
    options.analytics === false
      ? null
      : await startAnalyticsStream({
          client,
          endpoint: dynamo.endpoint,
          tableName,
          dataDir: options.dataDir,
          filter: isEventInsert,
        });
  const webhooks = await startLocalWebhooks(options.dataDir);
  const signingKey = devSigningKey(options.dataDir);
  const api = await startApiServer({
    port: options.apiPort,
    verify: (token) => verifyDevToken(signingKey, token),
  });
  return {
    url: api.url,
    dataDir: options.dataDir,
    dynamoEndpoint: dynamo.endpoint,
    tableName,
    signingKey,
    webhookSecret: webhooks.devSecret,
    webhooksIdle: () => webhooks.idle(),
    projectionsIdle: () => poller.idle(),
    analyticsIdle: async () => analytics?.idle(),
    // Everything that talks to DynamoDB Local stops before it does: the stream pollers first
    // (they poll on their own), then the API once its in-flight requests are answered, then the queued webhook posts.
    async stop() {
      await poller.stop();
      await analytics?.stop();
      await api.stop();
      // Posts the API accepted are processed before the table goes away.
      await webhooks.idle();
      client.destroy();
      await dynamo.stop();
    },
  };
}
