import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, type DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { EventStore, EventType } from "@castore/core";
import { DynamoDBSingleTableEventStorageAdapter } from "@castore/event-storage-adapter-dynamodb";
import type { RecordSession } from "../domain/client/commands.ts";
import { decide } from "../domain/client/decide.ts";
import type { ClientEvent } from "../domain/client/events.ts";
import { fold } from "../domain/client/state.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { documentClient } from "../events/store/documents.ts";
import { MAX_EVENTS_PER_APPEND } from "../events/store/port.ts";
import { ROUTES } from "../functions/http/routes.ts";
import { apiGatewayEvent, type HttpLambda } from "../local/api-server.ts";
import { issueDevToken, verifyDevToken } from "../local/dev-auth.ts";
import { localDynamoDbClient } from "../local/dynamodb.ts";
import { localLambdaContext } from "../local/lambda-context.ts";
import { startLocalStack } from "../local/stack.ts";
import { ensureTable } from "../local/tables.ts";
import { BENCH_META, benchStore } from "./bench-store.ts";
import { meter, type Sample } from "./capacity.ts";
import { type Bench, LOCAL_STACK_TABLE, percentiles, round } from "./harness.ts";

/** Business days from 1 January 2020, 09:00 UTC: in the past, so the HTTP API accepts them too. */
const day = (n: number) => new Date(Date.UTC(2020, 0, 1, 9) + n * 86_400_000).toISOString();
const set = { reps: 15, tempo: "4/2/1", restSeconds: 60 };
const exercises = [{ name: "ball squat", sets: [set, set] }];
const session = (n: number, at: number): RecordSession => ({
  type: "RecordSession",
  data: { sessionId: `s-${n}`, performedAt: day(at), exercises, pain: false },
});
const samplesOf = (quick: boolean) => (quick ? 20 : 200);
const WARM_UP = 5;
const ratio = (a: number, b: number) => round(a / b, 2);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

/** Our store's command path (no HTTP) on its own table, as bench/command-cost.ts drives it. */
async function ourStore(endpoint: string, tableName: string) {
  const client = localDynamoDbClient(endpoint);
  const { store, run } = await benchStore(client, tableName);
  /** A registered client in a Phase 1 block: its history grows by sessions from day 1 on. */
  async function newClient(clientId: string): Promise<number> {
    const registeredAt = day(0);
    await run(clientId, {
      type: "RegisterClient",
      data: {
        clientId,
        name: "Bench",
        dateOfBirth: "1990-01-01",
        goal: "general-fitness",
        locationId: "l",
        registeredAt,
      },
    });
    return (await run(clientId, { type: "StartPhase", data: { phase: 1, startedAt: registeredAt } })).response
      .version;
  }
  /** `events` prior events, one command at a time (each one a load and an append, as in production). */
  async function seed(clientId: string, events: number): Promise<number> {
    let version = await newClient(clientId);
    for (let n = 1; version < events; n++) version = (await run(clientId, session(n, n))).response.version;
    return version;
  }
  /**
   * The same history, faster: the decider's events for many sessions appended up to 40 per transaction,
   * the last carrying the folded state, so the stream is what commands would leave.
   */
  async function seedInBatches(clientId: string, events: number): Promise<number> {
    await newClient(clientId);
    const key = { tenantId: "bench", clientId };
    let { state, version } = await store.load(key);
    let batch: ClientEvent[] = [];
    const flush = async () => {
      const next = fold(batch, state);
      await store.append({
        key,
        expectedVersion: version,
        events: batch,
        state: next,
        meta: BENCH_META,
        recordedAt: day(0),
      });
      [state, version, batch] = [next, version + batch.length, []];
    };
    for (let n = 1; version + batch.length < events; n++) {
      const decided = decide(session(n, n), fold(batch, state), DEFAULT_SETTINGS);
      if (batch.length + decided.length > MAX_EVENTS_PER_APPEND) await flush();
      batch.push(...decided);
    }
    if (batch.length > 0) await flush();
    return version;
  }
  return { client, store, run, newClient, seed, seedInBatches, measure: meter(client) };
}

/** Latency percentiles and the median capacity of samples. */
const summary = (samples: readonly Sample[]) => ({
  ...percentiles(samples.map((s) => s.ms)),
  rcu: median(samples.map((s) => s.readUnits)),
  wcu: median(samples.map((s) => s.writeUnits)),
  requests: samples[0]?.requests.join(", ") ?? "",
  /** The sizes of the items the last sample read and wrote: why its units are what they are. */
  itemBytes: samples[samples.length - 1]?.itemBytes.join(", ") ?? "",
});
type Summary = ReturnType<typeof summary>;

/** 1 and 2: the database floor, the round trips a command needs, and our store and HTTP API over them. */
export const floorAndOverhead: Bench = async ({ endpoint, quick }) => {
  const ours = await ourStore(endpoint, "bench-overhead-store");
  const raw = localDynamoDbClient(endpoint);
  await ensureTable(raw, "bench-floor");
  const documents = documentClient(raw);
  const measureRaw = meter(raw);
  const TableName = "bench-floor";
  const small = (pk: string, sk = "item") => ({ pk, sk, kind: "bench", data: "x".repeat(64) });
  await documents.send(new PutCommand({ TableName, Item: small("snapshot", "state") }));
  const notExists = { ConditionExpression: "attribute_not_exists(pk)" };
  const floor = (i: number) =>
    measureRaw(async () => {
      await documents.send(
        new GetCommand({ TableName, Key: { pk: "snapshot", sk: "state" }, ConsistentRead: true }),
      );
      await documents.send(new PutCommand({ TableName, Item: small(`floor-${i}`), ...notExists }));
    });
  /**
   * What RecordSession needs, as bare requests: the client's newest event (a Query of one item) beside
   * the session's claim (BatchGetItem), then the claim and the event, each a conditional PutItem.
   */
  const equivalent = (i: number) =>
    measureRaw(async () => {
      await Promise.all([
        documents.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": "snapshot" },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        ),
        documents.send(
          new BatchGetCommand({
            RequestItems: { [TableName]: { Keys: [{ pk: "claim", sk: `s-${i}` }], ConsistentRead: true } },
          }),
        ),
      ]);
      await documents.send(new PutCommand({ TableName, Item: small("claim", `s-${i}`), ...notExists }));
      await documents.send(new PutCommand({ TableName, Item: small(`event-${i}`), ...notExists }));
    });

  await ours.newClient("store");
  const store = (i: number) => ours.measure(() => ours.run("store", session(i, i)));

  const dataDir = mkdtempSync(join(tmpdir(), "opt-bench-"));
  const stack = await startLocalStack({
    dataDir,
    apiPort: 0,
    dynamoEndpoint: endpoint,
    tableName: LOCAL_STACK_TABLE,
    analytics: false,
  });
  try {
    const token = await issueDevToken(stack.signingKey, { tenant: "bench", role: "admin" });
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${stack.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text);
    };
    const { clientId } = await post("/v1/clients", {
      name: "Bench",
      dateOfBirth: "1990-01-01",
      goal: "general-fitness",
      locationId: "l",
      registeredAt: day(0),
    });
    await post(`/v1/clients/${clientId}/phases`, { phase: 1, startedAt: day(0) });
    const http = async (i: number) => {
      const started = performance.now();
      await post(`/v1/clients/${clientId}/sessions`, { performedAt: day(i), exercises });
      return performance.now() - started;
    };

    // What runs per request in AWS: the route's Lambda handler, given the event API Gateway builds once
    // its JWT authorizer has verified the token (the same module the local stack serves, so the same store).
    const sessionsRoute = ROUTES.find((route) => route.operationId === "recordSession");
    if (!sessionsRoute) throw new Error("no recordSession route");
    const { handler } = (await import("../functions/http/record-session.ts")) as { handler: HttpLambda };
    const claims = await verifyDevToken(stack.signingKey, token);
    const hourBefore = (at: string) => new Date(Date.parse(at) - 3_600_000).toISOString();
    const lambda = async (i: number) => {
      const path = `/v1/clients/${clientId}/sessions`;
      const body = Buffer.from(JSON.stringify({ performedAt: hourBefore(day(i)), exercises }));
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const event = apiGatewayEvent(
        sessionsRoute,
        "POST",
        new URL(path, stack.url),
        headers,
        { clientId },
        body,
        claims,
      );
      const started = performance.now();
      const result = await handler(event, localLambdaContext("recordSession", 10_000));
      if (result.statusCode !== 201)
        throw new Error(`the handler answered ${result.statusCode}: ${result.body}`);
      return performance.now() - started;
    };

    // Interleaved, so drift on the shared machine hits every series alike.
    const n = samplesOf(quick);
    const series = {
      floor: [] as Sample[],
      equivalent: [] as Sample[],
      store: [] as Sample[],
      lambda: [] as number[],
      http: [] as number[],
    };
    for (let i = 1; i <= n + WARM_UP; i++) {
      const [f, e, s, l, h] = [
        await floor(i),
        await equivalent(i),
        await store(i),
        await lambda(i),
        await http(i),
      ];
      if (i <= WARM_UP) continue;
      series.lambda.push(l);
      series.floor.push(f);
      series.equivalent.push(e);
      series.store.push(s);
      series.http.push(h);
    }
    const rows = {
      floor: summary(series.floor),
      equivalent: summary(series.equivalent),
      store: summary(series.store),
      lambda: { ...percentiles(series.lambda), rcu: Number.NaN, wcu: Number.NaN, requests: "handler(event)" },
      http: { ...percentiles(series.http), rcu: Number.NaN, wcu: Number.NaN, requests: "HTTP POST" },
    };
    const e = rows.equivalent;
    const ratios = {
      storeP50: ratio(rows.store.p50, e.p50),
      storeP99: ratio(rows.store.p99, e.p99),
      lambdaP50: ratio(rows.lambda.p50, e.p50),
      lambdaP99: ratio(rows.lambda.p99, e.p99),
      httpP50: ratio(rows.http.p50, e.p50),
      httpP99: ratio(rows.http.p99, e.p99),
    };
    const label: Record<keyof typeof rows, string> = {
      floor: "floor: consistent GetItem + conditional PutItem (document client)",
      equivalent:
        "floor-equivalent of a command: Query (newest item) ∥ BatchGetItem (claim), then 2 conditional PutItems",
      store: "RecordSession through the store (executeCommand, no HTTP)",
      lambda:
        "the route's Lambda handler, given API Gateway's event (middleware, validation, the tenant's budget, the answer)",
      http: "POST /v1/clients/{id}/sessions through the local HTTP stack",
    };
    const markdown = [
      `# Floor and overhead\n\nLatency (ms, DynamoDB Local, ${n} interleaved samples each) of the database's floor and of one RecordSession command, and its ratio to the bare round trips it needs (goal: 1.5× or better at p50). \`npm run bench -- --only floor-and-overhead\`\n`,
      "| operation | p50 | p99 | RCU | WCU | requests | ÷ floor-equivalent p50 | ÷ p99 |",
      "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
      ...(Object.keys(rows) as (keyof typeof rows)[]).map((key) => {
        const r = rows[key];
        const cost = Number.isNaN(r.rcu) ? "– | –" : `${r.rcu} | ${r.wcu}`;
        return `| ${label[key]} | ${r.p50} | ${r.p99} | ${cost} | ${r.requests} | ${ratio(r.p50, e.p50)} | ${ratio(r.p99, e.p99)} |`;
      }),
      "\nThe handler and HTTP paths also take the tenant's command budget (one UpdateItem, beside the load); their capacity is not metered here (the stack has its own client). The HTTP path adds what API Gateway does in AWS (HTTP, the JWT's verification), done here by the local stack's server, and the benchmark's own HTTP client; the local stack's projector runs in the same process.",
    ].join("\n");
    return { name: "floor-and-overhead", markdown, data: { samples: n, rows, ratios } };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    raw.destroy();
    ours.client.destroy();
  }
};

/** 3: the same command on clients with short and long histories: its cost must not grow with history. */
export const flatWithHistory: Bench = async ({ endpoint, quick }) => {
  const ours = await ourStore(endpoint, "bench-flat");
  const sizes = quick ? [10, 100, 300] : [10, 1_000, 10_000];
  const n = samplesOf(quick);
  const rows: (Summary & { events: number; seedSeconds: number })[] = [];
  try {
    const seeded: { clientId: string; events: number; seedSeconds: number }[] = [];
    for (const [index, size] of sizes.entries()) {
      const clientId = `history-${size}`;
      const started = performance.now();
      // The long histories are appended in batches (seeding 10,000 commands one by one takes minutes).
      const events = await (index === 0 ? ours.seed : ours.seedInBatches)(clientId, size);
      seeded.push({ clientId, events, seedSeconds: round((performance.now() - started) / 1000) });
    }
    // Interleaved across the sizes, so warm-up and drift on the shared machine hit every size alike.
    const samples = seeded.map((): Sample[] => []);
    for (let i = 0; i < n + WARM_UP; i++) {
      for (const [index, { clientId }] of seeded.entries()) {
        const sample = await ours.measure(() => ours.run(clientId, session(100_000 + i, 20_000 + i)));
        if (i >= WARM_UP) samples[index]?.push(sample);
      }
    }
    for (const [index, { events, seedSeconds }] of seeded.entries()) {
      rows.push({ events, seedSeconds, ...summary(samples[index] ?? []) });
    }
    const [first, last] = [rows[0] as (typeof rows)[0], rows[rows.length - 1] as (typeof rows)[0]];
    const ratios = {
      p50: ratio(last.p50, first.p50),
      p99: ratio(last.p99, first.p99),
      rcu: ratio(last.rcu, first.rcu),
      wcu: ratio(last.wcu, first.wcu),
    };
    const markdown = [
      `# Flat with history\n\nOne RecordSession through the store (executeCommand) on clients with growing histories: latency (ms, DynamoDB Local, ${n} samples per size, interleaved) and capacity per command (goal: largest/smallest ≤ 1.1). \`npm run bench -- --only flat-with-history\`\n`,
      "| prior events | p50 | p99 | RCU | WCU | requests | item sizes (bytes) | seeding (s) |",
      "| ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |",
      ...rows.map(
        (r) =>
          `| ${r.events} | ${r.p50} | ${r.p99} | ${r.rcu} | ${r.wcu} | ${r.requests} | ${r.itemBytes} | ${r.seedSeconds} |`,
      ),
      `| largest ÷ smallest | ${ratios.p50} | ${ratios.p99} | ${ratios.rcu} | ${ratios.wcu} | | | |`,
    ].join("\n");
    return { name: "flat-with-history", markdown, data: { samples: n, rows, ratios } };
  } finally {
    ours.client.destroy();
  }
};

/** The peer's version of our client stream: an aggregate that folds "session completed" events. */
interface ClientAggregate {
  aggregateId: string;
  version: number;
  sessions: number;
  recentSessionIds: string[];
}
const registered = new EventType<"CLIENT_REGISTERED", { name: string; dateOfBirth: string; goal: string }>({
  type: "CLIENT_REGISTERED",
});
const sessionCompleted = new EventType<
  "SESSION_COMPLETED",
  { sessionId: string; performedAt: string; exercises: typeof exercises; pain: boolean }
>({ type: "SESSION_COMPLETED" });

/** Castore's single-table adapter needs this table (its README): aggregateId/version and an initialEvents index. */
async function castoreTable(client: DynamoDBClient, TableName: string) {
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "aggregateId", AttributeType: "S" },
        { AttributeName: "version", AttributeType: "N" },
        { AttributeName: "eventStoreId", AttributeType: "S" },
        { AttributeName: "timestamp", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "aggregateId", KeyType: "HASH" },
        { AttributeName: "version", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "initialEvents",
          KeySchema: [
            { AttributeName: "eventStoreId", KeyType: "HASH" },
            { AttributeName: "timestamp", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName });
}

/** 4: the same workload on Castore (getAggregate + pushEvent) beside ours, at the same history sizes. */
export const castorePeer: Bench = async ({ endpoint, quick }) => {
  const client = localDynamoDbClient(endpoint);
  await castoreTable(client, "bench-castore");
  const clients = new EventStore({
    eventStoreId: "CLIENTS",
    eventTypes: [registered, sessionCompleted],
    reducer: (aggregate: ClientAggregate | undefined, event): ClientAggregate => {
      const base = aggregate ?? {
        aggregateId: event.aggregateId,
        version: 0,
        sessions: 0,
        recentSessionIds: [],
      };
      if (event.type !== "SESSION_COMPLETED") return { ...base, version: event.version };
      const ids = [...base.recentSessionIds, (event.payload as { sessionId: string }).sessionId].slice(-20);
      return { ...base, version: event.version, sessions: base.sessions + 1, recentSessionIds: ids };
    },
    eventStorageAdapter: new DynamoDBSingleTableEventStorageAdapter({
      tableName: "bench-castore",
      dynamoDBClient: client,
    }),
  });
  /** One command: read the aggregate (every event), refuse a known session, push the next event. */
  async function castoreCommand(aggregateId: string, n: number, at: number) {
    const { aggregate } = await clients.getAggregate(aggregateId);
    if (!aggregate) throw new Error(`no aggregate ${aggregateId}`);
    if (aggregate.recentSessionIds.includes(`s-${n}`)) return;
    await clients.pushEvent(
      {
        aggregateId,
        version: aggregate.version + 1,
        type: "SESSION_COMPLETED",
        payload: session(n, at).data as never,
      },
      { prevAggregate: aggregate },
    );
  }
  async function castoreSeed(aggregateId: string, events: number) {
    const payload = { name: "Bench", dateOfBirth: "1990-01-01", goal: "general-fitness" };
    await clients.pushEvent({ aggregateId, version: 1, type: "CLIENT_REGISTERED", payload });
    for (let version = 2; version <= events; version++) {
      const data = session(version, version).data;
      await clients.pushEvent({ aggregateId, version, type: "SESSION_COMPLETED", payload: data as never });
    }
  }
  const measureCastore = meter(client);
  const ours = await ourStore(endpoint, "bench-peer-ours");
  const sizes = quick ? [10, 100] : [10, 1_000];
  const n = quick ? 20 : 100;
  const rows: { events: number; ours: Summary; castore: Summary }[] = [];
  try {
    for (const size of sizes) {
      const id = `history-${size}`;
      const events = await ours.seed(id, size);
      await castoreSeed(id, events);
      const o: Sample[] = [];
      const c: Sample[] = [];
      // Interleaved, as in floor-and-overhead.
      for (let i = 0; i < n + WARM_UP; i++) {
        const sampleOurs = await ours.measure(() => ours.run(id, session(100_000 + i, 20_000 + i)));
        const sampleCastore = await measureCastore(() => castoreCommand(id, 100_000 + i, 20_000 + i));
        if (i < WARM_UP) continue;
        o.push(sampleOurs);
        c.push(sampleCastore);
      }
      rows.push({ events, ours: summary(o), castore: summary(c) });
    }
    const markdown = [
      `# Peer: Castore\n\nOne "record a session" command on a client with prior events: ours (executeCommand: newest event and claim read, claim and event written) beside Castore 2 (getAggregate + pushEvent, its DynamoDB single-table adapter), latency (ms, DynamoDB Local, ${n} interleaved samples) and capacity. \`npm run bench -- --only castore-peer\`\n`,
      "| prior events | ours p50 | Castore p50 | ours ÷ Castore | ours p99 | Castore p99 | ours RCU / WCU | Castore RCU / WCU | ours requests | Castore requests |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
      ...rows.map(
        ({ events, ours: o, castore: c }) =>
          `| ${events} | ${o.p50} | ${c.p50} | ${ratio(o.p50, c.p50)} | ${o.p99} | ${c.p99} | ${o.rcu} / ${o.wcu} | ${c.rcu} / ${c.wcu} | ${o.requests} | ${c.requests} |`,
      ),
      "\nCastore's events are plain JSON; ours are sealed per client, carry the client's state, and the command also writes a session-id claim. Our table has a stream (the projector needs it), Castore's has none (its README's table); DynamoDB Local writes to a stream-enabled table more slowly. Each sample appends an event, so each history grows by the samples during the run: Castore's read grows with it (its median RCU is at about half-way), ours does not.",
    ].join("\n");
    const ratios = rows.map(({ events, ours: o, castore: c }) => ({
      events,
      p50: ratio(o.p50, c.p50),
      rcu: ratio(o.rcu, c.rcu),
      wcu: ratio(o.wcu, c.wcu),
    }));
    return { name: "castore-peer", markdown, data: { samples: n, rows, ratios } };
  } finally {
    client.destroy();
    ours.client.destroy();
  }
};
