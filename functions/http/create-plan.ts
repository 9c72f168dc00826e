import { randomUUID } from "node:crypto";
import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { parsePath } from "./params.ts";
import { CreatePlanBody } from "./program-schemas.ts";
import { ClientIdParams } from "./schemas.ts";

/** Builds and stores the client's periodized plan (PlanCreated); the trainer still starts each block. */
export const handler = httpHandler("createPlan", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(CreatePlanBody());
  const now = request.now.toISOString();
  return runClientCommand({
    request,
    operationId: "createPlan",
    clientId,
    body,
    command: { type: "CreatePlan", data: { ...body, planId: randomUUID(), at: now } },
    respond: ({ events }) => {
      const created = events.find((event) => event.type === "PlanCreated");
      return created?.type === "PlanCreated" ? { ...created.data } : {};
    },
  });
});
