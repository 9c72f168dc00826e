import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fold, RECENT_IDS } from "../../domain/client/state.ts";
import { clientSummary } from "../../domain/read-models/summary.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import {
  type ApiResponse,
  asEvents,
  day,
  type E2e,
  fullHistory,
  type HistoryItem,
  isProblem,
  phase1Session,
  registerClient,
  registration,
  startE2e,
} from "../support/e2e.ts";

/*
 * Concurrent writers on one client, duplicate commands (Idempotency-Key, sequential and concurrent),
 * registrations retried with a key, and If-Match preconditions, over HTTP against DynamoDB Local.
 */

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.stop();
});

/** A registered client with a Phase 1 block that started on day 0. */
async function clientInPhase1(name = "Ada Client"): Promise<string> {
  const clientId = await registerClient(e2e, { name, registeredAt: day(0) });
  const started = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
    body: { phase: 1, startedAt: day(0, 1) },
  });
  expect(started.status, started.text).toBe(201);
  return clientId;
}

const versionOf = async (clientId: string): Promise<number> => {
  const response = await e2e.call("GET", `/v1/clients/${clientId}`);
  expect(response.status, response.text).toBe(200);
  return response.body.version;
};

const sessionsIn = (items: readonly HistoryItem[]) =>
  items.filter((item) => item.type === "SessionCompleted");

const session = (clientId: string, body: unknown, headers: Record<string, string> = {}) =>
  e2e.call("POST", `/v1/clients/${clientId}/sessions`, { body, headers });

describe("given 20 concurrent session POSTs to one client", () => {
  let clientId: string;
  let responses: ApiResponse[];
  let elapsedMs: number;

  beforeAll(async () => {
    clientId = await clientInPhase1();
    const started = performance.now();
    responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        session(clientId, phase1Session(day(1, i), { sessionId: `w-${i}` })),
      ),
    );
    elapsedMs = Math.round(performance.now() - started);
    const conflicts = responses.filter((response) => response.status === 409).length;
    console.info(
      `20 concurrent writers: ${responses.filter((r) => r.status === 201).length}×201, ${conflicts}×409 in ${elapsedMs} ms`,
    );
  });

  it("then every answer is a 201, or a 409 problem with Retry-After (bounded retries ran out)", () => {
    for (const response of responses) {
      if (response.status === 201) continue;
      expect(response.status, response.text).toBe(409);
      expect(isProblem(response)).toBe(true);
      expect(response.body.type).toBe("urn:opt:problem:conflict");
      expect(response.headers.get("retry-after")).toBeTruthy();
    }
    expect(responses.some((response) => response.status === 201)).toBe(true);
  });

  it("then every 201 is stored exactly once and no refused session is stored", async () => {
    const counts = new Map<string, number>();
    for (const item of sessionsIn(await fullHistory(e2e, clientId))) {
      const id = String(item.data.sessionId);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    responses.forEach((response, i) => {
      const expected = response.status === 201 ? 1 : 0;
      expect(counts.get(`w-${i}`) ?? 0, `w-${i} answered ${response.status}`).toBe(expected);
      if (response.status === 201)
        expect(response.body).toMatchObject({ sessionId: `w-${i}`, recorded: true });
    });
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(
      responses.filter((response) => response.status === 201).length,
    );
  });

  it("then versions are contiguous 1..n and each 201 reported a distinct version", async () => {
    const items = await fullHistory(e2e, clientId);
    expect(items.map((item) => item.version)).toEqual(items.map((_, i) => i + 1));
    expect(await versionOf(clientId)).toBe(items.length);
    const versions = responses.filter((r) => r.status === 201).map((r) => r.body.version as number);
    expect(new Set(versions).size).toBe(versions.length);
    for (const v of versions) expect(items[v - 1]?.type).toBe("SessionCompleted");
  });

  it("then the summary equals a fresh fold of the history", async () => {
    const items = await fullHistory(e2e, clientId);
    const response = await e2e.call("GET", `/v1/clients/${clientId}`);
    const folded = clientSummary(fold(asEvents(items)), new Date().toISOString(), DEFAULT_SETTINGS);
    expect(response.body).toEqual({ ...folded, version: items.length });
    expect(response.body.sessionsInPhase).toBe(sessionsIn(items).length);
  });

  it("then the writers that got 409 succeed when they retry", async () => {
    const refused = responses.flatMap((response, i) => (response.status === 201 ? [] : [i]));
    for (const i of refused) {
      const retried = await session(clientId, phase1Session(day(1, i), { sessionId: `w-${i}` }));
      expect(retried.status, retried.text).toBe(201);
    }
    const items = await fullHistory(e2e, clientId);
    expect(sessionsIn(items)).toHaveLength(20);
  });

  it("then the elapsed time is bounded (reported above)", () => {
    expect(elapsedMs).toBeLessThan(30_000);
  });
});

describe("Idempotency-Key", () => {
  let clientId: string;

  beforeAll(async () => {
    clientId = await clientInPhase1("Idem Client");
  });

  it("given a key and body sent twice in a row, then the repeat answers the same and appends nothing", async () => {
    // No sessionId in the body: only the key can tell the repeat from a new session.
    const body = phase1Session(day(2));
    const first = await session(clientId, body, { "idempotency-key": "seq-1" });
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const version = await versionOf(clientId);

    const repeat = await session(clientId, body, { "idempotency-key": "seq-1" });
    expect(repeat.status).toBe(first.status);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    expect(repeat.headers.get("etag")).toBe(first.headers.get("etag"));

    // The same JSON with its keys in another order is the same request.
    const reordered = { exercises: body.exercises, performedAt: body.performedAt };
    const third = await session(clientId, reordered, { "idempotency-key": "seq-1" });
    expect(third.status).toBe(201);
    expect(third.body).toEqual(first.body);
    expect(third.headers.get("idempotent-replayed")).toBe("true");

    expect(await versionOf(clientId)).toBe(version);
    const stored = sessionsIn(await fullHistory(e2e, clientId)).filter((item) => item.occurredAt === day(2));
    expect(stored).toHaveLength(1);
  });

  it("given a key and body sent 5× concurrently, then all answer the same and one set of events is stored", async () => {
    const before = await versionOf(clientId);
    const body = phase1Session(day(3));
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => session(clientId, body, { "idempotency-key": "conc-1" })),
    );
    const [first] = responses;
    for (const response of responses) {
      expect(response.status, response.text).toBe(201);
      expect(response.body).toEqual(first?.body);
    }
    const replayed = responses.filter((response) => response.headers.get("idempotent-replayed") === "true");
    expect(replayed).toHaveLength(4);
    expect(await versionOf(clientId)).toBe(before + 1);
    const stored = sessionsIn(await fullHistory(e2e, clientId)).filter((item) => item.occurredAt === day(3));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.data.sessionId).toBe(first?.body.sessionId);
  });

  it("given a used key, when sent with another body or to another operation, then 422 idempotency-key-reused, nothing written", async () => {
    const before = await e2e.itemCount();
    const other = await session(clientId, phase1Session(day(4)), { "idempotency-key": "seq-1" });
    expect(other.status, other.text).toBe(422);
    expect(isProblem(other)).toBe(true);
    expect(other.body.type).toBe("urn:opt:problem:idempotency-key-reused");

    const elsewhere = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
      body: { phase: 1, startedAt: day(4) },
      headers: { "idempotency-key": "seq-1" },
    });
    expect(elsewhere.status, elsewhere.text).toBe(422);
    expect(elsewhere.body.type).toBe("urn:opt:problem:idempotency-key-reused");
    expect(await e2e.itemCount()).toBe(before);
  });

  it("given a key first used on a command that changed nothing, when reused with another body, then 422 (the key stays bound)", async () => {
    // The goal is already general-fitness: this PUT decides no events.
    const noop = await e2e.call("PUT", `/v1/clients/${clientId}/goal`, {
      body: { goal: "general-fitness" },
      headers: { "idempotency-key": "goal-1" },
    });
    expect(noop.status, noop.text).toBe(200);
    const before = await versionOf(clientId);

    const reused = await e2e.call("PUT", `/v1/clients/${clientId}/goal`, {
      body: { goal: "hypertrophy" },
      headers: { "idempotency-key": "goal-1" },
    });
    expect(reused.status, reused.text).toBe(422);
    expect(reused.body?.type).toBe("urn:opt:problem:idempotency-key-reused");
    expect(await versionOf(clientId)).toBe(before);
  });

  it("given a key used by one caller, when other callers of the same client send it, then each gets its own answer", async () => {
    const trainer = (sub: string) =>
      e2e.token({ tenant: "gym-a", role: "trainer", sub, locations: ["downtown"] });
    const mine = await session(clientId, phase1Session(day(5)), { "idempotency-key": "shared-1" });
    expect(mine.status, mine.text).toBe(201);

    const sameBody = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: phase1Session(day(5)),
      token: await trainer("trainer-2"),
      headers: { "idempotency-key": "shared-1" },
    });
    expect(sameBody.status, sameBody.text).toBe(201);
    expect(sameBody.headers.get("idempotent-replayed")).toBeNull();
    expect(sameBody.body.sessionId).not.toBe(mine.body.sessionId);

    const otherBody = await e2e.call("PUT", `/v1/clients/${clientId}/goal`, {
      body: { goal: "hypertrophy" },
      token: await trainer("trainer-3"),
      headers: { "idempotency-key": "shared-1" },
    });
    expect(otherBody.status, otherBody.text).toBe(200);
    expect(otherBody.headers.get("idempotent-replayed")).toBeNull();

    // The first caller's repeat still replays its own answer.
    const myRepeat = await session(clientId, phase1Session(day(5)), { "idempotency-key": "shared-1" });
    expect(myRepeat.headers.get("idempotent-replayed")).toBe("true");
    expect(myRepeat.body).toEqual(mine.body);
    const stored = sessionsIn(await fullHistory(e2e, clientId)).filter((item) => item.occurredAt === day(5));
    expect(stored).toHaveLength(2);
  });

  it("given a session id recorded before, when sent again without a key, then nothing is appended", async () => {
    const body = phase1Session(day(5), { sessionId: "dup-1" });
    const first = await session(clientId, body);
    expect(first.status).toBe(201);
    const version = await versionOf(clientId);
    const again = await session(clientId, body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ sessionId: "dup-1", recorded: false, events: [], version });
    expect(await versionOf(clientId)).toBe(version);
  });

  it("given a session recorded more sessions ago than the state remembers, when sent again, then nothing is appended", async () => {
    const id = await clientInPhase1("Long Memory Client");
    const original = phase1Session(day(1), { sessionId: "old-1" });
    expect((await session(id, original)).status).toBe(201);
    for (let i = 0; i < RECENT_IDS; i++) {
      const later = await session(id, phase1Session(day(1, i + 1), { sessionId: `later-${i}` }));
      expect(later.status, later.text).toBe(201);
    }
    const version = await versionOf(id);
    const again = await session(id, original);
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({ sessionId: "old-1", recorded: false, events: [], version });
    expect(await versionOf(id)).toBe(version);
  });

  it("given a session of an earlier block, forgotten by the state, when delivered again, then it is answered as already recorded, not refused", async () => {
    const id = await clientInPhase1("Earlier Block Client");
    const original = phase1Session(day(1), { sessionId: "early-1" });
    expect((await session(id, original)).status).toBe(201);
    const next = await e2e.call("POST", `/v1/clients/${id}/phases`, {
      body: { phase: 1, startedAt: day(2) },
    });
    expect(next.status, next.text).toBe(201);
    for (let i = 0; i < RECENT_IDS; i++) {
      const later = await session(id, phase1Session(day(2, i + 1), { sessionId: `block2-${i}` }));
      expect(later.status, later.text).toBe(201);
    }
    const version = await versionOf(id);
    // A wearable re-delivers the old session: it was recorded, so the answer should say so.
    const again = await session(id, original);
    expect(await versionOf(id)).toBe(version);
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({ sessionId: "early-1", recorded: false, events: [] });
  });

  it("given a registration sent twice with one key, then both answer the same client id and one stream exists", async () => {
    const body = registration({ name: "Key Client", registeredAt: day(0) });
    const first = await e2e.call("POST", "/v1/clients", { body, headers: { "idempotency-key": "reg-1" } });
    const second = await e2e.call("POST", "/v1/clients", { body, headers: { "idempotency-key": "reg-1" } });
    expect(first.status, first.text).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const items = await fullHistory(e2e, first.body.clientId);
    expect(items.map((item) => item.type)).toEqual(["ClientRegistered", "GoalSet"]);
  });

  it("given 5 concurrent registrations with one key, then one client id and one stream", async () => {
    const body = registration({ name: "Race Client", registeredAt: day(0) });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        e2e.call("POST", "/v1/clients", { body, headers: { "idempotency-key": "reg-race" } }),
      ),
    );
    for (const response of responses) expect(response.status, response.text).toBe(201);
    const ids = new Set(responses.map((response) => response.body.clientId));
    expect(ids.size).toBe(1);
    const [clientId] = [...ids];
    const items = await fullHistory(e2e, clientId);
    expect(items.map((item) => item.type)).toEqual(["ClientRegistered", "GoalSet"]);

    await e2e.stack.projectionsIdle();
    const roster = await e2e.call("GET", "/v1/locations/downtown/clients");
    const named = roster.body.items.filter((item: { name: string }) => item.name === "Race Client");
    expect(named).toHaveLength(1);
  });

  it("given a registration key reused with another body, then 422 idempotency-key-reused, nothing written", async () => {
    const before = await e2e.itemCount();
    const response = await e2e.call("POST", "/v1/clients", {
      body: registration({ name: "Someone Else" }),
      headers: { "idempotency-key": "reg-1" },
    });
    expect(response.status, response.text).toBe(422);
    expect(response.body.type).toBe("urn:opt:problem:idempotency-key-reused");
    expect(await e2e.itemCount()).toBe(before);
  });
});

describe("If-Match", () => {
  let clientId: string;

  beforeAll(async () => {
    clientId = await clientInPhase1("Match Client");
  });

  it("given a stale ETag, then 412 with the current ETag and nothing written", async () => {
    const version = await versionOf(clientId);
    const before = await e2e.itemCount();
    const response = await session(clientId, phase1Session(day(2)), { "if-match": `"${version - 1}"` });
    expect(response.status, response.text).toBe(412);
    expect(isProblem(response)).toBe(true);
    expect(response.body.type).toBe("urn:opt:problem:precondition-failed");
    expect(response.headers.get("etag")).toBe(`"${version}"`);
    expect(await e2e.itemCount()).toBe(before);
    expect(await versionOf(clientId)).toBe(version);
  });

  it("given the current ETag (strong or weak), then the command is applied", async () => {
    const version = await versionOf(clientId);
    const strong = await session(clientId, phase1Session(day(3)), { "if-match": `"${version}"` });
    expect(strong.status, strong.text).toBe(201);
    expect(strong.headers.get("etag")).toBe(`"${version + 1}"`);
    const weak = await session(clientId, phase1Session(day(4)), { "if-match": `W/"${version + 1}"` });
    expect(weak.status, weak.text).toBe(201);
  });

  it("given 5 concurrent writers with the same current ETag, then exactly one wins and the rest get 412", async () => {
    const version = await versionOf(clientId);
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        session(clientId, phase1Session(day(6, i), { sessionId: `m-${i}` }), { "if-match": `"${version}"` }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 412, 412, 412, 412]);
    expect(await versionOf(clientId)).toBe(version + 1);
  });
});
