import { InvalidCursor } from "../../events/projections/roster-store.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { assertCanRead } from "../middleware/principal.ts";
import { invalidInput } from "../middleware/problem.ts";
import { rosterStore } from "../shared/environment.ts";
import { parsePath } from "./params.ts";
import { LocationParams, RosterQuery } from "./schemas.ts";

/** A location's clients by phase, from the projected roster (eventually consistent with the streams). */
export const handler = httpHandler("listRoster", async (request) => {
  const { locationId } = parsePath(request, LocationParams());
  assertCanRead(request.principal, locationId);
  const { phase, cursor, limit } = request.query(RosterQuery());
  try {
    const page = await rosterStore().listRoster(request.principal.tenantId, locationId, {
      ...(phase ? { phase: phase as 1 | 2 | 3 | 4 | 5 } : {}),
      ...(cursor ? { cursor } : {}),
      limit,
    });
    return { status: 200, body: { items: page.entries, nextCursor: page.cursor } };
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw invalidInput([{ path: "cursor", message: "not a cursor from a previous page" }], "query string");
    throw error;
  }
});
