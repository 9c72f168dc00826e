import { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { evolve } from "../../domain/client/state.ts";
import { foldRoster } from "../../domain/read-models/roster.ts";
import { RosterStore } from "../../events/projections/roster-store.ts";
import type { StreamKey } from "../../events/store/port.ts";
import { createProjectorHandler } from "../../functions/streams/projector.ts";
import { type RebuildProgress, rebuildRoster } from "../../local/rebuild.ts";
import { startStreamPoller } from "../../local/stream-poller.ts";
import { day, registered, sessionCompleted, started } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testKeys, testStore } from "../support/dynamodb.ts";

process.env.POWERTOOLS_METRICS_DISABLED = "true";

let client: DynamoDBClient;
beforeAll(() => {
  client = testDynamoDbClient();
});
afterAll(() => client.destroy());

const registration = (clientId: string, locationId: string): ClientEvent => ({
  type: "ClientRegistered",
  occurredAt: day(0),
  data: {
    clientId,
    name: `Client ${clientId}`,
    dateOfBirth: "1990-04-01",
    locationId,
    guidelineVersion: "CPT7",
  },
});

async function setup() {
  const tableName = await createTestTable(client);
  const store = testStore(client, tableName);
  const rows = new RosterStore(client, tableName, testKeys(client, tableName));
  const append = async (key: StreamKey, events: ClientEvent[]) => {
    for (let attempt = 0; ; attempt++) {
      const loaded = await store.load(key);
      const state = events.reduce(evolve, loaded.state);
      const meta = { actorId: "trainer-1", correlationId: "test", source: "seed" } as const;
      try {
        const request = { key, expectedVersion: loaded.version, events, state, meta, recordedAt: day(3) };
        return await store.append(request);
      } catch (error) {
        if (attempt > 5) throw error; // concurrent appends to one stream: load again
      }
    }
  };
  const handler = createProjectorHandler({
    client,
    tableName,
    keys: testKeys(client, tableName),
    logger: new Logger({ logLevel: "SILENT" }),
  });
  const errors: unknown[] = [];
  const poller = await startStreamPoller({
    client,
    endpoint: inject("dynamoEndpoint"),
    tableName,
    intervalMs: 20,
    onError: (error) => errors.push(error),
    handler: (event) => handler(event),
  });
  /** Every stream of the tenant, in the given model, equals a fresh fold of its events. */
  const expectModelFolded = async (tenantId: string, model: string) => {
    const { clientIds } = await store.listStreams(tenantId);
    for (const clientId of clientIds) {
      const { events } = await store.readEvents({ tenantId, clientId });
      const row = await rows.getRow({ tenantId, clientId }, model);
      expect(row, clientId).toEqual({ entry: foldRoster(events), lastVersion: events.length });
    }
    return clientIds;
  };
  return { tableName, store, rows, append, poller, errors, expectModelFolded };
}

const location = (i: number) => `loc-${i % 3}`;

describe("roster rebuild", () => {
  it("builds a new model beside the live one while writes continue, then switches to it", async () => {
    const t = await setup();
    try {
      for (let i = 0; i < 12; i++) {
        const phase = i % 2 === 0 ? 1 : 2;
        const events = [
          registration(`c-${i}`, location(i)),
          registered()[1] as ClientEvent,
          started(phase, day(1)),
        ];
        await t.append({ tenantId: "t-1", clientId: `c-${i}` }, events);
      }
      await t.append({ tenantId: "t-2", clientId: "c-0" }, [registration("c-0", "loc-0")]);
      await t.poller.idle();

      // Writes land before, during and after each stream's fold: on folded streams, unfolded ones and new ones.
      const writes: Promise<unknown>[] = [];
      const progress: RebuildProgress[] = [];
      let n = 0;
      const session = (i: number) =>
        t.append({ tenantId: "t-1", clientId: `c-${i}` }, [sessionCompleted(`s-${n++}`, day(10 + n))]);
      const onProgress = (p: RebuildProgress) => {
        progress.push(p);
        writes.push(session(p.done % 12), session((p.done + 6) % 12));
        if (p.done % 4 === 0)
          writes.push(
            t.append({ tenantId: "t-1", clientId: `new-${p.done}` }, [
              registration(`new-${p.done}`, "loc-1"),
            ]),
          );
      };
      let rebuilding = true;
      const background = (async () => {
        for (let i = 0; rebuilding; i++) await session(i % 12);
      })();
      const result = await rebuildRoster({
        client,
        tableName: t.tableName,
        keys: testKeys(client, t.tableName),
        tenantId: "t-1",
        onProgress,
        concurrency: 3,
        // Long enough for the projector to write some new-model rows first (usually; the next test makes sure).
        settleMs: 400,
      });
      rebuilding = false;
      await Promise.all([...writes, background]);
      await t.poller.idle();

      expect(result).toMatchObject({ previous: "v1", model: "v2", streams: 12 });
      expect(progress.at(-1)).toEqual({ done: 12, total: 12 });
      expect(await t.rows.pointer("t-1")).toEqual({ active: "v2", building: null });
      expect(await t.rows.pointer("t-2")).toEqual({ active: "v1", building: null });
      const clientIds = await t.expectModelFolded("t-1", "v2");
      expect(clientIds.length).toBeGreaterThan(12);

      const listed = [];
      for (let i = 0; i < 3; i++) listed.push(...(await t.rows.listRoster("t-1", `loc-${i}`)).entries);
      expect(listed.map((e) => e.clientId).sort()).toEqual([...clientIds].sort());
      expect(t.errors).toEqual([]);
    } finally {
      await t.poller.stop();
    }
  });

  it("resumes the model being built, rewrites rows its fold covers and refuses a second model", async () => {
    const t = await setup();
    const key = { tenantId: "t-1", clientId: "c-0" };
    try {
      await t.append(key, [registration("c-0", "loc-0")]);
      await t.poller.idle();
      // An interrupted rebuild: the projector now writes v2 as well (a gap: it folds the whole stream).
      await t.rows.setPointer("t-1", { active: "v1", building: "v2" }, { active: "v1", building: null });
      await t.append(key, [registered()[1] as ClientEvent]);
      await t.poller.idle();
      await t.expectModelFolded("t-1", "v2");
      const rebuild = (model?: string) =>
        rebuildRoster({
          client,
          tableName: t.tableName,
          keys: testKeys(client, t.tableName),
          tenantId: "t-1",
          settleMs: 0,
          ...(model ? { model } : {}),
        });
      await expect(rebuild("v3")).rejects.toThrow(/rebuild of v2 is in progress/);
      await expect(rebuild("v1")).rejects.toThrow(/already the active/);
      // The projector's row is at the fold's version: a fold at v is authoritative for v, so it is rewritten.
      expect(await rebuild()).toEqual({ previous: "v1", model: "v2", streams: 1, written: 1 });
      expect(await rebuild()).toEqual({ previous: "v2", model: "v3", streams: 1, written: 1 });
      await t.expectModelFolded("t-1", "v3");
      expect(t.errors).toEqual([]);
    } finally {
      await t.poller.stop();
    }
  });
});
