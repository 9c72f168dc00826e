import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientCommand } from "../../domain/client/commands.ts";
import { ERASED } from "../../domain/client/personal-data.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { executeCommand } from "../../events/execute-command.ts";
import { RosterStore } from "../../events/projections/roster-store.ts";
import { documentClient } from "../../events/store/documents.ts";
import type { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { streamPk } from "../../events/store/items.ts";
import type { StreamKey } from "../../events/store/port.ts";
import { localKeyTableName } from "../../events/table.ts";
import { migratePersonalData } from "../../local/migrate-personal-data.ts";
import { day } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testKeys, testStore } from "../support/dynamodb.ts";

/*
 * In AWS every route is its own function, each container with its own cache of unwrapped keys: an
 * erasure in one container must hold in another that cached the key before it.
 */

const client = testDynamoDbClient();
let tableName: string;
/** The container that erases, and one that served the client (and cached its key) before. */
let eraser: DynamoDbEventStore;
let warm: DynamoDbEventStore;
const key: StreamKey = { tenantId: "t-containers", clientId: randomUUID() };
const NAME = "Cached Container Person";

const run = (store: DynamoDbEventStore, command: ClientCommand, idempotencyKey?: string) =>
  executeCommand(store, {
    key,
    command,
    settings: DEFAULT_SETTINGS,
    meta: { actorId: "admin", correlationId: "c", source: "api" },
    recordedAt: day(5),
    requireExisting: command.type !== "RegisterClient",
    ...(idempotencyKey ? { idempotency: { key: idempotencyKey, requestHash: "h", expiresAt: 2e9 } } : {}),
    respond: (outcome) => ({ name: outcome.state.name, version: outcome.version }),
  });

const registration: ClientCommand = {
  type: "RegisterClient",
  data: {
    clientId: key.clientId,
    name: NAME,
    dateOfBirth: "1979-02-03",
    goal: "general-fitness",
    locationId: "l",
    registeredAt: day(0),
  },
};
const erasure: ClientCommand = {
  type: "ErasePersonalData",
  data: { erasedAt: day(4), reason: "client-request" },
};

beforeAll(async () => {
  tableName = await createTestTable(client, "containers");
  eraser = testStore(client, tableName);
  warm = testStore(client, tableName);
  expect((await run(warm, registration, "reg-1")).response).toEqual({ name: NAME, version: 2 });
  expect((await warm.load(key)).state.name).toBe(NAME);
  // The eraser answers with an Idempotency-Key too: its record is stored after the key is gone.
  await run(eraser, erasure, "erase-1");
});
afterAll(() => client.destroy());

describe("given a container that cached the client's key before another erased it", () => {
  it("when the registration is retried with its Idempotency-Key, then it answers the erased client, not the stored answer", async () => {
    const { response, replayed } = await run(warm, registration, "reg-1");
    expect(replayed).toBe(true);
    expect(response).toEqual({ name: ERASED, version: 3 });
  });

  it("when it reads the history, then the personal values read as erased (the key item is checked)", async () => {
    const { events } = await warm.readEvents(key);
    expect(events[0]?.data).toMatchObject({ name: ERASED, dateOfBirth: ERASED });
  });

  it("when a projector without the key writes the client's row with its old name, then the row holds the placeholder", async () => {
    const rows = new RosterStore(client, tableName, testKeys(client, tableName));
    const entry = {
      clientId: key.clientId,
      name: NAME,
      locationId: "l",
      trainerId: null,
      phase: null,
      status: "active" as const,
      lastSessionAt: null,
    };
    expect(await rows.putRow(key, "v9", { entry, lastVersion: 1 }, { lastVersion: 0 })).toBe(true);
    const { Item } = await documentClient(client).send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: streamPk(key), sk: "R#roster#v9" },
        ConsistentRead: true,
      }),
    );
    expect(Item?.name).toBe(ERASED);
    expect(JSON.stringify(Item)).not.toContain(NAME);
  });

  it("when the migration runs after the erasure, twice, then no key is created again and the history still reads", async () => {
    for (const _ of [1, 2]) {
      const result = await migratePersonalData({
        client,
        tableName,
        keys: testKeys(client, tableName),
        tenantId: key.tenantId,
      });
      expect(result).toMatchObject({ items: 0, newKeys: 0 });
    }
    const { Item } = await documentClient(client).send(
      new GetCommand({
        TableName: localKeyTableName(tableName),
        Key: { pk: streamPk(key) },
        ConsistentRead: true,
      }),
    );
    // A tombstone: the wrapped key is gone, and it stays gone.
    expect(Item).toEqual({ pk: streamPk(key), createdAt: day(5), erasedAt: day(5) });
    expect((await eraser.readEvents(key)).events[0]?.data).toMatchObject({ name: ERASED });
  });
});
