import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
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
