import { randomUUID } from "node:crypto";
import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { parsePath } from "./params.ts";
import { PlanSessionBody } from "./program-schemas.ts";
import { ClientIdParams } from "./schemas.ts";

/** Generates the client's next session and stores it whole (SessionPlanned), to be performed later. */
export const handler = httpHandler("planSession", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(PlanSessionBody());
  const planId = randomUUID();
  const now = request.now.toISOString();
  return runClientCommand({
    request,
    operationId: "planSession",
    clientId,
    body,
    command: { type: "PlanSession", data: { ...body, planId, plannedFor: body.plannedFor ?? now, at: now } },
    respond: ({ events }) => {
      const planned = events.find((event) => event.type === "SessionPlanned");
      return planned?.type === "SessionPlanned"
        ? { planId: planned.data.planId, plannedFor: planned.data.plannedFor, ...planned.data.plan }
        : {};
    },
  });
});
