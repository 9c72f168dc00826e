import { randomUUID } from "node:crypto";
import { decide } from "../../domain/client/decide.ts";
import { ClientNotFound } from "../../events/execute-command.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { assertCanReadClient } from "../middleware/principal.ts";
import { eventStore, tenantSettings } from "../shared/environment.ts";
import { parsePath } from "./params.ts";
import { NextSessionQuery } from "./program-schemas.ts";
import { ClientIdParams } from "./schemas.ts";

/**
 * A preview of the client's next session, decided exactly as POST /session-plans would decide it (same
 * defaults for equipment and seed), and stored nowhere.
 */
export const handler = httpHandler("previewNextSession", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const { equipment, seed, plannedFor } = request.query(NextSessionQuery());
  const { tenantId } = request.principal;
  const { state, version } = await eventStore().load({ tenantId, clientId });
  if (state.status === "unregistered" || state.locationId === null)
    throw new ClientNotFound("no such client");
  assertCanReadClient(request.principal, state.locationId);
  const day = plannedFor ?? request.now.toISOString();
  const [planned] = decide(
    {
      type: "PlanSession",
      data: {
        planId: randomUUID(),
        plannedFor: day,
        at: request.now.toISOString(),
        ...(equipment ? { equipment } : {}),
        ...(seed === undefined ? {} : { seed }),
      },
    },
    state,
    await tenantSettings(tenantId, request.now),
  );
  if (planned?.type !== "SessionPlanned") throw new Error("PlanSession decided no plan");
  return {
    status: 200,
    body: { clientId, plannedFor: day, ...planned.data.plan, version },
    headers: { "cache-control": "private, no-store" },
  };
});
