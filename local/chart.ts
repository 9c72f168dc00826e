/**
 * Draws a chart as SVG:
 *   npm run chart -- phase-distribution --tenant <id> [--locations a,b,c] --chart <file.svg>
 * phase-distribution: the roster read model's clients per phase, a stacked bar per location (the seed's
 * three locations by default). TABLE_NAME (opt-events), DYNAMODB_ENDPOINT (http://127.0.0.1:8000; empty:
 * AWS) and DATA_DIR (the local keys) come from the environment, as for npm run rebuild.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Phase } from "../domain/phases.ts";
import { RosterStore } from "../events/projections/roster-store.ts";
import { type PhaseCount, phaseDistributionSvg } from "../pictures/phase-distribution.ts";
import { withScriptTable } from "./script-table.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: "string" },
    locations: { type: "string", default: "downtown,uptown,harbor" },
    chart: { type: "string" },
  },
});
const [report] = positionals;
if (report !== "phase-distribution" || !values.tenant || !values.chart) {
  console.error(
    "usage: npm run chart -- phase-distribution --tenant <id> [--locations a,b,c] --chart <file.svg>",
  );
  process.exit(2);
}

const tenantId = values.tenant;
const rows: PhaseCount[] = [];
// The roster store opens the rows it lists (names are sealed): it needs the clients' keys, as rebuild does.
await withScriptTable(async ({ client, tableName, keys }) => {
  const roster = new RosterStore(client, tableName, keys);
  for (const location of values.locations.split(",").filter(Boolean)) {
    const counts = new Map<Phase | null, number>();
    for (let cursor: string | null | undefined; cursor !== null; ) {
      const page = await roster.listRoster(tenantId, location, cursor ? { cursor } : {});
      for (const entry of page.entries) counts.set(entry.phase, (counts.get(entry.phase) ?? 0) + 1);
      cursor = page.cursor;
    }
    for (const [phase, clients] of counts) rows.push({ location, phase, clients });
  }
});

writeFileSync(
  values.chart,
  phaseDistributionSvg(rows, {
    title: `Clients by phase and location: ${values.tenant}`,
    subtitle: `From the roster read model, ${new Date().toISOString().slice(0, 10)}`,
  }),
);
console.log(`wrote ${values.chart}: ${rows.reduce((sum, row) => sum + row.clients, 0)} clients`);
