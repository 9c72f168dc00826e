import { z } from "zod";
import {
  BODY_PARTS,
  EQUIPMENT,
  EXERCISE_COMPONENTS,
  type Exercise,
  FLEXIBILITY_TYPES,
  LEVELS,
  PATTERNS,
} from "../../domain/exercises/types.ts";
import { instant } from "./schemas.ts";

/** Request shapes of the program-design routes: the exercise library, next-session previews, stored plans. */

/** `equipment=dumbbell,bench` in a query string; an empty value means body weight only. */
const equipmentQuery = z
  .string()
  .max(400)
  .transform((list) => (list.trim() === "" ? [] : list.split(",").map((item) => item.trim())))
  .pipe(z.array(z.enum(EQUIPMENT)))
  .meta({
    description: "Comma-separated equipment available; empty for body weight only",
    example: "dumbbell,bench",
  });

const seed = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .meta({
    description: "Varies the choice among equally good exercises; default: derived from the client and day",
  });

export const ExercisesQuery = z.strictObject({
  component: z.enum(EXERCISE_COMPONENTS).optional(),
  pattern: z.enum(PATTERNS).optional(),
  level: z.enum(LEVELS).optional(),
  equipment: equipmentQuery.optional(),
});

export const NextSessionQuery = z.strictObject({
  equipment: equipmentQuery.optional(),
  seed: seed.optional(),
  plannedFor: instant.optional(),
});

export const PlanSessionBody = z
  .strictObject({
    equipment: z.array(z.enum(EQUIPMENT)).max(EQUIPMENT.length).optional(),
    seed: seed.optional(),
    plannedFor: instant.optional(),
  })
  .meta({ id: "PlanSession" });

/** One exercise of the library, as GET /v1/exercises lists it (see domain/exercises/types.ts). */
export const exerciseSchema = z
  .strictObject({
    id: z.string().meta({ description: "Stable kebab-case id: sessions and plans refer to it" }),
    name: z.string(),
    aliases: z.array(z.string()).optional(),
    component: z.enum(EXERCISE_COMPONENTS),
    flexibilityType: z.enum(FLEXIBILITY_TYPES).optional().meta({ description: "Flexibility exercises only" }),
    levels: z.array(z.enum(LEVELS)).min(1),
    role: z.enum(LEVELS).optional().meta({ description: "Resistance exercises: the superset slot it fills" }),
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
    highImpact: z
      .boolean()
      .optional()
      .meta({ description: "Repeated landings: not prescribed while lower-body compensations are active" }),
    sources: z.array(z.string()),
  })
  .meta({ id: "Exercise" }) satisfies z.ZodType<Exercise>;
