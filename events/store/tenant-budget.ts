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
 * A per-tenant command budget: a counter per tenant and second, shared by every container through
 * conditional UpdateItems (ADD if it stays within the limit), so no read comes first and no race lets a
 * tenant past its limit. A container leases units and spends them locally: one UpdateItem per lease, not
 * per command. A lease starts at one unit and doubles (up to LEASE_SHARE of the second's limit) only while
 * the container spends whole leases within a second, so what it may leave unspent when a second ends (and
 * no other container can use) stays below what it used; near the limit leases shrink to one. A fixed
 * window lets a tenant burst up to twice the limit across a window's edge; a token bucket would smooth
 * that but needs a read-modify-write (DynamoDB cannot compute a refill in one update expression). Window
 * items expire through the table's TTL.
 */
export class TenantBudget {
  private readonly documents: DynamoDBDocumentClient;
  /** Per tenant: the second of its lease, its size, what is left of it here, and whether the second is spent. */
  private readonly leases = new Map<string, { second: number; size: number; left: number; spent: boolean }>();
  /** Per tenant: the lease being taken, which commands arriving meanwhile share (the local stack). */
  private readonly leasing = new Map<string, Promise<void>>();
  private readonly largestLease: number;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly perSecond: number,
  ) {
    this.documents = documentClient(client);
    this.largestLease = Math.max(1, Math.ceil(perSecond * LEASE_SHARE));
  }

  async take(tenantId: string, now: Date): Promise<BudgetAnswer> {
    const second = Math.floor(now.getTime() / 1000);
    for (;;) {
      const lease = this.leases.get(tenantId);
      if (lease?.second === second) {
        if (lease.left > 0) {
          lease.left--;
          return { allowed: true };
        }
        if (lease.spent) return { allowed: false, retryAfterSeconds: 1 };
      }
      const leasing = this.leasing.get(tenantId);
      if (leasing) {
        await leasing;
        continue;
      }
      const renewal = this.renew(tenantId, second).finally(() => this.leasing.delete(tenantId));
      this.leasing.set(tenantId, renewal);
      await renewal;
    }
  }

  /** A new lease for the second (see above), or near the limit one unit, or none: the second is spent. */
  private async renew(tenantId: string, second: number): Promise<void> {
    const previous = this.leases.get(tenantId);
    const spentWhole =
      previous !== undefined && previous.left === 0 && !previous.spent && second - previous.second <= 1;
    const size = spentWhole ? Math.min(this.largestLease, previous.size * 2) : 1;
    const granted =
      (await this.lease(tenantId, second, size)) || (size > 1 ? await this.lease(tenantId, second, 1) : 0);
    this.leases.set(tenantId, { second, size: Math.max(1, granted), left: granted, spent: granted === 0 });
  }

  /** Takes `units` of the tenant's second from the shared counter: all of them, or none (0). */
  private async lease(tenantId: string, second: number, units: number): Promise<number> {
    try {
      await unavailableOnTransient(() =>
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: budgetPk(tenantId), sk: `W#${second}` },
            UpdateExpression: "ADD #used :units SET #kind = :kind, #expires = :expires",
            ConditionExpression: "attribute_not_exists(#used) OR #used <= :room",
            ExpressionAttributeNames: {
              "#used": "used",
              "#kind": "kind",
              "#expires": EVENT_TABLE.timeToLiveAttribute,
            },
            ExpressionAttributeValues: {
              ":units": units,
              ":room": this.perSecond - units,
              ":kind": "budget",
              ":expires": second + 60,
            },
          }),
        ),
      );
      return units;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 0;
      throw error;
    }
  }
}

/** The largest share of a tenant's second a container leases at once (100 commands a second: 2). */
export const LEASE_SHARE = 0.02;
