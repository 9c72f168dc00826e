import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlannedExercise, SessionPlan } from "../../domain/program/session-plan.ts";
import { day, type E2e, fullHistory, isProblem, registerClient, startE2e, TENANT } from "../support/e2e.ts";

/*
 * Prescribed, then performed, over HTTP: the library, a preview that stores nothing, a stored plan, a
 * session recorded against it with its adherence, and the summary's last plan.
 */

let e2e: E2e;
/** A client at "downtown" whose knees move inward, in Phase 1 since day(1). */
let clientId: string;

beforeAll(async () => {
  e2e = await startE2e();
  clientId = await registerClient(e2e, { registeredAt: day(0), goal: "fat-loss" });
  const assessed = await e2e.call("POST", `/v1/clients/${clientId}/assessments`, {
    body: {
      type: "overhead-squat",
      performedAt: day(0, 1),
      findings: [{ compensation: "knees-move-inward" }],
    },
  });
  expect(assessed.status, assessed.text).toBe(201);
  const started = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
    body: { phase: 1, startedAt: day(1) },
  });
  expect(started.status, started.text).toBe(201);
});
afterAll(async () => {
  await e2e?.stop();
});

const exercisesOf = (plan: SessionPlan): PlannedExercise[] => plan.blocks.flatMap((block) => block.exercises);

/** Logs a planned exercise as prescribed. */
const performed = (planned: PlannedExercise) => ({
  exerciseId: planned.exerciseId,
  sets: Array.from({ length: planned.sets }, () =>
    planned.reps === undefined
      ? { durationSeconds: planned.durationSeconds }
      : { reps: planned.reps, ...(planned.tempo ? { tempo: planned.tempo } : {}) },
  ),
});

describe("the exercise library", () => {
  it("lists every exercise with its catalogue version", async () => {
    const response = await e2e.call("GET", "/v1/exercises");
    expect(response.status, response.text).toBe(200);
    expect(response.body.catalogueVersion).toMatch(/^opt-exercises-/);
    expect(response.body.items.length).toBeGreaterThanOrEqual(150);
  });

  it("filters by component, level and the equipment at hand (body weight only when empty)", async () => {
    const response = await e2e.call("GET", "/v1/exercises?component=balance&level=stabilization&equipment=");
    expect(response.status, response.text).toBe(200);
    expect(response.body.items.length).toBeGreaterThan(0);
    for (const item of response.body.items) {
      expect(item.component).toBe("balance");
      expect(item.levels).toContain("stabilization");
      expect(item.equipment).toEqual([]);
    }
  });
});

describe("prescribed, then performed", () => {
  let preview: SessionPlan & { plannedFor: string };
  let stored: SessionPlan & { planId: string; plannedFor: string };

  it("previews the next session, each exercise with why, and stores nothing", async () => {
    const before = await e2e.itemCount();
    const response = await e2e.call(
      "GET",
      `/v1/clients/${clientId}/next-session?seed=11&plannedFor=${day(3)}`,
    );
    expect(response.status, response.text).toBe(200);
    expect(await e2e.itemCount()).toBe(before);
    preview = response.body;
    expect(preview).toMatchObject({ clientId, phase: 1, weekOfBlock: 1, seed: 11 });
    expect(exercisesOf(preview).every((exercise) => exercise.why.length > 0)).toBe(true);
    expect(exercisesOf(preview).some((exercise) => exercise.corrective === "inhibit")).toBe(true);
    const again = await e2e.call("GET", `/v1/clients/${clientId}/next-session?seed=11&plannedFor=${day(3)}`);
    expect(again.body.blocks).toEqual(preview.blocks);
  });

  it("stores the same plan the preview showed (SessionPlanned) and answers 201 with its planId", async () => {
    const response = await e2e.call("POST", `/v1/clients/${clientId}/session-plans`, {
      body: { seed: 11, plannedFor: day(3) },
      headers: { "idempotency-key": "plan-day-3" },
    });
    expect(response.status, response.text).toBe(201);
    stored = response.body;
    expect(stored.planId).toEqual(expect.any(String));
    expect(stored.blocks).toEqual(preview.blocks);
    const replay = await e2e.call("POST", `/v1/clients/${clientId}/session-plans`, {
      body: { seed: 11, plannedFor: day(3) },
      headers: { "idempotency-key": "plan-day-3" },
    });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.planId).toBe(stored.planId);
    const history = await fullHistory(e2e, clientId);
    const plans = history.filter((item) => item.type === "SessionPlanned");
    expect(plans).toHaveLength(1);
    expect(plans[0]?.data).toMatchObject({ planId: stored.planId, plan: { blocks: preview.blocks } });
  });

  it("shows the stored plan on the summary, not yet performed", async () => {
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body.lastPlan).toEqual({
      planId: stored.planId,
      plannedFor: day(3),
      phase: 1,
      performed: false,
      sessionId: null,
    });
  });

  it("records a session against the plan and answers with adherence: done, substituted and missed", async () => {
    const prescribed = exercisesOf(stored);
    const resistance = stored.blocks.find((block) => block.component === "resistance")?.exercises ?? [];
    const swapped = resistance.find((e) => !e.corrective) as PlannedExercise;
    const library = await e2e.call("GET", `/v1/exercises?component=resistance&pattern=${swapped.pattern}`);
    const substitute = library.body.items.find(
      (item: { id: string; role: string }) => item.role === "stabilization" && item.id !== swapped.exerciseId,
    );
    const done = prescribed.filter((e) => e.component === "flexibility").slice(0, 3);
    const response = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: {
        sessionId: "planned-1",
        planId: stored.planId,
        performedAt: day(3, 1),
        exercises: [
          ...done.map(performed),
          { exerciseId: substitute.id, sets: [{ reps: 15, tempo: "4/2/1" }] },
        ],
      },
    });
    expect(response.status, response.text).toBe(201);
    const { adherence, compliance } = response.body;
    expect(adherence.planId).toBe(stored.planId);
    expect(adherence.prescribed).toBe(prescribed.length);
    expect(adherence.done).toEqual(done.map((e) => e.exerciseId));
    expect(adherence.substituted).toEqual([{ prescribed: swapped.exerciseId, performed: substitute.id }]);
    expect(adherence.missed).toHaveLength(prescribed.length - done.length - 1);
    expect(adherence.score).toBe(Math.round(((done.length + 1) / prescribed.length) * 100) / 100);
    // Foam rolling and stretches are checked as flexibility (their holds), never as resistance sets.
    expect(compliance.deviations.filter((d: { variable: string }) => d.variable === "reps")).toEqual([]);
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body.lastPlan).toMatchObject({
      planId: stored.planId,
      performed: true,
      sessionId: "planned-1",
    });
  });

  it("records a session against an older plan than the latest: any stored plan is found by its id", async () => {
    const older = await e2e.call("POST", `/v1/clients/${clientId}/session-plans`, {
      body: { plannedFor: day(5) },
    });
    const newer = await e2e.call("POST", `/v1/clients/${clientId}/session-plans`, {
      body: { plannedFor: day(6) },
    });
    expect([older.status, newer.status]).toEqual([201, 201]);
    const [first] = exercisesOf(older.body);
    const response = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: {
        planId: older.body.planId,
        performedAt: day(5, 1),
        exercises: [performed(first as PlannedExercise)],
      },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body.adherence).toMatchObject({ planId: older.body.planId, done: [first?.exerciseId] });
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body.lastPlan).toMatchObject({ planId: newer.body.planId, performed: false });
  });

  it("refuses a session against a plan this client does not have (422, nothing written)", async () => {
    const before = await e2e.itemCount();
    const response = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: {
        planId: randomUUID(),
        performedAt: day(4),
        exercises: [{ exerciseId: "floor-bridge", sets: [{ reps: 12 }] }],
      },
    });
    expect(response.status, response.text).toBe(422);
    expect(response.body.rule).toBe("session-plan-known");
    expect(await e2e.itemCount()).toBe(before);
  });
});

describe("equipment and refusals", () => {
  it("uses the location's equipment from the tenant's settings when the request names none", async () => {
    const put = await e2e.call("PUT", "/v1/settings", {
      body: { locationEquipment: { downtown: ["dumbbell", "bench"] } },
    });
    expect(put.status, put.text).toBe(200);
    const response = await e2e.call("GET", `/v1/clients/${clientId}/next-session`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.equipment).toEqual(["bench", "dumbbell"]);
    const library = await e2e.call("GET", "/v1/exercises");
    const needs = new Map<string, string[]>(
      library.body.items.map((i: { id: string; equipment: string[] }) => [i.id, i.equipment]),
    );
    for (const exercise of exercisesOf(response.body)) {
      expect(needs.get(exercise.exerciseId)?.every((item) => ["dumbbell", "bench"].includes(item))).toBe(
        true,
      );
    }
    const reset = await e2e.call("PUT", "/v1/settings", { body: {} });
    expect(reset.status).toBe(200);
  });

  it("answers 422 naming the rule for a client with no current phase and for a referred client", async () => {
    const unphased = await registerClient(e2e, { name: "No Phase Yet", registeredAt: day(0) });
    const noPhase = await e2e.call("GET", `/v1/clients/${unphased}/next-session`);
    expect(noPhase.status, noPhase.text).toBe(422);
    expect(isProblem(noPhase)).toBe(true);
    expect(noPhase.body.rule).toBe("session-requires-phase");

    const referred = await registerClient(e2e, { name: "Sore Knee", registeredAt: day(0) });
    await e2e.call("POST", `/v1/clients/${referred}/phases`, { body: { phase: 1, startedAt: day(1) } });
    const pain = await e2e.call("POST", `/v1/clients/${referred}/assessments`, {
      body: { type: "overhead-squat", performedAt: day(2), pain: true },
    });
    expect(pain.status, pain.text).toBe(201);
    const before = await e2e.itemCount();
    const plan = await e2e.call("POST", `/v1/clients/${referred}/session-plans`, { body: {} });
    expect(plan.status, plan.text).toBe(422);
    expect(plan.body.rule).toBe("referral-blocks-programming");
    expect(await e2e.itemCount()).toBe(before);
  });

  it("lets a trainer at the client's location plan, and refuses an analyst (403)", async () => {
    const trainer = await e2e.token({ tenant: TENANT, role: "trainer", locations: ["downtown"] });
    const analyst = await e2e.token({ tenant: TENANT, role: "analyst" });
    const planned = await e2e.call("POST", `/v1/clients/${clientId}/session-plans`, {
      token: trainer,
      body: {},
    });
    expect(planned.status, planned.text).toBe(201);
    const preview = await e2e.call("GET", `/v1/clients/${clientId}/next-session`, { token: analyst });
    expect(preview.status, preview.text).toBe(200);
    const refused = await e2e.call("POST", `/v1/clients/${clientId}/session-plans`, {
      token: analyst,
      body: {},
    });
    expect(refused.status, refused.text).toBe(403);
  });
});
