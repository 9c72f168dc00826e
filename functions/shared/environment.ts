import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RosterStore } from "../../events/projections/roster-store.ts";
import { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";

/**
 * Wiring read from the environment once per container (outside the handler, so warm invocations
 * reuse the client's connections). DYNAMODB_ENDPOINT is set only by the local runtime.
 */
export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error("TABLE_NAME is not set");
  return name;
}

let client: DynamoDBClient | undefined;

export function dynamoDbClient(): DynamoDBClient {
  client ??= new DynamoDBClient(
    process.env.DYNAMODB_ENDPOINT
      ? {
          endpoint: process.env.DYNAMODB_ENDPOINT,
          region: process.env.AWS_REGION ?? "local",
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {},
  );
  return client;
}

let store: DynamoDbEventStore | undefined;

export function eventStore(): DynamoDbEventStore {
  store ??= new DynamoDbEventStore(dynamoDbClient(), tableName());
  return store;
}

let roster: RosterStore | undefined;

export function rosterStore(): RosterStore {
  roster ??= new RosterStore(dynamoDbClient(), tableName());
  return roster;
}
