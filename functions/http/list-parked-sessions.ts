import { httpHandler } from "../middleware/http-handler.ts";
import { assertAdmin } from "../middleware/principal.ts";
import { webhookStore } from "../webhooks/store-environment.ts";
import { parsePath } from "./params.ts";
import { ParkedQuery, ProviderParams } from "./schemas.ts";

/**
 * The tenant's wearable sessions from a provider that could not be recorded (admins), oldest first:
 * their user is linked to no client, or an OPT rule refused them. Each can be replayed once fixed.
 */
export const handler = httpHandler("listParkedSessions", async (request) => {
  assertAdmin(request.principal, "list parked wearable sessions");
  const { provider } = parsePath(request, ProviderParams());
  const { cursor, limit } = request.query(ParkedQuery());
  const page = await webhookStore().listParked(request.principal.tenantId, provider, {
    limit,
    ...(cursor ? { cursor } : {}),
  });
  return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
});
