import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  day,
  type E2e,
  fullHistory,
  isProblem,
  phase1Session,
  registerClient,
  registration,
  startE2e,
} from "../support/e2e.ts";

/*
 * One client's OPT journey over HTTP, against the local stack (API handlers + DynamoDB Local + stream
 * projector): assessment → corrective protocol, Phase 1 with refused and overridden later phases, a
 * compensation-free reassessment, advance readiness, Phase 2 supersets, a layoff that cycles back, pain
 * that refers, clearance that restarts Phase 1. Steps run in order and build on each other.
 */

let e2e: E2e;
let clientId: string;
let version = 0;

beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.stop();
});

const post = (path: string, body: unknown) => e2e.call("POST", `/v1/clients/${clientId}${path}`, { body });
const eventTypes = (response: { body: { events?: { type: string }[] } }) =>
  (response.body.events ?? []).map((event) => event.type);

/** The client's current stream version, from the summary's ETag. */
async function currentVersion(): Promise<number> {
  const response = await e2e.call("GET", `/v1/clients/${clientId}`);
  expect(response.status).toBe(200);
  return Number(JSON.parse(response.headers.get("etag") ?? "null"));
}

/** A 201 moved the stream by exactly the events it reports, and says so in its version and ETag. */
function expectAppended(response: Awaited<ReturnType<typeof post>>, events: string[]) {
  expect(response.status, response.text).toBe(201);
  expect(eventTypes(response)).toEqual(events);
  expect(response.body.version).toBe(version + events.length);
  expect(response.headers.get("etag")).toBe(`"${response.body.version}"`);
  version = response.body.version;
}

/** A 422 names the OPT rule and writes nothing. */
async function expectRefused(response: Awaited<ReturnType<typeof post>>, rule: string) {
  expect(response.status, response.text).toBe(422);
  expect(isProblem(response)).toBe(true);
  expect(response.body).toMatchObject({ type: "urn:opt:problem:opt-rule", rule });
  expect(await currentVersion()).toBe(version);
}

describe("a client's journey through the OPT model over HTTP", () => {
  it("given a new client, when registered, then 201 with its id, version 2 and a Location", async () => {
    const response = await e2e.call("POST", "/v1/clients", {
      body: registration({ trainerId: "coach-1", registeredAt: day(0) }),
    });
    expect(response.status, response.text).toBe(201);
    clientId = response.body.clientId;
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.version).toBe(2);
    expect(response.headers.get("location")).toBe(`/v1/clients/${clientId}`);
    version = 2;
  });

  it("when an overhead squat finds compensations, then the 201 carries the corrective protocol", async () => {
    const response = await post("/assessments", {
      type: "overhead-squat",
      performedAt: day(0, 1),
      findings: [{ compensation: "knees-move-inward" }, { compensation: "low-back-arches" }],
    });
    expectAppended(response, ["AssessmentRecorded", "CorrectiveProtocolAssigned"]);
    expect(response.body.activeCompensations.map((f: { compensation: string }) => f.compensation)).toEqual([
      "knees-move-inward",
      "low-back-arches",
    ]);
    const protocol = response.body.correctiveProtocol;
    for (const step of ["inhibit", "lengthen", "activate", "integrate"]) {
      expect(protocol[step].length, step).toBeGreaterThan(0);
    }
    expect(response.body.currentPhase).toBeNull();
  });

  it("when Phase 2 is the first block, then 422 new-client-starts-in-phase-1 (overridable), nothing written", async () => {
    const response = await post("/phases", { phase: 2, startedAt: day(1) });
    await expectRefused(response, "new-client-starts-in-phase-1");
    expect(response.body.overridable).toBe(true);
  });

  it("when Phase 2 is started with an overrideReason, then both broken rules are recorded as overridden", async () => {
    const reason = "returning competitive athlete, cleared by physio";
    const response = await post("/phases", { phase: 2, startedAt: day(1), overrideReason: reason });
    expectAppended(response, ["PhaseStarted"]);
    expect(response.body.currentPhase).toBe(2);
    expect(response.body.events[0]).toMatchObject({
      phase: 2,
      reason: "trainer-decision",
      overrides: [
        { rule: "new-client-starts-in-phase-1", reason },
        { rule: "compensations-block-later-phase", reason },
      ],
    });
  });

  it("when the trainer reconsiders and starts Phase 1, then the new block has no overrides", async () => {
    const response = await post("/phases", {
      phase: 1,
      startedAt: day(2),
      plannedWeeks: 4,
      sessionsPerWeek: 2,
    });
    expectAppended(response, ["PhaseStarted"]);
    expect(response.body).toMatchObject({ currentPhase: 1, phaseStartedAt: day(2), plannedWeeks: 4 });
    expect(response.body.events[0].overrides).toEqual([]);
  });

  it("when Phase 2 is asked for while compensations are active, then 422 compensations-block-later-phase", async () => {
    await expectRefused(
      await post("/phases", { phase: 2, startedAt: day(3) }),
      "compensations-block-later-phase",
    );
  });

  it("when a reassessment finds no compensation, then the protocol is cleared and the client stays in Phase 1", async () => {
    const response = await post("/assessments", {
      type: "overhead-squat",
      performedAt: day(3),
      findings: [],
    });
    expectAppended(response, ["AssessmentRecorded", "CorrectiveProtocolCleared"]);
    expect(response.body).toMatchObject({
      activeCompensations: [],
      correctiveProtocol: null,
      currentPhase: 1,
    });
  });

  it("when 9 compliant sessions span 4 weeks of Phase 1, after the day-3 reassessment in the block, then the 9th recommends Phase 2", async () => {
    const offsets = [1, 4, 8, 11, 15, 18, 22, 25];
    for (const offset of offsets) {
      const response = await post("/sessions", phase1Session(day(2 + offset)));
      expectAppended(response, ["SessionCompleted"]);
      expect(response.body).toMatchObject({
        recorded: true,
        phase: 1,
        compliance: { score: 1, deviations: [] },
      });
    }
    const ninth = await post("/sessions", phase1Session(day(30)));
    expectAppended(ninth, ["SessionCompleted", "PhaseAdvanceRecommended"]);
    expect(ninth.body.events[1]).toEqual({
      type: "PhaseAdvanceRecommended",
      fromPhase: 1,
      toPhase: 2,
      rule: "advance-readiness",
    });

    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body).toMatchObject({
      currentPhase: 1,
      sessionsInPhase: 9,
      recommendation: { fromPhase: 1, toPhase: 2, at: day(30) },
      // The day-3 reassessment + reassessEveryWeeks (4).
      nextReassessmentDue: day(31),
    });
  });

  it("when Phase 2 starts and a superset session is logged, then the 201 reports its compliance", async () => {
    const started = await post("/phases", { phase: 2, startedAt: day(31) });
    expectAppended(started, ["PhaseStarted"]);
    expect(started.body.events[0].overrides).toEqual([]);

    const strength = { reps: 10, tempo: "2/0/2", restSeconds: 0 };
    const stabilization = { reps: 10, tempo: "4/2/1", restSeconds: 60 };
    const response = await post("/sessions", {
      sessionId: "p2-superset-1",
      performedAt: day(32),
      exercises: [
        { name: "bench press", supersetGroup: "a", sets: [strength, strength] },
        { name: "ball push-up", supersetGroup: "a", sets: [stabilization, stabilization] },
        { name: "cable row", sets: [strength, strength] },
      ],
    });
    expectAppended(response, ["SessionCompleted"]);
    // 3 exercises × (pairing + sets + 2 × (reps, tempo, rest)) = 24 checks; only the unpaired row fails.
    expect(response.body).toMatchObject({ sessionId: "p2-superset-1", phase: 2 });
    expect(response.body.compliance).toEqual({
      score: 0.96,
      checks: 24,
      deviations: [
        {
          exercise: "cable row",
          variable: "superset",
          expected: "a strength+stabilization superset of two exercises",
          actual: "not in a superset",
        },
      ],
    });
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body).toMatchObject({ currentPhase: 2, recommendation: null });
  });

  it("when the next session comes 15 days later, then the 201 shows a layoff cycle-back to Phase 1 first", async () => {
    const response = await post("/sessions", phase1Session(day(47)));
    expectAppended(response, ["CycleBackTriggered", "PhaseStarted", "SessionCompleted"]);
    expect(response.body.events[0]).toMatchObject({ reason: "layoff", rule: "layoff-cycles-back" });
    expect(response.body.events[1]).toMatchObject({ phase: 1, reason: "cycle-back" });
    expect(response.body).toMatchObject({ phase: 1, compliance: { score: 1 } });
  });

  it("when a session reports pain, then the client is referred", async () => {
    const response = await post("/sessions", phase1Session(day(48), { pain: true }));
    expectAppended(response, ["SessionCompleted", "ClientReferred"]);
    expect(response.body.status).toBe("referred");
    expect(response.body.events[1]).toMatchObject({ rule: "pain-refers-client", source: "session" });
  });

  it("while referred, sessions and phases are refused with 422 referral-blocks-programming", async () => {
    await expectRefused(await post("/sessions", phase1Session(day(49))), "referral-blocks-programming");
    await expectRefused(
      await post("/phases", { phase: 1, startedAt: day(49) }),
      "referral-blocks-programming",
    );
  });

  it("when cleared, then Phase 1 restarts; clearing again is refused with 422 clearance-requires-referral", async () => {
    const response = await post("/clearance", { clearedAt: day(50), notes: "physio cleared" });
    expectAppended(response, ["ClientCleared", "PhaseStarted"]);
    expect(response.body).toMatchObject({ status: "active", currentPhase: 1 });
    expect(response.body.events[1]).toMatchObject({ phase: 1, reason: "cleared-after-referral" });

    await expectRefused(await post("/clearance", { clearedAt: day(50, 1) }), "clearance-requires-referral");

    expectAppended(await post("/sessions", phase1Session(day(51))), ["SessionCompleted"]);
  });

  it("then GET summary shows the state with ETag = version, and If-None-Match answers 304", async () => {
    const response = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${version}"`);
    expect(response.body).toMatchObject({
      clientId,
      name: "Ada Client",
      locationId: "downtown",
      trainerId: "coach-1",
      status: "active",
      goal: "general-fitness",
      path: [1, 2, 3],
      currentPhase: 1,
      phaseStartedAt: day(50),
      sessionsInPhase: 1,
      activeCompensations: [],
      correctiveProtocol: null,
      lastSessionAt: day(51),
      recommendation: null,
      lastCycleBack: { at: day(47), reason: "layoff" },
      version,
    });

    const notModified = await e2e.call("GET", `/v1/clients/${clientId}`, {
      headers: { "if-none-match": `"${version}"` },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(`"${version}"`);
    expect(notModified.text).toBe("");

    const stale = await e2e.call("GET", `/v1/clients/${clientId}`, {
      headers: { "if-none-match": `"${version - 1}"` },
    });
    expect(stale.status).toBe(200);
  });

  it("then GET history pages with a cursor through exactly the journey's events, versions 1..n in order", async () => {
    const expected = [
      "ClientRegistered",
      "GoalSet",
      "AssessmentRecorded",
      "CorrectiveProtocolAssigned",
      "PhaseStarted",
      "PhaseStarted",
      "AssessmentRecorded",
      "CorrectiveProtocolCleared",
      ...Array(8).fill("SessionCompleted"),
      "SessionCompleted",
      "PhaseAdvanceRecommended",
      "PhaseStarted",
      "SessionCompleted",
      "CycleBackTriggered",
      "PhaseStarted",
      "SessionCompleted",
      "SessionCompleted",
      "ClientReferred",
      "ClientCleared",
      "PhaseStarted",
      "SessionCompleted",
    ];
    expect(version).toBe(expected.length);

    const pages: { type: string; version: number }[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=4&cursor=${cursor}` : "?limit=4";
      const page = await e2e.call("GET", `/v1/clients/${clientId}/history${query}`);
      expect(page.status, page.text).toBe(200);
      expect(page.headers.get("etag")).toBe(`"${version}"`);
      expect(page.body.items.length).toBeLessThanOrEqual(4);
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null && pages.length < 20);

    const items = pages.flat();
    expect(pages.length).toBeGreaterThanOrEqual(expected.length / 4);
    expect(items.map((item) => item.type)).toEqual(expected);
    expect(items.map((item) => item.version)).toEqual(expected.map((_, i) => i + 1));
    // One page of everything says the same.
    expect(await fullHistory(e2e, clientId)).toEqual(items);
  });

  it("then the history keeps business time and the recorded override", async () => {
    const items = await fullHistory(e2e, clientId);
    const overridden = items.find((item) => item.type === "PhaseStarted");
    expect(overridden).toMatchObject({ occurredAt: day(1), data: { phase: 2 } });
    const overrides = (overridden?.data.overrides ?? []) as { rule: string }[];
    expect(overrides.map((o) => o.rule)).toEqual([
      "new-client-starts-in-phase-1",
      "compensations-block-later-phase",
    ]);
    const cycleBack = items.find((item) => item.type === "CycleBackTriggered");
    expect(cycleBack).toMatchObject({
      occurredAt: day(47),
      data: { fromPhase: 2, toPhase: 1, reason: "layoff", rule: "layoff-cycles-back" },
    });
  });

  it("given a second client with a compensation-free squat in Phase 2, then the roster lists both by phase", async () => {
    const second = await registerClient(e2e, { name: "Bo Client", registeredAt: day(10) });
    const assessed = await e2e.call("POST", `/v1/clients/${second}/assessments`, {
      body: { type: "overhead-squat", performedAt: day(10, 1) },
    });
    expect(assessed.status, assessed.text).toBe(201);
    // A compensation-free overhead squat justifies a later first phase: no override needed.
    const started = await e2e.call("POST", `/v1/clients/${second}/phases`, {
      body: { phase: 2, startedAt: day(11) },
    });
    expect(started.status, started.text).toBe(201);
    expect(started.body.events[0].overrides).toEqual([]);

    await e2e.stack.projectionsIdle();

    const all = await e2e.call("GET", "/v1/locations/downtown/clients");
    expect(all.status, all.text).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    const byId = new Map(all.body.items.map((item: { clientId: string }) => [item.clientId, item]));
    expect(byId.size).toBe(2);
    expect(byId.get(clientId)).toEqual({
      clientId,
      name: "Ada Client",
      locationId: "downtown",
      trainerId: "coach-1",
      phase: 1,
      status: "active",
      lastSessionAt: day(51),
    });
    expect(byId.get(second)).toMatchObject({
      name: "Bo Client",
      phase: 2,
      status: "active",
      lastSessionAt: null,
    });

    const phase1 = await e2e.call("GET", "/v1/locations/downtown/clients?phase=1");
    expect(phase1.body.items.map((item: { clientId: string }) => item.clientId)).toEqual([clientId]);
    const phase2 = await e2e.call("GET", "/v1/locations/downtown/clients?phase=2");
    expect(phase2.body.items.map((item: { clientId: string }) => item.clientId)).toEqual([second]);
    const phase3 = await e2e.call("GET", "/v1/locations/downtown/clients?phase=3");
    expect(phase3.body.items).toEqual([]);
    const elsewhere = await e2e.call("GET", "/v1/locations/uptown/clients");
    expect(elsewhere.body.items).toEqual([]);

    const firstPage = await e2e.call("GET", "/v1/locations/downtown/clients?limit=1");
    expect(firstPage.body.items).toHaveLength(1);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await e2e.call(
      "GET",
      `/v1/locations/downtown/clients?limit=1&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.status).toBe(200);
    expect([...firstPage.body.items, ...secondPage.body.items].map((item) => item.clientId).sort()).toEqual(
      [clientId, second].sort(),
    );
  });
});

describe("changing a client's goal", () => {
  it("given a client, when PUT goal, then 200 (a change to the client, not a new resource) with the goal's path, and GET shows it", async () => {
    const id = await registerClient(e2e, { locationId: "goal-desk", registeredAt: day(0) });
    const response = await e2e.call("PUT", `/v1/clients/${id}/goal`, { body: { goal: "hypertrophy" } });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ clientId: id, goal: "hypertrophy", version: 3 });
    expect(response.headers.get("etag")).toBe('"3"');
    const summary = await e2e.call("GET", `/v1/clients/${id}`);
    expect(summary.body.goal).toBe("hypertrophy");
    const again = await e2e.call("PUT", `/v1/clients/${id}/goal`, { body: { goal: "hypertrophy" } });
    expect(again.status, again.text).toBe(200);
    expect(again.body.version).toBe(3);
  });
});
