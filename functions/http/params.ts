import type { z } from "zod";
import type { HttpRequest } from "../middleware/http-handler.ts";
import { HttpProblem, invalidInput } from "../middleware/problem.ts";

/** Path parameters that fail their schema name nothing that exists: 404, not 400. */
export function parsePath<Schema extends z.ZodObject>(request: HttpRequest, schema: Schema): z.infer<Schema> {
  const values = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, request.pathParameter(name)]),
  );
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new HttpProblem(404, "not-found", "Not found", "no such resource");
  return parsed.data;
}

const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Business time may be back-dated, but a fact cannot have happened after the request arrived. */
export function assertNotInFuture(request: HttpRequest, fields: Record<string, string | undefined>): void {
  const errors = Object.entries(fields)
    .filter(([, at]) => at !== undefined && Date.parse(at) > request.now.getTime() + CLOCK_SKEW_MS)
    .map(([path]) => ({ path, message: "must not be in the future" }));
  if (errors.length > 0) throw invalidInput(errors);
}

/** The stream (or settings) version named by an If-Match ETag; undefined when the header is absent. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(header.trim());
  if (!match)
    throw invalidInput(
      [{ path: "If-Match", message: 'an ETag from a previous response, e.g. "7"' }],
      "If-Match header",
    );
  return Number(match[1]);
}
