import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { documentClient } from "./documents.ts";
import { unavailableOnTransient } from "./errors.ts";
import {
  PARKED_SK_PREFIX,
  parkedSessionKey,
  parkedSessionsPk,
  receiptKey,
  WEBHOOK_RETENTION_DAYS,
} from "./webhook-items.ts";

/** Why a wearable session is parked instead of recorded. */
export type ParkReason = "unlinked-user" | "opt-rule";

/** A session from a webhook that could not be recorded yet: kept to be replayed once it can. */
export interface ParkedSession {
  /** `<receiptId>.<index>`: where its payload is archived. */
  readonly parkedId: string;
  readonly receiptId: string;
  readonly index: number;
  readonly provider: string;
  readonly externalUserId: string;
  readonly externalSessionId: string;
  readonly performedAt: string;
  readonly reason: ParkReason;
  /** The OPT rule that refused it. */
  readonly rule?: string;
  readonly detail: string;
  readonly parkedAt: string;
}

export type ItemOutcome =
  | {
      readonly index: number;
      readonly status: "recorded" | "duplicate";
      readonly externalSessionId: string;
      readonly clientId: string;
      readonly sessionId: string;
    }
  | {
      readonly index: number;
      readonly status: "parked";
      readonly externalSessionId: string;
      readonly parkedId: string;
      readonly reason: ParkReason;
      readonly rule?: string;
      readonly detail: string;
    }
  | {
      readonly index: number;
      readonly status: "invalid";
      readonly externalSessionId?: string;
      readonly problems: readonly { path: string; message: string }[];
    };

/** What became of each item of one webhook post, as of its latest processing. */
export interface WebhookReceipt {
  readonly receiptId: string;
  readonly provider: string;
  readonly signedAt: string;
  readonly receivedAt: string;
  readonly processedAt: string;
  /** 1 for the first processing; replays and redeliveries of the message count up. */
  readonly runs: number;
  readonly items: readonly ItemOutcome[];
}

export const parkedIdOf = (receiptId: string, index: number): string => `${receiptId}.${index}`;

/** Parked sessions and receipts go when their post's archived payload does: counted from its arrival. */
const expiresAt = (receivedAt: string): number =>
  Math.floor(Date.parse(receivedAt) / 1000) + WEBHOOK_RETENTION_DAYS * 86_400;

/**
 * Parked wearable sessions and webhook receipts, in the event table beside the tenant's other items
 * (events/store/webhook-items.ts); both expire with the archived payloads they point to.
 */
export class WebhookStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.documents = documentClient(client);
  }

  async park(tenantId: string, parked: ParkedSession, receivedAt: string): Promise<void> {
    const key = parkedSessionKey(tenantId, parked.provider, parked.parkedId);
    await unavailableOnTransient(() =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, kind: "parked-session", ...parked, expiresAt: expiresAt(receivedAt) },
        }),
      ),
    );
  }

  /** Once recorded (or known to be), a parked session is done with. */
  async unpark(tenantId: string, provider: string, parkedId: string): Promise<void> {
    await unavailableOnTransient(() =>
      this.documents.send(
        new DeleteCommand({ TableName: this.tableName, Key: parkedSessionKey(tenantId, provider, parkedId) }),
      ),
    );
  }

  async parked(tenantId: string, provider: string, parkedId: string): Promise<ParkedSession | null> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: parkedSessionKey(tenantId, provider, parkedId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? toParked(Item) : null;
  }

  /** Oldest first (receipt ids are time-ordered); `cursor` continues after the last one listed. */
  async listParked(
    tenantId: string,
    provider: string,
    options: { limit: number; cursor?: string },
  ): Promise<{ items: ParkedSession[]; cursor: string | null }> {
    const pk = parkedSessionsPk(tenantId, provider);
    const { Items = [], LastEvaluatedKey } = await unavailableOnTransient(() =>
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": pk, ":prefix": PARKED_SK_PREFIX },
          Limit: options.limit,
          ...(options.cursor
            ? { ExclusiveStartKey: { pk, sk: `${PARKED_SK_PREFIX}${options.cursor}` } }
            : {}),
        }),
      ),
    );
    const items = Items.map(toParked);
    return { items, cursor: LastEvaluatedKey ? (items.at(-1)?.parkedId ?? null) : null };
  }

  /**
   * Writes the receipt unless another run wrote one since `previousRuns` were read (a redelivery beside an
   * admin's replay): false then, for the caller to merge again with what that run recorded.
   */
  async putReceipt(tenantId: string, receipt: WebhookReceipt, previousRuns: number): Promise<boolean> {
    try {
      await unavailableOnTransient(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...receiptKey(tenantId, receipt.receiptId),
              kind: "webhook-receipt",
              ...receipt,
              expiresAt: expiresAt(receipt.receivedAt),
            },
            ConditionExpression: "attribute_not_exists(pk) OR runs = :previous",
            ExpressionAttributeValues: { ":previous": previousRuns },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async receipt(tenantId: string, receiptId: string): Promise<WebhookReceipt | null> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: receiptKey(tenantId, receiptId),
          ConsistentRead: true,
        }),
      ),
    );
    if (!Item) return null;
    const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _expires, ...receipt } = Item;
    return receipt as WebhookReceipt;
  }
}

function toParked(item: Record<string, unknown>): ParkedSession {
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _expires, ...parked } = item;
  return parked as unknown as ParkedSession;
}
