/**
 * Re-runs the current mapper over an archived webhook post of the local stack (after a mapping fix, or
 * once its users are linked); sessions already recorded stay recorded once:
 *   npm run replay -- --receipt <receiptId>
 * DATA_DIR (.data), TABLE_NAME (opt-events) and DYNAMODB_ENDPOINT (http://127.0.0.1:8000) as npm start
 * keeps them. In AWS, invoke the replay function with {"tenantId", "provider", "receiptId"}.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_SETTINGS, withOverrides } from "../domain/settings.ts";
import { DynamoDbEventStore } from "../events/store/dynamodb-store.ts";
import { SettingsStore } from "../events/store/settings-store.ts";
import { type WebhookReceipt, WebhookStore } from "../events/store/webhook-store.ts";
import { FilePayloadArchive, type ReceiptRef } from "../functions/webhooks/archive.ts";
import { processReceipt } from "../functions/webhooks/processing.ts";
import { withScriptTable } from "./script-table.ts";

/** Where the local archive keeps a receipt: `<tenant>/<provider>/<receiptId>.json`. */
export async function findArchived(archiveDir: string, receiptId: string): Promise<ReceiptRef | null> {
  for (const tenantId of await readdir(archiveDir).catch(() => [] as string[])) {
    for (const provider of await readdir(join(archiveDir, tenantId)).catch(() => [] as string[])) {
      const files = await readdir(join(archiveDir, tenantId, provider)).catch(() => [] as string[]);
      if (files.includes(`${receiptId}.json`)) return { tenantId, provider, receiptId };
    }
  }
  return null;
}

export async function replayReceipt(receiptId: string, dataDir: string): Promise<WebhookReceipt> {
  const archiveDir = join(dataDir, "webhooks");
  const ref = await findArchived(archiveDir, receiptId);
  if (!ref) throw new Error(`no archived post ${receiptId} under ${archiveDir}`);
  return withScriptTable(async ({ client, tableName, keys }) => {
    const settings = new SettingsStore(client, tableName);
    return processReceipt(
      {
        events: new DynamoDbEventStore(client, tableName, keys),
        webhooks: new WebhookStore(client, tableName),
        archive: new FilePayloadArchive(archiveDir),
        settings: async (tenantId) =>
          withOverrides(DEFAULT_SETTINGS, (await settings.get(tenantId)).overrides),
      },
      ref,
      { now: new Date() },
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { receipt: { type: "string" } } });
  if (!values.receipt) {
    console.error("usage: npm run replay -- --receipt <receiptId>");
    process.exit(2);
  }
  try {
    const receipt = await replayReceipt(values.receipt, process.env.DATA_DIR ?? ".data");
    console.log(`receipt ${receipt.receiptId} (${receipt.provider}), run ${receipt.runs}:`);
    for (const item of receipt.items)
      console.log(
        `  #${item.index} ${item.externalSessionId ?? ""} ${item.status}${"reason" in item ? ` (${item.reason}: ${item.detail})` : ""}`,
      );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
