import type { ReportRow } from "./run-report.ts";

export const FORMATS = ["table", "csv", "json"] as const;
export type Format = (typeof FORMATS)[number];

const text = (value: ReportRow[string]): string => (value === null ? "" : String(value));

function csvField(value: ReportRow[string]): string {
  const field = text(value);
  return /[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Columns aligned, numbers to the right; an empty cell is a null (no phase yet, no trainer). */
function table(rows: readonly ReportRow[], columns: readonly string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c] ?? null).length)));
  const line = (cells: readonly string[], numeric: readonly boolean[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === "number"));
  return [
    line(columns, numeric),
    line(
      widths.map((w) => "-".repeat(w)),
      numeric,
    ),
    ...rows.map((r) =>
      line(
        columns.map((c) => text(r[c] ?? null)),
        numeric,
      ),
    ),
  ].join("\n");
}

/** A report's rows as printed by npm run analytics. */
export function formatRows(rows: readonly ReportRow[], format: Format): string {
  const columns = Object.keys(rows[0] ?? {});
  if (format === "json") return JSON.stringify(rows, null, 2);
  if (format === "csv")
    return [columns, ...rows.map((r) => columns.map((c) => r[c] ?? null))]
      .map((cells) => cells.map(csvField).join(","))
      .join("\n");
  return rows.length === 0 ? "(no rows)" : table(rows, columns);
}
