/**
 * Seals the personal values a tenant's history still holds in plain text (written before encryption):
 *   npm run migrate:personal-data -- --tenant <id> [--dry-run]
 * Every client gets its own key if it has none; each item is rewritten only if unchanged since read, so
 * the migration runs beside live traffic and can be run again. TABLE_NAME (opt-events), DYNAMODB_ENDPOINT
 * (http://127.0.0.1:8000; empty: AWS), and in AWS KEYS_TABLE_NAME and KMS_KEY_ID come from the environment.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ClientKeys } from "../events/crypto/client-keys.ts";
import { DynamoDbEventStore } from "../events/store/dynamodb-store.ts";
import { type Progress, progressBar } from "./progress.ts";
import { withScriptTable } from "./script-table.ts";

export interface MigrationOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly keys: ClientKeys;
  readonly tenantId: string;
  readonly dryRun?: boolean;
  readonly onProgress?: (progress: Progress) => void;
}

export interface MigrationResult {
  readonly clients: number;
  /** Clients that held plaintext, items sealed (or, dry, to seal), and keys created (or to create). */
  readonly clientsWithPlaintext: number;
  readonly items: number;
  readonly newKeys: number;
}

export async function migratePersonalData(options: MigrationOptions): Promise<MigrationResult> {
  const { tenantId, dryRun = false, onProgress } = options;
  const store = new DynamoDbEventStore(options.client, options.tableName, options.keys);
  const clientIds: string[] = [];
  for (let cursor: string | null | undefined; cursor !== null; ) {
    const page = await store.listStreams(tenantId, cursor ? { cursor } : {});
    clientIds.push(...page.clientIds);
    cursor = page.cursor;
  }
  let result = { clients: clientIds.length, clientsWithPlaintext: 0, items: 0, newKeys: 0 };
  for (const [index, clientId] of clientIds.entries()) {
    const report = await store.sealPlaintext({ tenantId, clientId }, { dryRun });
    result = {
      ...result,
      clientsWithPlaintext: result.clientsWithPlaintext + (report.items > 0 ? 1 : 0),
      items: result.items + report.items,
      newKeys: result.newKeys + (report.newKey ? 1 : 0),
    };
    onProgress?.({ done: index + 1, total: clientIds.length });
  }
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { tenant: { type: "string" }, "dry-run": { type: "boolean", default: false } },
  });
  if (!values.tenant) throw new Error("usage: npm run migrate:personal-data -- --tenant <id> [--dry-run]");
  const { tenant, "dry-run": dryRun } = values;
  const result = await withScriptTable((table) =>
    migratePersonalData({ ...table, tenantId: tenant, dryRun, onProgress: progressBar() }),
  );
  console.log(
    `${dryRun ? "dry run: would seal" : "sealed"} ${result.items} items of ${result.clientsWithPlaintext} of ${result.clients} clients` +
      ` (${result.newKeys} new keys)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
