import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { parsePath } from "./params.ts";
import { WearableParams } from "./schemas.ts";

/** Unlinks the client's account at a provider: its later webhooks park the user's sessions. */
export const handler = httpHandler("unlinkWearable", async (request) => {
  const { clientId, provider } = parsePath(request, WearableParams());
  return runClientCommand({
    request,
    operationId: "unlinkWearable",
    successStatus: 200,
    clientId,
    body: { provider },
    command: { type: "UnlinkWearable", data: { provider, at: request.now.toISOString() } },
    respond: ({ events }) => ({ provider, linked: false, events: eventSummaries(events) }),
  });
});
