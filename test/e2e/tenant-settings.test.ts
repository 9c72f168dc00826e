import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NASM_GOAL_PATHS } from "../../domain/goals.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { day, type E2e, isProblem, phase1Session, registerClient, startE2e, TENANT } from "../support/e2e.ts";

/* Per-tenant programme settings: rule thresholds and goal paths are the tenant's data, not code. */

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.stop();
});

const putSettings = (body: unknown, token = e2e.admin, headers: Record<string, string> = {}) =>
  e2e.call("PUT", "/v1/settings", { body, token, headers });

describe("tenant settings", () => {
  it("given no change, then the settings in force are the defaults at version 0", async () => {
    const response = await e2e.call("GET", "/v1/settings");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      settings: { ...DEFAULT_SETTINGS, goalPaths: NASM_GOAL_PATHS },
      overrides: {},
      version: 0,
    });
    expect(response.headers.get("etag")).toBe('"0"');
  });

  it("given a shorter layoff threshold, when a Phase 2 client trains 8 days after the last session, then it cycles back", async () => {
    const changed = await putSettings({ layoffDays: 7 });
    expect(changed.status).toBe(200);
    expect(changed.body.settings.layoffDays).toBe(7);

    const clientId = await registerClient(e2e);
    const post = (path: string, body: unknown) =>
      e2e.call("POST", `/v1/clients/${clientId}${path}`, { body });
    expect(
      (await post("/assessments", { type: "overhead-squat", performedAt: day(1), findings: [] })).status,
    ).toBe(201);
    expect((await post("/phases", { phase: 2, startedAt: day(1) })).status).toBe(201);
    expect((await post("/sessions", phase1Session(day(2)))).status).toBe(201);

    const late = await post("/sessions", phase1Session(day(10)));

    expect(late.status).toBe(201);
    expect(late.body.events.map((event: { type: string }) => event.type)).toEqual([
      "CycleBackTriggered",
      "PhaseStarted",
      "SessionCompleted",
    ]);
    expect(late.body.events[0].explanation).toContain("layoff threshold 7");
  });

  it("given a tenant's own goal path, then a client registered after it follows that path", async () => {
    const current = await e2e.call("GET", "/v1/settings");
    const changed = await putSettings({ goalPaths: { "fat-loss": [1, 2] } }, e2e.admin, {
      "if-match": current.headers.get("etag") ?? "",
    });
    expect(changed.status).toBe(200);
    expect(changed.body.overrides).toEqual({ goalPaths: { "fat-loss": [1, 2] } });

    const clientId = await registerClient(e2e, { goal: "fat-loss" });
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body.path).toEqual([1, 2]);
  });

  it("given a stale If-Match, then 412 and the settings are unchanged", async () => {
    const before = await e2e.call("GET", "/v1/settings");
    const response = await putSettings({ layoffDays: 30 }, e2e.admin, { "if-match": '"0"' });
    expect(response.status).toBe(412);
    expect(isProblem(response)).toBe(true);
    expect((await e2e.call("GET", "/v1/settings")).body).toEqual(before.body);
  });

  it("given a trainer, a manager or an analyst, then 403 on a change", async () => {
    for (const role of ["trainer", "manager", "analyst"] as const) {
      const token = await e2e.token({ tenant: TENANT, role, locations: "*" });
      expect((await putSettings({ layoffDays: 3 }, token)).status).toBe(403);
    }
  });

  it.each([
    [{ layoffDays: 0 }, "layoffDays"],
    [{ minAdherence: 1.5 }, "minAdherence"],
    [{ goalPaths: { power: [2, 5] } }, "goalPaths.power"],
    [{ goalPaths: { power: [1, 5, 2] } }, "goalPaths.power"],
    [{ goalPaths: { strength: [1, 2] } }, "goalPaths"],
    [{ guidelineVersion: "CPT8" }, "guidelineVersion"],
    [{ highIntensityCycleBackPhase: 3 }, "highIntensityCycleBackPhase"],
    [{ reassessEveryWeeks: 0 }, "reassessEveryWeeks"],
    [{ advanceRequiresReassessment: "yes" }, "advanceRequiresReassessment"],
  ])("given invalid settings %j, then 400 naming %s and nothing changes", async (body, field) => {
    const before = await e2e.call("GET", "/v1/settings");
    const response = await putSettings(body);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toContain(field);
    expect((await e2e.call("GET", "/v1/settings")).body).toEqual(before.body);
  });

  it("keeps each tenant's settings to itself", async () => {
    const other = await e2e.token({ tenant: "gym-b", role: "admin" });
    const response = await e2e.call("GET", "/v1/settings", { token: other });
    expect(response.body.version).toBe(0);
    expect(response.body.overrides).toEqual({});
  });
});
