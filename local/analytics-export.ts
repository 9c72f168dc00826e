/**
 * npm run analytics:export -- --tenant <id>: backfills a tenant's analytics Parquet files under
 * DATA_DIR/analytics from the event table, for events stored before the stream poller wrote them.
 * TABLE_NAME (opt-events), DYNAMODB_ENDPOINT (http://127.0.0.1:8000) and DATA_DIR (.data) as npm start.
 */
import { parseArgs } from "node:util";
import { exportTenant } from "../analytics/export.ts";
import { analyticsDir } from "../analytics/parquet.ts";
import { DynamoDbEventStore } from "../events/store/dynamodb-store.ts";
import { withScriptTable } from "./script-table.ts";

const { values } = parseArgs({ options: { tenant: { type: "string" } } });
if (!values.tenant) {
  console.error("usage: npm run analytics:export -- --tenant <id>");
  process.exit(2);
}
const tenantId = values.tenant;
const dir = analyticsDir(process.env.DATA_DIR ?? ".data");
try {
  // Registrations are sealed: the age band is read from the date of birth, opened with the client's key.
  const { streams, records } = await withScriptTable(({ client, tableName, keys }) =>
    exportTenant({ store: new DynamoDbEventStore(client, tableName, keys), tenantId, dir }),
  );
  console.log(`${records} records of ${streams} clients written under ${dir}/tenant=${tenantId}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
