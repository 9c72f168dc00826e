import { httpHandler } from "../middleware/http-handler.ts";
import { assertAdmin } from "../middleware/principal.ts";
import { runClientCommand } from "./client-command.ts";
import { eventSummaries } from "./event-summaries.ts";
import { parsePath } from "./params.ts";
import { ClientIdParams, ErasureBody } from "./schemas.ts";

/**
 * Erases the client's personal data (admins): PersonalDataErased is appended and the client's key is
 * destroyed in the same transaction, so every sealed copy becomes unreadable; the training history stays.
 * A repeat changes nothing and answers the same erasure. (The store seals any plaintext history left from
 * before encryption first, or the destroyed key would not cover it.)
 */
export const handler = httpHandler("eraseClient", async (request) => {
  assertAdmin(request.principal, "erase a client's personal data");
  const { clientId } = parsePath(request, ClientIdParams());
  const body = request.body(ErasureBody());
  return runClientCommand({
    request,
    operationId: "eraseClient",
    clientId,
    body,
    successStatus: 200,
    command: {
      type: "ErasePersonalData",
      data: { erasedAt: request.now.toISOString(), reason: body.reason },
    },
    respond: ({ state, events }) => ({ erasure: state.erasure, events: eventSummaries(events) }),
  });
});
