import type { ReportRow } from "../analytics/run-report.ts";
import { PHASES, type Phase } from "../domain/phases.ts";
import { barChartSvg } from "./bar-chart.ts";
import { type PhaseCount, phaseDistributionSvg } from "./phase-distribution.ts";

export interface ChartContext {
  readonly tenant: string;
  readonly from?: string;
  readonly to?: string;
}

const period = ({ from, to }: ChartContext) =>
  from && to ? `${from} to ${to}` : to ? `as of ${to}` : from ? `since ${from}` : "all time";
const humanize = (slug: unknown) => String(slug ?? "unknown").replaceAll("-", " ");
const asPhase = (value: unknown): Phase | null =>
  PHASES.includes(Number(value) as Phase) ? (Number(value) as Phase) : null;

/** Rows of the phase-distribution report (location_id, phase, clients) as the chart's counts. */
export const phaseCountsOf = (rows: readonly ReportRow[]): PhaseCount[] =>
  rows.map((row) => ({
    location: String(row.location_id ?? row.location ?? "unknown"),
    phase: asPhase(row.phase),
    clients: Number(row.clients ?? 0),
  }));

const CHARTS: Record<string, (rows: readonly ReportRow[], context: ChartContext) => string> = {
  "phase-distribution": (rows, context) =>
    phaseDistributionSvg(phaseCountsOf(rows), {
      title: `Clients by phase and location: ${context.tenant}`,
      subtitle: `Phase of each client's latest block, ${period(context)}`,
      empty: "No clients registered by then",
    }),
  "cycle-backs": (rows, context) =>
    barChartSvg(
      rows.map((row) => ({
        label: humanize(row.reason),
        value: Number(row.cycle_backs ?? 0),
        note: `${row.per_100_client_months ?? "?"} per 100 client-months`,
      })),
      {
        title: `Cycle-backs by reason: ${context.tenant}`,
        subtitle: `Back to Phase 1 (or 2), ${period(context)}`,
        axis: "cycle-backs",
        empty: "No cycle-backs in the period",
      },
    ),
};

/** The reports that can be drawn. */
export const CHARTED_REPORTS = Object.keys(CHARTS);

/**
 * An analytics report drawn as SVG: `npm run analytics -- <report> --chart <file.svg>` writes what this
 * returns for the report's rows. Throws for a report that has no chart.
 */
export function reportChartSvg(report: string, rows: readonly ReportRow[], context: ChartContext): string {
  const chart = CHARTS[report];
  if (!chart) throw new RangeError(`no chart for ${report}; charts: ${CHARTED_REPORTS.join(", ")}`);
  return chart(rows, context);
}
