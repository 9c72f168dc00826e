import { describe, expect, it } from "vitest";
import { formatRows } from "../../../analytics/format.ts";
import { REPORT_NAMES, REPORTS, reportDefinition } from "../../../analytics/report-catalog.ts";
import { runReport } from "../../../analytics/run-report.ts";

describe("the saved reports", () => {
  it("are one SQL file each, describing itself and naming its parameters in the order they are bound", () => {
    expect(REPORTS.map((r) => r.name)).toEqual([...REPORT_NAMES]);
    for (const report of REPORTS) {
      expect(report.description.length, report.name).toBeGreaterThan(40);
      expect(report.sql.split("?").length - 1, report.name).toBe(report.parameters.length);
    }
    expect(reportDefinition("cycle-backs").parameters).toEqual(["tenant", "to", "from", "to"]);
  });

  it("refuses dates that would not compare as dates", async () => {
    await expect(
      runReport("cycle-backs", { tenant: "acme", dir: "/nowhere", from: "1/6/2026" }),
    ).rejects.toThrow(RangeError);
  });
});

describe("a report's rows, printed", () => {
  const rows = [
    { location_id: "downtown", phase: 1, clients: 12, pct: 85.7 },
    { location_id: "harbor, north", phase: null, clients: 2, pct: 14.3 },
  ];

  it("as a table: a header, columns aligned, numbers to the right, nulls empty", () => {
    expect(formatRows(rows, "table")).toBe(
      [
        "location_id    phase  clients   pct",
        "-------------  -----  -------  ----",
        "downtown           1       12  85.7",
        "harbor, north               2  14.3",
      ].join("\n"),
    );
    expect(formatRows([], "table")).toBe("(no rows)");
  });

  it("as CSV with quoted fields where needed, and as JSON", () => {
    expect(formatRows(rows, "csv")).toBe(
      ["location_id,phase,clients,pct", "downtown,1,12,85.7", '"harbor, north",,2,14.3'].join("\n"),
    );
    expect(JSON.parse(formatRows(rows, "json"))).toEqual(rows);
  });
});
