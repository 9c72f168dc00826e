import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import type { ClientCommand } from "../domain/client/commands.ts";
import { decide } from "../domain/client/decide.ts";
import type { ClientEvent } from "../domain/client/events.ts";
import { evolve, fold } from "../domain/client/state.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { EVENT_SK_PREFIX, streamPk } from "../events/store/items.ts";
import { localDynamoDbClient } from "../local/dynamodb.ts";
import { rebuildRoster } from "../local/rebuild.ts";
import { assessed, day, registered, sessionCompleted, started } from "../test/support/builders.ts";
import { benchStore } from "./bench-store.ts";
import type { Bench } from "./harness.ts";
import { round } from "./harness.ts";

const TENANT = "bench-replay";
const TABLE = "bench-replay";
const CONCURRENCY = 8;

/**
 * A year of one client: registered, an assessment, Phase 1 for 8 weeks, Phase 2 for 16, Phase 3 after,
 * three sessions a week (a reassessment every 12 weeks): about 165 events.
 */
function yearOfClient(): ClientEvent[] {
  const events: ClientEvent[] = [...registered(), assessed("a-0", day(0))];
  const phaseOf = (week: number) => (week < 8 ? 1 : week < 24 ? 2 : 3);
  for (let week = 0; week < 52; week++) {
    const phase = phaseOf(week);
    if (week === 0 || phaseOf(week - 1) !== phase)
      events.push(started(phase, day(week * 7), "trainer-decision"));
    if (week > 0 && week % 12 === 0) events.push(assessed(`a-${week}`, day(week * 7)));
    for (const offset of [0, 2, 4]) {
      const at = day(week * 7 + offset);
      events.push(sessionCompleted(`s-${week}-${offset}`, at, phase));
    }
  }
  return events;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function bounded<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export const replay: Bench = async (context) => {
  // (a) The pure fold.
  const targetEvents = context.quick ? 20_000 : 100_000;
  const runs = context.quick ? 3 : 7;
  const oneYear = yearOfClient();
  const histories: ClientEvent[][] = Array.from(
    { length: Math.ceil(targetEvents / oneYear.length) },
    // A copy per client: the fold must not find the same objects warm in a cache.
    () => structuredClone(oneYear),
  );
  const foldEvents = histories.reduce((sum, history) => sum + history.length, 0);
  let sink = 0;
  const foldMs: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const startedAt = performance.now();
    for (const history of histories) sink += fold(history).recentSessionIds.length;
    // The first run warms the JIT and is not counted.
    if (run > 0) foldMs.push(performance.now() - startedAt);
  }
  const foldMedianMs = median(foldMs);
  const foldPerSecond = (foldEvents / foldMedianMs) * 1000;

  // (b) Seed clients through the command path, then rebuild the roster.
  const clientCount = context.quick ? 50 : 1_000;
  const client = localDynamoDbClient(context.endpoint);
  try {
    const { store, keys, run } = await benchStore(client, TABLE, TENANT);
    const set = { reps: 15, tempo: "4/2/1", restSeconds: 60 };
    const clientIds = Array.from({ length: clientCount }, (_, n) => `c-${String(n).padStart(5, "0")}`);
    const seedStarted = performance.now();
    await bounded(clientIds, CONCURRENCY, async (clientId) => {
      await run(clientId, {
        type: "RegisterClient",
        data: {
          clientId,
          name: `Replay ${clientId}`,
          dateOfBirth: "1990-01-01",
          goal: "general-fitness",
          locationId: "l",
          registeredAt: day(0),
        },
      });
      // The rest of the history in one append (the decider's own events, folded as commands would):
      // 1,000 transactions instead of 8,000 keep the seed to seconds on a busy DynamoDB Local.
      const key = { tenantId: TENANT, clientId };
      const loaded = await store.load(key);
      const commands: ClientCommand[] = [
        { type: "StartPhase", data: { phase: 1, startedAt: day(0) } },
        ...Array.from({ length: 7 }, (_, n) => ({
          type: "RecordSession" as const,
          data: {
            sessionId: `s-${n}`,
            performedAt: day(1 + n * 2),
            exercises: [{ name: "ball squat", sets: [set, set] }],
            pain: false,
          },
        })),
      ];
      let state = loaded.state;
      const events: ClientEvent[] = [];
      for (const command of commands) {
        const decided = decide(command, state, DEFAULT_SETTINGS);
        events.push(...decided);
        state = decided.reduce(evolve, state);
      }
      await store.append({
        key,
        expectedVersion: loaded.version,
        events,
        state,
        meta: { actorId: "bench", correlationId: "bench", source: "system" },
        recordedAt: new Date().toISOString(),
      });
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const rebuildStarted = performance.now();
    const rebuilt = await rebuildRoster({ client, tableName: TABLE, keys, tenantId: TENANT, settleMs: 0 });
    const rebuildMs = performance.now() - rebuildStarted;
    if (rebuilt.streams !== clientCount)
      throw new Error(`the rebuild listed ${rebuilt.streams} streams, not ${clientCount}`);

    // (c) The raw paged Query of the same events: every client's partition, consistent, 1 MB pages.
    let rawEvents = 0;
    let rawPages = 0;
    const rawStarted = performance.now();
    await bounded(clientIds, CONCURRENCY, async (clientId) => {
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :events)",
            ExpressionAttributeValues: {
              ":pk": { S: streamPk({ tenantId: TENANT, clientId }) },
              ":events": { S: EVENT_SK_PREFIX },
            },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        rawEvents += page.Count ?? 0;
        rawPages++;
        start = page.LastEvaluatedKey;
      } while (start);
    });
    const rawMs = performance.now() - rawStarted;
    const rebuildPerSecond = (rawEvents / rebuildMs) * 1000;
    const rawPerSecond = (rawEvents / rawMs) * 1000;

    const data = {
      fold: {
        events: foldEvents,
        clients: histories.length,
        runs,
        medianMs: round(foldMedianMs),
        eventsPerSecond: Math.round(foldPerSecond),
        runsMs: foldMs.map((ms) => round(ms)),
      },
      rebuild: {
        clients: clientCount,
        events: rawEvents,
        seedSeconds: round(seedSeconds),
        concurrency: CONCURRENCY,
        ms: round(rebuildMs),
        eventsPerSecond: Math.round(rebuildPerSecond),
        rowsWritten: rebuilt.written,
        model: rebuilt.model,
      },
      rawQuery: {
        events: rawEvents,
        pages: rawPages,
        concurrency: CONCURRENCY,
        ms: round(rawMs),
        eventsPerSecond: Math.round(rawPerSecond),
      },
      rebuildOverRawQuery: round(rebuildMs / rawMs, 2),
      checksum: sink,
    };
    const markdown = [
      "# Replay and rebuild",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --only replay${context.quick ? " --quick" : ""}\` on DynamoDB Local (2 cores shared with it).`,
      `The fold: \`fold\` over ${histories.length} synthetic client years (${oneYear.length} events each: registration, phases 1–3, 3 sessions a week, assessments), in memory, median of ${runs} runs after a warm-up.`,
      `The rebuild: \`rebuildRoster\` (local/rebuild.ts, ${CONCURRENCY} streams at a time) over ${clientCount} clients seeded with a registration through \`executeCommand\` and the rest (Phase 1, 7 sessions, as the decider decides them) in one append each ( ${rawEvents} events, seeded in ${seedSeconds.toFixed(1)} s). The raw query reads the same events: one paged, consistent Query per client partition (1 MB pages), ${CONCURRENCY} at a time, nothing decoded.`,
      "",
      "| measure | events | ms | events/s |",
      "| --- | ---: | ---: | ---: |",
      `| fold (pure, in memory) | ${foldEvents} | ${round(foldMedianMs)} | ${Math.round(foldPerSecond)} |`,
      `| roster rebuild (${clientCount} clients, ${rebuilt.written} rows written) | ${rawEvents} | ${round(rebuildMs)} | ${Math.round(rebuildPerSecond)} |`,
      `| raw paged Query (${rawPages} pages) | ${rawEvents} | ${round(rawMs)} | ${Math.round(rawPerSecond)} |`,
      `| rebuild / raw query (time) | | ${round(rebuildMs / rawMs, 2)}× | |`,
    ].join("\n");
    return { name: "replay", markdown, data };
  } finally {
    client.destroy();
  }
};
