import { randomUUID } from "node:crypto";
import { storedPlanOf } from "../../events/plan-reference.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { eventStore } from "../shared/environment.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { assertNotInFuture, parsePath } from "./params.ts";
import { ClientIdParams, RecordSessionBody } from "./schemas.ts";

export const handler = httpHandler("recordSession", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(RecordSessionBody());
  assertNotInFuture(request, { performedAt: body.performedAt });
  const sessionId = body.sessionId ?? randomUUID();
  const key = { tenantId: request.principal.tenantId, clientId };
  const command = { type: "RecordSession" as const, data: { ...body, sessionId } };
  return runClientCommand({
    request,
    operationId: "recordSession",
    clientId,
    body,
    command,
    ...storedPlanOf(eventStore(), key, command),
    respond: ({ state, events }) => {
      const completed = events.find((event) => event.type === "SessionCompleted");
      const data = completed?.type === "SessionCompleted" ? completed.data : undefined;
      return {
        sessionId,
        recorded: data !== undefined,
        phase: data?.phase ?? state.block?.phase ?? null,
        compliance: data?.compliance ?? null,
        ...(data?.adherence ? { adherence: data.adherence } : {}),
        status: state.status,
        events: eventSummaries(events),
      };
    },
  });
});
