import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { type DynamoDBClient, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { evolve } from "../../domain/client/state.ts";
import { foldRoster } from "../../domain/read-models/roster.ts";
import { InvalidCursor, RosterStore } from "../../events/projections/roster-store.ts";
import type { StreamKey } from "../../events/store/port.ts";
import { createProjectorHandler } from "../../functions/streams/projector.ts";
import { startStreamPoller } from "../../local/stream-poller.ts";
import { day, registered, sessionCompleted, started } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testKeys, testStore } from "../support/dynamodb.ts";

process.env.POWERTOOLS_METRICS_DISABLED = "true";

let client: DynamoDBClient;
beforeAll(() => {
  client = testDynamoDbClient();
});
afterAll(() => client.destroy());

const registration = (clientId: string, locationId = "loc-1", name = `Client ${clientId}`): ClientEvent => ({
  type: "ClientRegistered",
  occurredAt: day(0),
  data: { clientId, name, dateOfBirth: "1990-04-01", locationId, guidelineVersion: "CPT7" },
});
const goal = registered()[1] as ClientEvent;
const history = (clientId: string, locationId = "loc-1", phase: 1 | 2 = 1): ClientEvent[] => [
  registration(clientId, locationId),
  goal,
  started(phase, day(1)),
  sessionCompleted("s-1", day(2), phase),
];

/** A fresh table with its store, projector handler (metrics spied) and stream helpers. */
async function setup(projectorClient: DynamoDBClient = client) {
  const tableName = await createTestTable(client);
  const store = testStore(client, tableName);
  const rows = new RosterStore(client, tableName, testKeys(client, tableName));
  const metrics = new Metrics({ namespace: "test" });
  const added = vi.spyOn(metrics, "addMetric");
  const handler = createProjectorHandler({
    client: projectorClient,
    tableName,
    keys: testKeys(client, tableName),
    logger: new Logger({ logLevel: "SILENT" }),
    metrics,
  });
  const append = async (key: StreamKey, events: ClientEvent[]) => {
    const loaded = await store.load(key);
    const state = events.reduce(evolve, loaded.state);
    const meta = { actorId: "trainer-1", correlationId: "test", source: "seed" } as const;
    return store.append({ key, expectedVersion: loaded.version, events, state, meta, recordedAt: day(3) });
  };
  /** Runs the stream through a handler until idle; returns its answers and the poller's errors. */
  const drain = async (handle: (records: DynamoDBRecord[]) => Promise<DynamoDBBatchResponse | undefined>) => {
    const responses: DynamoDBBatchResponse[] = [];
    const errors: unknown[] = [];
    const poller = await startStreamPoller({
      client,
      endpoint: inject("dynamoEndpoint"),
      tableName,
      intervalMs: 20,
      onError: (error) => errors.push(error),
      handler: async (event) => {
        const response = await handle(event.Records);
        if (response) responses.push(response);
        return response;
      },
    });
    await poller.idle();
    await poller.stop();
    return { responses, errors };
  };
  const project = () => drain((Records) => handler({ Records }));
  const capture = async () => {
    const records: DynamoDBRecord[] = [];
    await drain(async (batch) => void records.push(...batch));
    return records;
  };
  const expectFolded = async (key: StreamKey, model = "v1") => {
    const { events } = await store.readEvents(key);
    expect(await rows.getRow(key, model)).toEqual({ entry: foldRoster(events), lastVersion: events.length });
  };
  const metricNames = () => added.mock.calls.map(([name]) => name);
  return { tableName, store, rows, handler, append, project, capture, expectFolded, metricNames };
}

const key = (clientId: string, tenantId = "t-1"): StreamKey => ({ tenantId, clientId });
const versionOf = (record: DynamoDBRecord) => Number(record.dynamodb?.NewImage?.version?.N);
const ofStream = (records: DynamoDBRecord[], clientId: string) =>
  records.filter(
    (r) => r.dynamodb?.NewImage?.kind?.S === "event" && r.dynamodb.NewImage.clientId?.S === clientId,
  );

describe("roster projection", () => {
  it("projects every stream into the active roster, equal to a fresh fold", async () => {
    const t = await setup();
    await t.append(key("c-1"), history("c-1"));
    await t.append(key("c-2"), history("c-2", "loc-2", 2));
    await t.append(key("c-1"), [sessionCompleted("s-2", day(4))]);
    // ClientCleared with an empty data map: DynamoDB Local's stream images drop the map's type.
    const referred: ClientEvent = {
      type: "ClientReferred",
      occurredAt: day(5),
      data: { rule: "pain-reported", reason: "pain-reported", source: "trainer" },
    };
    await t.append(key("c-2"), [referred, { type: "ClientCleared", occurredAt: day(6), data: {} }]);
    await t.append(key("c-3"), [registration("c-3")]);
    const { responses, errors } = await t.project();
    expect(errors).toEqual([]);
    expect(responses.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    for (const id of ["c-1", "c-2", "c-3"]) await t.expectFolded(key(id));
    const { entries } = await t.rows.listRoster("t-1", "loc-1");
    expect(entries.map((e) => e.clientId)).toEqual(["c-3", "c-1"]);
  });

  it("leaves the roster unchanged when the same batch is delivered twice", async () => {
    const t = await setup();
    await t.append(key("c-1"), history("c-1"));
    const records = await t.capture();
    expect((await t.handler({ Records: records })).batchItemFailures).toEqual([]);
    const before = await t.rows.getRow(key("c-1"), "v1");
    expect((await t.handler({ Records: records })).batchItemFailures).toEqual([]);
    expect(await t.rows.getRow(key("c-1"), "v1")).toEqual(before);
    expect(t.metricNames().filter((n) => n === "RecordsSkipped")).toHaveLength(
      ofStream(records, "c-1").length,
    );
    await t.expectFolded(key("c-1"));
  });

  it("re-reads the stream on a gap (version 3 before 2) and skips what arrives late", async () => {
    const t = await setup();
    await t.append(key("c-1"), history("c-1"));
    const [r1, r2, r3, r4] = ofStream(await t.capture(), "c-1");
    if (!r1 || !r2 || !r3 || !r4) throw new Error("expected four records");
    expect([r1, r2, r3, r4].map(versionOf)).toEqual([1, 2, 3, 4]);
    await t.handler({ Records: [r1, r3] });
    await t.expectFolded(key("c-1")); // the re-read folded the whole stream, to version 4
    expect(t.metricNames()).toContain("GapRereads");
    await t.handler({ Records: [r2, r4] });
    expect(t.metricNames().filter((n) => n === "RecordsSkipped")).toHaveLength(2);
    await t.expectFolded(key("c-1"));
  });

  it("parks poison records with their error and keeps projecting the rest", async () => {
    const t = await setup();
    const put = (pk: string, item: Record<string, { S: string } | { N: string } | { M: object }>) =>
      client.send(
        new PutItemCommand({
          TableName: t.tableName,
          Item: {
            pk: { S: pk },
            sk: { S: "E#0000000001" },
            kind: { S: "event" },
            version: { N: "1" },
            ...item,
          },
        }),
      );
    const event = (clientId: string, type: string, data: object = {}) => ({
      tenantId: { S: "t-1" },
      clientId: { S: clientId },
      type: { S: type },
      schemaVersion: { N: "1" },
      occurredAt: { S: day(0) },
      data: { M: data },
    });
    await put("T#t-1#C#bad-1", event("bad-1", "ClientTeleported"));
    await put("T#t-1#C#bad-2", event("bad-2", "ClientRegistered"));
    await put("T#?#C#bad-3", { type: { S: "ClientRegistered" } });
    await t.append(key("c-1"), history("c-1"));
    const { responses, errors } = await t.project();
    expect(errors).toEqual([]);
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    await t.expectFolded(key("c-1"));

    const parked = async (pk: string) =>
      (
        await client.send(
          new QueryCommand({
            TableName: t.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": { S: pk } },
          }),
        )
      ).Items ?? [];
    const tenantParked = await parked("T#t-1#PARKED");
    expect(tenantParked.map((item) => item.error?.S).sort()).toEqual([
      expect.stringContaining("ClientRegistered does not match its schema"),
      expect.stringContaining("unknown event type ClientTeleported"),
    ]);
    const teleported = tenantParked.find((item) => item.error?.S?.includes("ClientTeleported"));
    // Keyed by the event item's key, with the keys and the error only (no copy of the event), expiring.
    expect(teleported?.sk?.S).toBe("T#t-1#C#bad-1#E#0000000001");
    expect(Object.keys(teleported ?? {}).sort()).toEqual(
      ["pk", "sk", "kind", "eventPk", "eventSk", "error", "errorName", "parkedAt", "expiresAt"].sort(),
    );
    expect(Number(teleported?.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000);
    // No tenant attribute: parked under the tenant its key leads with.
    expect(await parked("T#?#PARKED")).toHaveLength(1);
    expect(t.metricNames().filter((n) => n === "RecordsParked")).toHaveLength(3);
  });

  it("given an undecodable earlier event met by a gap re-read, then that event is parked and the valid records still apply", async () => {
    const t = await setup();
    await t.append(key("c-1"), history("c-1"));
    const [r1, r2, r3, r4] = ofStream(await t.capture(), "c-1");
    if (!r1 || !r2 || !r3 || !r4) throw new Error("expected four records");
    await t.handler({ Records: [r1] });
    // Version 2 is broken in the table after its record was sent (a bad migration, a manual edit).
    await client.send(
      new PutItemCommand({
        TableName: t.tableName,
        Item: { ...(r2.dynamodb?.NewImage as Record<string, never>), type: { S: "ClientTeleported" } },
      }),
    );

    const response = await t.handler({ Records: [r3, r4] });

    expect(response.batchItemFailures).toEqual([]);
    const parked =
      (
        await client.send(
          new QueryCommand({
            TableName: t.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": { S: "T#t-1#PARKED" } },
          }),
        )
      ).Items ?? [];
    expect(parked.map((item) => item.sk?.S)).toEqual(["T#t-1#C#c-1#E#0000000002"]);
    // The row folded past the broken event: versions 3 and 4 are applied, and later records are in order.
    const row = await t.rows.getRow(key("c-1"), "v1");
    expect(row?.lastVersion).toBe(4);
    expect(row?.entry?.phase).toBe(1);
    await t.append(key("c-1"), [sessionCompleted("s-2", day(4))]);
    const [r5] = ofStream(await t.capture(), "c-1").filter((record) => versionOf(record) === 5);
    expect((await t.handler({ Records: r5 ? [r5] : [] })).batchItemFailures).toEqual([]);
    expect((await t.rows.getRow(key("c-1"), "v1"))?.lastVersion).toBe(5);
    expect(t.metricNames().filter((n) => n === "RecordsParked")).toHaveLength(1);
  });

  it("retries an event written by newer code (a future schema version) instead of parking it", async () => {
    const t = await setup();
    await client.send(
      new PutItemCommand({
        TableName: t.tableName,
        Item: {
          pk: { S: "T#t-1#C#future-1" },
          sk: { S: "E#0000000001" },
          kind: { S: "event" },
          version: { N: "1" },
          tenantId: { S: "t-1" },
          clientId: { S: "future-1" },
          eventId: { S: "e-1" },
          type: { S: "ClientRegistered" },
          schemaVersion: { N: "99" },
          occurredAt: { S: day(0) },
          recordedAt: { S: day(0) },
          data: { M: {} },
          meta: { M: {} },
        },
      }),
    );
    const [record] = await t.capture();

    const response = await t.handler({ Records: record ? [record] : [] });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record?.dynamodb?.SequenceNumber }]);
    const parked = await client.send(
      new QueryCommand({
        TableName: t.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: "T#t-1#PARKED" } },
      }),
    );
    expect(parked.Items ?? []).toEqual([]);
  });

  it("reports a transient failure as a batch item failure and applies the record on redelivery", async () => {
    const flaky = testDynamoDbClient();
    let thrown = 0;
    flaky.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: { pk?: { S?: string }; sk?: { S?: string } } };
        if (thrown === 0 && input.Key?.pk?.S === "T#t-1#C#c-2" && input.Key.sk?.S?.startsWith("R#")) {
          thrown++;
          throw Object.assign(new Error("Rate of requests exceeds the allowed throughput"), {
            name: "ThrottlingException",
          });
        }
        return next(args);
      },
      { step: "build" },
    );
    const t = await setup(flaky);
    for (const id of ["c-1", "c-2", "c-3"]) await t.append(key(id), history(id));
    const records = await t.capture();
    const { responses, errors } = await t.project();
    flaky.destroy();
    expect(thrown).toBe(1);
    expect(errors).toEqual([]);
    const [firstOfC2] = ofStream(records, "c-2");
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([
      { itemIdentifier: firstOfC2?.dynamodb?.SequenceNumber },
    ]);
    for (const id of ["c-1", "c-2", "c-3"]) await t.expectFolded(key(id));
  });

  it("lists a location's roster within one tenant, filtered by phase and in pages", async () => {
    const t = await setup();
    await t.append(key("c-1", "t-a"), history("c-1"));
    await t.append(key("c-2", "t-a"), history("c-2", "loc-1", 2));
    await t.append(key("c-3", "t-a"), [registration("c-3")]);
    await t.append(key("c-4", "t-a"), history("c-4", "loc-2"));
    await t.append(key("c-1", "t-b"), [registration("c-1", "loc-1", "Other tenant's client")]);
    await t.project();
    const ids = async (...args: Parameters<RosterStore["listRoster"]>) =>
      (await t.rows.listRoster(...args)).entries.map((e) => `${e.clientId}:${e.name}`);
    expect(await ids("t-a", "loc-1")).toEqual(["c-3:Client c-3", "c-1:Client c-1", "c-2:Client c-2"]);
    expect(await ids("t-b", "loc-1")).toEqual(["c-1:Other tenant's client"]);
    expect(await ids("t-a", "loc-1", { phase: 2 })).toEqual(["c-2:Client c-2"]);
    expect(await ids("t-a", "loc-9")).toEqual([]);

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.rows.listRoster("t-a", "loc-1", { limit: 1, ...(cursor ? { cursor } : {}) });
      paged.push(...page.entries.map((e) => e.clientId));
      cursor = page.cursor ?? undefined;
      if (cursor) await expect(t.rows.listRoster("t-b", "loc-1", { cursor })).rejects.toThrow(InvalidCursor);
    } while (cursor);
    expect(paged).toEqual(["c-3", "c-1", "c-2"]);
  });
});
