import { randomUUID } from "node:crypto";
import { activeFindings } from "../../domain/client/state.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { assertNotInFuture, parsePath } from "./params.ts";
import { ClientIdParams, RecordAssessmentBody } from "./schemas.ts";

export const handler = httpHandler("recordAssessment", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(RecordAssessmentBody());
  assertNotInFuture(request, { performedAt: body.performedAt });
  const assessmentId = body.assessmentId ?? randomUUID();
  const { type, assessmentId: _, ...data } = body;
  return runClientCommand({
    request,
    operationId: "recordAssessment",
    clientId,
    body,
    command: { type: "RecordAssessment", data: { ...data, assessmentId, kind: type } },
    respond: ({ state, events }) => ({
      assessmentId,
      activeCompensations: activeFindings(state),
      correctiveProtocol: state.correctiveProtocol,
      status: state.status,
      currentPhase: state.block?.phase ?? null,
      events: eventSummaries(events),
    }),
  });
});
