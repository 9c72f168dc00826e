import { describe, expect, it } from "vitest";
import { CHARTED_REPORTS, reportChartSvg } from "../../../pictures/report-charts.ts";
import { render, texts } from "./render.ts";

/* The analytics reports' rows (as the DuckDB runner returns them) drawn as charts. */

const context = { tenant: "demo-gym", from: "2026-01-01", to: "2026-06-30" };

describe("report charts", () => {
  it("draws the phase-distribution report as stacked bars by location", () => {
    const svg = reportChartSvg(
      "phase-distribution",
      [
        { location_id: "downtown", phase: null, clients: 1, referred: 0, pct_of_location: 25 },
        { location_id: "downtown", phase: 1, clients: 3, referred: 1, pct_of_location: 75 },
        { location_id: "harbor", phase: 2, clients: 2, referred: 0, pct_of_location: 100 },
      ],
      context,
    );
    expect(texts(svg)).toEqual(
      expect.arrayContaining(["downtown", "harbor", "3", "2", "No phase yet", "Phase 1", "Phase 2"]),
    );
    expect(render(svg).width).toBe(1200);
  });

  it("draws the cycle-backs report as a bar per reason with its count and rate", () => {
    const svg = reportChartSvg(
      "cycle-backs",
      [
        { reason: "layoff", cycle_backs: 12, clients: 9, client_months: 400, per_100_client_months: 3 },
        {
          reason: "high-intensity-block-ends",
          cycle_backs: 4,
          clients: 4,
          client_months: 400,
          per_100_client_months: 1,
        },
      ],
      context,
    );
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(["layoff", "high intensity block ends"]));
    expect(labels).toContain("12 (3 per 100 client-months)");
    expect(labels).toContain("Cycle-backs by reason: demo-gym");
    const { width, height, drawn } = render(svg);
    expect((drawn?.x ?? 0) + (drawn?.width ?? Infinity)).toBeLessThanOrEqual(width);
    expect((drawn?.y ?? 0) + (drawn?.height ?? Infinity)).toBeLessThanOrEqual(height);
  });

  it("says so when a period has no cycle-backs", () => {
    expect(texts(reportChartSvg("cycle-backs", [], context))).toContain("No cycle-backs in the period");
  });

  it("refuses a report without a chart, naming those it has", () => {
    expect(CHARTED_REPORTS).toEqual(["phase-distribution", "cycle-backs"]);
    expect(() => reportChartSvg("goal-progress", [], context)).toThrow(
      "no chart for goal-progress; charts: phase-distribution, cycle-backs",
    );
  });
});
