import { planView } from "../../domain/read-models/plan-view.ts";
import { ClientNotFound } from "../../events/execute-command.ts";
import { type HttpResult, httpHandler } from "../middleware/http-handler.ts";
import { assertCanReadClient } from "../middleware/principal.ts";
import { HttpProblem } from "../middleware/problem.ts";
import { eventStore, tenantSettings } from "../shared/environment.ts";
import { parsePath } from "./params.ts";
import { PlanQuery } from "./program-schemas.ts";
import { ClientIdParams } from "./schemas.ts";

/** The client's current plan, where they stand in it on the day, and whether their actual phase follows it. */
export const handler = httpHandler("getPlan", async (request): Promise<HttpResult> => {
  const { clientId } = parsePath(request, ClientIdParams());
  const { asOf } = request.query(PlanQuery());
  const { tenantId } = request.principal;
  const { state, version } = await eventStore().load({ tenantId, clientId });
  if (state.status === "unregistered" || state.locationId === null)
    throw new ClientNotFound("no such client");
  assertCanReadClient(request.principal, state.locationId);
  // The explanations name the tenant's settings (recovery and high-intensity block lengths).
  const view = planView(
    state,
    asOf ?? request.now.toISOString(),
    await tenantSettings(tenantId, request.now),
  );
  if (!view) throw new HttpProblem(404, "not-found", "Not found", "the client has no plan (POST /plans)");
  return {
    status: 200,
    body: { clientId, version, ...view },
    headers: { "cache-control": "private, no-cache" },
  };
});
