import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { ANALYTICS_COLUMNS, duckDbType, PARTITIONS } from "../events/analytics/schema.ts";
import { EVENTS_TABLE, type ReportName, reportDefinition } from "./report-catalog.ts";

/** One row of a report: column name to value, numbers as numbers, in the SQL's column order. */
export type ReportRow = Record<string, string | number | boolean | null>;

export interface ReportOptions {
  readonly tenant: string;
  /** First UTC date (yyyy-MM-dd) of the reports over a range; default: the beginning. */
  readonly from?: string;
  /** Last UTC date (yyyy-MM-dd), inclusive; the date of point-in-time reports. Default: today (UTC). */
  readonly to?: string;
  /** The directory of tenant=/dt= partitions (analyticsDir(DATA_DIR)). */
  readonly dir: string;
}

const EARLIEST = "0001-01-01";
// Partition dates compare as text: only this form orders like the dates it names.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The table the reports query, as a view over the Parquet files; with no files yet, an empty relation
 * of the same columns (DuckDB refuses a glob that matches nothing).
 */
async function defineEventsView(connection: DuckDBConnection, dir: string): Promise<void> {
  const files = join(dir, "tenant=*", "dt=*", "*.parquet");
  const hasFiles =
    existsSync(dir) &&
    (await connection.runAndReadAll(`SELECT count(*) AS n FROM glob(${quote(files)})`)).getRows()[0]?.[0] !==
      0n;
  const source = hasFiles
    ? `SELECT * FROM read_parquet(${quote(files)}, hive_partitioning = true, union_by_name = true,
         hive_types = {${PARTITIONS.map((p) => `${p.name}: 'VARCHAR'`).join(", ")}})`
    : `SELECT ${[...ANALYTICS_COLUMNS.map((c) => `CAST(NULL AS ${duckDbType(c.type)}) AS ${c.name}`), ...PARTITIONS.map((p) => `CAST(NULL AS VARCHAR) AS ${p.name}`)].join(", ")} WHERE false`;
  await connection.run(`CREATE VIEW ${EVENTS_TABLE} AS ${source}`);
}

/** DuckDB hands BIGINT and DECIMAL back as bigint and decimal objects; reports want plain numbers. */
function plain(value: DuckDBValue): string | number | boolean | null {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (typeof value === "bigint") return Number(value);
  return Number(value.toString());
}

/** Runs one saved report with DuckDB over the Parquet files: the rows a table, CSV or chart is made of. */
export async function runReport(name: ReportName, options: ReportOptions): Promise<ReportRow[]> {
  for (const date of [options.from, options.to])
    if (date !== undefined && !ISO_DATE.test(date)) throw new RangeError(`${date} is not a yyyy-MM-dd date`);
  const report = reportDefinition(name);
  const values = {
    tenant: options.tenant,
    from: options.from ?? EARLIEST,
    to: options.to ?? new Date().toISOString().slice(0, 10),
  };
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await defineEventsView(connection, options.dir);
    const statement = await connection.prepare(report.sql);
    statement.bind(report.parameters.map((parameter) => values[parameter]));
    const result = await statement.runAndReadAll();
    const columns = result.columnNames();
    return result
      .getRows()
      .map((row) => Object.fromEntries(columns.map((c, i) => [c, plain(row[i] ?? null)])));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
