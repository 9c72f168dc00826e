/**
 * Rebuilds a tenant's roster as a new model beside the live one, then switches reads to it:
 *   npx tsx local/rebuild.ts --tenant <id> [--model v2]
 * TABLE_NAME (opt-events) and DYNAMODB_ENDPOINT (http://127.0.0.1:8000; empty: AWS) come from the environment.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ClientKeys } from "../events/crypto/client-keys.ts";
import { isPoison } from "../events/projections/poison.ts";
import { foldStreamRoster } from "../events/projections/roster-projector.ts";
import { RosterStore } from "../events/projections/roster-store.ts";
import { DynamoDbEventStore } from "../events/store/dynamodb-store.ts";
import { type Progress, progressBar } from "./progress.ts";
import { withScriptTable } from "./script-table.ts";

export type RebuildProgress = Progress;

export interface RebuildOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly keys: ClientKeys;
  readonly tenantId: string;
  /** Default: the model being built (resume), else the next version after the active one. */
  readonly model?: string;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly concurrency?: number;
  /** Wait after announcing the new model before listing: the streams index is eventually consistent. */
  readonly settleMs?: number;
}

export interface RebuildResult {
  readonly previous: string;
  readonly model: string;
  readonly streams: number;
  readonly written: number;
}

/** Some streams could not be folded (undecodable events): the new model is left building, not switched. */
export class RebuildIncomplete extends Error {}

export const nextModel = (model: string): string => `v${Number(/^v(\d+)$/.exec(model)?.[1] ?? 1) + 1}`;

/**
 * Why nothing is missed: the pointer names the new model before any stream is listed, so an event the
 * projector handled with an older pointer was appended before that, and the fold below reads it;
 * every later record is written to the new model by the projector. Rows only move forward
 * (conditions on lastVersion), so the two writers can interleave in any order.
 */
export async function rebuildRoster(options: RebuildOptions): Promise<RebuildResult> {
  const { client, tableName, tenantId, onProgress, concurrency = 8, settleMs = 1000 } = options;
  const rows = new RosterStore(client, tableName, options.keys);
  const store = new DynamoDbEventStore(client, tableName, options.keys);
  const current = await rows.pointer(tenantId);
  const model = options.model ?? current.building ?? nextModel(current.active);
  if (model === current.active) throw new Error(`${model} is already the active roster model`);
  if (current.building && current.building !== model)
    throw new Error(`a rebuild of ${current.building} is in progress; resume it or wait`);
  const building = { active: current.active, building: model };
  await rows.setPointer(tenantId, building, current);
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));

  const clientIds: string[] = [];
  for (let cursor: string | null | undefined; cursor !== null; ) {
    const page = await store.listStreams(tenantId, cursor ? { cursor } : {});
    clientIds.push(...page.clientIds);
    cursor = page.cursor;
  }
  let done = 0;
  let written = 0;
  const failures: string[] = [];
  const queue = [...clientIds];
  onProgress?.({ done, total: clientIds.length });
  const worker = async () => {
    for (let clientId = queue.shift(); clientId !== undefined; clientId = queue.shift()) {
      const key = { tenantId, clientId };
      try {
        const { entry, lastVersion } = await foldStreamRoster(store, key);
        if (entry && (await rows.putRow(key, model, { entry, lastVersion }, { notNewerThan: lastVersion })))
          written++;
      } catch (error) {
        if (!isPoison(error)) {
          queue.length = 0; // stops the other workers too
          throw error;
        }
        failures.push(`${clientId}: ${(error as Error).message}`);
      }
      onProgress?.({ done: ++done, total: clientIds.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failures.length > 0)
    throw new RebuildIncomplete(`${failures.length} stream(s) could not be folded:\n${failures.join("\n")}`);
  await rows.setPointer(tenantId, { active: model, building: null }, building);
  return { previous: current.active, model, streams: clientIds.length, written };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tenant: { type: "string" }, model: { type: "string" } } });
  if (!values.tenant) throw new Error("usage: npx tsx local/rebuild.ts --tenant <id> [--model v2]");
  const { tenant, model } = values;
  const result = await withScriptTable((table) =>
    rebuildRoster({ ...table, tenantId: tenant, ...(model ? { model } : {}), onProgress: progressBar() }),
  );
  console.log(
    `roster ${result.model} is active (was ${result.previous}): ${result.streams} streams, ${result.written} rows written`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
