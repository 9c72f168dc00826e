import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { fold } from "../../domain/client/state.ts";
import type { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { claimKey } from "../../events/store/items.ts";
import { DuplicateFact, type StreamKey, VersionConflict } from "../../events/store/port.ts";
import { streamEvents } from "../../events/store/stream-events.ts";
import { day, registered, sessionCompleted, started } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testStore } from "../support/dynamodb.ts";
import { appendRequest } from "../support/store.ts";

/**
 * A session alone is written as its claim, then its event: two PutItems, not a transaction
 * (events/store/claim-first.ts). These are the ways a writer can fail between the two, and how the next
 * writer of the same fact recovers, on the real engine.
 */
let client: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let tableName: string;
let store: DynamoDbEventStore;

beforeAll(async () => {
  client = testDynamoDbClient();
  documents = DynamoDBDocumentClient.from(client);
  tableName = await createTestTable(client, "claims");
  store = testStore(client, tableName);
});
afterAll(() => client.destroy());

const SESSION = "session:s-1";

/** A client in Phase 1 at version 3. */
async function clientInPhaseOne(): Promise<StreamKey> {
  const key = { tenantId: `t-${randomUUID().slice(0, 8)}`, clientId: `c-${randomUUID()}` };
  const events = registered().map((event) =>
    event.type === "ClientRegistered" ? { ...event, data: { ...event.data, clientId: key.clientId } } : event,
  );
  await store.append(appendRequest(key, 0, [...events, started(1, day(1))]));
  return key;
}

async function history(key: StreamKey) {
  const events = [];
  for await (const event of streamEvents(store, key)) events.push(event);
  return events;
}

const sessionsIn = async (key: StreamKey, sessionId: string) =>
  (await history(key)).filter(
    (event) => event.type === "SessionCompleted" && event.data.sessionId === sessionId,
  );

async function claimItem(key: StreamKey, claim = SESSION) {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName, Key: claimKey(key, claim), ConsistentRead: true }),
  );
  return Item;
}

/** A claim as a writer leaves it when it dies after claiming: naming an event that was never written. */
const orphanClaim = (key: StreamKey, version: number) =>
  documents.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...claimKey(key, SESSION), kind: "claim", version, eventId: randomUUID() },
    }),
  );

/** Appends one event at the stream's current version, as a command would after loading. */
async function appendNext(key: StreamKey, event: ClientEvent, extra = {}) {
  const loaded = await store.load(key);
  return store.append(appendRequest(key, loaded.version, [event], loaded.state, extra));
}

/** A store whose event PutItems never reach DynamoDB: the writer dies between its claim and its event. */
function storeThatDiesBeforeItsEvent() {
  const dying = testDynamoDbClient();
  dying.middlewareStack.add(
    (next, context) => async (args) => {
      const sk = (args.input as { Item?: { sk?: { S?: string } } }).Item?.sk?.S ?? "";
      if (context.commandName === "PutItemCommand" && sk.startsWith("E#")) throw new Error("process killed");
      return next(args);
    },
    { step: "build" },
  );
  return { dying: testStore(dying, tableName), destroy: () => dying.destroy() };
}

describe("claims written before their events", () => {
  it("given a writer that died between its claim and its event, when the session is recorded again, then it is recorded once, at the claim's version", async () => {
    const key = await clientInPhaseOne();
    const { dying, destroy } = storeThatDiesBeforeItsEvent();
    const loaded = await store.load(key);
    await expect(
      dying.append(appendRequest(key, 3, [sessionCompleted("s-1", day(2))], loaded.state)),
    ).rejects.toThrow("process killed");
    destroy();
    expect(await claimItem(key)).toMatchObject({ version: 4, eventId: expect.any(String) });
    expect((await store.load(key, { claims: [SESSION] })).claimed).toEqual([]);

    await appendNext(key, sessionCompleted("s-1", day(2)));

    expect(await sessionsIn(key, "s-1")).toMatchObject([{ version: 4 }]);
    expect((await store.load(key, { claims: [SESSION] })).claimed).toEqual([SESSION]);
  });

  it("given an orphan claim whose version another event took, when the session is recorded, then the claim is taken over and the session recorded once at the next version", async () => {
    const key = await clientInPhaseOne();
    await orphanClaim(key, 4);
    await appendNext(key, started(2, day(2)));
    expect((await store.load(key, { claims: [SESSION] })).claimed).toEqual([]);

    const result = await appendNext(key, sessionCompleted("s-1", day(3), 2));

    expect(await sessionsIn(key, "s-1")).toMatchObject([{ version: 5 }]);
    expect(await claimItem(key)).toMatchObject({ version: 5, eventId: result.events[0]?.eventId });
    await expect(appendNext(key, sessionCompleted("s-1", day(3), 2))).rejects.toBeInstanceOf(DuplicateFact);
  });

  it("given an orphan claim, when the session comes with an Idempotency-Key (a transaction), then the transaction replaces the claim and records the session once", async () => {
    const key = await clientInPhaseOne();
    await orphanClaim(key, 4);
    await appendNext(key, started(2, day(2)));
    const idempotency = { key: "k-1", record: { requestHash: "h", response: null }, expiresAt: 2e9 };

    await appendNext(key, sessionCompleted("s-1", day(3), 2), { idempotency });

    expect(await sessionsIn(key, "s-1")).toMatchObject([{ version: 5 }]);
    // Written with its event, the claim no longer names one.
    const claim = await claimItem(key);
    expect(claim).toMatchObject({ version: 5 });
    expect(claim).not.toHaveProperty("eventId");
    expect((await store.load(key, { claims: [SESSION] })).claimed).toEqual([SESSION]);
  });

  it("given a claim at the next version whose writer may still be writing, when another writer records the same session, then exactly one of them stores it", async () => {
    const key = await clientInPhaseOne();
    const loaded = await store.load(key);
    await orphanClaim(key, 4);
    const late = store.append(appendRequest(key, 3, [sessionCompleted("s-1", day(2))], loaded.state));
    const first = appendNext(key, sessionCompleted("s-1", day(2)));

    const outcomes = await Promise.allSettled([first, late]);

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(VersionConflict);
    expect(await sessionsIn(key, "s-1")).toMatchObject([{ version: 4 }]);
  });

  it("given a session recorded, when it is claimed again, then DuplicateFact (alone or in a transaction), or VersionConflict for a writer that decided before it; nothing is written", async () => {
    const key = await clientInPhaseOne();
    const before = await store.load(key);
    await appendNext(key, sessionCompleted("s-1", day(2)));
    const after = await history(key);

    await expect(appendNext(key, sessionCompleted("s-1", day(2)))).rejects.toBeInstanceOf(DuplicateFact);
    await expect(
      store.append(
        appendRequest(key, 4, [started(2, day(3)), sessionCompleted("s-1", day(3), 2)], fold(after)),
      ),
    ).rejects.toBeInstanceOf(DuplicateFact);
    // It raced for the version the session took: its reload then finds the session claimed.
    await expect(
      store.append(appendRequest(key, 3, [sessionCompleted("s-1", day(2))], before.state)),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect((await store.load(key, { claims: [SESSION] })).claimed).toEqual([SESSION]);
    expect(await history(key)).toEqual(after);
  });

  it("given a claim ahead of the version a writer decided on, when it claims, then VersionConflict: it reloads and decides again", async () => {
    const key = await clientInPhaseOne();
    const stale = await store.load(key);
    await appendNext(key, started(2, day(2)));
    await orphanClaim(key, 5);

    await expect(
      store.append(appendRequest(key, 3, [sessionCompleted("s-1", day(3))], stale.state)),
    ).rejects.toBeInstanceOf(VersionConflict);
    await appendNext(key, sessionCompleted("s-1", day(3), 2));
    expect(await sessionsIn(key, "s-1")).toMatchObject([{ version: 5 }]);
  });
});
