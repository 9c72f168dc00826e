import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { unavailableOnTransient } from "./errors.ts";

/** Every page of a query, in order; a throttled page surfaces as StoreUnavailable. */
export async function* queryPages(
  documents: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, "ExclusiveStartKey">,
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await unavailableOnTransient(() =>
      documents.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) })),
    );
    yield page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}
