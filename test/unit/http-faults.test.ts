import { readFileSync } from "node:fs";
import {
  type CancellationReason,
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { ClientKeys } from "../../events/crypto/client-keys.ts";
import { LocalKeyWrapper } from "../../events/crypto/key-wrapper.ts";
import { MAX_ATTEMPTS } from "../../events/execute-command.ts";
import { documentClient } from "../../events/store/documents.ts";
import { handler as getClient } from "../../functions/http/get-client.ts";
import { handler as getHistory } from "../../functions/http/get-history.ts";
import { handler as listRoster } from "../../functions/http/list-roster.ts";
import { handler as recordSession } from "../../functions/http/record-session.ts";
import { day, registered, sessionCompleted, started } from "../support/builders.ts";
import { claimPuts, eventPuts, NEWEST, newestItem as newestItemOf, putsOf } from "../support/store-items.ts";

/*
 * DynamoDB faults under the HTTP handlers (no DynamoDB): each error arrives as it would once the SDK's own
 * retries gave up. The store talks through lib-dynamodb's DynamoDBDocumentClient, whose send does not go
 * through DynamoDBClient.prototype.send, so the document client is the one mocked (QueryCommand is Query,
 * BatchGetCommand is BatchGetItem, PutCommand is PutItem, TransactWriteCommand is TransactWriteItems).
 *
 * A load Queries the stream's newest event item, which carries the client's state, and BatchGets the
 * command's claims (and its Idempotency-Key's record). A lone session is appended as two PutItems, its
 * claim's then its event's; with an Idempotency-Key, in one TransactWriteItems.
 */

vi.hoisted(() => {
  // The handlers read their wiring from the environment at first use, as in Lambda.
  process.env.TABLE_NAME = "faults-table";
  process.env.KEYS_TABLE_NAME = "faults-table-keys";
  // The clients' data keys are wrapped by a master key file, as in the local stack.
  const { mkdtempSync, writeFileSync } = process.getBuiltinModule("node:fs");
  const { randomBytes } = process.getBuiltinModule("node:crypto");
  const { tmpdir } = process.getBuiltinModule("node:os");
  const masterKeyFile = `${mkdtempSync(`${tmpdir()}/faults-`)}/master-key`;
  writeFileSync(masterKeyFile, randomBytes(32).toString("base64"));
  process.env.MASTER_KEY_FILE = masterKeyFile;
  process.env.AWS_REGION = "eu-west-1";
  delete process.env.DYNAMODB_ENDPOINT;
  process.env.POWERTOOLS_METRICS_NAMESPACE = "OPT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
});

const TABLE = "faults-table";
const KEYS_TABLE = "faults-table-keys";
const CLIENT_ID = "6f1c2d4e-8a9b-4c3d-9e8f-0123456789ab";
const owner = { tenantId: "t-1", clientId: CLIENT_ID };
const ddb = mockClient(DynamoDBDocumentClient);

// The client was registered: its data key, wrapped under the stack's master key, is in the key table.
const masterKey = Buffer.from(readFileSync(String(process.env.MASTER_KEY_FILE), "utf8"), "base64");
const clientKey = await new ClientKeys(
  documentClient(new DynamoDBClient({})),
  KEYS_TABLE,
  new LocalKeyWrapper(masterKey),
).create(owner, day(0));

beforeEach(() => {
  ddb.reset();
  // The tenant has no settings of its own: the defaults apply.
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { TableName: KEYS_TABLE }).resolves({ Item: clientKey.put.Put?.Item });
});
afterAll(() => {
  ddb.restore();
});

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: "opt-test",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:000000000000:function:opt-test",
  memoryLimitInMB: "256",
  awsRequestId: "request-1",
  logGroupName: "/aws/lambda/opt-test",
  logStreamName: "test",
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** An API Gateway v2 (HTTP API) event as the JWT authorizer hands it over: verified claims as strings. */
function apiEvent(
  routeKey: string,
  rawPath: string,
  options: {
    pathParameters?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = "GET"] = routeKey.split(" ");
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "10.0.0.1", userAgent: "test" },
      requestId: "req-1",
      routeKey,
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: {
        principalId: "",
        integrationLatency: 0,
        jwt: {
          claims: { token_use: "access", tenant_id: "t-1", role: "admin", locations: "*", sub: "admin-1" },
          scopes: [],
        },
      },
    },
  };
}

async function invoke(handler: Handler, event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  const headers = (result.headers ?? {}) as Record<string, string>;
  return {
    status: result.statusCode,
    headers,
    text: result.body ?? "",
    body: JSON.parse(result.body ?? "null"),
  };
}

const sessionEvent = (headers: Record<string, string> = {}) =>
  apiEvent("POST /v1/clients/{clientId}/sessions", `/v1/clients/${CLIENT_ID}/sessions`, {
    pathParameters: { clientId: CLIENT_ID },
    body: {
      sessionId: "s-new",
      performedAt: day(3),
      exercises: [{ name: "ball squat", sets: [{ reps: 15, tempo: "4/2/1", restSeconds: 60 }] }],
    },
    headers,
  });

const history: ClientEvent[] = [...registered(), started(1, day(1))];

const newestItem = (events: ClientEvent[]) =>
  newestItemOf(owner, events, clientKey.key, { actorId: "admin-1", correlationId: "corr-1", source: "api" });

const givenStream = (events = history) =>
  ddb.on(QueryCommand, NEWEST).resolves({ Items: [newestItem(events)] });
/** The BatchGetItem of a load: the session's claim is not there (nor the command's record). */
const noClaims = { Responses: { [TABLE]: [] } };
const loads = () => ddb.commandCalls(QueryCommand, NEWEST);

/** The event item's condition failed: another writer's event holds the version (it is returned). */
const versionTaken = (events: ClientEvent[]) =>
  new ConditionalCheckFailedException({
    message: "The conditional request failed",
    $metadata: { httpStatusCode: 400 },
    Item: marshall(newestItem(events), { removeUndefinedValues: true }),
  });
const rivalSession = () => [...history, sessionCompleted("s-rival", day(2))];

/** Throttling that outlasted the SDK's retries, as the SDK raises it. */
const throttling = () =>
  Object.assign(
    new ThrottlingException({
      message: "Rate of requests exceeds the allowed throughput.",
      $metadata: { httpStatusCode: 400, attempts: 3 },
    }),
    { $retryable: { throttling: true } },
  );

/** As DynamoDB reports a cancelled transaction: one reason per item, by index. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: "Transaction cancelled, please refer cancellation reasons for specific reasons",
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code): CancellationReason => ({ Code })),
  });

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/**
 * A cancellation whose reasons follow the transaction actually sent, by index: items matching `failed`
 * get `code`, the others "None" (the event items are what another writer's version collides with).
 */
const cancelWhere =
  (code: string, failed: (sk: string) => boolean) => (input: { TransactItems?: TransactItems }) =>
    Promise.reject(
      cancelled(
        ...(input.TransactItems ?? []).map((item) => (failed(String(item.Put?.Item?.sk)) ? code : "None")),
      ),
    );
const isEvent = (sk: string) => sk.startsWith("E#");

function expectProblem(response: Awaited<ReturnType<typeof invoke>>, status: number, type: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers["content-type"]).toBe("application/problem+json");
  expect(response.body).toMatchObject({ type, status });
}

describe("throttling that outlasts the SDK's retries", () => {
  it("given BatchGetItem throttled, when a session is posted, then 503 with Retry-After and no write attempted", async () => {
    givenStream();
    ddb.on(BatchGetCommand).rejects(throttling());
    const response = await invoke(recordSession, sessionEvent());
    expectProblem(response, 503, "urn:opt:problem:unavailable");
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("given the Query for the newest event throttled, when the summary is read, then 503 with Retry-After", async () => {
    ddb.on(QueryCommand).rejects(throttling());
    const response = await invoke(
      getClient,
      apiEvent("GET /v1/clients/{clientId}", `/v1/clients/${CLIENT_ID}`, {
        pathParameters: { clientId: CLIENT_ID },
      }),
    );
    expectProblem(response, 503, "urn:opt:problem:unavailable");
    expect(response.headers["retry-after"]).toBeDefined();
    expect(loads()).toHaveLength(1);
  });

  it("given the history Query throttled, when history is read, then 503 with Retry-After", async () => {
    ddb.on(QueryCommand).rejects(throttling());
    givenStream();
    const response = await invoke(
      getHistory,
      apiEvent("GET /v1/clients/{clientId}/history", `/v1/clients/${CLIENT_ID}/history`, {
        pathParameters: { clientId: CLIENT_ID },
      }),
    );
    expectProblem(response, 503, "urn:opt:problem:unavailable");
    expect(response.headers["retry-after"]).toBeDefined();
    // The client loaded; the page of its history was the read refused.
    const [load, page] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(load?.ScanIndexForward).toBe(false);
    expect(page?.ExpressionAttributeValues?.[":from"]).toBe("E#0000000001");
  });

  it("given the event's PutItem throttled, when a session is posted, then 503 with Retry-After after one attempt", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb.on(PutCommand, eventPuts).rejects(throttling());
    const response = await invoke(recordSession, sessionEvent());
    expectProblem(response, 503, "urn:opt:problem:unavailable");
    expect(response.headers["retry-after"]).toBeDefined();
    expect(putsOf(ddb, "claim")).toHaveLength(1);
    expect(putsOf(ddb, "event")).toHaveLength(1);
  });

  it("given the claim's PutItem failing with ProvisionedThroughputExceeded, when a session is posted, then 503 and no event is written", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb
      .on(PutCommand, claimPuts)
      .rejects(new ProvisionedThroughputExceededException({ message: "exceeded", $metadata: {} }));
    expectProblem(await invoke(recordSession, sessionEvent()), 503, "urn:opt:problem:unavailable");
    expect(putsOf(ddb, "event")).toHaveLength(0);
  });

  it("given TransactWriteItems throttled, when a session is posted with an Idempotency-Key, then 503 with Retry-After after one attempt", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb.on(TransactWriteCommand).rejects(throttling());
    const response = await invoke(recordSession, sessionEvent({ "idempotency-key": "k-1" }));
    expectProblem(response, 503, "urn:opt:problem:unavailable");
    expect(response.headers["retry-after"]).toBeDefined();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it("given TransactWriteItems failing with ProvisionedThroughputExceeded (a session with an Idempotency-Key), then 503", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb
      .on(TransactWriteCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: "exceeded", $metadata: {} }));
    expectProblem(
      await invoke(recordSession, sessionEvent({ "idempotency-key": "k-1" })),
      503,
      "urn:opt:problem:unavailable",
    );
  });

  it("given a transaction cancelled for throttling (reason ThrottlingError, a session with an Idempotency-Key), then 503", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb.on(TransactWriteCommand).callsFake(cancelWhere("ThrottlingError", isEvent));
    expectProblem(
      await invoke(recordSession, sessionEvent({ "idempotency-key": "k-1" })),
      503,
      "urn:opt:problem:unavailable",
    );
  });

  it("given the roster's reads throttled, when the roster is listed, then 503 with Retry-After", async () => {
    ddb.on(GetCommand).rejects(throttling());
    ddb.on(QueryCommand).rejects(throttling());
    const response = await invoke(
      listRoster,
      apiEvent("GET /v1/locations/{locationId}/clients", "/v1/locations/downtown/clients", {
        pathParameters: { locationId: "downtown" },
      }),
    );
    expectProblem(response, 503, "urn:opt:problem:unavailable");
    expect(response.headers["retry-after"]).toBeDefined();
  });
});

describe("version conflicts on every attempt", () => {
  it("given every append cancelled by version conflicts, then 409 with Retry-After after bounded retries", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    // The event's condition failed: another writer's event took the version.
    ddb.on(PutCommand, eventPuts).rejects(versionTaken(rivalSession()));
    const started = Date.now();
    const response = await invoke(recordSession, sessionEvent());
    expectProblem(response, 409, "urn:opt:problem:conflict");
    expect(response.headers["retry-after"]).toBeDefined();
    // Bounded: exactly the configured attempts, each one reloading the client before deciding again.
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
    expect(putsOf(ddb, "event")).toHaveLength(MAX_ATTEMPTS);
    expect(loads()).toHaveLength(MAX_ATTEMPTS);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(MAX_ATTEMPTS);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("given an Idempotency-Key whose record item did not conflict, then the conflicts are still version conflicts (409)", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb.on(TransactWriteCommand).callsFake(cancelWhere("ConditionalCheckFailed", isEvent));
    const response = await invoke(recordSession, sessionEvent({ "idempotency-key": "k-1" }));
    expectProblem(response, 409, "urn:opt:problem:conflict");
    // The command item was in every transaction, and never taken for a duplicate command.
    const sent = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(sent.some((item) => String(item.Put?.Item?.sk).startsWith("CMD#"))).toBe(true);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(MAX_ATTEMPTS);
    const reads = ddb.commandCalls(GetCommand).map((call) => call.args[0].input.TableName);
    expect(reads.filter((table) => table === TABLE)).toHaveLength(0);
  });

  it("given transient TransactionConflict cancellations on every attempt (a session with an Idempotency-Key), then 409", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb.on(TransactWriteCommand).callsFake(cancelWhere("TransactionConflict", isEvent));
    expectProblem(
      await invoke(recordSession, sessionEvent({ "idempotency-key": "k-1" })),
      409,
      "urn:opt:problem:conflict",
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(MAX_ATTEMPTS);
  });

  it("given a duplicate of the command that stored its record first, then its response is replayed (201)", async () => {
    let stored: Record<string, unknown> | undefined;
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb.on(TransactWriteCommand).callsFake((input: { TransactItems?: TransactItems }) => {
      // The rival ran the same command: its record, event and claim are what ours collide with.
      const record = input.TransactItems?.find((item) => String(item.Put?.Item?.sk).startsWith("CMD#"));
      stored = { ...record?.Put?.Item };
      return cancelWhere("ConditionalCheckFailed", () => true)(input);
    });
    // The table holds the rival's record under the key's item.
    ddb
      .on(GetCommand, { TableName: TABLE })
      .callsFake((input: GetCommandInput) =>
        Promise.resolve({ Item: stored && input.Key?.sk === stored.sk ? stored : undefined }),
      );
    const response = await invoke(recordSession, sessionEvent({ "idempotency-key": "k-dup" }));
    expect(response.status, response.text).toBe(201);
    expect(response.headers["idempotent-replayed"]).toBe("true");
    expect(response.body).toMatchObject({ sessionId: "s-new", version: history.length + 1 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it("given one lost race, then the retry decides again on the reloaded state and answers 201", async () => {
    const afterRival = rivalSession();
    ddb
      .on(QueryCommand, NEWEST)
      .resolvesOnce({ Items: [newestItem(history)] })
      .resolves({ Items: [newestItem(afterRival)] });
    ddb.on(BatchGetCommand).resolves(noClaims);
    ddb.on(PutCommand, eventPuts).rejectsOnce(versionTaken(afterRival)).resolves({});
    const response = await invoke(recordSession, sessionEvent());
    expect(response.status, response.text).toBe(201);
    expect(response.body.version).toBe(afterRival.length + 1);
    expect(response.headers.etag).toBe(`"${afterRival.length + 1}"`);
    expect(putsOf(ddb, "event").map((input) => input.Item?.version)).toEqual([
      history.length + 1,
      afterRival.length + 1,
    ]);
  });
});

describe("unexpected errors", () => {
  const secret =
    "connect ECONNREFUSED 10.1.2.3:443 arn:aws:dynamodb:eu-west-1:123456789012:table/faults-table";

  it("given an unknown failure while loading, then 500 problem that leaks no internals", async () => {
    givenStream();
    ddb.on(BatchGetCommand).rejects(new Error(secret));
    const response = await invoke(recordSession, sessionEvent());
    expectProblem(response, 500, "urn:opt:problem:internal");
    for (const leak of ["ECONNREFUSED", "10.1.2.3", "arn:aws", "faults-table", "Error:", "    at "]) {
      expect(response.text).not.toContain(leak);
    }
    expect(Object.keys(response.body).sort()).toEqual(["detail", "instance", "status", "title", "type"]);
  });

  it("given an unknown failure while appending, then 500 problem that leaks no internals", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    const error = Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
      name: "ValidationException",
      $metadata: { httpStatusCode: 400, requestId: "AWS-REQUEST-ID-123" },
    });
    ddb.on(PutCommand, eventPuts).rejects(error);
    const response = await invoke(recordSession, sessionEvent());
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers["content-type"]).toBe("application/problem+json");
    for (const leak of ["ValidationException", "AWS-REQUEST-ID-123", "faults-table", "    at "]) {
      expect(response.text).not.toContain(leak);
    }
    expect(putsOf(ddb, "event")).toHaveLength(1);
  });

  it("given DynamoDB refusing the data it was sent (ValidationException), then 400 problem: the input was at fault", async () => {
    givenStream();
    ddb.on(BatchGetCommand).resolves(noClaims);
    const error = Object.assign(new Error("Map keys must not be empty"), {
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
    });
    ddb.on(PutCommand, eventPuts).rejects(error);
    const response = await invoke(recordSession, sessionEvent());
    expectProblem(response, 400, "urn:opt:problem:invalid-input");
    expect(response.text).not.toContain("Map keys");
    expect(putsOf(ddb, "event")).toHaveLength(1);
  });

  it("given a non-Error thrown by the SDK, then 500 problem", async () => {
    ddb.on(QueryCommand).callsFake(() => Promise.reject("socket hang up"));
    const response = await invoke(
      getClient,
      apiEvent("GET /v1/clients/{clientId}", `/v1/clients/${CLIENT_ID}`, {
        pathParameters: { clientId: CLIENT_ID },
      }),
    );
    expectProblem(response, 500, "urn:opt:problem:internal");
    expect(response.text).not.toContain("socket hang up");
    expect(loads()).toHaveLength(1);
  });
});
