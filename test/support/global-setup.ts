import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../../local/dynamodb.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One in-memory DynamoDB Local per test run; each test file makes its own table. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ port: 0, dataDir: null });
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
