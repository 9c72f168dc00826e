import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ClientCommand, RegisterClient } from "../../domain/client/commands.ts";
import { fold, RECENT_IDS } from "../../domain/client/state.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import type { StoredEvent } from "../../events/envelope.ts";
import {
  ClientNotFound,
  ConcurrencyExhausted,
  type Execution,
  executeCommand,
  IdempotencyKeyReused,
  PreconditionFailed,
} from "../../events/execute-command.ts";
import type { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import type { EventStore, StreamKey } from "../../events/store/port.ts";
import { streamEvents } from "../../events/store/stream-events.ts";
import { day, recordSession, startPhase } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testStore } from "../support/dynamodb.ts";

const META = { actorId: "trainer-1", correlationId: "corr-1", source: "api" } as const;
const RECORDED_AT = "2026-01-07T10:00:00.000Z";

let client: DynamoDBClient;
let tableName: string;
let store: DynamoDbEventStore;

beforeAll(async () => {
  client = testDynamoDbClient();
  tableName = await createTestTable(client, "execute");
  store = testStore(client, tableName);
});
afterAll(() => client.destroy());

const uid = () => randomUUID().slice(0, 8);
const newKey = (tenantId = `t-${uid()}`): StreamKey => ({ tenantId, clientId: `c-${uid()}` });

const registerClient = (clientId: string, name = "Ada Client"): RegisterClient => ({
  type: "RegisterClient",
  data: {
    clientId,
    name,
    dateOfBirth: "1990-04-01",
    goal: "general-fitness",
    locationId: "loc-1",
    registeredAt: day(0),
  },
});

interface Reply {
  readonly version: number;
  readonly events: readonly string[];
}

const execution = (
  key: StreamKey,
  command: ClientCommand,
  extra: Partial<Execution<Reply>> = {},
): Execution<Reply> => ({
  key,
  command,
  settings: DEFAULT_SETTINGS,
  meta: META,
  recordedAt: RECORDED_AT,
  requireExisting: command.type !== "RegisterClient",
  respond: (outcome) => ({ version: outcome.version, events: outcome.events.map((event) => event.type) }),
  ...extra,
});

const run = (
  key: StreamKey,
  command: ClientCommand,
  extra: Partial<Execution<Reply>> = {},
  on: EventStore = store,
) => executeCommand(on, execution(key, command, extra));

/** A registered client in Phase 1: version 3. */
async function clientInPhaseOne(key: StreamKey = newKey()): Promise<StreamKey> {
  await run(key, registerClient(key.clientId));
  await run(key, startPhase(1, day(1)));
  return key;
}

const readAll = (key: StreamKey): Promise<StoredEvent[]> => Array.fromAsync(streamEvents(store, key));

const sessionsRecorded = (events: readonly StoredEvent[], sessionId: string) =>
  events.filter((event) => event.type === "SessionCompleted" && event.data.sessionId === sessionId);

/** Versions 1..n without a gap, and the snapshot equal to a fresh fold of the stream. */
async function expectConsistentStream(key: StreamKey): Promise<StoredEvent[]> {
  const events = await readAll(key);
  expect(events.map((event) => event.version)).toEqual(events.map((_, i) => i + 1));
  const loaded = await store.load(key);
  expect(loaded.version).toBe(events.length);
  expect(loaded.state).toEqual(fold(events));
  return events;
}

/** Counts the store calls a command makes (to tell a retried append from a replay). */
function counting(inner: EventStore) {
  const calls = { load: 0, append: 0, appendFailures: [] as string[] };
  const wrapped: EventStore = {
    load: (key, options) => {
      calls.load++;
      return inner.load(key, options);
    },
    append: async (request) => {
      calls.append++;
      try {
        return await inner.append(request);
      } catch (error) {
        calls.appendFailures.push(error instanceof Error ? error.constructor.name : String(error));
        throw error;
      }
    },
    readEvent: (key, version) => inner.readEvent(key, version),
    readEvents: (key, options) => inner.readEvents(key, options),
    getIdempotencyRecord: (key, idempotencyKey) => inner.getIdempotencyRecord(key, idempotencyKey),
    linkedClient: (tenantId, provider, user) => inner.linkedClient(tenantId, provider, user),
    listStreams: (tenantId, options) => inner.listStreams(tenantId, options),
  };
  return { store: wrapped, calls };
}

describe("executeCommand on DynamoDB Local", () => {
  describe("concurrent commands on one client", () => {
    it("given 20 concurrent RecordSession commands with distinct session ids, then each one that resolved is stored exactly once, versions are contiguous and the snapshot equals a fresh fold", async () => {
      const key = await clientInPhaseOne();
      const sessionIds = Array.from({ length: 20 }, (_, i) => `s-${i}`);
      const { store: counted, calls } = counting(store);

      const started = performance.now();
      const outcomes = await Promise.allSettled(
        sessionIds.map(async (sessionId) => {
          const begun = performance.now();
          const result = await run(key, recordSession(sessionId, day(2)), {}, counted);
          return { ...result, ms: performance.now() - begun };
        }),
      );
      const wallMs = performance.now() - started;

      const events = await expectConsistentStream(key);
      const resolved = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
      const latencies = resolved.map((outcome) => Math.round(outcome.ms)).sort((a, b) => a - b);
      console.info(
        `20 concurrent writers: ${resolved.length} resolved, wall ${Math.round(wallMs)} ms, ` +
          `latency min ${latencies[0]} / median ${latencies[Math.floor(latencies.length / 2)]} / max ${latencies.at(-1)} ms, ` +
          `${calls.load} loads, ${calls.append} appends (${calls.appendFailures.length} lost the race: ` +
          `${[...new Set(calls.appendFailures)].join(", ")})`,
      );

      expect(resolved.length).toBeGreaterThan(0);
      outcomes.forEach((outcome, i) => {
        const stored = sessionsRecorded(events, sessionIds[i] ?? "");
        if (outcome.status === "fulfilled") {
          expect(stored).toHaveLength(1);
          expect(outcome.value.replayed).toBe(false);
          // The reply names the version its own event landed at.
          expect(outcome.value.response).toEqual({
            version: stored[0]?.version,
            events: ["SessionCompleted"],
          });
        } else {
          expect(outcome.reason).toBeInstanceOf(ConcurrencyExhausted);
          expect(stored).toHaveLength(0);
        }
      });
      expect(events.filter((event) => event.type === "SessionCompleted")).toHaveLength(resolved.length);
      expect(calls.append).toBe(resolved.length + calls.appendFailures.length);
    });

    it("given the same session id sent 5 times at once, then it is stored once and only one reply carries the event", async () => {
      const key = await clientInPhaseOne();

      const results = await Promise.all(
        Array.from({ length: 5 }, () => run(key, recordSession("same", day(2)))),
      );

      const events = await expectConsistentStream(key);
      expect(sessionsRecorded(events, "same")).toHaveLength(1);
      expect(events).toHaveLength(4);
      expect(results.filter((result) => result.response.events.length > 0)).toEqual([
        { response: { version: 4, events: ["SessionCompleted"] }, replayed: false },
      ]);
      expect(results.filter((result) => result.response.events.length === 0)).toHaveLength(4);
    });

    it("given a session older than the state remembers, when it is recorded again, then the store's claim makes it a no-op", async () => {
      const key = await clientInPhaseOne();
      for (let i = 0; i <= RECENT_IDS; i++) await run(key, recordSession(`s-${i}`, day(2)));
      const before = await readAll(key);
      expect((await store.load(key)).state.recentSessionIds).not.toContain("s-0");

      const { response } = await run(key, recordSession("s-0", day(2)));

      expect(response.events).toEqual([]);
      expect(await readAll(key)).toEqual(before);
    });

    it("given two parallel registrations of one client id, then there is one stream with one ClientRegistered", async () => {
      const key = newKey();

      const results = await Promise.all([
        run(key, registerClient(key.clientId)),
        run(key, registerClient(key.clientId)),
      ]);

      const events = await expectConsistentStream(key);
      expect(events.map((event) => event.type)).toEqual(["ClientRegistered", "GoalSet"]);
      expect(results.map((result) => result.response.events.length).sort()).toEqual([0, 2]);
      expect((await store.listStreams(key.tenantId)).clientIds).toEqual([key.clientId]);
    });
  });

  describe("idempotency keys", () => {
    const idempotency = (key: string, requestHash = "hash-1") => ({
      key,
      requestHash,
      expiresAt: 2_000_000_000,
    });

    // The race is narrow (a load that overlaps the winning transaction), so it is run on 30 clients in turn.
    it("given the same Idempotency-Key and request sent 5 times at once, then one append, equal replies, and all but one replayed", async () => {
      const rounds = [];
      for (let round = 0; round < 30; round++) {
        const key = await clientInPhaseOne();
        const results = await Promise.all(
          Array.from({ length: 5 }, () =>
            run(key, recordSession("idem-session", day(2)), { idempotency: idempotency("key-1") }),
          ),
        );
        rounds.push({ key, results });
      }

      for (const { key } of rounds) {
        const events = await expectConsistentStream(key);
        expect(events).toHaveLength(4);
        expect(sessionsRecorded(events, "idem-session")).toHaveLength(1);
        expect(await store.getIdempotencyRecord(key, "key-1")).toEqual({
          requestHash: "hash-1",
          response: { version: 4, events: ["SessionCompleted"] },
          personal: true,
        });
      }
      const replies = rounds.flatMap(({ results }) => results);
      const divergent = replies.filter((reply) => reply.response.events.length === 0);
      expect(divergent, `${divergent.length} of ${replies.length} repeats answered something else`).toEqual(
        [],
      );
      for (const { results } of rounds) {
        for (const result of results) {
          expect(result.response).toEqual({ version: 4, events: ["SessionCompleted"] });
        }
        expect(results.filter((result) => !result.replayed)).toHaveLength(1);
      }
    });

    it("given a stored command, when the same key comes again with the same request, then the first reply is replayed and nothing is written", async () => {
      const key = await clientInPhaseOne();
      const first = await run(key, recordSession("s-1", day(2)), { idempotency: idempotency("key-1") });
      // Even a request that would now decide something else replays the stored answer.
      const again = await run(key, recordSession("s-1", day(2)), { idempotency: idempotency("key-1") });

      expect(first).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: false });
      expect(again).toEqual({ response: first.response, replayed: true });
      expect(await expectConsistentStream(key)).toHaveLength(4);
    });

    it("given a stored command, when the same key comes with another request hash, then IdempotencyKeyReused and nothing is written", async () => {
      const key = await clientInPhaseOne();
      await run(key, recordSession("s-1", day(2)), { idempotency: idempotency("key-1", "hash-1") });

      const error = await run(key, recordSession("s-2", day(3)), {
        idempotency: idempotency("key-1", "hash-2"),
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(IdempotencyKeyReused);
      const events = await expectConsistentStream(key);
      expect(events).toHaveLength(4);
      expect(sessionsRecorded(events, "s-2")).toHaveLength(0);
    });
  });

  describe("preconditions", () => {
    it("given no stream, when a command requires an existing client, then ClientNotFound and nothing is written", async () => {
      const key = newKey();

      const error = await run(key, recordSession("s-1", day(2))).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ClientNotFound);
      expect(await readAll(key)).toEqual([]);
      expect((await store.listStreams(key.tenantId)).clientIds).toEqual([]);
    });

    it("given a client in another tenant, when the same id is addressed from this tenant, then ClientNotFound", async () => {
      const theirs = await clientInPhaseOne();
      const ours = { tenantId: `t-${uid()}`, clientId: theirs.clientId };

      await expect(run(ours, recordSession("s-1", day(2)))).rejects.toBeInstanceOf(ClientNotFound);
      expect(await expectConsistentStream(theirs)).toHaveLength(3);
    });

    it("given a client at version 3, when If-Match says 2, then PreconditionFailed with the current version and nothing is written; If-Match 3 goes through", async () => {
      const key = await clientInPhaseOne();

      const error = await run(key, recordSession("s-1", day(2)), { expectedVersion: 2 }).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(PreconditionFailed);
      expect((error as PreconditionFailed).currentVersion).toBe(3);
      expect(await expectConsistentStream(key)).toHaveLength(3);

      const result = await run(key, recordSession("s-1", day(2)), { expectedVersion: 3 });
      expect(result.response.version).toBe(4);
    });
  });

  describe("a lost response to a write that succeeded", () => {
    const writesEvents = (command: string | undefined, input: unknown): boolean => {
      if (command === "TransactWriteItemsCommand") return true;
      const sk = (input as { Item?: { sk?: { S?: string } | string } }).Item?.sk;
      return command === "PutItemCommand" && (typeof sk === "string" ? sk : (sk?.S ?? "")).startsWith("E#");
    };
    interface Attempt {
      outcome: string;
      token: string | undefined;
    }

    /**
     * A client whose first write of events (a TransactWriteItems, or the PutItem of an event alone) reaches
     * DynamoDB Local and is applied, and whose answer is then lost: the middleware throws what the SDK sees
     * for a socket timeout, so its retry strategy retries.
     */
    function clientThatLosesTheFirstEventWriteResponse(retries: "sdk-retries" | "no-retries") {
      const faulty =
        retries === "sdk-retries"
          ? testDynamoDbClient()
          : new DynamoDBClient({
              region: "local",
              endpoint: inject("dynamoEndpoint"),
              credentials: { accessKeyId: "local", secretAccessKey: "local" },
              maxAttempts: 1,
            });
      const attempts: Attempt[] = [];
      faulty.middlewareStack.add(
        (next, context) => async (args) => {
          if (!writesEvents(context.commandName, args.input)) return next(args);
          const token = (args.input as { ClientRequestToken?: string }).ClientRequestToken;
          let result: Awaited<ReturnType<typeof next>>;
          try {
            result = await next(args);
          } catch (error) {
            const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
            const codes = reasons ? ` [${reasons.map((reason) => reason.Code).join(", ")}]` : "";
            attempts.push({ outcome: `${(error as Error).name}${codes}`, token });
            throw error;
          }
          const status = (result.response as { statusCode?: number }).statusCode;
          attempts.push({ outcome: `HTTP ${status}`, token });
          if (attempts.length === 1) {
            throw Object.assign(new Error("socket hang up after the write was applied"), {
              name: "TimeoutError",
              $retryable: {},
            });
          }
          return result;
        },
        { step: "deserialize", name: "loseFirstEventWriteResponse" },
      );
      return { faulty, attempts };
    }

    for (const withKey of [true, false]) {
      it(`given the SDK retries a timed-out write of events that was applied (${withKey ? "with" : "without"} an Idempotency-Key), then the command resolves and its events are stored once`, async () => {
        const key = await clientInPhaseOne();
        const { faulty, attempts } = clientThatLosesTheFirstEventWriteResponse("sdk-retries");
        const { store: counted, calls } = counting(testStore(faulty, tableName));
        try {
          const result = await run(
            key,
            recordSession("s-lost", day(2)),
            withKey ? { idempotency: { key: "lost-1", requestHash: "h", expiresAt: 2e9 } } : {},
            counted,
          );

          console.info(
            `lost response (${withKey ? "with" : "without"} key): SDK attempts ${JSON.stringify(attempts)}, ` +
              `store appends ${calls.append} (failures: ${calls.appendFailures.join(", ") || "none"}), loads ${calls.load}`,
          );
          // The SDK did retry, with the same ClientRequestToken.
          expect(attempts.length).toBeGreaterThanOrEqual(2);
          expect(new Set(attempts.map((attempt) => attempt.token)).size).toBe(1);
          // Either path ends at version 4: the token makes the retry a no-op that succeeds, or the store
          // reports a conflict and executeCommand reloads (and then replays, or decides nothing).
          expect(result.response.version).toBe(4);
          if (withKey) expect(result.response).toEqual({ version: 4, events: ["SessionCompleted"] });
          const events = await expectConsistentStream(key);
          expect(events).toHaveLength(4);
          expect(sessionsRecorded(events, "s-lost")).toHaveLength(1);
          if (withKey) {
            expect(await store.getIdempotencyRecord(key, "lost-1")).toEqual({
              requestHash: "h",
              response: { version: 4, events: ["SessionCompleted"] },
              personal: true,
            });
          }
        } finally {
          faulty.destroy();
        }
      });
    }

    it("given DynamoDB Local, when a TransactWriteItems is retried with its ClientRequestToken, then the retry succeeds as a no-op (the token path, not the reload path)", async () => {
      const key = await clientInPhaseOne();
      const { faulty, attempts } = clientThatLosesTheFirstEventWriteResponse("sdk-retries");
      const { store: counted, calls } = counting(testStore(faulty, tableName));
      const idempotency = { key: "token-path", requestHash: "h", expiresAt: 2e9 };
      try {
        const result = await run(key, recordSession("s-lost", day(2)), { idempotency }, counted);

        expect(attempts.map((attempt) => attempt.outcome)).toEqual(["HTTP 200", "HTTP 200"]);
        expect(calls).toEqual({ load: 1, append: 1, appendFailures: [] });
        expect(result).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: false });
        expect(sessionsRecorded(await expectConsistentStream(key), "s-lost")).toHaveLength(1);
      } finally {
        faulty.destroy();
      }
    });

    it("given DynamoDB Local, when the PutItem of an event alone is retried after it was applied, then the store knows its own event by id and succeeds (no reload)", async () => {
      const key = await clientInPhaseOne();
      const { faulty, attempts } = clientThatLosesTheFirstEventWriteResponse("sdk-retries");
      const { store: counted, calls } = counting(testStore(faulty, tableName));
      try {
        const result = await run(key, recordSession("s-lost", day(2)), {}, counted);

        // The retry's condition fails (HTTP 400): the item in the way is this very event.
        expect(attempts.map((attempt) => attempt.outcome)).toEqual(["HTTP 200", "HTTP 400"]);
        expect(calls).toEqual({ load: 1, append: 1, appendFailures: [] });
        expect(result).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: false });
        expect(sessionsRecorded(await expectConsistentStream(key), "s-lost")).toHaveLength(1);
      } finally {
        faulty.destroy();
      }
    });

    it("given the lost response outlasts the SDK's retries, when the caller resends with the same Idempotency-Key, then the stored reply is replayed and nothing is appended twice", async () => {
      const key = await clientInPhaseOne();
      const { faulty } = clientThatLosesTheFirstEventWriteResponse("no-retries");
      const idempotency = { key: "lost-2", requestHash: "h", expiresAt: 2e9 };
      try {
        const error = await run(
          key,
          recordSession("s-lost", day(2)),
          { idempotency },
          testStore(faulty, tableName),
        ).catch((e: unknown) => e);
        // Whatever the store calls it (the SDK's TimeoutError, or StoreUnavailable wrapping it), the caller saw a failure.
        expect(error).toBeInstanceOf(Error);
      } finally {
        faulty.destroy();
      }
      // The write was applied although its caller saw a failure.
      expect(sessionsRecorded(await readAll(key), "s-lost")).toHaveLength(1);

      const resent = await run(key, recordSession("s-lost", day(2)), { idempotency });

      expect(resent).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: true });
      expect(sessionsRecorded(await expectConsistentStream(key), "s-lost")).toHaveLength(1);
    });

    it("given the lost response outlasts the SDK's retries, when the caller resends without a key, then the decider sees the session and appends nothing", async () => {
      const key = await clientInPhaseOne();
      const { faulty } = clientThatLosesTheFirstEventWriteResponse("no-retries");
      try {
        await expect(
          run(key, recordSession("s-lost", day(2)), {}, testStore(faulty, tableName)),
        ).rejects.toBeInstanceOf(Error);
      } finally {
        faulty.destroy();
      }
      // The write was applied although its caller saw a failure.
      expect(sessionsRecorded(await readAll(key), "s-lost")).toHaveLength(1);

      const resent = await run(key, recordSession("s-lost", day(2)));

      expect(resent).toEqual({ response: { version: 4, events: [] }, replayed: false });
      expect(sessionsRecorded(await expectConsistentStream(key), "s-lost")).toHaveLength(1);
    });
  });
});
