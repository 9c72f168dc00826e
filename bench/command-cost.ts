/**
 * What one command costs in DynamoDB capacity (ReturnConsumedCapacity) and time, on a new client and
 * on one with 1,000 prior events. The cost must not grow with history: the newest event carries the
 * client's state, so a command reads that one item (and its claims) and writes its events.
 *
 *   npm run bench -- --only command-cost      (writes bench/results/command-cost.{md,json})
 */
import type { ClientCommand, RecordSession } from "../domain/client/commands.ts";
import { localDynamoDbClient } from "../local/dynamodb.ts";
import { benchStore } from "./bench-store.ts";
import { meter, type Sample } from "./capacity.ts";
import type { Bench } from "./harness.ts";

const day = (n: number) => new Date(Date.UTC(2024, 0, 1, 9) + n * 86_400_000).toISOString();
const set = { reps: 15, tempo: "4/2/1", restSeconds: 60 };
const session = (n: number, at: number, planId?: string): RecordSession => ({
  type: "RecordSession",
  data: {
    sessionId: `s-${n}`,
    performedAt: day(at),
    exercises: [{ name: "ball squat", sets: [set, set] }],
    pain: false,
    ...(planId ? { planId } : {}),
  },
});
/** A plan for a fully equipped gym (the default equipment), as POST /session-plans stores one. */
const planSession = (planId: string, at: number): ClientCommand => ({
  type: "PlanSession",
  data: { planId, plannedFor: day(at), seed: 1, at: day(at) },
});

/**
 * The floor: 1 WCU per event written (a plain PutItem of a small item), 1 RCU per consistent read of one
 * small item. A command's ratio is its capacity over the floor of what it must do: read the client once and
 * write its events (at least one request's worth); a read's is its RCU over the one read.
 */
function floorRatio(s: Sample): string {
  const events = s.writeUnits > 0 ? Math.max(1, s.writtenEvents) : 0;
  const floor = (s.readUnits > 0 ? 1 : 0) + events;
  return floor === 0 ? "–" : `${((s.readUnits + s.writeUnits) / floor).toFixed(1)}×`;
}

/** "Query ×11" instead of eleven names. */
const compactRequests = (requests: readonly string[]): string =>
  [...new Set(requests)]
    .map((name) => {
      const count = requests.filter((r) => r === name).length;
      return count > 1 ? `${name} ×${count}` : name;
    })
    .join(", ");

export const commandCost: Bench = async (context) => {
  const client = localDynamoDbClient(context.endpoint);
  const { store, coldStore, run } = await benchStore(client, "bench");
  const measure = meter(client);

  const register = (clientId: string) =>
    run(clientId, {
      type: "RegisterClient",
      data: {
        clientId,
        name: "Bench",
        dateOfBirth: "1990-01-01",
        goal: "general-fitness",
        locationId: "l",
        registeredAt: day(0),
      },
    });

  async function newClient(clientId: string) {
    await register(clientId);
    await run(clientId, { type: "StartPhase", data: { phase: 1, startedAt: day(0) } });
  }

  async function clientWithHistory(clientId: string, events: number) {
    await newClient(clientId);
    let version = 3;
    for (let n = 0; version < events; n++) version = (await run(clientId, session(n, n))).response.version;
    return version;
  }

  await newClient("fresh");
  const seedStarted = performance.now();
  const midVersion = await clientWithHistory("mid", 100);
  const version = await clientWithHistory("long", 1_000);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const rows: [string, Sample][] = [];
  rows.push([
    "RegisterClient (generates the client's data key)",
    await measure(() => register("registered")),
  ]);
  const clients = [
    ["new client (3 events)", "fresh"],
    [`client with ${midVersion} events`, "mid"],
    [`client with ${version} events`, "long"],
  ] as const;
  for (const [label, clientId] of clients) {
    rows.push([`RecordSession, ${label}`, await measure(() => run(clientId, session(5_000, 2_000)))]);
    rows.push([
      `RecordSession + Idempotency-Key, ${label}`,
      await measure(() => run(clientId, session(5_001, 2_001), { idempotencyKey: `k-${clientId}` })),
    ]);
    rows.push([
      `RecordSession, key not cached (a cold container), ${label}`,
      await measure(() => run(clientId, session(5_004, 2_000), { on: coldStore() })),
    ]);
    rows.push([
      `GET summary (load), ${label}`,
      await measure(() => store.load({ tenantId: "bench", clientId })),
    ]);
    rows.push([
      `GET history (first 50 events), ${label}`,
      await measure(() => store.readEvents({ tenantId: "bench", clientId }, { limit: 50 })),
    ]);
    rows.push([
      `PlanSession (SessionPlanned), ${label}`,
      await measure(() => run(clientId, planSession(`p-${clientId}`, 2_002))),
    ]);
    rows.push([
      `RecordSession against that plan, ${label}`,
      await measure(() => run(clientId, session(5_002, 2_002, `p-${clientId}`))),
    ]);
    rows.push([
      `CreatePlan (26 weeks, undulating), ${label}`,
      await measure(() =>
        run(clientId, {
          type: "CreatePlan",
          data: {
            planId: `plan-${clientId}`,
            startsOn: day(2_002).slice(0, 10),
            periodization: "undulating",
            at: day(2_002),
          },
        }),
      ),
    ]);
    rows.push([
      `RecordSession with that plan in the state, ${label}`,
      await measure(() => run(clientId, session(5_003, 2_002))),
    ]);
  }

  // The other commands, on a client of their own (3 events: registered, Phase 1).
  await newClient("others");
  rows.push([
    "SetGoal (GoalSet, no claim)",
    await measure(() => run("others", { type: "SetGoal", data: { goal: "hypertrophy", at: day(1) } })),
  ]);
  rows.push([
    "RecordAssessment (overhead squat, one compensation, notes)",
    await measure(() =>
      run("others", {
        type: "RecordAssessment",
        data: {
          assessmentId: "a-1",
          kind: "overhead-squat",
          performedAt: day(2),
          findings: [{ compensation: "knees-move-inward", side: "bilateral" }],
          pain: false,
          notes: "knees cave on the way down",
        },
      }),
    ),
  ]);
  rows.push([
    "StartPhase (a new Phase 1 block)",
    await measure(() => run("others", { type: "StartPhase", data: { phase: 1, startedAt: day(3) } })),
  ]);
  rows.push([
    "ReportPain (ClientReferred)",
    await measure(() => run("others", { type: "ReportPain", data: { reportedAt: day(4) } })),
  ]);
  rows.push([
    "ClearClient (ClientCleared + PhaseStarted)",
    await measure(() => run("others", { type: "ClearClient", data: { clearedAt: day(5) } })),
  ]);

  // Wearables, on the client with 100 events: the link (a tenant-wide lookup item in the same
  // transaction), a wearable's session (its id claimed once per tenant), the unlink.
  const link = { provider: "garmin", externalUserId: "garmin-user-1", at: day(2_003) };
  rows.push([
    "LinkWearable (event + lookup item)",
    await measure(() => run("mid", { type: "LinkWearable", data: link })),
  ]);
  rows.push([
    "wearable lookup (GetItem, consistent)",
    await measure(() => store.linkedClient("bench", "garmin", "garmin-user-1")),
  ]);
  rows.push([
    "RecordSession from a wearable (tenant-wide claim)",
    await measure(() =>
      run("mid", {
        ...session(8_000, 2_003),
        data: {
          ...session(8_000, 2_003).data,
          source: { provider: "garmin", externalSessionId: "5001968355", activityType: "RUNNING" },
        },
      }),
    ),
  ]);
  rows.push([
    "UnlinkWearable (event + lookup item deleted)",
    await measure(() => run("mid", { type: "UnlinkWearable", data: { provider: "garmin", at: day(2_004) } })),
  ]);
  await newClient("erased");
  await run("erased", { type: "LinkWearable", data: { ...link, externalUserId: "garmin-user-2" } });
  rows.push([
    "ErasePersonalData with one link (unlink + erasure + key tombstone)",
    await measure(() =>
      run("erased", { type: "ErasePersonalData", data: { erasedAt: day(2_005), reason: "client-request" } }),
    ),
  ]);
  rows.push([
    `export / timeline (whole history), client with ${version} events`,
    await measure(async () => {
      let after: number | null = 0;
      while (after !== null)
        after = (
          await store.readEvents({ tenantId: "bench", clientId: "long" }, { afterVersion: after, limit: 100 })
        ).nextAfterVersion;
    }),
  ]);

  /** Latency is Local's and noisy per sample: the median of 21 runs of a session, warm and cold. */
  async function medianMs(label: string, make: (n: number) => Promise<unknown>): Promise<string> {
    const samples: number[] = [];
    for (let n = 0; n < 21; n++) samples.push((await measure(() => make(n))).ms);
    samples.sort((a, b) => a - b);
    return `| ${label} | ${samples[10]?.toFixed(1)} | ${samples[0]?.toFixed(1)} | ${samples[20]?.toFixed(1)} |`;
  }
  const latency = [
    "| RecordSession on the client with 100 events | median ms | min | max |",
    "| --- | ---: | ---: | ---: |",
    await medianMs("key cached (a warm container)", (n) => run("mid", session(6_000 + n, 2_003 + n))),
    await medianMs("key not cached: key item read + unwrap", (n) =>
      run("mid", session(7_000 + n, 2_030 + n), { on: coldStore() }),
    ),
  ].join("\n");

  const table = [
    "| operation | RCU | WCU | × floor | item sizes (bytes) | requests | Local reported | ms (Local) |",
    "| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |",
    ...rows.map(
      ([label, s]) =>
        `| ${label} | ${s.readUnits} | ${s.writeUnits} | ${floorRatio(s)} | ${s.itemBytes.length > 12 ? `${s.itemBytes.length} items` : s.itemBytes.join(", ")} | ${compactRequests(s.requests)} | ${s.reported} | ${s.ms.toFixed(1)} |`,
    ),
  ].join("\n");
  const report = `# Command cost\n\nMeasured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` against DynamoDB Local (ReturnConsumedCapacity TOTAL).\nRCU and WCU follow DynamoDB's billing rules from the sizes of the items each request reads and writes (transactional writes: 2 WCU per KB of each item; consistent reads: 1 RCU per 4 KB); DynamoDB Local's own figure is shown beside them.
  Personal values are sealed under each client's data key (events/crypto/); a container caches unwrapped keys for 5 minutes, so only its first command on a client reads the key table.
  Seeding ${midVersion + version} events through the command path took ${seedSeconds.toFixed(1)} s (${((seedSeconds * 1000) / (midVersion + version)).toFixed(1)} ms per command).\n\n${table}\n\n${latency}\n`;
  client.destroy();
  return {
    name: "command-cost",
    markdown: report,
    data: {
      operations: rows.map(([operation, s]) => ({
        operation,
        rcu: s.readUnits,
        wcu: s.writeUnits,
        itemBytes: s.itemBytes,
        requests: s.requests,
        ms: s.ms,
      })),
      seedSeconds,
    },
  };
};
