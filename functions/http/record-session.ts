import { randomUUID } from "node:crypto";
import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { assertNotInFuture, parsePath } from "./params.ts";
import { ClientIdParams, RecordSessionBody } from "./schemas.ts";

export const handler = httpHandler("recordSession", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams);
  const body = request.body(RecordSessionBody);
  assertNotInFuture(request, { performedAt: body.performedAt });
  const sessionId = body.sessionId ?? randomUUID();
  return runClientCommand({
    request,
    operationId: "recordSession",
    clientId,
    body,
    command: { type: "RecordSession", data: { ...body, sessionId } },
    respond: ({ state, events }) => {
      const completed = events.find((event) => event.type === "SessionCompleted");
      return {
        sessionId,
        recorded: completed !== undefined,
        phase: completed?.type === "SessionCompleted" ? completed.data.phase : (state.block?.phase ?? null),
        compliance: completed?.type === "SessionCompleted" ? completed.data.compliance : null,
        status: state.status,
        events: eventSummaries(events),
      };
    },
  });
});
