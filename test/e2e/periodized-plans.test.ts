import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { day, type E2e, fullHistory, phase1Session, registerClient, startE2e } from "../support/e2e.ts";

/*
 * A trainer plans a power client's 26 weeks over HTTP, sees Phase 1 between the high-intensity blocks, logs
 * a layoff and sees the plan re-planned with its reason.
 */

let e2e: E2e;
/** A power client in Phase 1 since day(0) (Monday 1 June 2026). */
let clientId: string;

beforeAll(async () => {
  e2e = await startE2e();
  clientId = await registerClient(e2e, { registeredAt: day(0), goal: "power" });
  const started = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
    body: { phase: 1, startedAt: day(0) },
  });
  expect(started.status, started.text).toBe(201);
});
afterAll(async () => {
  await e2e?.stop();
});

const outline = (blocks: { phase: number; weeks: number; reason: string }[]) =>
  blocks.map(({ phase, weeks, reason }) => `P${phase}×${weeks} ${reason}`);

describe("a power client's 26-week undulating plan", () => {
  it("given POST /plans, then 201 with Phase 1 blocks between the high-intensity blocks, each explained", async () => {
    const response = await e2e.call("POST", `/v1/clients/${clientId}/plans`, {
      body: { startsOn: "2026-06-01", periodization: "undulating" },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ weeks: 26, periodization: "undulating", sessionsPerWeek: 3 });
    expect(outline(response.body.blocks)).toEqual([
      "P1×4 current-phase",
      "P2×4 goal-path",
      "P1×2 recovery",
      "P5×4 goal-path",
      "P1×2 recovery",
      "P2×4 goal-path",
      "P1×2 recovery",
      "P5×4 goal-path",
    ]);
    expect(response.body.blocks[3]).toMatchObject({ startsOn: "2026-08-10", days: [1, 2, 5] });
    expect(response.body.blocks[2].why).toContain("recovery between blocks of Phases 2–5");
  });

  it("given GET /plan in week 6, then the client's block and week, the next block, and drift from the plan", async () => {
    const response = await e2e.call("GET", `/v1/clients/${clientId}/plan?asOf=${day(36)}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.current).toMatchObject({ index: 1, week: 2, block: { phase: 2 } });
    expect(response.body.next).toMatchObject({ phase: 1, startsOn: "2026-07-27", reason: "recovery" });
    expect(response.body.drift).toEqual({ plannedPhase: 2, actualPhase: 1, matches: false });
  });

  it("given a layoff in the Phase 2 block, then PlanAdjusted re-plans from that week with the reason", async () => {
    const phase2 = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
      body: { phase: 2, startedAt: day(28) },
    });
    expect(phase2.status, phase2.text).toBe(201);
    expect(phase2.body.events.map((event: { type: string }) => event.type)).toEqual(["PhaseStarted"]);
    const before = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: phase1Session(day(29)),
    });
    expect(before.status, before.text).toBe(201);

    const afterLayoff = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: phase1Session(day(50)),
    });
    expect(afterLayoff.status, afterLayoff.text).toBe(201);
    expect(afterLayoff.body.events.map((event: { type: string }) => event.type)).toEqual([
      "CycleBackTriggered",
      "PhaseStarted",
      "SessionCompleted",
      "PlanAdjusted",
    ]);

    const adjusted = (await fullHistory(e2e, clientId)).filter((item) => item.type === "PlanAdjusted");
    expect(adjusted).toHaveLength(1);
    expect(adjusted[0]?.data).toMatchObject({ reason: "layoff", at: day(50) });

    const plan = await e2e.call("GET", `/v1/clients/${clientId}/plan?asOf=${day(50)}`);
    expect(plan.status, plan.text).toBe(200);
    expect(outline(plan.body.blocks).slice(0, 4)).toEqual([
      "P1×4 current-phase",
      "P2×3 goal-path",
      "P1×4 layoff",
      "P2×4 goal-path",
    ]);
    expect(plan.body.drift).toEqual({ plannedPhase: 1, actualPhase: 1, matches: true });
  });
});
