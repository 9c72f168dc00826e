import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { assertNotInFuture, parsePath } from "./params.ts";
import { ClientIdParams, LinkWearableBody } from "./schemas.ts";

/**
 * Links the client's account at a provider, so that provider's webhooks for that user record the
 * client's sessions. One account is one client's per tenant (409 otherwise); a client's other account at
 * the same provider is replaced.
 */
export const handler = httpHandler("linkWearable", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(LinkWearableBody());
  assertNotInFuture(request, { at: body.at });
  const { provider, externalUserId } = body;
  return runClientCommand({
    request,
    operationId: "linkWearable",
    clientId,
    body,
    command: {
      type: "LinkWearable",
      data: { provider, externalUserId, at: body.at ?? request.now.toISOString() },
    },
    respond: ({ state, events }) => ({
      provider,
      linked: state.wearables?.[provider] === externalUserId,
      events: eventSummaries(events),
    }),
  });
});
