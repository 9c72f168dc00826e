import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { createKeyTableInput, createTableInput, EVENT_TABLE, localKeyTableName } from "../events/table.ts";

/**
 * Creates the event table and its key table (localKeyTableName) if missing, waits until both are
 * ACTIVE and turns TTL on. Idempotent.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await Promise.all([
    create(client, createTableInput(tableName)),
    create(client, createKeyTableInput(localKeyTableName(tableName))),
  ]);
  await enableTimeToLive(client, tableName);
}

async function create(client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    // Already there (or being created by a concurrent caller): just wait for it.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const TableName = input.TableName;
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName });
}

// DynamoDB Local accepts and reports the TTL setting (it does not seem to delete expired items
// promptly); enabling it twice is a ValidationException, hence the check first.
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const AttributeName = EVENT_TABLE.timeToLiveAttribute;
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === "ENABLED" || status === "ENABLING") return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName },
      }),
    );
  } catch (error) {
    // A concurrent caller won the race.
    if (!(error instanceof Error && /already enabled/i.test(error.message))) throw error;
  }
}
