import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ClientKeys } from "../events/crypto/client-keys.ts";
import { createClientKeys } from "../functions/shared/environment.ts";
import { localDynamoDbClient } from "./dynamodb.ts";
import { useLocalKeys } from "./secrets.ts";

export interface ScriptTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The clients' data keys: names and notes are sealed, scripts that read them open them. */
  readonly keys: ClientKeys;
}

/**
 * The table a script works on, found as `npm start` keeps it: TABLE_NAME (opt-events), DYNAMODB_ENDPOINT
 * (http://127.0.0.1:8000; empty: AWS) and the keys beside it (useLocalKeys). The client is closed after.
 */
export async function withScriptTable<T>(work: (table: ScriptTable) => Promise<T>): Promise<T> {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? "http://127.0.0.1:8000";
  const client = endpoint ? localDynamoDbClient(endpoint) : new DynamoDBClient({});
  const tableName = process.env.TABLE_NAME ?? "opt-events";
  useLocalKeys(tableName);
  try {
    return await work({ client, tableName, keys: createClientKeys(client) });
  } finally {
    client.destroy();
  }
}
