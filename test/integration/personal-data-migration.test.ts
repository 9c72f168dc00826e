import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { ERASED } from "../../domain/client/personal-data.ts";
import { fold, STATE_SCHEMA_VERSION } from "../../domain/client/state.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { executeCommand } from "../../events/execute-command.ts";
import { documentClient } from "../../events/store/documents.ts";
import type { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { commandSk, eventSk, SNAPSHOT_SK, streamPk, streamsIndexPk } from "../../events/store/items.ts";
import { decodeState } from "../../events/store/snapshot.ts";
import { localKeyTableName } from "../../events/table.ts";
import { CURRENT_SCHEMA_VERSION } from "../../events/upcasters.ts";
import { migratePersonalData } from "../../local/migrate-personal-data.ts";
import { day, registered, started } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testKeys, testStore } from "../support/dynamodb.ts";

/*
 * The upgrade path: history written before encryption holds personal values in plain text. The migration
 * seals them under new per-client keys, beside live traffic, with a dry run first.
 */

const client = testDynamoDbClient();
const documents = documentClient(client);
const TENANT = "t-legacy";
let tableName: string;
let store: DynamoDbEventStore;

const NAMES = ["Legacy Plaintext One", "Legacy Plaintext Two"];
const NOTES = "legacy note: shoulder impingement, see physio letter";

/** The items the store wrote before encryption: personal values inline in data, state and answers. */
async function writeLegacyClient(name: string): Promise<{ clientId: string; events: ClientEvent[] }> {
  const clientId = randomUUID();
  const [registration, goal] = registered();
  const events: ClientEvent[] = [
    { ...registration, data: { ...registration?.data, clientId, name } } as ClientEvent,
    goal as ClientEvent,
    {
      type: "AssessmentRecorded",
      occurredAt: day(1),
      data: {
        assessmentId: "a-1",
        kind: "overhead-squat",
        protocolVersion: "nasm-cpt7",
        findings: [],
        pain: false,
        notes: NOTES,
      },
    },
    started(1, day(1)),
  ];
  const pk = streamPk({ tenantId: TENANT, clientId });
  const items = [
    ...events.map((event, index) => ({
      pk,
      sk: eventSk(index + 1),
      kind: "event",
      tenantId: TENANT,
      clientId,
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: CURRENT_SCHEMA_VERSION[event.type],
      version: index + 1,
      occurredAt: event.occurredAt,
      recordedAt: day(1),
      data: event.data,
      meta: { actorId: "trainer-1", correlationId: "legacy", source: "api" },
      ...(index === 0 ? { gsi2pk: streamsIndexPk(TENANT), gsi2sk: clientId } : {}),
    })),
    {
      pk,
      sk: SNAPSHOT_SK,
      kind: "snapshot",
      version: events.length,
      stateSchemaVersion: STATE_SCHEMA_VERSION,
      state: JSON.stringify(fold(events)),
    },
    {
      pk,
      sk: commandSk("k-1"),
      kind: "command",
      requestHash: "h",
      response: JSON.stringify({ name }),
      version: 1,
    },
    {
      pk,
      sk: "R#roster#v1",
      kind: "read-model",
      model: "v1",
      lastVersion: 4,
      clientId,
      name,
      locationId: "l",
      phase: 1,
      status: "active",
    },
  ];
  for (const Item of items) await documents.send(new PutCommand({ TableName: tableName, Item }));
  return { clientId, events };
}

async function rawText(): Promise<string> {
  const scans = await Promise.all(
    [tableName, localKeyTableName(tableName)].map((TableName) =>
      client.send(new ScanCommand({ TableName, ConsistentRead: true })),
    ),
  );
  return JSON.stringify(scans.map((scan) => scan.Items));
}

const migrate = (dryRun: boolean) =>
  migratePersonalData({ client, tableName, keys: testKeys(client, tableName), tenantId: TENANT, dryRun });

let legacy: { clientId: string; events: ClientEvent[] }[];

beforeAll(async () => {
  tableName = await createTestTable(client, "migration");
  store = testStore(client, tableName);
  legacy = [];
  for (const name of NAMES) legacy.push(await writeLegacyClient(name));
});
afterAll(() => client.destroy());

describe("sealing plaintext history", () => {
  it("given plaintext history, then it still reads as it was written", async () => {
    const [first] = legacy;
    const loaded = await store.load({ tenantId: TENANT, clientId: first?.clientId ?? "" });
    expect(loaded.state.name).toBe(NAMES[0]);
  });

  it("when dry-run, then it counts what it would seal and changes nothing", async () => {
    const before = await rawText();
    // Per client: the registration and the assessment, the snapshot, the idempotency record, the roster row.
    expect(await migrate(true)).toEqual({ clients: 2, clientsWithPlaintext: 2, items: 10, newKeys: 2 });
    expect(await rawText()).toBe(before);
  });

  it("when run, then no plaintext is left anywhere, every client has a key, and the history reads back the same", async () => {
    expect(await migrate(false)).toEqual({ clients: 2, clientsWithPlaintext: 2, items: 10, newKeys: 2 });
    const raw = await rawText();
    for (const value of [...NAMES, NOTES]) expect(raw, value).not.toContain(value);
    for (const { clientId, events } of legacy) {
      // The snapshot itself opens (it is not refolded): its personal values are sealed in place.
      const snapshot = await documents.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: streamPk({ tenantId: TENANT, clientId }), sk: SNAPSHOT_SK },
        }),
      );
      expect(snapshot.Item?.sealed).toBeInstanceOf(Uint8Array);
      expect(decodeState(snapshot.Item?.state)).not.toHaveProperty("name");
      const key = { tenantId: TENANT, clientId };
      const { events: read } = await store.readEvents(key);
      expect(read.map(({ type, occurredAt, data }) => ({ type, occurredAt, data }))).toEqual(events);
      expect((await store.load(key, { idempotencyKey: "k-1" })).idempotencyRecord?.response).toEqual({
        name: events[0]?.type === "ClientRegistered" ? events[0].data.name : undefined,
      });
    }
  });

  it("when run again, then there is nothing left to seal", async () => {
    expect(await migrate(false)).toEqual({ clients: 2, clientsWithPlaintext: 0, items: 0, newKeys: 0 });
  });

  it("given a migrated client, when erased, then its former plaintext reads as erased", async () => {
    const [first] = legacy;
    const key = { tenantId: TENANT, clientId: first?.clientId ?? "" };
    await erase(key);
    const { events } = await store.readEvents(key);
    expect(events[0]?.data).toMatchObject({ name: ERASED, dateOfBirth: ERASED });
    expect(events[2]?.data).toMatchObject({ notes: ERASED });
  });

  it("given a client never migrated, when erased, then its plaintext is sealed first and reads as erased: none is left", async () => {
    const { clientId } = await writeLegacyClient("Legacy Never Migrated");
    const key = { tenantId: TENANT, clientId };
    expect((await store.load(key)).state.name).toBe("Legacy Never Migrated");
    await erase(key);
    const raw = await rawText();
    for (const value of ["Legacy Never Migrated", NOTES]) expect(raw, value).not.toContain(value);
    expect((await store.load(key)).state).toMatchObject({ name: ERASED, dateOfBirth: null });
    expect((await store.readEvents(key)).events[2]?.data).toMatchObject({ notes: ERASED });
  });
});

const erase = (key: { tenantId: string; clientId: string }) =>
  executeCommand(store, {
    key,
    command: { type: "ErasePersonalData", data: { erasedAt: day(2), reason: "client-request" } },
    settings: DEFAULT_SETTINGS,
    meta: { actorId: "admin", correlationId: "erase", source: "api" },
    recordedAt: day(2),
    requireExisting: true,
    respond: () => null,
  });
