import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { fold, initialState } from "../../domain/client/state.ts";
import type { SessionPlan } from "../../domain/program/session-plan.ts";
import type { StoredEvent } from "../../events/envelope.ts";
import { TransactionConflict } from "../../events/store/errors.ts";
import { InMemoryEventStore } from "../../events/store/memory-store.ts";
import {
  DuplicateCommand,
  DuplicateFact,
  type EventStore,
  MAX_EVENTS_PER_APPEND,
  type StreamKey,
  TooManyEvents,
  VersionConflict,
  WearableLinkedElsewhere,
} from "../../events/store/port.ts";
import { streamEvents } from "../../events/store/stream-events.ts";
import { CURRENT_SCHEMA_VERSION } from "../../events/upcasters.ts";
import { day, registered, sessionCompleted, started } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testStore } from "../support/dynamodb.ts";
import { appendRequest, META, RECORDED_AT } from "../support/store.ts";

/*
 * One contract, two stores: everything a handler may rely on must hold for the in-memory store the
 * unit tests use and for the DynamoDB store production uses.
 */

/** A small plan, as the generator stores one. */
const SAMPLE_PLAN: SessionPlan = {
  libraryVersion: "test",
  guidelineVersion: "CPT7",
  phase: 1,
  phaseName: "Stabilization Endurance",
  weekOfBlock: 1,
  goal: null,
  seed: 1,
  equipment: [],
  heartRate: null,
  blocks: [
    {
      component: "core",
      exercises: [
        {
          exerciseId: "floor-bridge",
          name: "Floor bridge",
          component: "core",
          pattern: "hinge",
          sets: 1,
          reps: 12,
          restSeconds: 30,
          why: "a test",
        },
      ],
    },
  ],
  gaps: [],
};

const uid = () => randomUUID().slice(0, 8);
const newKey = (tenantId = `t-${uid()}`): StreamKey => ({ tenantId, clientId: `c-${uid()}` });

/** ClientRegistered + GoalSet for the key's client id. */
const registration = (clientId: string): ClientEvent[] =>
  registered().map((event) =>
    event.type === "ClientRegistered" ? { ...event, data: { ...event.data, clientId } } : event,
  );

const sessions = (count: number, prefix = "s"): ClientEvent[] =>
  Array.from({ length: count }, (_, i) => sessionCompleted(`${prefix}-${i}`, day(2 + i)));

/** Appends each batch at the stream's current version, like a sequence of commands would. */
async function appendAll(store: EventStore, key: StreamKey, batches: ClientEvent[][]): Promise<void> {
  for (const events of batches) {
    const { state, version } = await store.load(key);
    await store.append(appendRequest(key, version, events, state));
  }
}

/** A registered client in Phase 1 with `count` sessions: 2 + 1 + count events. */
async function streamWithSessions(store: EventStore, key: StreamKey, count: number): Promise<void> {
  await appendAll(store, key, [registration(key.clientId), [started(1, day(1))], sessions(count)]);
}

const readAll = (store: EventStore, key: StreamKey): Promise<StoredEvent[]> =>
  Array.fromAsync(streamEvents(store, key));

/** The parts of a stored event a caller decided (the rest is the store's: id, version, times). */
const decided = ({ type, occurredAt, data }: StoredEvent): ClientEvent =>
  ({ type, occurredAt, data }) as ClientEvent;

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected the promise to reject");
    },
    (error: unknown) => error,
  );

/** Snapshot of everything observable about a stream, to show that a refused append wrote nothing. */
async function observe(store: EventStore, key: StreamKey, idempotencyKey = "none") {
  return {
    loaded: await store.load(key, { idempotencyKey }),
    events: await readAll(store, key),
    record: await store.getIdempotencyRecord(key, idempotencyKey),
  };
}

function eventStoreContract(name: string, makeStore: () => Promise<EventStore>): void {
  describe(`${name} honours the event store contract`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await makeStore();
    });

    describe("a new stream", () => {
      it("given no append, when loaded, then it is version 0 with the initial state and no idempotency record", async () => {
        const key = newKey();
        const loaded = await store.load(key, { idempotencyKey: "k-1" });
        expect(loaded).toEqual({
          state: initialState,
          version: 0,
          idempotencyRecord: null,
          claimed: [],
          referenced: new Map(),
        });
        expect(await store.readEvents(key)).toEqual({ events: [], nextAfterVersion: null });
        expect(await store.getIdempotencyRecord(key, "k-1")).toBeNull();
      });
    });

    describe("appending", () => {
      it("given an empty stream, when events are appended at version 0, then they get versions 1..n with meta, schema version and recordedAt, and read back in order", async () => {
        const key = newKey();
        const events = [...registration(key.clientId), started(1, day(1))];

        const result = await store.append(appendRequest(key, 0, events));

        expect(result.version).toBe(3);
        expect(result.events.map((event) => event.version)).toEqual([1, 2, 3]);
        const read = await readAll(store, key);
        expect(read).toEqual(result.events);
        expect(read.map(decided)).toEqual(events);
        for (const event of read) {
          expect(event.clientId).toBe(key.clientId);
          expect(event.schemaVersion).toBe(CURRENT_SCHEMA_VERSION[event.type]);
          expect(event.recordedAt).toBe(RECORDED_AT);
          expect(event.meta).toEqual({ tenantId: key.tenantId, ...META });
          expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
        }
        expect(new Set(read.map((event) => event.eventId)).size).toBe(3);
      });

      it("given a stream at version 3, when two more events are appended at 3, then they continue at 4 and 5", async () => {
        const key = newKey();
        await appendAll(store, key, [[...registration(key.clientId), started(1, day(1))]]);
        const loaded = await store.load(key);
        const result = await store.append(appendRequest(key, 3, sessions(2), loaded.state));
        expect(result.version).toBe(5);
        expect((await readAll(store, key)).map((event) => event.version)).toEqual([1, 2, 3, 4, 5]);
      });

      it("given several appends, when loaded, then the snapshot state and version equal a fresh fold of readEvents", async () => {
        const key = newKey();
        await streamWithSessions(store, key, 4);
        await appendAll(store, key, [sessions(2, "late")]);

        const loaded = await store.load(key);
        const events = await readAll(store, key);

        expect(loaded.version).toBe(9);
        expect(loaded.version).toBe(events.at(-1)?.version);
        expect(loaded.state).toEqual(fold(events));
        expect(loaded.state.recentSessionIds).toEqual(["s-0", "s-1", "s-2", "s-3", "late-0", "late-1"]);
      });

      it("given a session already stored, when another append claims the same session id, then it is a DuplicateFact and nothing is written", async () => {
        const key = newKey();
        await streamWithSessions(store, key, 2);
        const loaded = await store.load(key);
        const before = await observe(store, key);

        await expect(
          store.append(appendRequest(key, loaded.version, [sessionCompleted("s-0", day(9))], loaded.state)),
        ).rejects.toBeInstanceOf(DuplicateFact);
        expect(await observe(store, key)).toEqual(before);
      });

      it("given a stored session, when loaded with claims, then exactly the stored ones are reported claimed", async () => {
        const key = newKey();
        await streamWithSessions(store, key, 1);
        const loaded = await store.load(key, { claims: ["session:s-0", "session:s-9", "assessment:a-1"] });
        expect(loaded.claimed).toEqual(["session:s-0"]);
      });

      it("given two stored plans, when loaded with references, then each stored one is located at the version of its event, and the event is read back by it", async () => {
        const key = newKey();
        await streamWithSessions(store, key, 1);
        const planned = (planId: string): ClientEvent => ({
          type: "SessionPlanned",
          occurredAt: day(3),
          data: { planId, plannedFor: day(4), plan: SAMPLE_PLAN },
        });
        await appendAll(store, key, [[planned("p-1")], sessions(1, "later"), [planned("p-2")]]);
        const loaded = await store.load(key, { references: ["plan:p-1", "plan:p-2", "plan:p-9"] });
        expect(loaded.referenced).toEqual(
          new Map([
            ["plan:p-1", 5],
            ["plan:p-2", 7],
          ]),
        );
        expect(loaded.claimed).toEqual([]);
        const event = await store.readEvent(key, 5);
        expect(event && decided(event)).toEqual(planned("p-1"));
        expect(await store.readEvent(key, 99)).toBeNull();
      });

      it("given a stream at version 3, when an append expects version 2 (stale) or 0, then each is a VersionConflict and nothing is written", async () => {
        const key = newKey();
        await appendAll(store, key, [registration(key.clientId), [started(1, day(1))]]);
        const before = await observe(store, key);

        for (const expectedVersion of [2, 0]) {
          const error = await failureOf(
            store.append(appendRequest(key, expectedVersion, sessions(1), before.loaded.state)),
          );
          expect(error).toBeInstanceOf(VersionConflict);
          expect((error as VersionConflict).expectedVersion).toBe(expectedVersion);
          expect((error as VersionConflict).key).toEqual(key);
        }

        expect(await observe(store, key)).toEqual(before);
      });

      it("given 10 writers that all read version 3, when they append at once, then exactly one wins and the others conflict", async () => {
        const key = newKey();
        await appendAll(store, key, [registration(key.clientId), [started(1, day(1))]]);
        const { state } = await store.load(key);

        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.append(appendRequest(key, 3, [sessionCompleted(`race-${i}`, day(2))], state)),
          ),
        );

        const winners = outcomes.flatMap((outcome, i) => (outcome.status === "fulfilled" ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === "rejected") {
            // DynamoDB may also cancel a loser because the winner's transaction was still in flight.
            expect(
              outcome.reason instanceof VersionConflict || outcome.reason instanceof TransactionConflict,
            ).toBe(true);
          }
        }
        const events = await readAll(store, key);
        expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4]);
        expect(events[3]?.type === "SessionCompleted" && events[3].data.sessionId).toBe(`race-${winners[0]}`);
        const loaded = await store.load(key);
        expect(loaded.version).toBe(4);
        expect(loaded.state).toEqual(fold(events));
      });

      it(`given ${MAX_EVENTS_PER_APPEND + 1} events in one append, then it is TooManyEvents and nothing is written`, async () => {
        const key = newKey();
        await appendAll(store, key, [registration(key.clientId), [started(1, day(1))]]);
        const before = await observe(store, key);

        const error = await failureOf(
          store.append(appendRequest(key, 3, sessions(MAX_EVENTS_PER_APPEND + 1), before.loaded.state)),
        );

        expect(error).toBeInstanceOf(TooManyEvents);
        expect(await observe(store, key)).toEqual(before);
      });

      it(`given exactly ${MAX_EVENTS_PER_APPEND} events and an idempotency record, then they are appended in one go`, async () => {
        const key = newKey();
        await appendAll(store, key, [registration(key.clientId), [started(1, day(1))]]);
        const { state } = await store.load(key);
        const idempotency = {
          key: "bulk",
          record: { requestHash: "h", response: { ok: true } },
          expiresAt: 2e9,
        };

        const result = await store.append(
          appendRequest(key, 3, sessions(MAX_EVENTS_PER_APPEND), state, { idempotency }),
        );

        expect(result.version).toBe(3 + MAX_EVENTS_PER_APPEND);
        expect(await readAll(store, key)).toHaveLength(3 + MAX_EVENTS_PER_APPEND);
        // The client holds personal data: its answers are flagged (and, in DynamoDB, sealed).
        expect(await store.getIdempotencyRecord(key, "bulk")).toEqual({
          ...idempotency.record,
          personal: true,
        });
      });
    });

    describe("idempotency records", () => {
      const record = { requestHash: "hash-1", response: { status: 201, body: { version: 2, note: "é ✓" } } };

      it("given an append with an idempotency key, then its record comes back from load and getIdempotencyRecord, and only for that key", async () => {
        const key = newKey();
        await store.append(
          appendRequest(key, 0, registration(key.clientId), initialState, {
            idempotency: { key: "k-1", record, expiresAt: 1_900_000_000 },
          }),
        );

        // The client holds personal data: its answers are flagged (and, in DynamoDB, sealed).
        const stored = { ...record, personal: true };
        expect((await store.load(key, { idempotencyKey: "k-1" })).idempotencyRecord).toEqual(stored);
        expect(await store.getIdempotencyRecord(key, "k-1")).toEqual(stored);
        expect((await store.load(key)).idempotencyRecord).toBeNull();
        expect((await store.load(key, { idempotencyKey: "k-2" })).idempotencyRecord).toBeNull();
        expect(await store.getIdempotencyRecord(key, "k-2")).toBeNull();
        const loaded = await store.load(key, { idempotencyKey: "k-1" });
        expect(loaded.version).toBe(2);
        expect(loaded.state).toEqual(fold(registration(key.clientId)));
      });

      it("given a command stored under a key, when another append at the current version reuses the key, then it is DuplicateCommand and nothing is written", async () => {
        const key = newKey();
        await store.append(
          appendRequest(key, 0, registration(key.clientId), initialState, {
            idempotency: { key: "k-1", record, expiresAt: 1_900_000_000 },
          }),
        );
        const before = await observe(store, key, "k-1");

        const error = await failureOf(
          store.append(
            appendRequest(key, 2, [started(1, day(1))], before.loaded.state, {
              idempotency: { key: "k-1", record: { requestHash: "other", response: 1 }, expiresAt: 2e9 },
            }),
          ),
        );

        expect(error).toBeInstanceOf(DuplicateCommand);
        expect((error as DuplicateCommand).idempotencyKey).toBe("k-1");
        expect(await observe(store, key, "k-1")).toEqual(before);
      });

      it("given a command stored under a key, when a stale append reuses the key, then DuplicateCommand wins over VersionConflict", async () => {
        const key = newKey();
        await store.append(
          appendRequest(key, 0, registration(key.clientId), initialState, {
            idempotency: { key: "k-1", record, expiresAt: 1_900_000_000 },
          }),
        );

        const error = await failureOf(
          store.append(
            appendRequest(key, 0, registration(key.clientId), initialState, {
              idempotency: { key: "k-1", record, expiresAt: 1_900_000_000 },
            }),
          ),
        );

        expect(error).toBeInstanceOf(DuplicateCommand);
      });
    });

    describe("reading a stream in pages", () => {
      it("given 7 events, when read with limit 3, then the pages chain to every event in order and the last page says so", async () => {
        const key = newKey();
        await streamWithSessions(store, key, 4);

        const pages = [];
        let afterVersion: number | null = 0;
        while (afterVersion !== null && pages.length < 10) {
          const page = await store.readEvents(key, { afterVersion, limit: 3 });
          expect(page.events.length).toBeLessThanOrEqual(3);
          pages.push(page);
          afterVersion = page.nextAfterVersion;
        }

        expect(pages.flatMap((page) => page.events.map((event) => event.version))).toEqual([
          1, 2, 3, 4, 5, 6, 7,
        ]);
        expect(pages.map((page) => page.nextAfterVersion)).toEqual([3, 6, null]);
        expect(pages.flatMap((page) => page.events)).toEqual(await readAll(store, key));
      });

      it("given 6 events, when read with limit 3, then the page holding the last event has nextAfterVersion null", async () => {
        const key = newKey();
        await streamWithSessions(store, key, 3);

        const first = await store.readEvents(key, { limit: 3 });
        const second = await store.readEvents(key, { afterVersion: 3, limit: 3 });

        expect(first.nextAfterVersion).toBe(3);
        expect(second.events.map((event) => event.version)).toEqual([4, 5, 6]);
        expect(second.nextAfterVersion).toBeNull();
      });

      it("given 7 events, when read after version 5, then only versions 6 and 7 come back", async () => {
        const key = newKey();
        await streamWithSessions(store, key, 4);
        const page = await store.readEvents(key, { afterVersion: 5 });
        expect(page.events.map((event) => event.version)).toEqual([6, 7]);
        expect(page.nextAfterVersion).toBeNull();
        expect(await store.readEvents(key, { afterVersion: 7 })).toEqual({
          events: [],
          nextAfterVersion: null,
        });
      });
    });

    describe("listing a tenant's streams", () => {
      it("given 5 streams in one tenant and 2 in another, when listed 2 at a time, then each tenant sees exactly its own, once each", async () => {
        const tenantA = `t-${uid()}`;
        const tenantB = `t-${uid()}`;
        const keysA = Array.from({ length: 5 }, () => newKey(tenantA));
        const keysB = Array.from({ length: 2 }, () => newKey(tenantB));
        for (const key of [...keysA, ...keysB]) await appendAll(store, key, [registration(key.clientId)]);
        // More appends to a stream do not list it twice.
        for (const key of keysA.slice(0, 2)) await appendAll(store, key, [[started(1, day(1))]]);

        const listAll = async (tenantId: string) => {
          const ids: string[] = [];
          let cursor: string | null | undefined;
          let pages = 0;
          do {
            const page = await store.listStreams(tenantId, { limit: 2, ...(cursor ? { cursor } : {}) });
            expect(page.clientIds.length).toBeLessThanOrEqual(2);
            ids.push(...page.clientIds);
            cursor = page.cursor;
            pages++;
          } while (cursor && pages < 10);
          expect(cursor).toBeNull();
          return ids;
        };

        const listedA = await listAll(tenantA);
        expect(listedA).toHaveLength(5);
        expect([...listedA].sort()).toEqual(keysA.map((key) => key.clientId).sort());
        expect([...(await listAll(tenantB))].sort()).toEqual(keysB.map((key) => key.clientId).sort());
        expect(await store.listStreams(`t-${uid()}`)).toEqual({ clientIds: [], cursor: null });
      });
    });

    describe("wearable links", () => {
      const linked = (provider: string, externalUserId: string): ClientEvent => ({
        type: "WearableLinked",
        occurredAt: day(1),
        data: { provider, externalUserId },
      });
      const unlinked = (provider: string, externalUserId: string): ClientEvent => ({
        type: "WearableUnlinked",
        occurredAt: day(2),
        data: { provider, externalUserId, reason: "unlinked" },
      });
      async function appendToStream(key: StreamKey, events: ClientEvent[]) {
        const loaded = await store.load(key);
        return store.append(appendRequest(key, loaded.version, events, loaded.state));
      }

      it("given a WearableLinked, then the provider's user resolves to the client, in its tenant only", async () => {
        const key = newKey();
        await appendToStream(key, [...registration(key.clientId), linked("garmin", "g-1")]);
        expect(await store.linkedClient(key.tenantId, "garmin", "g-1")).toBe(key.clientId);
        expect(await store.linkedClient(key.tenantId, "terra", "g-1")).toBeNull();
        expect(await store.linkedClient(`t-${uid()}`, "garmin", "g-1")).toBeNull();
      });

      it("given a user linked to one client, when another client of the tenant links it, then WearableLinkedElsewhere and nothing is written", async () => {
        const first = newKey();
        const second = { tenantId: first.tenantId, clientId: `c-${uid()}` };
        await appendToStream(first, [...registration(first.clientId), linked("garmin", "shared")]);
        await appendToStream(second, registration(second.clientId));
        const before = await observe(store, second);
        await expect(appendToStream(second, [linked("garmin", "shared")])).rejects.toBeInstanceOf(
          WearableLinkedElsewhere,
        );
        expect(await observe(store, second)).toEqual(before);
        expect(await store.linkedClient(first.tenantId, "garmin", "shared")).toBe(first.clientId);
      });

      it("given a WearableUnlinked, then the user resolves to no one, and another client may link it", async () => {
        const first = newKey();
        const second = { tenantId: first.tenantId, clientId: `c-${uid()}` };
        await appendToStream(first, [...registration(first.clientId), linked("terra", "t-1")]);
        await appendToStream(first, [unlinked("terra", "t-1")]);
        expect(await store.linkedClient(first.tenantId, "terra", "t-1")).toBeNull();
        await appendToStream(second, [...registration(second.clientId), linked("terra", "t-1")]);
        expect(await store.linkedClient(first.tenantId, "terra", "t-1")).toBe(second.clientId);
      });

      it("given a wearable session in one client's stream, then another client of the tenant cannot record it (DuplicateFact, and loaded as claimed); another tenant can", async () => {
        const first = newKey();
        const second = { tenantId: first.tenantId, clientId: `c-${uid()}` };
        const elsewhere = { tenantId: `t-${uid()}`, clientId: `c-${uid()}` };
        const wearable: ClientEvent = {
          type: "SessionCompleted",
          occurredAt: day(2),
          data: {
            sessionId: "garmin-5f1e",
            phase: 1,
            exercises: [],
            pain: false,
            compliance: { score: null, checks: 0, deviations: [] },
            source: { provider: "garmin", externalSessionId: "5001968355", activityType: "RUNNING" },
          },
        };
        for (const key of [first, second, elsewhere])
          await appendToStream(key, [...registration(key.clientId), started(1, day(1))]);
        await appendToStream(first, [wearable]);
        const claim = "wearable-session:garmin-5f1e";
        expect((await store.load(second, { claims: [claim] })).claimed).toEqual([claim]);
        await expect(appendToStream(second, [wearable])).rejects.toBeInstanceOf(DuplicateFact);
        expect((await store.load(elsewhere, { claims: [claim] })).claimed).toEqual([]);
        await appendToStream(elsewhere, [wearable]);
      });

      it("given 5 clients linking one user at once, then exactly one link holds and only its stream has the event", async () => {
        const tenantId = `t-${uid()}`;
        const keys = Array.from({ length: 5 }, () => ({ tenantId, clientId: `c-${uid()}` }));
        for (const key of keys) await appendToStream(key, registration(key.clientId));
        const results = await Promise.allSettled(
          keys.map((key) => appendToStream(key, [linked("garmin", "raced")])),
        );
        const winners = keys.filter((_, i) => results[i]?.status === "fulfilled");
        expect(winners).toHaveLength(1);
        expect(await store.linkedClient(tenantId, "garmin", "raced")).toBe(winners[0]?.clientId);
        for (const key of keys) {
          const linkedHere = (await readAll(store, key)).some((event) => event.type === "WearableLinked");
          expect(linkedHere).toBe(key === winners[0]);
        }
      });
    });

    describe("tenant isolation", () => {
      it("given the same client id in two tenants, then they are two independent streams", async () => {
        const clientId = `c-${uid()}`;
        const inA = { tenantId: `t-${uid()}`, clientId };
        const inB = { tenantId: `t-${uid()}`, clientId };

        await store.append(
          appendRequest(inA, 0, [...registration(clientId), started(1, day(1))], initialState, {
            idempotency: { key: "k-1", record: { requestHash: "a", response: "a" }, expiresAt: 2e9 },
          }),
        );

        expect(await store.load(inB, { idempotencyKey: "k-1" })).toEqual({
          state: initialState,
          version: 0,
          idempotencyRecord: null,
          claimed: [],
          referenced: new Map(),
        });
        expect(await store.getIdempotencyRecord(inB, "k-1")).toBeNull();
        expect(await readAll(store, inB)).toEqual([]);
        expect((await store.listStreams(inB.tenantId)).clientIds).toEqual([]);

        // B's first append is at version 0 and may reuse A's idempotency key.
        await store.append(
          appendRequest(inB, 0, registration(clientId), initialState, {
            idempotency: { key: "k-1", record: { requestHash: "b", response: "b" }, expiresAt: 2e9 },
          }),
        );

        expect((await readAll(store, inA)).map((event) => event.meta.tenantId)).toEqual([
          inA.tenantId,
          inA.tenantId,
          inA.tenantId,
        ]);
        expect((await readAll(store, inB)).map((event) => event.meta.tenantId)).toEqual([
          inB.tenantId,
          inB.tenantId,
        ]);
        expect((await store.load(inA)).version).toBe(3);
        expect((await store.load(inB)).version).toBe(2);
        expect(await store.getIdempotencyRecord(inA, "k-1")).toEqual({
          requestHash: "a",
          response: "a",
          personal: true,
        });
        expect(await store.getIdempotencyRecord(inB, "k-1")).toEqual({
          requestHash: "b",
          response: "b",
          personal: true,
        });
        expect((await store.listStreams(inA.tenantId)).clientIds).toEqual([clientId]);
        expect((await store.listStreams(inB.tenantId)).clientIds).toEqual([clientId]);
      });
    });
  });
}

eventStoreContract("InMemoryEventStore", async () => new InMemoryEventStore());

let client: DynamoDBClient | undefined;
afterAll(() => client?.destroy());

eventStoreContract("DynamoDbEventStore on DynamoDB Local", async () => {
  client = testDynamoDbClient();
  return testStore(client, await createTestTable(client, "contract"));
});
