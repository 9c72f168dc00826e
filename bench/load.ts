/**
 * Throughput under load: the local stack (API + projector on the run's DynamoDB Local) under a fixed number
 * of autocannon connections for a fixed time, half session POSTs (each a new session of a random client
 * in Phase 1) and half summary GETs; then whether every acknowledged session is stored, once.
 *
 *   npm run bench -- --only load      (writes bench/results/load.{md,json})
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { eventStore } from "../functions/shared/environment.ts";
import { issueDevToken } from "../local/dev-auth.ts";
import { startLocalStack } from "../local/stack.ts";
import { type Bench, LOCAL_STACK_TABLE, percentiles, round } from "./harness.ts";

const TENANT = "bench-load";
const SETUP_CONCURRENCY = 8;
const CONNECTIONS = 16;

/** A Phase 1-compliant session (test/support/e2e.ts phase1Session), performed now. */
const sessionBody = (sessionId: string) => ({
  sessionId,
  performedAt: new Date().toISOString(),
  exercises: [
    {
      name: "ball squat",
      sets: [
        { reps: 15, tempo: "4/2/1", restSeconds: 60 },
        { reps: 15, tempo: "4/2/1", restSeconds: 60 },
      ],
    },
  ],
});

/** Runs `work` over `items` with at most `concurrency` at once. */
async function bounded<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** What a connection is waiting for: autocannon keeps one request in flight per connection. */
interface InFlight {
  kind: "post" | "get";
  clientId: string;
  sessionId?: string;
  sentAt: number;
}

export const load: Bench = async (context) => {
  const clientCount = context.quick ? 50 : 1_000;
  const seconds = context.quick ? 5 : 30;
  const dataDir = mkdtempSync(join(tmpdir(), "opt-bench-load-"));
  const stack = await startLocalStack({
    dataDir,
    apiPort: 0,
    dynamoEndpoint: context.endpoint,
    tableName: LOCAL_STACK_TABLE,
    analytics: false,
  });
  try {
    const token = await issueDevToken(stack.signingKey, { tenant: TENANT, role: "admin", sub: "bench" });
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${stack.url}${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (response.status !== 201)
        throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(json)}`);
      return json;
    };

    const setupStarted = performance.now();
    const registeredAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const startedAt = new Date(Date.now() - 3_600_000).toISOString();
    const clientIds = await bounded(
      Array.from({ length: clientCount }, (_, n) => n),
      SETUP_CONCURRENCY,
      async (n) => {
        const { clientId } = await post("/v1/clients", {
          name: `Load Client ${n}`,
          dateOfBirth: "1990-04-01",
          goal: "general-fitness",
          locationId: "downtown",
          registeredAt,
        });
        await post(`/v1/clients/${clientId}/phases`, { phase: 1, startedAt });
        return String(clientId);
      },
    );
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    await stack.projectionsIdle();

    const acknowledged = new Map<string, string[]>(clientIds.map((id) => [id, []]));
    /** Sent but never answered before autocannon stopped: may or may not be stored. */
    const sent = new Map<string, string>();
    const latency = { post: [] as number[], get: [] as number[] };
    const statuses: Record<string, number> = {};
    const pick = () => clientIds[Math.floor(Math.random() * clientIds.length)] as string;
    /** Every connection's context, to count what was in flight when the run stopped. */
    const contexts = new Set<{ inFlight?: InFlight }>();
    const state = (ctx: object) => {
      const connection = ctx as { inFlight?: InFlight };
      contexts.add(connection);
      return connection;
    };

    const result = await autocannon({
      url: stack.url,
      connections: CONNECTIONS,
      duration: seconds,
      headers,
      requests: [
        {
          setupRequest: (request, ctx) => {
            const clientId = pick();
            if (Math.random() < 0.5) {
              const sessionId = randomUUID();
              sent.set(sessionId, clientId);
              state(ctx).inFlight = { kind: "post", clientId, sessionId, sentAt: performance.now() };
              return {
                ...request,
                // Fresh headers every time: autocannon writes Content-Length into the object it is given,
                // and would send a POST's length with the next GET (which then waits for a body).
                headers: { ...headers },
                method: "POST",
                path: `/v1/clients/${clientId}/sessions`,
                body: JSON.stringify(sessionBody(sessionId)),
              };
            }
            state(ctx).inFlight = { kind: "get", clientId, sentAt: performance.now() };
            return {
              ...request,
              headers: { ...headers },
              method: "GET",
              path: `/v1/clients/${clientId}`,
              body: undefined,
            };
          },
          onResponse: (status, _body, ctx) => {
            const inFlight = state(ctx).inFlight;
            if (!inFlight) return;
            state(ctx).inFlight = undefined;
            const key = `${inFlight.kind === "post" ? "POST" : "GET"} ${status}`;
            statuses[key] = (statuses[key] ?? 0) + 1;
            latency[inFlight.kind].push(performance.now() - inFlight.sentAt);
            if (inFlight.kind === "post" && inFlight.sessionId) {
              sent.delete(inFlight.sessionId);
              if (status === 201) acknowledged.get(inFlight.clientId)?.push(inFlight.sessionId);
            }
          },
        },
      ],
    });
    const unansweredGets = [...contexts].filter((c) => c.inFlight?.kind === "get").length;
    // Requests still in flight when autocannon stopped are answered before anything is read back.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await stack.projectionsIdle();

    const verifyStarted = performance.now();
    const store = eventStore();
    const stored = new Map<string, string[]>();
    await bounded(clientIds, SETUP_CONCURRENCY, async (clientId) => {
      const ids: string[] = [];
      for (let after: number | null = 0; after !== null; ) {
        const page = await store.readEvents({ tenantId: TENANT, clientId }, { afterVersion: after });
        for (const event of page.events)
          if (event.type === "SessionCompleted") ids.push(event.data.sessionId);
        after = page.nextAfterVersion;
      }
      stored.set(clientId, ids);
    });
    const verifySeconds = (performance.now() - verifyStarted) / 1000;

    let acknowledgedCount = 0;
    let storedCount = 0;
    let lost = 0;
    let duplicated = 0;
    let unansweredStored = 0;
    let unknown = 0;
    let misplaced = 0;
    for (const clientId of clientIds) {
      const acked = acknowledged.get(clientId) ?? [];
      const kept = stored.get(clientId) ?? [];
      acknowledgedCount += acked.length;
      storedCount += kept.length;
      const keptSet = new Set(kept);
      duplicated += kept.length - keptSet.size;
      const ackedSet = new Set(acked);
      for (const id of acked) if (!keptSet.has(id)) lost++;
      for (const id of keptSet) {
        if (ackedSet.has(id)) continue;
        const target = sent.get(id);
        if (target === clientId) unansweredStored++;
        else if (target) misplaced++;
        else unknown++;
      }
    }

    const post50 = percentiles(latency.post);
    const get50 = percentiles(latency.get);
    const data = {
      clients: clientCount,
      connections: CONNECTIONS,
      seconds: result.duration,
      setupSeconds: round(setupSeconds),
      requests: result.requests.total,
      requestsPerSecond: round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      postLatencyMs: post50,
      getLatencyMs: get50,
      statuses,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      sessions: {
        acknowledged: acknowledgedCount,
        stored: storedCount,
        lost,
        duplicated,
        storedButUnanswered: unansweredStored,
        unansweredNotStored: sent.size - unansweredStored,
        unansweredGets,
        storedOnAnotherClient: misplaced,
        storedNeverSent: unknown,
      },
      verifySeconds: round(verifySeconds),
    };
    const ok = lost === 0 && duplicated === 0 && misplaced === 0 && unknown === 0;
    const markdown = [
      "# Throughput under load",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --only load${context.quick ? " --quick" : ""}\`: the local stack (API + projector, one Node process, which also runs autocannon) on DynamoDB Local, 2 cores shared by all three.`,
      `${clientCount} clients in Phase 1 (set up through the API, ${SETUP_CONCURRENCY} at a time, in ${setupSeconds.toFixed(1)} s); then ${CONNECTIONS} connections for ${result.duration} s, each request at random a new session POST (~50%) or a summary GET (~50%) for a random client. The tenant's command budget is 1,000 commands a second for the benchmarks (bench/run.ts), leased by the stack's one container.`,
      "",
      "| measure | value |",
      "| --- | ---: |",
      `| requests | ${result.requests.total} |`,
      `| requests/s (mean) | ${round(result.requests.average)} |`,
      `| latency p50 / p99 / max (ms, all) | ${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} |`,
      `| POST /sessions p50 / p99 (ms, n) | ${post50.p50} / ${post50.p99} (${post50.n}) |`,
      `| GET summary p50 / p99 (ms, n) | ${get50.p50} / ${get50.p99} (${get50.n}) |`,
      `| answers by status | ${Object.entries(statuses)
        .sort()
        .map(([status, count]) => `${status}: ${count}`)
        .join(", ")} |`,
      `| non-2xx | ${result.non2xx} |`,
      `| errors (timeouts) | ${result.errors} (${result.timeouts}) |`,
      `| acknowledged sessions (201) | ${acknowledgedCount} |`,
      `| stored sessions (SessionCompleted in the histories) | ${storedCount} |`,
      `| acknowledged but not stored (lost) | ${lost} |`,
      `| stored twice (duplicated) | ${duplicated} |`,
      `| session POSTs unanswered when the run stopped: stored / not stored | ${unansweredStored} / ${sent.size - unansweredStored} |`,
      `| summary GETs unanswered when the run stopped | ${unansweredGets} |`,
      `| stored on another client, or never sent | ${misplaced + unknown} |`,
      `| verdict | ${ok ? `nothing lost, nothing duplicated (stored = ${acknowledgedCount} acknowledged + ${unansweredStored} cut off unanswered)` : "**SESSIONS LOST OR DUPLICATED**"} |`,
    ].join("\n");
    return { name: "load", markdown, data };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
