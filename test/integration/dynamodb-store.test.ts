import { randomUUID } from "node:crypto";
import { type DynamoDBClient, QueryCommand as RawQueryCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { activeFindings, fold, initialState, STATE_SCHEMA_VERSION } from "../../domain/client/state.ts";
import { EventTooLarge, MAX_EVENT_BYTES } from "../../events/envelope.ts";
import type { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { commandSk, eventSk, SNAPSHOT_SK, streamPk } from "../../events/store/items.ts";
import type { StreamKey } from "../../events/store/port.ts";
import { readSnapshot } from "../../events/store/snapshot.ts";
import { EVENT_TABLE } from "../../events/table.ts";
import { day, registered, sessionCompleted, stabilizationExercise, started } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testStore } from "../support/dynamodb.ts";
import { appendRequest, META, RECORDED_AT } from "../support/store.ts";

let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let tableName: string;
let store: DynamoDbEventStore;

beforeAll(async () => {
  client = testDynamoDbClient();
  documents = DynamoDBDocumentClient.from(client);
  tableName = await createTestTable(client, "store");
  store = testStore(client, tableName);
});
afterAll(() => client.destroy());

const newKey = (): StreamKey => ({
  tenantId: `t-${randomUUID().slice(0, 8)}`,
  clientId: `c-${randomUUID()}`,
});

const registration = (clientId: string): ClientEvent[] =>
  registered().map((event) =>
    event.type === "ClientRegistered" ? { ...event, data: { ...event.data, clientId } } : event,
  );

/** Every item of a client's partition, as DynamoDB holds it (document form), in sort-key order. */
async function partition(key: StreamKey): Promise<Record<string, unknown>[]> {
  const result = await documents.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": streamPk(key) },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

const putItem = (item: Record<string, unknown>) =>
  documents.send(new PutCommand({ TableName: tableName, Item: item }));

/** The state a snapshot item holds, its personal values opened with the client's key. */
async function storedState(key: StreamKey, item: Record<string, unknown> | undefined) {
  const dataKey = await store.keys.current(key, { verify: true });
  return item ? readSnapshot(item, key, dataKey)?.state : undefined;
}

describe("the DynamoDB event store", () => {
  describe("the state an event carries is a cache", () => {
    /** The newest event item, which carries the client's state after it. */
    const newestOf = async (key: StreamKey) => (await partition(key)).filter(isEvent).at(-1);
    const isEvent = (item: Record<string, unknown>) => String(item.sk).startsWith("E#");
    const snapshotOf = async (key: StreamKey) =>
      (await partition(key)).find((item) => item.sk === SNAPSHOT_SK);
    const storedSnapshot = (key: StreamKey, fields: Record<string, unknown>) =>
      putItem({ pk: streamPk(key), sk: SNAPSHOT_SK, kind: "snapshot", ...fields });
    /** The newest event item with these state attributes in place of its own. */
    async function newestCarries(key: StreamKey, fields: Record<string, unknown>) {
      const { stateSchemaVersion, state, sealed, ...event } = (await newestOf(key)) ?? {};
      await putItem({ ...event, ...fields });
    }
    it("given an append, then its last event carries the state after it and a load reads that one item", async () => {
      const key = newKey();
      const events = [...registration(key.clientId), started(1, day(1))];
      await store.append(appendRequest(key, 0, events));

      const newest = await newestOf(key);
      expect(newest).toMatchObject({ version: 3, stateSchemaVersion: STATE_SCHEMA_VERSION });
      expect(await storedState(key, newest)).toEqual(fold(events));
      expect(await snapshotOf(key)).toBeUndefined();
      expect((await store.load(key)).state).toEqual(fold(events));
    });

    it("given the newest event carries a state of another schema version, when loaded, then the state is folded from the events and stored as a snapshot at that version, which the next load reads", async () => {
      const key = newKey();
      const events = [...registration(key.clientId), started(1, day(1)), sessionCompleted("s-1", day(2))];
      await store.append(appendRequest(key, 0, events));
      await newestCarries(key, { stateSchemaVersion: STATE_SCHEMA_VERSION - 1, state: "{ not even JSON" });

      const loaded = await store.load(key);

      expect(loaded.version).toBe(4);
      expect(loaded.state).toEqual(fold(events));
      const healed = await snapshotOf(key);
      expect(healed).toMatchObject({ version: 4, stateSchemaVersion: STATE_SCHEMA_VERSION });
      expect(await storedState(key, healed)).toEqual(fold(events));
      // The next load reads that snapshot, not the stream: what it holds (here changed) is what loads.
      await storedSnapshot(key, { ...healed, state: JSON.stringify({ ...fold(events), goal: "power" }) });
      expect((await store.load(key)).state.goal).toBe("power");
    });

    it.each([
      ["state that is not JSON", { stateSchemaVersion: STATE_SCHEMA_VERSION, state: "{ oops" }],
      ["state JSON null", { stateSchemaVersion: STATE_SCHEMA_VERSION, state: "null" }],
      [
        "a state missing fields of the current shape",
        { stateSchemaVersion: STATE_SCHEMA_VERSION, state: JSON.stringify({ status: "active" }) },
      ],
      [
        "a state whose list is a string",
        {
          stateSchemaVersion: STATE_SCHEMA_VERSION,
          state: JSON.stringify({ ...initialState, recentSessionIds: "s-1" }),
        },
      ],
      [
        "bytes that do not inflate",
        { stateSchemaVersion: STATE_SCHEMA_VERSION, state: new Uint8Array([1, 2, 3, 250]) },
      ],
    ])(
      "given the newest event carries %s, when loaded, then the state is folded from the events",
      async (_, fields) => {
        const key = newKey();
        const events = [...registration(key.clientId), started(1, day(1))];
        await store.append(appendRequest(key, 0, events));
        await newestCarries(key, fields);

        const loaded = await store.load(key);

        expect(loaded.version).toBe(3);
        expect(loaded.state).toEqual(fold(events));
        expect(await storedState(key, await snapshotOf(key))).toEqual(fold(events));
      },
    );
  });

  describe("streams written before states moved into events", () => {
    const snapshotOf = async (key: StreamKey) =>
      (await partition(key)).find((item) => item.sk === SNAPSHOT_SK);
    /** The partition as written before states moved into events: events without state, and a snapshot item. */
    async function writtenBeforeStatesInEvents(key: StreamKey, snapshot: Record<string, unknown>) {
      for (const item of await partition(key)) {
        if (!String(item.sk).startsWith("E#")) continue;
        const { stateSchemaVersion, state, sealed, ...event } = item;
        await putItem(event);
      }
      await putItem({ pk: streamPk(key), sk: SNAPSHOT_SK, kind: "snapshot", ...snapshot });
    }

    it("given a snapshot at the newest event's version written as JSON text (before states were deflated), when loaded, then it is read as it is", async () => {
      const key = newKey();
      const events = [...registration(key.clientId), started(1, day(1))];
      await store.append(appendRequest(key, 0, events));
      const legacy = { ...fold(events), goal: "hypertrophy" as const };
      await writtenBeforeStatesInEvents(key, {
        version: 3,
        stateSchemaVersion: STATE_SCHEMA_VERSION,
        state: JSON.stringify(legacy),
      });

      expect((await store.load(key)).state).toEqual(legacy);
    });

    it("given a snapshot behind the newest event, when loaded, then the state is folded and the snapshot rewritten at the newest version", async () => {
      const key = newKey();
      const events = [...registration(key.clientId), started(1, day(1))];
      await store.append(appendRequest(key, 0, events));
      const behind = {
        version: 2,
        stateSchemaVersion: STATE_SCHEMA_VERSION,
        state: JSON.stringify(fold(events.slice(0, 2))),
      };
      await writtenBeforeStatesInEvents(key, behind);

      const loaded = await store.load(key);

      expect(loaded).toMatchObject({ version: 3, state: fold(events) });
      expect(await snapshotOf(key)).toMatchObject({ version: 3, stateSchemaVersion: STATE_SCHEMA_VERSION });
    });

    it.each([
      ["state that is not JSON", { version: 3, stateSchemaVersion: STATE_SCHEMA_VERSION, state: "{ oops" }],
      ["no version", { stateSchemaVersion: STATE_SCHEMA_VERSION, state: JSON.stringify(initialState) }],
      ["an older state schema", { version: 3, stateSchemaVersion: STATE_SCHEMA_VERSION - 1, state: "{}" }],
    ])(
      "given a snapshot with %s, when loaded, then the state is folded from the events and the snapshot rewritten; the next append carries its state in its event",
      async (_, fields) => {
        const key = newKey();
        const events = [...registration(key.clientId), started(1, day(1))];
        await store.append(appendRequest(key, 0, events));
        await writtenBeforeStatesInEvents(key, fields);

        const loaded = await store.load(key);

        expect(loaded.version).toBe(3);
        expect(loaded.state).toEqual(fold(events));
        const healed = await snapshotOf(key);
        expect(healed).toMatchObject({ version: 3, stateSchemaVersion: STATE_SCHEMA_VERSION });
        expect(await storedState(key, healed)).toEqual(fold(events));
        await store.append(appendRequest(key, 3, [sessionCompleted("s-1", day(2))], loaded.state));
        const next = await store.load(key);
        expect(next.version).toBe(4);
        expect(next.state).toEqual(fold([...events, sessionCompleted("s-1", day(2))]));
      },
    );

    it("given a snapshot of a newer state schema (a later deploy), when an older reader folds, then it leaves that snapshot alone", async () => {
      const key = newKey();
      await store.append(appendRequest(key, 0, registration(key.clientId)));
      const newer = { version: 2, stateSchemaVersion: STATE_SCHEMA_VERSION + 1, state: '{"future":true}' };
      await writtenBeforeStatesInEvents(key, newer);

      const loaded = await store.load(key);

      expect(loaded.state.status).toBe("active");
      expect(await snapshotOf(key)).toMatchObject(newer);
    });

    it("given an append lands between a read's fold and its write-back, then the write-back cannot hide it: the next load reads the appended event's state", async () => {
      const key = newKey();
      const events = [...registration(key.clientId), started(1, day(1))];
      await store.append(appendRequest(key, 0, events));
      await writtenBeforeStatesInEvents(key, {
        version: 3,
        stateSchemaVersion: STATE_SCHEMA_VERSION - 1,
        state: "{}",
      });
      // A client whose write-back is preceded by another writer's append (real engine, real condition).
      const racing = testDynamoDbClient();
      const otherClient = testDynamoDbClient();
      const other = testStore(otherClient, tableName);
      const later = [...events, sessionCompleted("s-1", day(2))];
      racing.middlewareStack.add(
        (next, context) => async (args) => {
          const sk = (args.input as { Item?: { sk?: { S?: string } } }).Item?.sk?.S;
          if (context.commandName === "PutItemCommand" && sk === SNAPSHOT_SK) {
            await other.append(appendRequest(key, 3, [sessionCompleted("s-1", day(2))], fold(events)));
          }
          return next(args);
        },
        { step: "build" },
      );

      const loaded = await testStore(racing, tableName).load(key);

      expect(loaded.version).toBe(3);
      const next = await store.load(key);
      expect(next.version).toBe(4);
      expect(next.state).toEqual(fold(later));
      racing.destroy();
      otherClient.destroy();
    });
  });

  describe("schema evolution", () => {
    it("given a stored schemaVersion 1 AssessmentRecorded (compensation names), when loaded and read, then it is upcast and folds into side-aware findings", async () => {
      const key = newKey();
      const pk = streamPk(key);
      const item = (
        version: number,
        type: string,
        schemaVersion: number,
        occurredAt: string,
        data: object,
      ) => ({
        pk,
        sk: eventSk(version),
        kind: "event",
        tenantId: key.tenantId,
        clientId: key.clientId,
        eventId: randomUUID(),
        type,
        schemaVersion,
        version,
        occurredAt,
        recordedAt: occurredAt,
        data,
        meta: META,
      });
      const [clientRegistered, goalSet] = registration(key.clientId);
      await putItem(item(1, "ClientRegistered", 1, day(0), clientRegistered?.data ?? {}));
      await putItem(item(2, "GoalSet", 1, day(0), goalSet?.data ?? {}));
      await putItem(
        item(3, "AssessmentRecorded", 1, day(1), {
          assessmentId: "a-old",
          kind: "overhead-squat",
          compensations: ["knees-move-inward", "feet-turn-out"],
          pain: false,
        }),
      );

      const loaded = await store.load(key);
      const { events } = await store.readEvents(key);

      expect(loaded.version).toBe(3);
      expect(loaded.state).toEqual(fold(events));
      expect(loaded.state.recentAssessmentIds).toEqual(["a-old"]);
      expect(activeFindings(loaded.state)).toEqual([
        { assessment: "overhead-squat", compensation: "knees-move-inward", side: "bilateral" },
        { assessment: "overhead-squat", compensation: "feet-turn-out", side: "bilateral" },
      ]);
      // The stored schema version is reported as stored; the data is in the current shape.
      expect(events[2]).toMatchObject({
        type: "AssessmentRecorded",
        schemaVersion: 1,
        version: 3,
        data: { protocolVersion: "nasm-cpt6", findings: expect.any(Array) },
      });
      expect(events[2]?.data).not.toHaveProperty("compensations");

      // And the stream goes on from there.
      await store.append(appendRequest(key, 3, [started(1, day(2))], loaded.state));
      expect((await store.load(key)).version).toBe(4);
    });
  });

  describe("item shapes", () => {
    it("given an append with an idempotency record, then it writes flat event items, the streams index only on version 1, the state on the last event and a command item with its TTL", async () => {
      const key = newKey();
      const events = [...registration(key.clientId), started(1, day(1))];
      const record = { requestHash: "hash-1", response: { status: 201, body: { version: 3 } } };
      const result = await store.append(
        appendRequest(key, 0, events, initialState, {
          idempotency: { key: "idem-1", record, expiresAt: 1_900_000_123 },
        }),
      );

      const items = await partition(key);
      expect(items.map((item) => item.sk)).toEqual([commandSk("idem-1"), eventSk(1), eventSk(2), eventSk(3)]);
      const [command, first, second, third] = items;

      expect(first).toEqual({
        pk: `T#${key.tenantId}#C#${key.clientId}`,
        sk: "E#0000000001",
        kind: "event",
        tenantId: key.tenantId,
        clientId: key.clientId,
        eventId: result.events[0]?.eventId,
        type: "ClientRegistered",
        schemaVersion: 1,
        version: 1,
        occurredAt: day(0),
        recordedAt: RECORDED_AT,
        // The personal values are sealed together under the client's key, beside the rest of the data.
        data: { ...events[0]?.data, name: undefined, dateOfBirth: undefined },
        personal: { fields: ["name", "dateOfBirth"], sealed: expect.any(Uint8Array) },
        meta: META,
        [EVENT_TABLE.streamsIndex.partitionKey]: `T#${key.tenantId}#STREAMS`,
        [EVENT_TABLE.streamsIndex.sortKey]: key.clientId,
      });
      for (const later of [second, third]) {
        expect(later).toMatchObject({ kind: "event", tenantId: key.tenantId, meta: META });
        expect(later).not.toHaveProperty("gsi2pk");
        expect(later).not.toHaveProperty("gsi2sk");
      }
      expect(second).not.toHaveProperty("state");
      expect(third).toEqual({
        ...third,
        type: "PhaseStarted",
        version: 3,
        data: events[2]?.data,
        stateSchemaVersion: STATE_SCHEMA_VERSION,
        state: expect.any(Uint8Array),
        sealed: expect.any(Uint8Array),
      });
      expect(await storedState(key, third)).toEqual(fold(events));
      // Deflated: smaller than its JSON, so a typical event and its state stay near DynamoDB's 1 KB write unit.
      expect((third as { state: Uint8Array }).state.length).toBeLessThan(
        JSON.stringify(fold(events)).length * 0.6,
      );

      expect(command).toEqual({
        pk: streamPk(key),
        sk: "CMD#idem-1",
        kind: "command",
        requestHash: "hash-1",
        // The answer may repeat personal data: sealed whole under the client's key.
        sealedResponse: expect.any(Uint8Array),
        version: 3,
        [EVENT_TABLE.timeToLiveAttribute]: 1_900_000_123,
      });

      // Raw attribute types: data and meta are maps (not JSON strings), the TTL a number.
      const raw = await client.send(
        new RawQueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": { S: streamPk(key) } },
          ConsistentRead: true,
        }),
      );
      const rawFirst = raw.Items?.find((item) => item.sk?.S === eventSk(1));
      expect(rawFirst?.data?.M).toBeDefined();
      expect(rawFirst?.meta?.M).toBeDefined();
      expect(rawFirst?.version?.N).toBe("1");
      const rawCommand = raw.Items?.find((item) => item.sk?.S === commandSk("idem-1"));
      expect(rawCommand?.[EVENT_TABLE.timeToLiveAttribute]?.N).toBe("1900000123");
    });
  });

  describe("size limits", () => {
    const sessionWithNameOf = (bytes: number, sessionId = "s-big") => {
      const event = sessionCompleted(sessionId, day(2));
      if (event.type !== "SessionCompleted") throw new Error("unreachable");
      return {
        ...event,
        data: { ...event.data, exercises: [{ ...stabilizationExercise(), name: "x".repeat(bytes) }] },
      } satisfies ClientEvent;
    };

    it("given an event over 64 KB after a valid one, when appended, then EventTooLarge and nothing is written", async () => {
      const key = newKey();
      await store.append(appendRequest(key, 0, registration(key.clientId)));
      await store.append(appendRequest(key, 2, [started(1, day(1))], fold(registration(key.clientId))));
      const before = await partition(key);
      const loaded = await store.load(key);

      const error = await store
        .append(
          appendRequest(
            key,
            3,
            [sessionCompleted("s-ok", day(2)), sessionWithNameOf(MAX_EVENT_BYTES)],
            loaded.state,
            {
              idempotency: { key: "big", record: { requestHash: "h", response: null }, expiresAt: 2e9 },
            },
          ),
        )
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EventTooLarge);
      expect((error as EventTooLarge).bytes).toBeGreaterThan(MAX_EVENT_BYTES);
      expect(await partition(key)).toEqual(before);
    });

    it("given an event just under 64 KB, when appended, then it is stored and reads back intact", async () => {
      const key = newKey();
      await store.append(appendRequest(key, 0, [...registration(key.clientId), started(1, day(1))]));
      const loaded = await store.load(key);
      const overhead = Buffer.byteLength(JSON.stringify(sessionWithNameOf(0)), "utf8");
      const event = sessionWithNameOf(MAX_EVENT_BYTES - overhead);
      expect(Buffer.byteLength(JSON.stringify(event), "utf8")).toBe(MAX_EVENT_BYTES);

      await store.append(appendRequest(key, 3, [event], loaded.state));

      const { events } = await store.readEvents(key, { afterVersion: 3 });
      expect(events.map(({ type, occurredAt, data }) => ({ type, occurredAt, data }))).toEqual([event]);
    });
  });
});
