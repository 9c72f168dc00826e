import type { DynamoDBRecord } from "aws-lambda";
import { analyticsRecordsOf } from "../../events/analytics/from-stream.ts";
import type { AnalyticsRecord } from "../../events/analytics/schema.ts";
import { clientKeys, eventStore } from "../shared/environment.ts";

/**
 * The pipe's enrichment: the batch of event inserts from the table's stream in, their analytics records
 * out, one for one and in order; the pipe puts each on the bus as the event's `detail`. A template alone
 * cannot do this: the age band needs a date computed from the date of birth, location and trainer live
 * on the registration, and personal fields are sealed in the item. A batch that fails is retried by the
 * pipe, then goes to its dead-letter queue.
 */
export const handler = async (records: DynamoDBRecord[]): Promise<AnalyticsRecord[]> =>
  analyticsRecordsOf(records, eventStore(), clientKeys());
