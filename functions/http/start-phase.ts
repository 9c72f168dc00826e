import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { assertNotInFuture, parsePath } from "./params.ts";
import { ClientIdParams, StartPhaseBody } from "./schemas.ts";

export const handler = httpHandler("startPhase", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(StartPhaseBody());
  assertNotInFuture(request, { startedAt: body.startedAt });
  return runClientCommand({
    request,
    operationId: "startPhase",
    clientId,
    body,
    command: { type: "StartPhase", data: body },
    respond: ({ state, events }) => ({
      currentPhase: state.block?.phase ?? null,
      phaseStartedAt: state.block?.startedAt ?? null,
      plannedWeeks: state.block?.plannedWeeks ?? null,
      events: eventSummaries(events),
    }),
  });
});
