import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { EVENT_TABLE } from "../table.ts";
import { documentClient } from "./documents.ts";
import { unavailableOnTransient } from "./errors.ts";

/** The tenant's request-budget partition (`T#<tenant>#BUDGET`); one item per one-second window. */
export const budgetPk = (tenantId: string): string => `T#${tenantId}#BUDGET`;

export type BudgetAnswer =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A per-tenant command budget: a counter per tenant and second, taken with one conditional
 * UpdateItem (ADD 1 if below the limit), so concurrent containers share it without a read first and
 * without a race. A fixed window lets a tenant burst up to twice the limit across a window's edge; a
 * token bucket would smooth that but needs a read-modify-write (DynamoDB cannot compute a refill in one
 * update expression). Window items expire through the table's TTL.
 */
export class TenantBudget {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly perSecond: number,
  ) {
    this.documents = documentClient(client);
  }

  async take(tenantId: string, now: Date): Promise<BudgetAnswer> {
    const second = Math.floor(now.getTime() / 1000);
    try {
      await unavailableOnTransient(() =>
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: budgetPk(tenantId), sk: `W#${second}` },
            UpdateExpression: "ADD #used :one SET #kind = :kind, #expires = :expires",
            ConditionExpression: "attribute_not_exists(#used) OR #used < :limit",
            ExpressionAttributeNames: {
              "#used": "used",
              "#kind": "kind",
              "#expires": EVENT_TABLE.timeToLiveAttribute,
            },
            ExpressionAttributeValues: {
              ":one": 1,
              ":limit": this.perSecond,
              ":kind": "budget",
              ":expires": second + 60,
            },
          }),
        ),
      );
      return { allowed: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { allowed: false, retryAfterSeconds: 1 };
      throw error;
    }
  }
}
