import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { assertNotInFuture, parsePath } from "./params.ts";
import { ClearClientBody, ClientIdParams } from "./schemas.ts";

export const handler = httpHandler("clearClient", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(ClearClientBody());
  assertNotInFuture(request, { clearedAt: body.clearedAt });
  return runClientCommand({
    request,
    operationId: "clearClient",
    clientId,
    body,
    command: {
      type: "ClearClient",
      data: {
        clearedAt: body.clearedAt ?? request.now.toISOString(),
        clearedBy: request.principal.subject,
        ...(body.notes ? { notes: body.notes } : {}),
      },
    },
    respond: ({ state, events }) => ({
      status: state.status,
      currentPhase: state.block?.phase ?? null,
      events: eventSummaries(events),
    }),
  });
});
