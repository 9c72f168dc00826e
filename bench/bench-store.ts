import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ClientCommand } from "../domain/client/commands.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { ClientKeys } from "../events/crypto/client-keys.ts";
import { LocalKeyWrapper } from "../events/crypto/key-wrapper.ts";
import { executeCommand } from "../events/execute-command.ts";
import { storedPlanOf } from "../events/plan-reference.ts";
import { documentClient } from "../events/store/documents.ts";
import { DynamoDbEventStore } from "../events/store/dynamodb-store.ts";
import type { EventStore } from "../events/store/port.ts";
import { localKeyTableName } from "../events/table.ts";
import { ensureTable } from "../local/tables.ts";

export const BENCH_META = { actorId: "bench", correlationId: "bench", source: "system" } as const;

/**
 * Our store on its own table of DynamoDB Local (and its key table), and the command path over it as a
 * handler runs it: `run` loads, decides and appends, with an Idempotency-Key or on another container's
 * store (`coldStore`: one that has not met the client, so it reads and unwraps the client's key).
 */
export async function benchStore(client: DynamoDBClient, tableName: string, tenantId = "bench") {
  await ensureTable(client, tableName);
  const wrapper = new LocalKeyWrapper(randomBytes(32));
  const keysOf = () => new ClientKeys(documentClient(client), localKeyTableName(tableName), wrapper);
  const keys = keysOf();
  const store = new DynamoDbEventStore(client, tableName, keys);
  const coldStore = () => new DynamoDbEventStore(client, tableName, keysOf());
  const run = (
    clientId: string,
    command: ClientCommand,
    options: { idempotencyKey?: string; on?: EventStore } = {},
  ) => {
    const key = { tenantId, clientId };
    return executeCommand(options.on ?? store, {
      key,
      command,
      ...(command.type === "RecordSession" ? storedPlanOf(store, key, command) : {}),
      settings: DEFAULT_SETTINGS,
      meta: BENCH_META,
      recordedAt: new Date().toISOString(),
      requireExisting: command.type !== "RegisterClient",
      ...(options.idempotencyKey
        ? { idempotency: { key: options.idempotencyKey, requestHash: "h", expiresAt: 2_000_000_000 } }
        : {}),
      respond: (outcome) => ({ version: outcome.version }),
    });
  };
  return { store, keys, coldStore, run };
}
