import { randomBytes } from "node:crypto";
import {
  type CancellationReason,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionInProgressException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { type ClientState, fold, STATE_SCHEMA_VERSION } from "../../domain/client/state.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { ClientKeys } from "../../events/crypto/client-keys.ts";
import { LocalKeyWrapper } from "../../events/crypto/key-wrapper.ts";
import {
  ConcurrencyExhausted,
  type Execution,
  executeCommand,
  MAX_ATTEMPTS,
} from "../../events/execute-command.ts";
import { documentClient } from "../../events/store/documents.ts";
import { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { TransactionConflict } from "../../events/store/errors.ts";
import { InMemoryEventStore } from "../../events/store/memory-store.ts";
import {
  type AppendRequest,
  DuplicateCommand,
  DuplicateFact,
  type EventStore,
  StoreUnavailable,
  type StreamKey,
  VersionConflict,
} from "../../events/store/port.ts";
import { day, recordSession, registered, sessionCompleted, started } from "../support/builders.ts";

/*
 * DynamoDB faults injected under the store. The store sends everything through a DynamoDBDocumentClient
 * (lib-dynamodb), so that is the client mocked here; errors thrown by the mock arrive as they would after
 * the SDK's own retries gave up.
 */

const TABLE = "events";
const ddb = mockClient(DynamoDBDocumentClient);
const dynamo = new DynamoDBClient({
  region: "local",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const store = new DynamoDbEventStore(
  dynamo,
  TABLE,
  new ClientKeys(documentClient(dynamo), `${TABLE}-keys`, new LocalKeyWrapper(randomBytes(32))),
);
const key: StreamKey = { tenantId: "t-1", clientId: "c-1" };
const META = { actorId: "trainer-1", correlationId: "corr-1", source: "api" } as const;

beforeEach(() => {
  ddb.reset();
  // The client has no data key yet: each append creates one in its transaction (the last item).
  ddb.on(GetCommand).resolves({});
});
afterAll(() => {
  ddb.restore();
});

const history: ClientEvent[] = [...registered(), started(1, day(1))];

const appendRequest = (events: ClientEvent[], extra: Partial<AppendRequest> = {}): AppendRequest => ({
  key,
  expectedVersion: 3,
  events,
  state: fold(events, fold(history)),
  meta: META,
  recordedAt: day(2),
  ...extra,
});

const withIdempotency = {
  idempotency: { key: "k-1", record: { requestHash: "h", response: 1 }, expiresAt: 2e9 },
};

/** As DynamoDB reports it: one reason per transaction item, by index. */
const canceled = (...reasons: (string | CancellationReason)[]) =>
  new TransactionCanceledException({
    message: "Transaction cancelled, please refer cancellation reasons for specific reasons",
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons.map((reason) => (typeof reason === "string" ? { Code: reason } : reason)),
  });

const throughputExceeded = () =>
  new ProvisionedThroughputExceededException({
    message: "The level of configured provisioned throughput for the table was exceeded",
    $metadata: { httpStatusCode: 400 },
  });

/** What the SDK's node HTTP handler throws on a request timeout, once its retries are spent. */
const timedOut = () =>
  Object.assign(new Error("Connection timed out after 1000 ms"), { name: "TimeoutError" });

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected the promise to reject");
    },
    (error: unknown) => error,
  );

const snapshotItem = (state: ClientState, version: number) => ({
  pk: "T#t-1#C#c-1",
  sk: "S",
  kind: "snapshot",
  version,
  stateSchemaVersion: STATE_SCHEMA_VERSION,
  state: JSON.stringify(state),
});

describe("appending through a failing DynamoDB", () => {
  it("given reasons [None, ConditionalCheckFailed] (the snapshot moved on), then VersionConflict", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("None", "ConditionalCheckFailed"));

    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));

    expect(error).toBeInstanceOf(VersionConflict);
    expect(error).toMatchObject({ key, expectedVersion: 3 });
  });

  it("given the event item's condition failed (its version is taken), then VersionConflict", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("ConditionalCheckFailed", "None", "None"));
    const error = await failureOf(
      store.append(appendRequest([sessionCompleted("s-1", day(2))], withIdempotency)),
    );
    expect(error).toBeInstanceOf(VersionConflict);
  });

  it("given the idempotency record (after the snapshot) failed its condition, then DuplicateCommand naming the key", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(
        canceled(
          "None",
          "None",
          "None",
          { Code: "ConditionalCheckFailed", Item: { pk: { S: "T#t-1#C#c-1" }, sk: { S: "CMD#k-1" } } },
          "None",
          "None",
        ),
      );

    const error = await failureOf(
      store.append(
        appendRequest([sessionCompleted("s-1", day(2)), sessionCompleted("s-2", day(3))], withIdempotency),
      ),
    );

    expect(error).toBeInstanceOf(DuplicateCommand);
    expect((error as DuplicateCommand).idempotencyKey).toBe("k-1");
    // Two events, the snapshot, the command record, a claim per session, then the client's new key.
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.Item?.sk ?? item.Put?.TableName)).toEqual([
      "E#0000000004",
      "E#0000000005",
      "S",
      "CMD#k-1",
      "U#session:s-1",
      "U#session:s-2",
      `${TABLE}-keys`,
    ]);
  });

  it("given a session's claim failed its condition (with the snapshot's), then DuplicateFact naming the claim", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(canceled("None", "ConditionalCheckFailed", "ConditionalCheckFailed"));

    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));

    expect(error).toBeInstanceOf(DuplicateFact);
    expect((error as DuplicateFact).claim).toBe("session:s-1");
  });

  it("given every condition failed (stream moved on and command already stored), then DuplicateCommand wins", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(canceled("ConditionalCheckFailed", "ConditionalCheckFailed", "ConditionalCheckFailed"));
    const error = await failureOf(
      store.append(appendRequest([sessionCompleted("s-1", day(2))], withIdempotency)),
    );
    expect(error).toBeInstanceOf(DuplicateCommand);
  });

  it("given reasons [None, TransactionConflict], then TransactionConflict (transient: retry)", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("None", "TransactionConflict"));
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBeInstanceOf(TransactionConflict);
  });

  it("given a ThrottlingError cancellation reason, then StoreUnavailable with the cause", async () => {
    const cause = canceled("ThrottlingError", "None");
    ddb.on(TransactWriteCommand).rejects(cause);
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBeInstanceOf(StoreUnavailable);
    expect((error as StoreUnavailable).cause).toBe(cause);
  });

  it("given a ProvisionedThroughputExceeded cancellation reason (DynamoDB's code for a provisioned table), then StoreUnavailable", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("None", "ProvisionedThroughputExceeded"));
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given TransactWriteItems throws ProvisionedThroughputExceededException, then StoreUnavailable", async () => {
    ddb.on(TransactWriteCommand).rejects(throughputExceeded());
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given a throttling error flagged by the SDK's retry classifier, then StoreUnavailable", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(
        Object.assign(new Error("Rate exceeded"), { name: "SlowDown", $retryable: { throttling: true } }),
      );
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given a timeout that outlasted the SDK's retries, then StoreUnavailable (the caller retries with its Idempotency-Key)", async () => {
    ddb.on(TransactWriteCommand).rejects(timedOut());
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given the SDK's retries of a timed-out write kept finding it in progress (TransactionInProgressException), then StoreUnavailable", async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionInProgressException({
        message: "The transaction with the given request token is already in progress",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given a non-transient error (a validation error), then it passes through unchanged", async () => {
    const validation = Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
      name: "ValidationException",
    });
    ddb.on(TransactWriteCommand).rejects(validation);
    const error = await failureOf(store.append(appendRequest([sessionCompleted("s-1", day(2))])));
    expect(error).toBe(validation);
  });
});

describe("reading through a failing DynamoDB", () => {
  it("given BatchGetItem throws ProvisionedThroughputExceededException, when loading, then StoreUnavailable", async () => {
    ddb.on(BatchGetCommand).rejects(throughputExceeded());
    expect(await failureOf(store.load(key, { idempotencyKey: "k-1" }))).toBeInstanceOf(StoreUnavailable);
  });

  it("given no snapshot and Query throws ProvisionedThroughputExceededException, when loading, then StoreUnavailable", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
    ddb.on(QueryCommand).rejects(throughputExceeded());
    expect(await failureOf(store.load(key))).toBeInstanceOf(StoreUnavailable);
  });

  it("given Query throws ProvisionedThroughputExceededException, when reading events or listing streams, then StoreUnavailable", async () => {
    ddb.on(QueryCommand).rejects(throughputExceeded());
    expect(await failureOf(store.readEvents(key))).toBeInstanceOf(StoreUnavailable);
    expect(await failureOf(store.listStreams("t-1"))).toBeInstanceOf(StoreUnavailable);
  });

  it("given GetItem throws ProvisionedThroughputExceededException, when reading an idempotency record, then StoreUnavailable", async () => {
    ddb.on(GetCommand).rejects(throughputExceeded());
    expect(await failureOf(store.getIdempotencyRecord(key, "k-1"))).toBeInstanceOf(StoreUnavailable);
  });

  it("given a read that timed out past the SDK's retries, then StoreUnavailable", async () => {
    ddb.on(BatchGetCommand).rejects(timedOut());
    expect(await failureOf(store.load(key))).toBeInstanceOf(StoreUnavailable);
  });

  it("given BatchGetItem leaves a key unprocessed once, when loading, then only that key is asked for again", async () => {
    const state = fold(history);
    const command = {
      pk: "T#t-1#C#c-1",
      sk: "CMD#k-1",
      requestHash: "h",
      response: JSON.stringify({ ok: 1 }),
    };
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [snapshotItem(state, 3)] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: "T#t-1#C#c-1", sk: "CMD#k-1" }] } },
      })
      .resolves({ Responses: { [TABLE]: [command] } });

    const loaded = await store.load(key, { idempotencyKey: "k-1" });

    expect(loaded).toEqual({
      state,
      version: 3,
      idempotencyRecord: { requestHash: "h", response: { ok: 1 } },
      claimed: [],
      referenced: new Map(),
    });
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([
      { pk: "T#t-1#C#c-1", sk: "CMD#k-1" },
    ]);
    expect(calls[1]?.args[0].input.RequestItems?.[TABLE]?.ConsistentRead).toBe(true);
  });

  it("given BatchGetItem keeps returning UnprocessedKeys, when loading, then StoreUnavailable after a bounded number of attempts", async () => {
    const unprocessed = [
      { pk: "T#t-1#C#c-1", sk: "S" },
      { pk: "T#t-1#C#c-1", sk: "CMD#k-1" },
    ];
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: unprocessed } } });

    const error = await failureOf(store.load(key, { idempotencyKey: "k-1" }));

    expect(error).toBeInstanceOf(StoreUnavailable);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(5);
  });
});

describe("executeCommand over a contended stream", () => {
  type Reply = { version: number; events: string[] };
  const execution = (extra: Partial<Execution<Reply>> = {}): Execution<Reply> => ({
    key,
    command: recordSession("s-1", day(2)),
    settings: DEFAULT_SETTINGS,
    meta: META,
    recordedAt: day(2),
    requireExisting: true,
    respond: (outcome) => ({ version: outcome.version, events: outcome.events.map((event) => event.type) }),
    ...extra,
  });
  const expectedVersions = () =>
    ddb
      .commandCalls(TransactWriteCommand)
      .map(
        (call) =>
          call.args[0].input.TransactItems?.find((item) => item.Put?.Item?.sk === "S")?.Put
            ?.ExpressionAttributeValues?.[":expected"],
      );

  it("given two VersionConflicts, when the third attempt lands, then the command resolves after three loads and three appends", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [snapshotItem(fold(history), 3)] } });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(canceled("None", "ConditionalCheckFailed"))
      .rejectsOnce(canceled("ConditionalCheckFailed", "ConditionalCheckFailed"))
      .resolves({});

    const result = await executeCommand(store, execution());

    expect(result).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: false });
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(3);
    expect(expectedVersions()).toEqual([3, 3, 3]);
  });

  it("given a VersionConflict, when the reload shows the session already stored, then it decides again and appends nothing", async () => {
    const after = fold([sessionCompleted("s-1", day(2))], fold(history));
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [snapshotItem(fold(history), 3)] } })
      .resolves({ Responses: { [TABLE]: [snapshotItem(after, 4)] } });
    ddb.on(TransactWriteCommand).rejects(canceled("None", "ConditionalCheckFailed"));

    const result = await executeCommand(store, execution());

    expect(result).toEqual({ response: { version: 4, events: [] }, replayed: false });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it("given a TransactionConflict, then it is retried like a lost race", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [snapshotItem(fold(history), 3)] } });
    ddb.on(TransactWriteCommand).rejectsOnce(canceled("TransactionConflict", "None")).resolves({});

    const result = await executeCommand(store, execution());

    expect(result.response.version).toBe(4);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it("given every attempt loses the race, then ConcurrencyExhausted after MAX_ATTEMPTS attempts", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [snapshotItem(fold(history), 3)] } });
    ddb.on(TransactWriteCommand).rejects(canceled("None", "ConditionalCheckFailed"));

    const error = await failureOf(executeCommand(store, execution()));

    expect(error).toBeInstanceOf(ConcurrencyExhausted);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(MAX_ATTEMPTS);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(MAX_ATTEMPTS);
  });

  it("given the store is throttled, then StoreUnavailable surfaces at once (the SDK already retried)", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [snapshotItem(fold(history), 3)] } });
    ddb.on(TransactWriteCommand).rejects(throughputExceeded());

    expect(await failureOf(executeCommand(store, execution()))).toBeInstanceOf(StoreUnavailable);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it("given a DuplicateCommand, then the stored reply is read back and replayed", async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [snapshotItem(fold(history), 3)] } });
    ddb.on(TransactWriteCommand).rejects(
      canceled("ConditionalCheckFailed", "ConditionalCheckFailed", {
        Code: "ConditionalCheckFailed",
        Item: { sk: { S: "CMD#k-1" } },
      }),
    );
    ddb.on(GetCommand).resolves({
      Item: {
        sk: "CMD#k-1",
        requestHash: "h",
        response: JSON.stringify({ version: 4, events: ["SessionCompleted"] }),
      },
    });

    const result = await executeCommand(
      store,
      execution({ idempotency: { key: "k-1", requestHash: "h", expiresAt: 2e9 } }),
    );

    expect(result).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: true });
  });

  /*
   * BatchGetItem is not isolated from TransactWriteItems: a load that overlaps the first execution's
   * transaction can read the new snapshot (the session is in state) without its idempotency record.
   * Reproduced on DynamoDB Local in test/integration/execute-command.test.ts; made deterministic here.
   */
  it("given a load that sees the first execution's events but not yet its idempotency record, then binding the key collides and the repeat is replayed, not answered anew", async () => {
    const memory = new InMemoryEventStore();
    const first = { version: 4, events: ["SessionCompleted"] };
    const after = fold([sessionCompleted("s-1", day(2))], fold(history));
    const torn: EventStore = {
      load: async () => ({
        state: after,
        version: 4,
        idempotencyRecord: null,
        claimed: [],
        referenced: new Map(),
      }),
      // The record is there by the time the repeat tries to bind the key to its own (empty) answer.
      append: async (request) => {
        expect(request.events).toEqual([]);
        throw new DuplicateCommand(request.idempotency?.key ?? "");
      },
      readEvent: (k, version) => memory.readEvent(k, version),
      readEvents: (k, options) => memory.readEvents(k, options),
      getIdempotencyRecord: async () => ({ requestHash: "h", response: first }),
      linkedClient: (tenantId, provider, user) => memory.linkedClient(tenantId, provider, user),
      listStreams: (tenantId, options) => memory.listStreams(tenantId, options),
    };

    const result = await executeCommand(
      torn,
      execution({ idempotency: { key: "k-1", requestHash: "h", expiresAt: 2e9 } }),
    );

    expect(result).toEqual({ response: first, replayed: true });
  });
});
