import type { DynamoDBRecord } from "aws-lambda";
import type { ClientKeys } from "../crypto/client-keys.ts";
import { decodeRecordImage } from "../projections/roster-projector.ts";
import type { EventStore } from "../store/port.ts";
import { contextLookup } from "./client-context.ts";
import type { AnalyticsRecord } from "./schema.ts";
import { toAnalyticsRecord } from "./to-record.ts";

/**
 * The analytics records of a batch of the table's stream records (event inserts), in order. Items are
 * decoded by the store's own reader, their personal values opened with the client's key (or read as
 * erased), so upcasting and sealing are its business; the record takes only what toAnalyticsRecord names. Used by the pipe's enrichment in
 * AWS and by the local stream poller, so both paths write the same rows.
 */
export async function analyticsRecordsOf(
  records: readonly DynamoDBRecord[],
  store: Pick<EventStore, "readEvent">,
  keys: ClientKeys,
): Promise<AnalyticsRecord[]> {
  const contextOf = contextLookup(store);
  const events = await Promise.all(
    records.map((record) => decodeRecordImage(record.dynamodb?.NewImage ?? {}, keys)),
  );
  return Promise.all(events.map(async (event) => toAnalyticsRecord(event, await contextOf(event))));
}
