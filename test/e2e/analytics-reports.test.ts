import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTenant } from "../../analytics/export.ts";
import { analyticsDir } from "../../analytics/parquet.ts";
import { REPORT_NAMES, type ReportName } from "../../analytics/report-catalog.ts";
import { type ReportOptions, runReport } from "../../analytics/run-report.ts";
import { COLUMN_NAMES } from "../../events/analytics/schema.ts";
import { EVENT_TYPES } from "../../events/catalogue.ts";
import type { StoredEvent } from "../../events/envelope.ts";
import { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { createClientKeys } from "../../functions/shared/environment.ts";
import { localDynamoDbClient } from "../../local/dynamodb.ts";
import { reportChartSvg } from "../../pictures/report-charts.ts";
import * as expected from "../support/analytics-expectations.ts";
import { BIRTH_DATES, PERSONAL_MARKER, seedAnalyticsGym } from "../support/analytics-gym.ts";
import { type E2e, startE2e, TENANT } from "../support/e2e.ts";

/*
 * The saved reports, run by DuckDB over the Parquet files the local stack's stream reader wrote while
 * a gym was seeded through the API, against the same figures folded in TypeScript from the clients'
 * stored histories. Then the backfill: exporting the event table gives the same reports, and no
 * analytics record carries a name, a date of birth or a note.
 */

/** The CLI runs as npm runs it: through the project's tsx. */
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

let e2e: E2e;
let histories: StoredEvent[][];
const FROM = "2026-06-01";
const TO = "2026-07-31";
const MID_JUNE = "2026-06-15";
/** The coach-ana client is in Phase 2 then, between its advance and its layoff. */
const EARLY_JULY = "2026-07-10";

beforeAll(async () => {
  e2e = await startE2e({ analytics: true });
  await seedAnalyticsGym(e2e);
  await e2e.stack.analyticsIdle();
  const client = localDynamoDbClient(e2e.stack.dynamoEndpoint);
  const store = new DynamoDbEventStore(client, e2e.stack.tableName, createClientKeys(client));
  const { clientIds } = await store.listStreams(TENANT, { limit: 100 });
  histories = await Promise.all(
    clientIds.map(async (clientId) => [...(await store.readEvents({ tenantId: TENANT, clientId })).events]),
  );
  client.destroy();
});
afterAll(async () => {
  await e2e?.stop();
});

/** Every row of the Parquet files under an analytics directory, with the partitions read from the path. */
async function readRecords(dir: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const files = join(dir, "tenant=*", "dt=*", "*.parquet");
    const result = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${files}', hive_partitioning = true)`,
    );
    return { columns: result.columnNames(), rows: result.getRowObjectsJson() };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const report = (name: ReportName, options: Partial<ReportOptions> = {}) =>
  runReport(name, { tenant: TENANT, dir: analyticsDir(e2e.stack.dataDir), ...options });

describe("the reports over the stream reader's Parquet files equal folds of the clients' histories", () => {
  it("covers every event type, so every report and mapping is exercised", () => {
    expect(histories).toHaveLength(6);
    expect(new Set(histories.flat().map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it("writes one row per stored event, under tenant=<id>/dt=<UTC date of occurredAt>", async () => {
    const { rows } = await readRecords(analyticsDir(e2e.stack.dataDir));
    expect(rows.map((row) => row.event_id).sort()).toEqual(
      histories
        .flat()
        .map((e) => e.eventId)
        .sort(),
    );
    const tenantDir = join(analyticsDir(e2e.stack.dataDir), `tenant=${TENANT}`);
    const dates = readdirSync(tenantDir).map((dir) => dir.replace("dt=", ""));
    const expectedDates = new Set(
      histories.flat().map((e) => new Date(e.occurredAt).toISOString().slice(0, 10)),
    );
    expect(new Set(dates)).toEqual(expectedDates);
    // Registered at 23:30 on 31 December 2019 in UTC-2: 1 January 2020 in UTC.
    expect(dates).toContain("2020-01-01");
    expect(dates).not.toContain("2019-12-31");
  });

  it("phase-distribution: clients per location and phase, at the end of a day and later", async () => {
    for (const to of [MID_JUNE, EARLY_JULY, TO]) {
      expect(await report("phase-distribution", { to }), to).toEqual(
        expected.phaseDistribution(histories, to),
      );
    }
    expect(await report("phase-distribution", { to: EARLY_JULY })).toContainEqual(
      expect.objectContaining({ location_id: "downtown", phase: 2, clients: 1 }),
    );
    // On 7 June the coach-ben client is referred (pain on the 7th), until its clearance on the 10th.
    expect(await report("phase-distribution", { to: "2026-06-07" })).toContainEqual(
      expect.objectContaining({ location_id: "downtown", phase: 1, referred: 1 }),
    );
  });

  it("cycle-backs: per 100 client-months by reason", async () => {
    const rows = await report("cycle-backs", { from: FROM, to: TO });
    expect(rows).toEqual(expected.cycleBacks(histories, FROM, TO));
    expect(rows).toEqual([expect.objectContaining({ reason: "layoff", cycle_backs: 1, clients: 1 })]);
  });

  it("weeks-to-advance: median weeks from a phase's start to its advance recommendation", async () => {
    const rows = await report("weeks-to-advance", { from: FROM, to: TO });
    expect(rows).toEqual(expected.weeksToAdvance(histories, FROM, TO));
    // Phase 1 from 3 June to the recommendation on 1 July.
    expect(rows).toEqual([{ phase: 1, recommendations: 1, median_weeks: 4, min_weeks: 4, max_weeks: 4 }]);
  });

  it("adherence-by-trainer: sessions, plan adherence and compliance by location and trainer", async () => {
    const rows = await report("adherence-by-trainer", { from: FROM, to: TO });
    expect(rows).toEqual(expected.adherenceByTrainer(histories, FROM, TO));
    expect(rows.find((r) => r.trainer_id === "coach-cy")).toMatchObject({
      sessions: 1,
      sessions_against_plan: 1,
    });
  });

  it("compensations: prevalence at the first assessment and at the latest reassessment", async () => {
    const rows = await report("compensations", { to: TO });
    expect(rows).toEqual(expected.compensations(histories, TO));
    expect(rows).toContainEqual(
      expect.objectContaining({
        compensation: "knees-move-inward",
        at_first: 3,
        reassessed: 2,
        at_latest: 1,
      }),
    );
  });

  it("goal-progress: the share of clients past each phase of their goal's path", async () => {
    const rows = await report("goal-progress", { to: TO });
    expect(rows).toEqual(expected.goalProgress(histories, TO));
    expect(rows).toContainEqual({
      goal: "general-fitness",
      step: 1,
      phase: 1,
      clients: 2,
      reached: 2,
      past: 1,
      pct_past: 50,
    });
  });

  it("answers a tenant with no analytics with no rows", async () => {
    for (const name of REPORT_NAMES)
      expect(await report(name, { tenant: "gym-b", to: TO }), name).toEqual([]);
  });
});

describe("the reports drawn as charts (npm run analytics -- <report> --chart <file.svg>)", () => {
  it("draws phase-distribution as stacked bars naming every location, and cycle-backs by reason", async () => {
    const phases = reportChartSvg("phase-distribution", await report("phase-distribution", { to: TO }), {
      tenant: TENANT,
      to: TO,
    });
    const locations = new Set((await report("phase-distribution", { to: TO })).map((row) => row.location_id));
    expect(locations.size).toBeGreaterThan(1);
    for (const location of locations) expect(phases).toContain(`>${location}</text>`);
    expect(phases).toContain(`Phase of each client&apos;s latest block, as of ${TO}`);
    const cycleBacks = reportChartSvg("cycle-backs", await report("cycle-backs", { from: FROM, to: TO }), {
      tenant: TENANT,
      from: FROM,
      to: TO,
    });
    expect(cycleBacks).toContain(">layoff</text>");
  });

  it("the CLI writes the chart to the file it is given, and refuses --chart for a report without one", () => {
    const file = join(mkdtempSync(join(tmpdir(), "opt-chart-")), "cycle-backs.svg");
    const cli = (...args: string[]) =>
      spawnSync(TSX, ["local/analytics.ts", ...args], {
        env: { ...process.env, DATA_DIR: e2e.stack.dataDir },
        encoding: "utf8",
      });
    const drawn = cli("cycle-backs", "--tenant", TENANT, "--from", FROM, "--to", TO, "--chart", file);
    expect(drawn.status, drawn.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(
      /^<\?xml[\s\S]*<title id="picture-title">Cycle-backs by reason: gym-a<\/title>/,
    );
    const refused = cli("goal-progress", "--tenant", TENANT, "--chart", file);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("charts: phase-distribution, cycle-backs");
    rmSync(dirname(file), { recursive: true, force: true });
  });
});

describe("the backfill from the event table", () => {
  let exported: string;
  beforeAll(() => {
    exported = mkdtempSync(join(tmpdir(), "opt-analytics-export-"));
  });
  afterAll(() => rmSync(exported, { recursive: true, force: true }));

  it("writes the same reports as the stream reader, and again the same when run twice", async () => {
    const client = localDynamoDbClient(e2e.stack.dynamoEndpoint);
    const store = new DynamoDbEventStore(client, e2e.stack.tableName, createClientKeys(client));
    try {
      for (let run = 0; run < 2; run++) {
        expect(await exportTenant({ store, tenantId: TENANT, dir: exported })).toEqual({
          streams: 6,
          records: histories.flat().length,
        });
      }
    } finally {
      client.destroy();
    }
    for (const name of REPORT_NAMES) {
      const options = { from: FROM, to: TO };
      expect(await report(name, { ...options, dir: exported }), name).toEqual(await report(name, options));
    }
  });

  it("keeps every analytics record free of names, dates of birth and notes", async () => {
    const { columns, rows } = await readRecords(exported);
    expect(rows).toHaveLength(histories.flat().length);
    expect(columns.filter((c) => !["tenant", "dt"].includes(c))).toEqual(COLUMN_NAMES);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PERSONAL_MARKER);
    for (const birth of BIRTH_DATES) expect(text).not.toContain(birth);
    // What stands for the date of birth: the age band at each event; none once it is erased.
    expect(new Set(rows.map((row) => row.age_band))).toEqual(
      new Set(["18-29", "30-39", "40-49", "50-59", "60-69", null]),
    );
    const erasedClient = rows.find((row) => row.event_type === "PersonalDataErased")?.client_id;
    const erased = rows.filter((row) => row.client_id === erasedClient);
    expect(erased.map((row) => row.age_band)).toEqual(erased.map(() => null));
  });
});
