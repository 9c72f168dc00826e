/**
 * What analysts and integrations see, in AWS terms: the analytics record (events/analytics/schema.ts) as
 * the bus event's `detail`, as the Glue table's columns and as Firehose's partitions, and the saved
 * reports (analytics/reports/*.sql) as Athena named queries. Nothing here lists a column of its own:
 * a test checks that the Glue table, the Firehose partitioning and the records agree.
 */
import { EVENTS_TABLE } from "../../analytics/report-catalog.ts";
import { ANALYTICS_COLUMNS, PARTITIONS } from "../../events/analytics/schema.ts";
import { EARLIEST } from "../../functions/http/schemas.ts";

/** Table name in the Glue database `<prefix>_analytics`: the name the reports' SQL reads. */
export const EVENTS_TABLE_NAME = EVENTS_TABLE;

/** Source and detail-type of the events the pipe puts on the bus. */
export const EVENT_SOURCE = "opt.progression";
export const EVENT_DETAIL_TYPE = "ClientEvent";

/** Glue columns: the record's, with their Hive types (the Parquet conversion reads them). */
export const EVENT_COLUMNS: readonly { name: string; type: string; comment: string }[] =
  ANALYTICS_COLUMNS.map(({ name, type, comment }) => ({ name, type, comment }));

/** Partitions: Firehose dynamic partitioning writes `events/tenant=<id>/dt=<yyyy-MM-dd>/`. */
export const PARTITION_KEYS: readonly { name: string; type: string; comment: string }[] = PARTITIONS.map(
  ({ name, type, comment }) => ({ name, type, comment }),
);

/** Firehose jq (1.6) expressions for the partition keys: the UTC date of occurred_at (stored in UTC). */
export const PARTITION_QUERY = { tenant: ".tenant_id", dt: ".occurred_at[0:10]" } as const satisfies Record<
  (typeof PARTITIONS)[number]["name"],
  string
>;

/**
 * The first date the `dt` projection enumerates: the earliest business date the API accepts, so that
 * backdated history is never outside the table.
 */
export const FIRST_PARTITION_DATE = EARLIEST;
