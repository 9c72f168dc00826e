import fc from "fast-check";
import type { ActiveFinding } from "../../domain/client/events.ts";
import { CATALOGUE } from "../../domain/compensations/catalogue.ts";
import { deriveCorrectiveProtocol } from "../../domain/compensations/corrective-protocol.ts";
import { EXERCISES } from "../../domain/exercises/library.ts";
import { EQUIPMENT } from "../../domain/exercises/types.ts";
import { GOALS } from "../../domain/goals.ts";
import { GUIDELINE_VERSIONS } from "../../domain/guidelines/types.ts";
import { PHASES } from "../../domain/phases.ts";
import type { ProgrammingProfile } from "../../domain/program/profile.ts";
import type { PlannedExercise, SessionPlan } from "../../domain/program/session-plan.ts";

/** Every exercise of a plan, in order. */
export const exercisesOf = (plan: SessionPlan): PlannedExercise[] =>
  plan.blocks.flatMap((block) => block.exercises);

export const blockOf = (plan: SessionPlan, component: string): PlannedExercise[] =>
  plan.blocks.find((block) => block.component === component)?.exercises ?? [];

/** One valid finding per catalogue entry (a weight shift is toward one side, never bilateral). */
const findingArbitrary = fc
  .constantFrom(...CATALOGUE)
  .chain((entry) =>
    fc
      .constantFrom(
        ...(entry.muscles.sideAware
          ? (["left", "right"] as const)
          : (["bilateral", "left", "right"] as const)),
      )
      .map(
        (side): ActiveFinding => ({ assessment: entry.assessment, compensation: entry.compensation, side }),
      ),
  );

const strengthIds = EXERCISES.filter((e) => e.component === "resistance").map((e) => e.id);

/** Random clients as the generator sees them: any phase, week, goal, findings, known 1RMs and age. */
export const profileArbitrary: fc.Arbitrary<ProgrammingProfile> = fc
  .record({
    phase: fc.constantFrom(...PHASES),
    guidelineVersion: fc.constantFrom(...GUIDELINE_VERSIONS),
    weekOfBlock: fc.integer({ min: 1, max: 8 }),
    plannedWeeks: fc.integer({ min: 1, max: 6 }),
    goal: fc.option(fc.constantFrom(...GOALS), { nil: null }),
    findings: fc.uniqueArray(findingArbitrary, {
      maxLength: 4,
      selector: (f) => `${f.assessment}:${f.compensation}`,
    }),
    maxes: fc.uniqueArray(
      fc.record({ id: fc.constantFrom(...strengthIds), kg: fc.integer({ min: 10, max: 300 }) }),
      { maxLength: 10, selector: (m) => m.id },
    ),
    ageYears: fc.option(fc.integer({ min: 14, max: 90 }), { nil: null }),
    muscularEndurance: fc.boolean(),
  })
  .map(({ findings, maxes, muscularEndurance, ...rest }) => ({
    ...rest,
    // Phase 3's 12–20-rep option is the only block setting of the kind.
    muscularEndurance: muscularEndurance && rest.phase === 3,
    findings,
    protocol: deriveCorrectiveProtocol(
      findings.map(({ assessment, ...finding }) => ({ assessment, finding })),
    ),
    oneRepMax: (...names: string[]) => {
      const known = maxes.find((max) => names.includes(max.id));
      return known && { exercise: known.id, kg: known.kg, method: "measured" as const };
    },
  }));

export const equipmentArbitrary = fc.subarray([...EQUIPMENT]);
export const seedArbitrary = fc.integer({ min: 0, max: 2 ** 31 - 1 });
