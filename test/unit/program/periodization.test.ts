import { describe, expect, it } from "vitest";
import { type Goal, NASM_GOAL_PATHS } from "../../../domain/goals.ts";
import type { Phase } from "../../../domain/phases.ts";
import { buildPlanBlocks } from "../../../domain/program/periodization.ts";
import type { Periodization } from "../../../domain/program/plan-types.ts";
import { DEFAULT_SETTINGS, type ProgramSettings } from "../../../domain/settings.ts";

function plan(
  goal: Goal,
  periodization: Periodization,
  { weeks = 26, currentPhase = null as Phase | null, settings = DEFAULT_SETTINGS } = {},
) {
  return buildPlanBlocks({
    from: "2026-01-05",
    weeks,
    path: NASM_GOAL_PATHS[goal],
    currentPhase,
    periodization,
    sessionsPerWeek: 3,
    settings,
    guidelineVersion: "CPT7",
  });
}

const outline = (blocks: ReturnType<typeof plan>) =>
  blocks.map(({ phase, weeks, reason, days }) =>
    days ? { phase, weeks, reason, days } : { phase, weeks, reason },
  );

describe("a 26-week plan at 3 sessions a week (default settings)", () => {
  it("for a fat-loss client, linear: Phase 1, then 2 and 3 with Phase 1 recovery between them", () => {
    expect(outline(plan("fat-loss", "linear"))).toEqual([
      { phase: 1, weeks: 4, reason: "start" },
      { phase: 2, weeks: 4, reason: "goal-path" },
      { phase: 1, weeks: 2, reason: "recovery" },
      { phase: 3, weeks: 4, reason: "goal-path" },
      { phase: 1, weeks: 2, reason: "recovery" },
      { phase: 2, weeks: 4, reason: "goal-path" },
      { phase: 1, weeks: 2, reason: "recovery" },
      { phase: 3, weeks: 4, reason: "goal-path" },
    ]);
  });

  it("for a hypertrophy client, undulating: each week mixes the lower path phases in", () => {
    expect(outline(plan("hypertrophy", "undulating"))).toEqual([
      { phase: 1, weeks: 4, reason: "start", days: [1, 1, 1] },
      { phase: 2, weeks: 4, reason: "goal-path", days: [1, 2, 2] },
      { phase: 1, weeks: 2, reason: "recovery", days: [1, 1, 1] },
      { phase: 3, weeks: 4, reason: "goal-path", days: [1, 2, 3] },
      { phase: 1, weeks: 2, reason: "recovery", days: [1, 1, 1] },
      { phase: 4, weeks: 4, reason: "goal-path", days: [2, 3, 4] },
      { phase: 1, weeks: 2, reason: "recovery", days: [1, 1, 1] },
      { phase: 2, weeks: 4, reason: "goal-path", days: [1, 2, 2] },
    ]);
  });

  it("for a power client, linear and undulating: Phase 1 between every high-intensity block", () => {
    const linear = plan("power", "linear");
    expect(outline(linear)).toEqual([
      { phase: 1, weeks: 4, reason: "start" },
      { phase: 2, weeks: 4, reason: "goal-path" },
      { phase: 1, weeks: 2, reason: "recovery" },
      { phase: 5, weeks: 4, reason: "goal-path" },
      { phase: 1, weeks: 2, reason: "recovery" },
      { phase: 2, weeks: 4, reason: "goal-path" },
      { phase: 1, weeks: 2, reason: "recovery" },
      { phase: 5, weeks: 4, reason: "goal-path" },
    ]);
    expect(linear.map((b) => b.startsOn)).toEqual([
      "2026-01-05",
      "2026-02-02",
      "2026-03-02",
      "2026-03-16",
      "2026-04-13",
      "2026-04-27",
      "2026-05-25",
      "2026-06-08",
    ]);
    expect(plan("power", "undulating").map((b) => b.days)).toEqual([
      [1, 1, 1],
      [1, 2, 2],
      [1, 1, 1],
      [1, 2, 5],
      [1, 1, 1],
      [1, 2, 2],
      [1, 1, 1],
      [1, 2, 5],
    ]);
  });
});

describe("the plan's edges", () => {
  it("starts in the client's current phase when they are past Phase 1", () => {
    expect(outline(plan("power", "linear", { weeks: 6, currentPhase: 5 }))).toEqual([
      { phase: 5, weeks: 4, reason: "current-phase" },
      { phase: 1, weeks: 2, reason: "recovery" },
    ]);
  });

  it("extends the previous block within its guideline when the weeks left are too few for another", () => {
    // Phase 1's guideline runs 4–6 weeks: a 6-week plan is one Phase 1 block, not 4 + a 2-week Phase 2.
    expect(outline(plan("fat-loss", "linear", { weeks: 6 }))).toEqual([
      { phase: 1, weeks: 6, reason: "start" },
    ]);
  });

  it("cuts the last block, and says so, when the previous one cannot grow", () => {
    const blocks = plan("fat-loss", "linear", { weeks: 10 });
    expect(outline(blocks)).toEqual([
      { phase: 1, weeks: 4, reason: "start" },
      { phase: 2, weeks: 4, reason: "goal-path" },
      { phase: 1, weeks: 2, reason: "recovery" },
    ]);
    const cut = plan("fat-loss", "linear", { weeks: 9 }).at(-1);
    expect(cut).toMatchObject({ phase: 1, weeks: 1, reason: "recovery" });
    expect(cut?.why).toContain("cut to 1 weeks");
  });

  it("takes the recovery block's length from the tenant's recoveryBlockWeeks", () => {
    const settings: ProgramSettings = { ...DEFAULT_SETTINGS, recoveryBlockWeeks: 3 };
    expect(plan("power", "linear", { weeks: 11, settings })[2]).toMatchObject({
      phase: 1,
      weeks: 3,
      reason: "recovery",
    });
  });
});
