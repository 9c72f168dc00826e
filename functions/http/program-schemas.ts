import { z } from "zod";
import { exerciseById } from "../../domain/exercises/library.ts";
import { EQUIPMENT, EXERCISE_COMPONENTS, LEVELS, PATTERNS } from "../../domain/exercises/types.ts";

/** Request shapes of the program-design routes: the exercise library, next-session previews, stored plans. */
const instant = z.iso
  .datetime({ offset: true })
  .meta({ description: "ISO-8601 instant", example: "2026-03-04T09:00:00Z" });

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

/** A library exercise id; unknown ids are named in the 400. */
export const exerciseId = z
  .string()
  .max(64)
  .refine((id) => exerciseById(id) !== undefined, "not an exercise of the library (GET /v1/exercises)");
