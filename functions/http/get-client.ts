import { clientSummary } from "../../domain/read-models/summary.ts";
import { ClientNotFound } from "../../events/execute-command.ts";
import { type HttpResult, httpHandler } from "../middleware/http-handler.ts";
import { assertCanReadClient } from "../middleware/principal.ts";
import { eventStore, tenantSettings } from "../shared/environment.ts";
import { parsePath } from "./params.ts";
import { ClientIdParams } from "./schemas.ts";

/** The client summary, read-your-writes: it is derived from the snapshot written with the events. */
export const handler = httpHandler("getClient", async (request): Promise<HttpResult> => {
  const { clientId } = parsePath(request, ClientIdParams());
  const { state, version } = await eventStore().load({ tenantId: request.principal.tenantId, clientId });
  const settings = await tenantSettings(request.principal.tenantId, request.now);
  const summary = clientSummary(state, request.now.toISOString(), settings);
  if (!summary) throw new ClientNotFound("no such client");
  assertCanReadClient(request.principal, summary.locationId);
  const etag = `"${version}"`;
  if (request.header("if-none-match") === etag) return { status: 304, headers: { etag } };
  return {
    status: 200,
    body: { ...summary, version },
    headers: { etag, "cache-control": "private, no-cache" },
  };
});
