import type { Context } from "aws-lambda";
import * as z from "zod";
import type { WebhookReceipt } from "../../events/store/webhook-store.ts";
import { ID_PATTERN } from "../auth/claims.ts";
import { logger } from "../middleware/observability.ts";
import { processingDeps } from "./environment.ts";
import { PROVIDERS } from "./mappers/types.ts";
import { processReceipt } from "./processing.ts";

export const ReplayRequest = z.strictObject({
  tenantId: z.string().regex(ID_PATTERN),
  provider: z.enum(PROVIDERS),
  receiptId: z.uuid(),
});

/**
 * Re-runs the current mapper over an archived post (after a mapping fix, or once users are linked), by
 * direct invocation: `{"tenantId", "provider", "receiptId"}`. Sessions already recorded stay recorded once.
 */
export const handler = async (event: unknown, context?: Context): Promise<WebhookReceipt> => {
  if (context) logger.addContext(context);
  const ref = ReplayRequest.parse(event);
  const receipt = await processReceipt(processingDeps(), ref, { now: new Date() });
  logger.info("webhook post replayed", { ...ref, runs: receipt.runs });
  return receipt;
};
