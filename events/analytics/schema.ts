/**
 * The analytics record: one flat row per stored event, the only shape that leaves the event store for
 * analysts and integrations. Defined once here; the pipe's enrichment emits it (functions/streams/
 * analytics-enrichment.ts), the Glue table declares it (infra/constructs/analytics-catalog.ts), the local
 * Parquet writer types it (analytics/parquet.ts), and a test fails if any of them drifts from this list.
 *
 * Personal data has no column: no name, no date of birth (an age band instead), no free-text notes.
 * Columns are snake_case because they are SQL columns first (the same names in DuckDB and Athena).
 */
const COLUMN_TYPES = ["string", "int", "bigint", "double", "boolean", "array<string>", "array<int>"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

interface Column {
  readonly name: string;
  readonly type: ColumnType;
  /** Nullable columns are null on event types they do not describe. */
  readonly nullable: boolean;
  readonly comment: string;
}

const column = <Name extends string, Type extends ColumnType, Nullable extends boolean>(
  name: Name,
  type: Type,
  nullable: Nullable,
  comment: string,
) => ({ name, type, nullable, comment });

export const ANALYTICS_COLUMNS = [
  column("event_id", "string", false, "unique id of the event"),
  column("event_type", "string", false, "PhaseStarted, SessionCompleted, CycleBackTriggered, ..."),
  column("tenant_id", "string", false, "gym chain"),
  column("client_id", "string", false, "the client (one stream per client)"),
  column("location_id", "string", false, "the client's location (from its registration)"),
  column("trainer_id", "string", true, "the client's trainer (from its registration), if any"),
  column(
    "age_band",
    "string",
    true,
    "the client's age at the event: under-18, 18-29, ..., 70+; null if unknown",
  ),
  column("version", "bigint", false, "position in the client's stream: order a client's events by it"),
  column("schema_version", "int", false, "version of the event's data schema"),
  column("occurred_at", "string", false, "business time, ISO-8601 UTC (yyyy-MM-ddTHH:mm:ss.SSSZ)"),
  column("recorded_at", "string", false, "store time, ISO-8601 UTC"),
  column("phase", "int", true, "PhaseStarted, SessionCompleted, SessionPlanned: the OPT phase (1-5)"),
  column("from_phase", "int", true, "CycleBackTriggered, PhaseAdvanceRecommended: the phase left"),
  column(
    "to_phase",
    "int",
    true,
    "CycleBackTriggered: the phase cycled back to; PhaseAdvanceRecommended: the one recommended",
  ),
  column(
    "reason",
    "string",
    true,
    "PhaseStarted, CycleBackTriggered, ClientReferred, PlanAdjusted, PersonalDataErased, WearableUnlinked: why",
  ),
  column(
    "rule",
    "string",
    true,
    "CycleBackTriggered, PhaseAdvanceRecommended, ClientReferred: the OPT rule that fired",
  ),
  column("planned_weeks", "int", true, "PhaseStarted: weeks planned in the phase"),
  column("sessions_per_week", "int", true, "PhaseStarted, PlanCreated: sessions planned per week"),
  column("guideline_version", "string", true, "ClientRegistered, PhaseStarted: CPT6 or CPT7"),
  column("overridden_rules", "array<string>", true, "PhaseStarted: OPT rules the trainer overrode"),
  column("goal", "string", true, "GoalSet: the client's goal"),
  column("goal_path", "array<int>", true, "GoalSet: the phases of the goal's path, in order"),
  column("assessment_kind", "string", true, "AssessmentRecorded: overhead-squat, single-leg-squat, ..."),
  column(
    "compensations",
    "array<string>",
    true,
    "AssessmentRecorded: compensations found; CorrectiveProtocolAssigned: active ones",
  ),
  column("pain", "boolean", true, "AssessmentRecorded, SessionCompleted: pain reported"),
  column("session_id", "string", true, "SessionCompleted: the session"),
  column(
    "plan_id",
    "string",
    true,
    "SessionCompleted (performed against), SessionPlanned, PlanCreated, PlanAdjusted: the plan",
  ),
  column(
    "compliance_score",
    "double",
    true,
    "SessionCompleted: share of acute-variable checks passed, 0-1; null without resistance work",
  ),
  column(
    "adherence_score",
    "double",
    true,
    "SessionCompleted against a stored plan: share of prescribed exercises done, 0-1",
  ),
  column("duration_minutes", "double", true, "SessionCompleted: how long the session took"),
  column("rpe", "double", true, "SessionCompleted: rating of perceived exertion"),
  column("weeks_in_phase", "double", true, "PhaseAdvanceRecommended: weeks spent in the phase"),
  column("sessions_in_phase", "int", true, "PhaseAdvanceRecommended: sessions done in the phase"),
  column("referral_source", "string", true, "ClientReferred: session, assessment or trainer"),
  column("planned_for", "string", true, "SessionPlanned: when the session is planned, ISO-8601 UTC"),
  column("periodization", "string", true, "PlanCreated: linear or undulating"),
  column("plan_starts_on", "string", true, "PlanCreated: the plan's first day (yyyy-MM-dd)"),
  column("plan_weeks", "int", true, "PlanCreated: the plan's length in weeks"),
  column(
    "plan_block_phases",
    "array<int>",
    true,
    "PlanCreated, PlanAdjusted: the phase of each block, in order",
  ),
  column(
    "plan_block_weeks",
    "array<int>",
    true,
    "PlanCreated, PlanAdjusted: the weeks of each block, in order",
  ),
  column(
    "wearable_provider",
    "string",
    true,
    "SessionCompleted reported by a wearable, WearableLinked, WearableUnlinked: the provider",
  ),
  column(
    "minutes_in_prescribed_zones",
    "double",
    true,
    "SessionCompleted with heart-rate samples: minutes in the phase's cardio zones",
  ),
] as const satisfies readonly Column[];

type ValueOf<Type extends ColumnType> = Type extends "string"
  ? string
  : Type extends "boolean"
    ? boolean
    : Type extends "array<string>"
      ? string[]
      : Type extends "array<int>"
        ? number[]
        : number;

type Columns = (typeof ANALYTICS_COLUMNS)[number];

/** One analytics row: every column present, null where the event type does not describe it. */
export type AnalyticsRecord = {
  [C in Columns as C["name"]]: C["nullable"] extends true ? ValueOf<C["type"]> | null : ValueOf<C["type"]>;
};

export const COLUMN_NAMES = ANALYTICS_COLUMNS.map((c) => c.name);

/** DuckDB type of a column (the local Parquet writer casts every row to it). */
export function duckDbType(type: ColumnType): string {
  const scalar: Record<string, string> = {
    string: "VARCHAR",
    int: "INTEGER",
    bigint: "BIGINT",
    double: "DOUBLE",
    boolean: "BOOLEAN",
  };
  const list = /^array<(.+)>$/.exec(type);
  return list ? `${scalar[list[1] as string]}[]` : (scalar[type] as string);
}

/**
 * Partitions, in the order of the path: `tenant=<id>/dt=<yyyy-MM-dd>/`, dt being the UTC date of
 * occurred_at. Firehose writes this layout in S3 and the local writer under DATA_DIR/analytics.
 */
export const PARTITIONS = [
  { name: "tenant", type: "string", comment: "gym chain (injected: every query names its tenant)" },
  { name: "dt", type: "string", comment: "UTC date of occurred_at, yyyy-MM-dd" },
] as const;

export const partitionOf = (record: Pick<AnalyticsRecord, "tenant_id" | "occurred_at">) => ({
  tenant: record.tenant_id,
  dt: record.occurred_at.slice(0, 10),
});
