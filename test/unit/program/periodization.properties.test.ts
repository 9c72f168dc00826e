import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { GOALS, NASM_GOAL_PATHS } from "../../../domain/goals.ts";
import { guidelineFor } from "../../../domain/guidelines/catalogue.ts";
import { GUIDELINE_VERSIONS } from "../../../domain/guidelines/types.ts";
import { PHASES } from "../../../domain/phases.ts";
import { addWeeksToDate, buildPlanBlocks } from "../../../domain/program/periodization.ts";
import type { PlanRequest } from "../../../domain/program/plan-types.ts";
import { DEFAULT_SETTINGS, withOverrides } from "../../../domain/settings.ts";

const requestArbitrary: fc.Arbitrary<PlanRequest> = fc.record({
  from: fc.constantFrom("2026-01-05", "2026-03-02", "2027-12-27"),
  weeks: fc.integer({ min: 1, max: 104 }),
  path: fc.constantFrom(...GOALS.map((goal) => NASM_GOAL_PATHS[goal])),
  currentPhase: fc.option(fc.constantFrom(...PHASES), { nil: null }),
  periodization: fc.constantFrom("linear" as const, "undulating" as const),
  sessionsPerWeek: fc.integer({ min: 1, max: 7 }),
  settings: fc
    .record({
      defaultBlockWeeks: fc.integer({ min: 1, max: 12 }),
      highIntensityBlockWeeks: fc.integer({ min: 1, max: 12 }),
      recoveryBlockWeeks: fc.integer({ min: 1, max: 6 }),
    })
    .map((overrides) => withOverrides(DEFAULT_SETTINGS, overrides)),
  guidelineVersion: fc.constantFrom(...GUIDELINE_VERSIONS),
});

describe("a periodized plan, for any client and settings", () => {
  test.prop([requestArbitrary])("covers the requested weeks exactly, block after block", (request) => {
    const blocks = buildPlanBlocks(request);
    expect(blocks.reduce((sum, block) => sum + block.weeks, 0)).toBe(request.weeks);
    blocks.forEach((block, i) => {
      const weeksBefore = blocks.slice(0, i).reduce((sum, b) => sum + b.weeks, 0);
      expect(block.startsOn).toBe(addWeeksToDate(request.from, weeksBefore));
      expect(block.weeks).toBeGreaterThan(0);
    });
  });

  test.prop([requestArbitrary])("never puts two blocks of Phases 2–5 next to each other", (request) => {
    const phases = buildPlanBlocks(request).map((block) => block.phase);
    for (const [i, phase] of phases.entries()) {
      if (i > 0) expect(phase > 1 && (phases[i - 1] ?? 1) > 1).toBe(false);
    }
  });

  test.prop([requestArbitrary])(
    "keeps each block in its guideline duration (but a cut last block), Phases 4 and 5 within highIntensityBlockWeeks",
    (request) => {
      const blocks = buildPlanBlocks(request);
      blocks.forEach((block, i) => {
        const { durationWeeks, frequencyPerWeek } = guidelineFor(request.guidelineVersion, block.phase);
        expect(block.sessionsPerWeek).toBeGreaterThanOrEqual(frequencyPerWeek.min);
        expect(block.sessionsPerWeek).toBeLessThanOrEqual(frequencyPerWeek.max);
        if (block.phase >= 4)
          expect(block.weeks).toBeLessThanOrEqual(request.settings.highIntensityBlockWeeks);
        if (block.reason === "recovery") return;
        expect(block.weeks).toBeLessThanOrEqual(durationWeeks.max);
        const cutLast = i === blocks.length - 1 && block.why.includes("cut to");
        const capped = block.phase >= 4 && request.settings.highIntensityBlockWeeks < durationWeeks.min;
        if (!cutLast && !capped) expect(block.weeks).toBeGreaterThanOrEqual(durationWeeks.min);
      });
    },
  );

  test.prop([requestArbitrary])(
    "makes every recovery block recoveryBlockWeeks long (but a cut last one)",
    (request) => {
      const blocks = buildPlanBlocks(request);
      blocks.forEach((block, i) => {
        if (block.reason !== "recovery") return;
        expect(block.phase).toBe(1);
        if (i < blocks.length - 1) expect(block.weeks).toBe(request.settings.recoveryBlockWeeks);
        else expect(block.weeks).toBeLessThanOrEqual(request.settings.recoveryBlockWeeks);
      });
    },
  );

  test.prop([requestArbitrary])(
    "names each undulating session's phase, and none in a linear plan",
    (request) => {
      for (const block of buildPlanBlocks(request)) {
        if (request.periodization === "linear") expect(block.days).toBeUndefined();
        else {
          expect(block.days).toHaveLength(block.sessionsPerWeek);
          expect(block.days).toContain(block.phase);
          expect(Math.max(...(block.days ?? []))).toBe(block.phase);
        }
      }
    },
  );
});
