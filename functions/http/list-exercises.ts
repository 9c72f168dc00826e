import { EXERCISE_LIBRARY_VERSION, findExercises } from "../../domain/exercises/library.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { ExercisesQuery } from "./program-schemas.ts";

/** The exercise library, filtered by component, pattern, level and the equipment at hand. */
export const handler = httpHandler("listExercises", async (request) => {
  const filter = request.query(ExercisesQuery());
  return {
    status: 200,
    body: { catalogueVersion: EXERCISE_LIBRARY_VERSION, items: findExercises(filter) },
    headers: { "cache-control": "public, max-age=3600" },
  };
});
