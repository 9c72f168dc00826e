import { httpHandler } from "../middleware/http-handler.ts";
import { assertAdmin } from "../middleware/principal.ts";
import { HttpProblem } from "../middleware/problem.ts";
import { processingDeps, webhookStore } from "../webhooks/environment.ts";
import { processReceipt } from "../webhooks/processing.ts";
import { parsePath } from "./params.ts";
import { ParkedSessionParams } from "./schemas.ts";

/**
 * Runs a parked session through the current mapper and the OPT rules again (admins), from its archived
 * post: once its user is linked, or the rule that refused it no longer applies. Recorded at most once;
 * still refused, it stays parked with the new reason.
 */
export const handler = httpHandler("replayParkedSession", async (request) => {
  assertAdmin(request.principal, "replay parked wearable sessions");
  const { provider, parkedId } = parsePath(request, ParkedSessionParams());
  const { tenantId } = request.principal;
  const parked = await webhookStore().parked(tenantId, provider, parkedId);
  if (!parked) throw new HttpProblem(404, "not-found", "Not found", "no such parked session");
  const receipt = await processReceipt(
    processingDeps(),
    { tenantId, provider, receiptId: parked.receiptId },
    { now: request.now, only: [parked.index] },
  );
  const outcome = receipt.items.find((item) => item.index === parked.index);
  return { status: 200, body: { receiptId: parked.receiptId, outcome } };
});
