import { randomBytes, randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { ClientKeys } from "../../events/crypto/client-keys.ts";
import { LocalKeyWrapper } from "../../events/crypto/key-wrapper.ts";
import { documentClient } from "../../events/store/documents.ts";
import { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { localKeyTableName } from "../../events/table.ts";
import { localDynamoDbClient } from "../../local/dynamodb.ts";
import { ensureTable } from "../../local/tables.ts";

export function testDynamoDbClient(): DynamoDBClient {
  return localDynamoDbClient(inject("dynamoEndpoint"));
}

/** A fresh table per test file (or test), so files can run in parallel against one DynamoDB Local. */
export async function createTestTable(client: DynamoDBClient, prefix = "test"): Promise<string> {
  const tableName = `${prefix}-${randomUUID()}`;
  await ensureTable(client, tableName);
  return tableName;
}

/** One master key per test process, as the local stack keeps one under DATA_DIR. */
const testMasterKey = randomBytes(32);

/** The data keys of a test table (its key table beside it), wrapped by the test process's master key. */
export const testKeys = (client: DynamoDBClient, tableName: string): ClientKeys =>
  new ClientKeys(documentClient(client), localKeyTableName(tableName), new LocalKeyWrapper(testMasterKey));

/** An event store on a test table, with its keys. */
export const testStore = (client: DynamoDBClient, tableName: string): DynamoDbEventStore =>
  new DynamoDbEventStore(client, tableName, testKeys(client, tableName));
