import { httpHandler } from "../middleware/http-handler.ts";
import { runClientCommand } from "./client-command.ts";
import { assertNotInFuture, parsePath } from "./params.ts";
import { ClientIdParams, SetGoalBody } from "./schemas.ts";

export const handler = httpHandler("setGoal", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(SetGoalBody());
  assertNotInFuture(request, { at: body.at });
  return runClientCommand({
    request,
    operationId: "setGoal",
    successStatus: 200,
    clientId,
    body,
    command: { type: "SetGoal", data: { goal: body.goal, at: body.at ?? request.now.toISOString() } },
    respond: ({ state }) => ({ goal: state.goal, path: state.path }),
  });
});
