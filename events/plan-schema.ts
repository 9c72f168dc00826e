import * as z from "zod";
import { CORRECTIVE_STAGES, SIDES } from "../domain/compensations/types.ts";
import { EQUIPMENT, EXERCISE_COMPONENTS, LEVELS, PATTERNS } from "../domain/exercises/types.ts";
import { GOALS } from "../domain/goals.ts";
import { GUIDELINE_VERSIONS } from "../domain/guidelines/types.ts";
import { PHASES } from "../domain/phases.ts";
import { PLAN_BLOCKS, type SessionPlan } from "../domain/program/session-plan.ts";
import { once } from "./once.ts";

/** A generated session plan: stored whole in SessionPlanned, and the body of the plan routes. */
const zone = () => z.union([z.literal(1), z.literal(2), z.literal(3)]);
const count = z.number().int().nonnegative();

const interval = () =>
  z.strictObject({
    zone: zone(),
    seconds: count,
    minBpm: count.optional(),
    maxBpm: count.optional(),
  });

const plannedExerciseSchema = () =>
  z
    .strictObject({
      exerciseId: z.string(),
      name: z.string(),
      component: z.enum(EXERCISE_COMPONENTS),
      pattern: z.enum(PATTERNS),
      role: z.enum(LEVELS).optional(),
      sets: count,
      reps: count.optional(),
      durationSeconds: count.optional(),
      tempo: z.string().optional(),
      restSeconds: count,
      intensityPct1RM: z.number().min(0).max(100).optional(),
      loadKg: z.number().nonnegative().optional(),
      supersetGroup: z.string().optional(),
      corrective: z.enum(CORRECTIVE_STAGES).optional(),
      targets: z.array(z.string()).optional(),
      side: z.enum(SIDES).optional(),
      intervals: z.array(interval()).optional(),
      why: z.string(),
    })
    .meta({ id: "PlannedExercise" });

/**
 * Built on first use, once (its `meta` ids may be registered only once): every handler imports the event
 * catalogue, and building this at import was part of their cold start.
 */
export const sessionPlanSchema = once(
  () =>
    z
      .strictObject({
        libraryVersion: z.string(),
        guidelineVersion: z.enum(GUIDELINE_VERSIONS),
        phase: z.literal([...PHASES]),
        phaseName: z.string(),
        weekOfBlock: z.number().int().positive(),
        goal: z.enum(GOALS).nullable(),
        seed: z.number().int(),
        equipment: z.array(z.enum(EQUIPMENT)),
        heartRate: z
          .strictObject({
            maxBpm: z.number().positive(),
            method: z.string(),
            zones: z.array(z.strictObject({ zone: zone(), minBpm: count, maxBpm: count })),
          })
          .nullable(),
        blocks: z.array(
          z.strictObject({ component: z.enum(PLAN_BLOCKS), exercises: z.array(plannedExerciseSchema()) }),
        ),
        gaps: z.array(z.strictObject({ block: z.enum(PLAN_BLOCKS), need: z.string(), reason: z.string() })),
      })
      .meta({ id: "SessionPlan" }) satisfies z.ZodType<SessionPlan>,
);
