/**
 * What analysts see: the shape of a progression event as it leaves the pipe (the event bus `detail`,
 * and one Parquet row in S3), the Glue columns that describe it, and the example Athena queries.
 * infra/README.md documents the same schema; a test checks that the queries only use these columns.
 */

/** Table name in the Glue database `<prefix>_analytics`. */
export const EVENTS_TABLE_NAME = "progression_events";

/** Source and detail-type of the events the pipe puts on the bus. */
export const EVENT_SOURCE = "opt.progression";
export const EVENT_DETAIL_TYPE = "ClientEvent";

const image = (path: string) => `<$.dynamodb.NewImage.${path}>`;

/**
 * The pipe's target input template: the event item's top-level fields as plain JSON (every event item
 * has all of them), with `data` and `meta` passed as DynamoDB-typed maps, because an input template
 * cannot unmarshall nested attribute values. Strings are quoted; numbers arrive as strings ("N") and
 * are parsed by the Parquet conversion into the Glue column types.
 */
export const PIPE_INPUT_TEMPLATE = `{${[
  `"eventId":"${image("eventId.S")}"`,
  `"type":"${image("type.S")}"`,
  `"tenantId":"${image("tenantId.S")}"`,
  `"clientId":"${image("clientId.S")}"`,
  `"schemaVersion":"${image("schemaVersion.N")}"`,
  `"version":"${image("version.N")}"`,
  `"occurredAt":"${image("occurredAt.S")}"`,
  `"recordedAt":"${image("recordedAt.S")}"`,
  `"data":${image("data.M")}`,
  `"meta":${image("meta.M")}`,
].join(",")}}`;

/** The `data` fields analysts care about, in their DynamoDB-typed form (`{ "N": "2" }` → `phase.n`). */
const DATA_TYPE = [
  "phase:struct<n:int>",
  "plannedweeks:struct<n:int>",
  "reason:struct<s:string>",
  "fromphase:struct<n:int>",
  "tophase:struct<n:int>",
  "locationid:struct<s:string>",
  "compliance:struct<m:struct<score:struct<n:double>>>",
].join(",");

const META_TYPE = [
  "actorid:struct<s:string>",
  "correlationid:struct<s:string>",
  "source:struct<s:string>",
].join(",");

/** Glue columns (lower case: the OpenX JSON deserializer matches JSON keys case-insensitively). */
export const EVENT_COLUMNS: readonly { name: string; type: string; comment: string }[] = [
  { name: "eventid", type: "string", comment: "unique id of the event" },
  { name: "type", type: "string", comment: "PhaseStarted, SessionCompleted, CycleBackTriggered, ..." },
  { name: "tenantid", type: "string", comment: "gym chain" },
  { name: "clientid", type: "string", comment: "client (stream) id" },
  { name: "schemaversion", type: "int", comment: "version of the event's data schema" },
  { name: "version", type: "bigint", comment: "position in the client's stream (1, 2, ...)" },
  { name: "occurredat", type: "string", comment: "business time, ISO-8601 UTC" },
  { name: "recordedat", type: "string", comment: "store time, ISO-8601 UTC" },
  { name: "data", type: `struct<${DATA_TYPE}>`, comment: "event data, DynamoDB-typed (data.phase.n)" },
  { name: "meta", type: `struct<${META_TYPE}>`, comment: "actor, correlation id, source" },
];

/** Partitions: Firehose dynamic partitioning writes `events/tenant=<id>/dt=<yyyy-MM-dd>/` (dt of occurredAt). */
export const PARTITION_KEYS: readonly { name: string; type: string; comment: string }[] = [
  { name: "tenant", type: "string", comment: "gym chain (injected: every query names its tenant)" },
  { name: "dt", type: "string", comment: "business date of occurredAt, yyyy-MM-dd" },
];

/** Firehose jq (1.6) expressions for the partition keys. */
export const PARTITION_QUERY = { tenant: ".tenantId", dt: ".occurredAt[0:10]" } as const;

export interface NamedQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: (database: string) => string;
}

export const EXAMPLE_QUERIES: readonly NamedQuery[] = [
  {
    name: "time-in-phase-by-location",
    description: "Average days clients spend in each OPT phase, per location (replace the tenant id)",
    sql: (
      db,
    ) => `-- Days spent per phase per location: a phase lasts from its PhaseStarted to the client's next one.
WITH location AS (
  SELECT clientid, data.locationid.s AS location_id
  FROM "${db}"."${EVENTS_TABLE_NAME}"
  WHERE tenant = 'your-tenant-id' AND type = 'ClientRegistered'
),
spans AS (
  SELECT clientid,
         data.phase.n AS phase,
         from_iso8601_timestamp(occurredat) AS started_at,
         lead(from_iso8601_timestamp(occurredat)) OVER (PARTITION BY clientid ORDER BY version) AS ended_at
  FROM "${db}"."${EVENTS_TABLE_NAME}"
  WHERE tenant = 'your-tenant-id' AND type = 'PhaseStarted'
)
SELECT l.location_id,
       s.phase,
       count(*) AS phase_spans,
       count_if(s.ended_at IS NULL) AS clients_in_phase_now,
       round(avg(date_diff('day', s.started_at, coalesce(s.ended_at, current_timestamp))), 1) AS avg_days,
       approx_percentile(date_diff('day', s.started_at, coalesce(s.ended_at, current_timestamp)), 0.5) AS median_days
FROM spans s
JOIN location l ON l.clientid = s.clientid
GROUP BY l.location_id, s.phase
ORDER BY l.location_id, s.phase;`,
  },
  {
    name: "cycle-back-rate-by-reason",
    description:
      "Cycle-backs per 100 phase starts, by reason and phase left (replace the tenant id and dates)",
    sql: (
      db,
    ) => `-- Cycle-back rate by reason: cycle-backs out of a phase per 100 starts of that phase, over a date range.
WITH cycle_backs AS (
  SELECT data.reason.s AS reason, data.fromphase.n AS from_phase, clientid
  FROM "${db}"."${EVENTS_TABLE_NAME}"
  WHERE tenant = 'your-tenant-id' AND type = 'CycleBackTriggered'
    AND dt BETWEEN '2025-01-01' AND '2025-12-31'
),
starts AS (
  SELECT data.phase.n AS phase, count(*) AS phase_starts
  FROM "${db}"."${EVENTS_TABLE_NAME}"
  WHERE tenant = 'your-tenant-id' AND type = 'PhaseStarted'
    AND dt BETWEEN '2025-01-01' AND '2025-12-31'
  GROUP BY data.phase.n
)
SELECT c.reason,
       c.from_phase,
       count(*) AS cycle_backs,
       count(DISTINCT c.clientid) AS clients,
       s.phase_starts,
       round(100.0 * count(*) / s.phase_starts, 1) AS per_100_phase_starts
FROM cycle_backs c
JOIN starts s ON s.phase = c.from_phase
GROUP BY c.reason, c.from_phase, s.phase_starts
ORDER BY c.from_phase, cycle_backs DESC;`,
  },
];
