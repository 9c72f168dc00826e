import { createHash, randomUUID } from "node:crypto";
import { httpHandler } from "../middleware/http-handler.ts";
import { assertCanWrite, type Principal } from "../middleware/principal.ts";
import { runClientCommand } from "./client-command.ts";
import { assertNotInFuture } from "./params.ts";
import { RegisterClientBody } from "./schemas.ts";

/**
 * With an Idempotency-Key the client id is derived from it (and from who sends it, so two users'
 * keys never meet), so a retried registration lands on the same stream.
 */
const clientIdFor = (principal: Principal, idempotencyKey: string | undefined): string => {
  if (!idempotencyKey) return randomUUID();
  const hex = createHash("sha256")
    .update(`${principal.tenantId}\n${principal.subject}\n${idempotencyKey}`)
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const handler = httpHandler("registerClient", async (request) => {
  const body = request.body(RegisterClientBody());
  // A date of birth is in the future once its day has not begun (in UTC) when the request arrives.
  assertNotInFuture(request, {
    registeredAt: body.registeredAt,
    dateOfBirth: `${body.dateOfBirth}T00:00:00Z`,
  });
  assertCanWrite(request.principal, body.locationId);
  const clientId = clientIdFor(request.principal, request.header("idempotency-key"));
  const { registeredAt, ...client } = body;
  const result = await runClientCommand({
    request,
    operationId: "registerClient",
    clientId,
    body,
    requireExisting: false,
    command: {
      type: "RegisterClient",
      data: { ...client, clientId, registeredAt: registeredAt ?? request.now.toISOString() },
    },
    respond: () => ({}),
  });
  return { ...result, headers: { ...result.headers, location: `/v1/clients/${clientId}` } };
});
