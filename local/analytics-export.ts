/**
 * npm run analytics:export -- --tenant <id>: backfills a tenant's analytics Parquet files under
 * DATA_DIR/analytics from the event table, for events stored before the stream poller wrote them.
 * TABLE_NAME (opt-events), DYNAMODB_ENDPOINT (http://127.0.0.1:8000) and DATA_DIR (.data) as npm start.
 */
import { parseArgs } from "node:util";
import { exportTenant } from "../analytics/export.ts";
import { analyticsDir } from "../analytics/parquet.ts";
import { DynamoDbEventStore } from "../events/store/dynamodb-store.ts";
import { createClientKeys } from "../functions/shared/environment.ts";
import { localDynamoDbClient } from "./dynamodb.ts";
import { useLocalKeys } from "./secrets.ts";

const { values } = parseArgs({ options: { tenant: { type: "string" } } });
if (!values.tenant) {
  console.error("usage: npm run analytics:export -- --tenant <id>");
  process.exit(2);
}
const client = localDynamoDbClient(process.env.DYNAMODB_ENDPOINT ?? "http://127.0.0.1:8000");
try {
  const dir = analyticsDir(process.env.DATA_DIR ?? ".data");
  const tableName = process.env.TABLE_NAME ?? "opt-events";
  // Registrations are sealed: the age band is read from the date of birth, opened with the client's key.
  useLocalKeys(tableName);
  const store = new DynamoDbEventStore(client, tableName, createClientKeys(client));
  const { streams, records } = await exportTenant({ store, tenantId: values.tenant, dir });
  console.log(`${records} records of ${streams} clients written under ${dir}/tenant=${values.tenant}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  client.destroy();
}
