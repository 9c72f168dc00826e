/**
 * npm run analytics -- <report> --tenant <id> [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--format table|csv|json]
 * [--chart <file.svg>]: prints a saved report (analytics/reports/<report>.sql), run with DuckDB over
 * DATA_DIR/analytics (.data), or draws it as an SVG chart.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FORMATS, type Format, formatRows } from "../analytics/format.ts";
import { analyticsDir } from "../analytics/parquet.ts";
import { isReportName, REPORTS } from "../analytics/report-catalog.ts";
import { runReport } from "../analytics/run-report.ts";
import { CHARTED_REPORTS, reportChartSvg } from "../pictures/report-charts.ts";

const usage = `usage: npm run analytics -- <report> --tenant <id> [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--format ${FORMATS.join("|")}] [--chart <file.svg>]
charts: ${CHARTED_REPORTS.join(", ")}
reports:
${REPORTS.map((r) => `  ${r.name.padEnd(22)} ${r.description}`).join("\n")}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    format: { type: "string", default: "table" },
    chart: { type: "string" },
  },
});
const [name] = positionals;
const format = values.format as Format;
if (
  !name ||
  !isReportName(name) ||
  !values.tenant ||
  !FORMATS.includes(format) ||
  (values.chart !== undefined && !CHARTED_REPORTS.includes(name))
) {
  console.error(usage);
  process.exit(2);
}
try {
  const rows = await runReport(name, {
    tenant: values.tenant,
    dir: analyticsDir(process.env.DATA_DIR ?? ".data"),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
  });
  if (values.chart) {
    // The day the chart is of, when not given: the report's own default, today (UTC).
    const to = values.to ?? new Date().toISOString().slice(0, 10);
    writeFileSync(
      values.chart,
      reportChartSvg(name, rows, {
        tenant: values.tenant,
        to,
        ...(values.from ? { from: values.from } : {}),
      }),
    );
    console.log(`wrote ${values.chart} (${rows.length} rows)`);
  } else console.log(formatRows(rows, format));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
