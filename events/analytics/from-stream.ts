import type { DynamoDBRecord } from "aws-lambda";
import { decodeRecordImage } from "../projections/roster-projector.ts";
import type { EventStore } from "../store/port.ts";
import { contextLookup } from "./client-context.ts";
import type { AnalyticsRecord } from "./schema.ts";
import { toAnalyticsRecord } from "./to-record.ts";

/**
 * The analytics records of a batch of the table's stream records (event inserts), in order. Items are
 * decoded by the store's own reader, so upcasting (and whatever the store does to personal fields) is
 * its business; the record takes only what toAnalyticsRecord names. Used by the pipe's enrichment in
 * AWS and by the local stream poller, so both paths write the same rows.
 */
export async function analyticsRecordsOf(
  records: readonly DynamoDBRecord[],
  store: Pick<EventStore, "readEvent">,
): Promise<AnalyticsRecord[]> {
  const contextOf = contextLookup(store);
  const events = records.map((record) => decodeRecordImage(record.dynamodb?.NewImage ?? {}));
  return Promise.all(events.map(async (event) => toAnalyticsRecord(event, await contextOf(event))));
}
