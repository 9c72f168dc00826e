import * as z from "zod";
import {
  BODY_PARTS,
  EQUIPMENT,
  EXERCISE_COMPONENTS,
  type Exercise,
  FLEXIBILITY_TYPES,
  LEVELS,
  PATTERNS,
} from "../../domain/exercises/types.ts";
import { PERIODIZATIONS } from "../../domain/program/plan-types.ts";
import { once } from "../../events/once.ts";
import { date, instant } from "./schemas.ts";

/** Request shapes of the program-design routes: the exercise library, next-session previews, stored plans. */
// Built on first use, as in schemas.ts: a handler builds only the schemas of its own route.

/** `equipment=dumbbell,bench` in a query string; an empty value means body weight only. */
const equipmentQuery = () =>
  z
    .string()
    .max(400)
    .transform((list) => (list.trim() === "" ? [] : list.split(",").map((item) => item.trim())))
    .pipe(z.array(z.enum(EQUIPMENT)))
    .meta({
      description: "Comma-separated equipment available; empty for body weight only",
      example: "dumbbell,bench",
    });

const seed = () =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .meta({
      description: "Varies the choice among equally good exercises; default: derived from the client and day",
    });

export const ExercisesQuery = once(() =>
  z.strictObject({
    component: z.enum(EXERCISE_COMPONENTS).optional(),
    pattern: z.enum(PATTERNS).optional(),
    level: z.enum(LEVELS).optional(),
    equipment: equipmentQuery().optional(),
  }),
);

export const NextSessionQuery = once(() =>
  z.strictObject({
    equipment: equipmentQuery().optional(),
    seed: seed().optional(),
    plannedFor: instant.optional(),
  }),
);

export const PlanSessionBody = once(() =>
  z
    .strictObject({
      equipment: z.array(z.enum(EQUIPMENT)).max(EQUIPMENT.length).optional(),
      seed: seed().optional(),
      plannedFor: instant.optional(),
    })
    .meta({ id: "PlanSession" }),
);

/** A plan may start this late at most (its blocks' dates stay four-digit years). */
const LATEST_PLAN_START = "2100-12-31";

export const CreatePlanBody = once(() =>
  z
    .strictObject({
      startsOn: date
        .refine((day) => day <= LATEST_PLAN_START, `must not be after ${LATEST_PLAN_START}`)
        .meta({ description: "ISO date: the plan's weeks count from it", example: "2026-03-02" }),
      weeks: z.number().int().min(1).max(104).optional().meta({ description: "Default 26" }),
      periodization: z.enum(PERIODIZATIONS).optional().meta({ description: "Default linear" }),
      sessionsPerWeek: z
        .number()
        .int()
        .min(1)
        .max(7)
        .optional()
        .meta({ description: "Default 3; each block clamps it to its phase's guideline frequency" }),
    })
    .meta({ id: "CreatePlan" }),
);

export const PlanQuery = once(() =>
  z.strictObject({
    asOf: instant.optional().meta({ description: "The day to place the client in the plan; default now" }),
  }),
);

/** One exercise of the library, as GET /v1/exercises lists it (see domain/exercises/types.ts). */
export const exerciseSchema = once(
  () =>
    z
      .strictObject({
        id: z.string().meta({ description: "Stable kebab-case id: sessions and plans refer to it" }),
        name: z.string(),
        aliases: z.array(z.string()).optional(),
        component: z.enum(EXERCISE_COMPONENTS),
        flexibilityType: z
          .enum(FLEXIBILITY_TYPES)
          .optional()
          .meta({ description: "Flexibility exercises only" }),
        levels: z.array(z.enum(LEVELS)).min(1),
        role: z
          .enum(LEVELS)
          .optional()
          .meta({ description: "Resistance exercises: the superset slot it fills" }),
        pattern: z.enum(PATTERNS),
        bodyParts: z.array(z.enum(BODY_PARTS)),
        equipment: z
          .array(z.enum(EQUIPMENT))
          .meta({ description: "Every item it needs; [] is body weight only" }),
        stability: z
          .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)])
          .meta({ description: "Rung on the proprioceptive ladder: 1 most stable, 5 least stable" }),
        regressionId: z.string().optional(),
        progressionId: z.string().optional(),
        muscles: z.array(z.string()).optional().meta({
          description:
            "Muscles it inhibits or lengthens (flexibility) or activates, as the compensation catalogue names them",
        }),
        integrates: z
          .array(z.string())
          .optional()
          .meta({ description: "Corrective-protocol patterns it integrates" }),
        timed: z.boolean().optional().meta({ description: "Held or timed rather than counted" }),
        highImpact: z.boolean().optional().meta({
          description: "Repeated landings: not prescribed while lower-body compensations are active",
        }),
        sources: z.array(z.string()),
      })
      .meta({ id: "Exercise" }) satisfies z.ZodType<Exercise>,
);
