import { httpHandler } from "../middleware/http-handler.ts";
import { assertAdmin } from "../middleware/principal.ts";
import { HttpProblem } from "../middleware/problem.ts";
import { webhookStore } from "../webhooks/store-environment.ts";
import { parsePath } from "./params.ts";
import { ReceiptParams } from "./schemas.ts";

/** What became of each item of one webhook post (admins), once the processor has run it. */
export const handler = httpHandler("getWebhookReceipt", async (request) => {
  assertAdmin(request.principal, "read webhook receipts");
  const { provider, receiptId } = parsePath(request, ReceiptParams());
  const receipt = await webhookStore().receipt(request.principal.tenantId, receiptId);
  if (!receipt || receipt.provider !== provider)
    throw new HttpProblem(404, "not-found", "Not found", "no such receipt, or it is not processed yet");
  return { status: 200, body: receipt };
});
