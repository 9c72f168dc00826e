import { WebhookStore } from "../../events/store/webhook-store.ts";
import { dynamoDbClient, tableName } from "../shared/environment.ts";

/**
 * The webhook items of the table, alone: the routes that only read receipts and parked sessions import
 * this, not environment.ts, so their cold start loads no S3 client (bench/cold-start.ts).
 */
let webhooks: WebhookStore | undefined;

export function webhookStore(): WebhookStore {
  webhooks ??= new WebhookStore(dynamoDbClient(), tableName());
  return webhooks;
}
