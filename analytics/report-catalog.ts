import { readFileSync } from "node:fs";

/**
 * The saved reports: one SQL file each in analytics/reports/, run by DuckDB over the local Parquet files
 * (analytics/run-report.ts) and saved as Athena named queries by infra/. The SQL is the dialect both
 * engines share, over one table, `progression_events`, with `tenant` and `dt` partitions: DuckDB reads it
 * as a view, Athena resolves it in the named query's database. Parameters are positional `?`, which
 * DuckDB's prepared statements and Athena's parameterized queries both bind; each file's second line
 * names them in order (`-- parameters: tenant, to`), and its first line describes the report.
 */
/** The one table every report reads: a DuckDB view locally, the Glue table in AWS. */
export const EVENTS_TABLE = "progression_events";

export const REPORT_NAMES = [
  "phase-distribution",
  "cycle-backs",
  "weeks-to-advance",
  "adherence-by-trainer",
  "compensations",
  "goal-progress",
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const REPORT_PARAMETERS = ["tenant", "from", "to"] as const;
export type ReportParameter = (typeof REPORT_PARAMETERS)[number];

export interface ReportDefinition {
  readonly name: ReportName;
  readonly description: string;
  readonly parameters: readonly ReportParameter[];
  readonly sql: string;
}

export const isReportName = (name: string): name is ReportName =>
  (REPORT_NAMES as readonly string[]).includes(name);

export const reportFile = (name: ReportName): URL => new URL(`./reports/${name}.sql`, import.meta.url);

export function reportDefinition(name: ReportName): ReportDefinition {
  const sql = readFileSync(reportFile(name), "utf8");
  const [first = "", second = ""] = sql.split("\n");
  const description = /^-- (.+)$/.exec(first)?.[1];
  const names = /^-- parameters: (.+)$/
    .exec(second)?.[1]
    ?.split(",")
    .map((p) => p.trim());
  if (!description || !names) throw new Error(`${name}.sql must start with its description and parameters`);
  const parameters = names.map((parameter) => {
    if (!(REPORT_PARAMETERS as readonly string[]).includes(parameter))
      throw new Error(`${name}.sql names an unknown parameter ${parameter}`);
    return parameter as ReportParameter;
  });
  return { name, description, parameters, sql };
}

export const REPORTS: readonly ReportDefinition[] = REPORT_NAMES.map(reportDefinition);
