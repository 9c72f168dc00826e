import { randomBytes } from "node:crypto";
import {
  type CancellationReason,
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionInProgressException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { fold } from "../../domain/client/state.ts";
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
import { claimPuts, eventPuts, NEWEST, newestItem as newestItemOf, putsOf } from "../support/store-items.ts";

/*
 * DynamoDB faults injected under the store. The store sends everything through a DynamoDBDocumentClient
 * (lib-dynamodb), so that is the client mocked here; errors thrown by the mock arrive as they would after
 * the SDK's own retries gave up.
 */

const TABLE = "events";
const KEYS_TABLE = `${TABLE}-keys`;
const ddb = mockClient(DynamoDBDocumentClient);
const dynamo = new DynamoDBClient({
  region: "local",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const wrapper = new LocalKeyWrapper(randomBytes(32));
const key: StreamKey = { tenantId: "t-1", clientId: "c-1" };
const META = { actorId: "trainer-1", correlationId: "corr-1", source: "api" } as const;

// The client was registered: its data key was created then, and its item is in the key table.
const clientKey = await new ClientKeys(documentClient(dynamo), KEYS_TABLE, wrapper).create(key, day(0));
const dataKey = clientKey.key;

// A store per test: a container's cache of unwrapped keys does not carry over from one test to the next.
let store: DynamoDbEventStore;
beforeEach(() => {
  ddb.reset();
  store = new DynamoDbEventStore(dynamo, TABLE, new ClientKeys(documentClient(dynamo), KEYS_TABLE, wrapper));
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { TableName: KEYS_TABLE }).resolves({ Item: clientKey.put.Put?.Item });
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

const newestItem = (events: ClientEvent[]) => newestItemOf(key, events, dataKey, META);

/** Loads find `events` in the stream: its newest item is what the Query for it returns. */
const givenStream = (events: ClientEvent[]) =>
  ddb.on(QueryCommand, NEWEST).resolves({ Items: [newestItem(events)] });

/** A claim item written in one transaction with its event (no eventId): the fact is recorded. */
const recordedClaim = (claim: string, version: number) => ({
  pk: "T#t-1#C#c-1",
  sk: `U#${claim}`,
  kind: "claim",
  version,
});

/** As DynamoDB reports it: one reason per transaction item, by index. */
const canceled = (...reasons: (string | CancellationReason)[]) =>
  new TransactionCanceledException({
    message: "Transaction cancelled, please refer cancellation reasons for specific reasons",
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons.map((reason) => (typeof reason === "string" ? { Code: reason } : reason)),
  });

/** A conditional PutItem that found an item in its place, returned as ReturnValuesOnConditionCheckFailure asks. */
const conditionFailed = (found: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: "The conditional request failed",
    $metadata: { httpStatusCode: 400 },
    Item: marshall(found, { removeUndefinedValues: true }),
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

/** Another writer's event at version 4, the one an append at version 3 wants. */
const rivalEvent = () => newestItem([...history, sessionCompleted("s-rival", day(2))]);

describe("appending a lone session (its claim's PutItem, then its event's) through a failing DynamoDB", () => {
  const session = () => appendRequest([sessionCompleted("s-1", day(2))]);

  it("given the event's PutItem finds its version taken by another event, then VersionConflict", async () => {
    ddb.on(PutCommand, eventPuts).rejects(conditionFailed(rivalEvent()));

    const error = await failureOf(store.append(session()));

    expect(error).toBeInstanceOf(VersionConflict);
    expect(error).toMatchObject({ key, expectedVersion: 3 });
    // The claim went first, then the event, each only if its item was new; no transaction.
    expect(putsOf(ddb, "claim").map((input) => input.Item?.sk)).toEqual(["U#session:s-1"]);
    expect(putsOf(ddb, "event").map((input) => [input.Item?.sk, input.ConditionExpression])).toEqual([
      ["E#0000000004", "attribute_not_exists(pk)"],
    ]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("given the event's PutItem finds the very event it writes (the SDK retried a write whose answer was lost), then the append succeeds", async () => {
    ddb
      .on(PutCommand, eventPuts)
      .callsFake((input: PutCommandInput) => Promise.reject(conditionFailed(input.Item ?? {})));

    const result = await store.append(session());

    expect(result.version).toBe(4);
    expect(result.events.map((event) => event.eventId)).toEqual([putsOf(ddb, "event")[0]?.Item?.eventId]);
  });

  it("given the claim's PutItem finds the session recorded (a claim without eventId), then DuplicateFact naming the claim and no event is written", async () => {
    ddb.on(PutCommand, claimPuts).rejects(conditionFailed(recordedClaim("session:s-1", 2)));

    const error = await failureOf(store.append(session()));

    expect(error).toBeInstanceOf(DuplicateFact);
    expect((error as DuplicateFact).claim).toBe("session:s-1");
    expect(putsOf(ddb, "event")).toHaveLength(0);
  });

  it("given the event's PutItem throttled, then StoreUnavailable with the cause", async () => {
    const cause = throughputExceeded();
    ddb.on(PutCommand, eventPuts).rejects(cause);

    const error = await failureOf(store.append(session()));

    expect(error).toBeInstanceOf(StoreUnavailable);
    expect((error as StoreUnavailable).cause).toBe(cause);
  });

  it("given the claim's PutItem timed out past the SDK's retries, then StoreUnavailable and no event is written", async () => {
    ddb.on(PutCommand, claimPuts).rejects(timedOut());

    expect(await failureOf(store.append(session()))).toBeInstanceOf(StoreUnavailable);
    expect(putsOf(ddb, "event")).toHaveLength(0);
  });
});

describe("appending in one transaction (several events, or an Idempotency-Key) through a failing DynamoDB", () => {
  // Items: the session's event, the idempotency record, the session's claim.
  const idempotentSession = () => appendRequest([sessionCompleted("s-1", day(2))], withIdempotency);

  it("given the event item's condition failed (its version is taken), then VersionConflict", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("ConditionalCheckFailed", "None", "None"));
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(VersionConflict);
    expect(error).toMatchObject({ key, expectedVersion: 3 });
  });

  it("given no events to append and the check that the next version is free failed, then VersionConflict", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("ConditionalCheckFailed", "None"));

    const error = await failureOf(store.append(appendRequest([], withIdempotency)));

    expect(error).toBeInstanceOf(VersionConflict);
    // Binding the Idempotency-Key alone: a check that version 4 is still free, then the record.
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.ConditionCheck?.Key?.sk ?? item.Put?.Item?.sk)).toEqual([
      "E#0000000004",
      "CMD#k-1",
    ]);
  });

  it("given the idempotency record (after the events) failed its condition, then DuplicateCommand naming the key", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(
        canceled(
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
    // Two events (the last carrying the state), the command record, then a claim per session.
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.Item?.sk)).toEqual([
      "E#0000000004",
      "E#0000000005",
      "CMD#k-1",
      "U#session:s-1",
      "U#session:s-2",
    ]);
    expect(items.map((item) => item.Put?.Item?.state !== undefined)).toEqual([
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it("given a session's claim failed its condition (the session is recorded), then DuplicateFact naming the claim", async () => {
    ddb.on(TransactWriteCommand).rejects(
      canceled("None", "None", {
        Code: "ConditionalCheckFailed",
        Item: marshall(recordedClaim("session:s-1", 2)),
      }),
    );

    const error = await failureOf(store.append(idempotentSession()));

    expect(error).toBeInstanceOf(DuplicateFact);
    expect((error as DuplicateFact).claim).toBe("session:s-1");
  });

  it("given every condition failed (stream moved on and command already stored), then DuplicateCommand wins", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(canceled("ConditionalCheckFailed", "ConditionalCheckFailed", "ConditionalCheckFailed"));
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(DuplicateCommand);
  });

  it("given reasons [None, TransactionConflict], then TransactionConflict (transient: retry)", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("None", "TransactionConflict", "None"));
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(TransactionConflict);
  });

  it("given a ThrottlingError cancellation reason, then StoreUnavailable with the cause", async () => {
    const cause = canceled("ThrottlingError", "None", "None");
    ddb.on(TransactWriteCommand).rejects(cause);
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(StoreUnavailable);
    expect((error as StoreUnavailable).cause).toBe(cause);
  });

  it("given a ProvisionedThroughputExceeded cancellation reason (DynamoDB's code for a provisioned table), then StoreUnavailable", async () => {
    ddb.on(TransactWriteCommand).rejects(canceled("None", "ProvisionedThroughputExceeded", "None"));
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given TransactWriteItems throws ProvisionedThroughputExceededException, then StoreUnavailable", async () => {
    ddb.on(TransactWriteCommand).rejects(throughputExceeded());
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given a throttling error flagged by the SDK's retry classifier, then StoreUnavailable", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(
        Object.assign(new Error("Rate exceeded"), { name: "SlowDown", $retryable: { throttling: true } }),
      );
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given a timeout that outlasted the SDK's retries, then StoreUnavailable (the caller retries with its Idempotency-Key)", async () => {
    ddb.on(TransactWriteCommand).rejects(timedOut());
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given the SDK's retries of a timed-out write kept finding it in progress (TransactionInProgressException), then StoreUnavailable", async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionInProgressException({
        message: "The transaction with the given request token is already in progress",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("given a non-transient error (a validation error), then it passes through unchanged", async () => {
    const validation = Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
      name: "ValidationException",
    });
    ddb.on(TransactWriteCommand).rejects(validation);
    const error = await failureOf(store.append(idempotentSession()));
    expect(error).toBe(validation);
  });
});

describe("reading through a failing DynamoDB", () => {
  it("given BatchGetItem throws ProvisionedThroughputExceededException, when loading, then StoreUnavailable", async () => {
    givenStream(history);
    ddb.on(BatchGetCommand).rejects(throughputExceeded());
    expect(await failureOf(store.load(key, { idempotencyKey: "k-1" }))).toBeInstanceOf(StoreUnavailable);
  });

  it("given the Query for the newest event throws ProvisionedThroughputExceededException, when loading, then StoreUnavailable", async () => {
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
    givenStream(history);
    ddb.on(BatchGetCommand).rejects(timedOut());
    expect(await failureOf(store.load(key, { claims: ["session:s-1"] }))).toBeInstanceOf(StoreUnavailable);
  });

  it("given BatchGetItem leaves a key unprocessed once, when loading, then only that key is asked for again", async () => {
    givenStream(history);
    const command = {
      pk: "T#t-1#C#c-1",
      sk: "CMD#k-1",
      requestHash: "h",
      response: JSON.stringify({ ok: 1 }),
    };
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [recordedClaim("session:s-1", 2)] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: "T#t-1#C#c-1", sk: "CMD#k-1" }] } },
      })
      .resolves({ Responses: { [TABLE]: [command] } });

    const loaded = await store.load(key, { idempotencyKey: "k-1", claims: ["session:s-1"] });

    expect(loaded).toEqual({
      state: fold(history),
      version: 3,
      idempotencyRecord: { requestHash: "h", response: { ok: 1 } },
      claimed: ["session:s-1"],
      referenced: new Map(),
    });
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([
      { pk: "T#t-1#C#c-1", sk: "CMD#k-1" },
      { pk: "T#t-1#C#c-1", sk: "U#session:s-1" },
    ]);
    expect(calls[1]?.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual([
      { pk: "T#t-1#C#c-1", sk: "CMD#k-1" },
    ]);
    expect(calls[1]?.args[0].input.RequestItems?.[TABLE]?.ConsistentRead).toBe(true);
  });

  it("given BatchGetItem keeps returning UnprocessedKeys, when loading, then StoreUnavailable after a bounded number of attempts", async () => {
    givenStream(history);
    const unprocessed = [
      { pk: "T#t-1#C#c-1", sk: "CMD#k-1" },
      { pk: "T#t-1#C#c-1", sk: "U#session:s-1" },
    ];
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: unprocessed } } });

    const error = await failureOf(store.load(key, { idempotencyKey: "k-1", claims: ["session:s-1"] }));

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
  const withKey = { idempotency: { key: "k-1", requestHash: "h", expiresAt: 2e9 } };
  const loads = () => ddb.commandCalls(QueryCommand, NEWEST);
  // Each load asks for the session's claim (and the command's record, with an Idempotency-Key).
  beforeEach(() => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
  });

  it("given two VersionConflicts, when the third attempt lands, then the command resolves after three loads and three appends", async () => {
    givenStream(history);
    ddb
      .on(PutCommand, eventPuts)
      .rejectsOnce(conditionFailed(rivalEvent()))
      .rejectsOnce(conditionFailed(rivalEvent()))
      .resolves({});

    const result = await executeCommand(store, execution());

    expect(result).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: false });
    expect(loads()).toHaveLength(3);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(3);
    expect(putsOf(ddb, "event").map((input) => input.Item?.version)).toEqual([4, 4, 4]);
  });

  it("given a VersionConflict, when the reload shows the session already stored, then it decides again and appends nothing", async () => {
    // A rival recorded the same session first: its claim (written before its event) and its event at 4.
    const rival = newestItem([...history, sessionCompleted("s-1", day(2))]);
    const rivalClaim = { ...recordedClaim("session:s-1", 4), eventId: rival.eventId };
    ddb
      .on(QueryCommand, NEWEST)
      .resolvesOnce({ Items: [newestItem(history)] })
      .resolves({ Items: [rival] });
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [] } })
      .resolves({ Responses: { [TABLE]: [rivalClaim] } });
    ddb.on(PutCommand, claimPuts).rejects(conditionFailed(rivalClaim));
    ddb.on(PutCommand, eventPuts).rejects(conditionFailed(rival));

    const result = await executeCommand(store, execution());

    expect(result).toEqual({ response: { version: 4, events: [] }, replayed: false });
    expect(putsOf(ddb, "event")).toHaveLength(1);
    expect(loads()).toHaveLength(2);
  });

  it("given an admission that refuses (the tenant's budget), then its refusal surfaces and nothing is written, though the load ran beside it", async () => {
    givenStream(history);
    ddb.on(PutCommand).resolves({});
    const refused = new Error("budget spent");

    const error = await failureOf(executeCommand(store, execution({ admission: Promise.reject(refused) })));

    expect(error).toBe(refused);
    expect(loads()).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it("given an admission still pending after the load, then nothing is written until it settles", async () => {
    givenStream(history);
    ddb.on(PutCommand).resolves({});
    let admit: () => void = () => {};
    const admission = new Promise<void>((resolve) => {
      admit = resolve;
    });

    const running = executeCommand(store, execution({ admission }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loads()).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    admit();

    expect((await running).response.version).toBe(4);
    expect(putsOf(ddb, "event")).toHaveLength(1);
  });

  it("given a TransactionConflict, then it is retried like a lost race", async () => {
    givenStream(history);
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(canceled("TransactionConflict", "None", "None"))
      .resolves({});

    const result = await executeCommand(store, execution(withKey));

    expect(result.response.version).toBe(4);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(loads()).toHaveLength(2);
  });

  it("given every attempt loses the race, then ConcurrencyExhausted after MAX_ATTEMPTS attempts", async () => {
    givenStream(history);
    ddb.on(PutCommand, eventPuts).rejects(conditionFailed(rivalEvent()));

    const error = await failureOf(executeCommand(store, execution()));

    expect(error).toBeInstanceOf(ConcurrencyExhausted);
    expect(putsOf(ddb, "event")).toHaveLength(MAX_ATTEMPTS);
    expect(loads()).toHaveLength(MAX_ATTEMPTS);
  });

  it("given the event's PutItem meets a transaction writing the same item (TransactionConflictException, not retried by the SDK), then it is retried like a lost race", async () => {
    givenStream(history);
    ddb.on(PutCommand, { Item: { kind: "claim" } }).resolves({});
    ddb
      .on(PutCommand, eventPuts)
      .rejectsOnce(
        Object.assign(new Error("Transaction is ongoing for the item"), {
          name: "TransactionConflictException",
        }),
      )
      .resolves({});

    const result = await executeCommand(store, execution());

    expect(result.response).toEqual({ version: 4, events: ["SessionCompleted"] });
    expect(putsOf(ddb, "event")).toHaveLength(2);
    expect(loads()).toHaveLength(2);
  });

  it("given the store is throttled, then StoreUnavailable surfaces at once (the SDK already retried)", async () => {
    givenStream(history);
    ddb.on(PutCommand, eventPuts).rejects(throughputExceeded());

    expect(await failureOf(executeCommand(store, execution()))).toBeInstanceOf(StoreUnavailable);
    expect(putsOf(ddb, "event")).toHaveLength(1);
    expect(loads()).toHaveLength(1);
  });

  it("given a DuplicateCommand, then the stored reply is read back and replayed", async () => {
    givenStream(history);
    // The first execution wrote the event, the record and the claim: every condition fails.
    ddb
      .on(TransactWriteCommand)
      .rejects(
        canceled(
          "ConditionalCheckFailed",
          { Code: "ConditionalCheckFailed", Item: { sk: { S: "CMD#k-1" } } },
          "ConditionalCheckFailed",
        ),
      );
    ddb.on(GetCommand, { TableName: TABLE, Key: { sk: "CMD#k-1" } }).resolves({
      Item: {
        sk: "CMD#k-1",
        requestHash: "h",
        response: JSON.stringify({ version: 4, events: ["SessionCompleted"] }),
      },
    });

    const result = await executeCommand(store, execution(withKey));

    expect(result).toEqual({ response: { version: 4, events: ["SessionCompleted"] }, replayed: true });
  });

  /*
   * A load's Query and BatchGetItem are not isolated from TransactWriteItems: a load that overlaps the
   * first execution's transaction can read its newest event (the session is in the state it carries)
   * without its idempotency record.
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
