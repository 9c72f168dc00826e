import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { claimsOf } from "../claims.ts";
import { sealResponse } from "../crypto/personal-values.ts";
import type { StoredEvent } from "../envelope.ts";
import { EVENT_TABLE } from "../table.ts";
import type { LinkChange } from "../wearable-links.ts";
import type { HeldClaim } from "./claim-first.ts";
import { eventItemsOf } from "./event-items.ts";
import { claimKey, commandSk, eventSk, streamPk } from "./items.ts";
import { type AppendRequest, AppendTooLarge, type StreamKey } from "./port.ts";
import { linkKey } from "./webhook-items.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export const MAX_TRANSACTION_ITEMS = 100;

export interface AppendTransaction {
  readonly items: TransactItem[];
  /** Where the idempotency record and each claim sit, to read cancellation reasons by index. */
  readonly commandIndex: number | null;
  readonly claims: { claim: string; index: number }[];
  /** Where each new link sits: its condition fails when the user is linked to another client. */
  readonly links: { provider: string; index: number }[];
}

/** The client's data key for this append, and the key-table writes that go with it (a new key, an erasure). */
export interface Sealing {
  readonly dataKey: Uint8Array | null;
  readonly keyItems: readonly TransactItem[];
}

/**
 * One append as one transaction: the events (each only if its version is free, the last carrying the
 * client's state after them; a condition check on the next version when nothing is appended), the
 * idempotency record, a marker per claimed fact (each only if new), the wearable links the events change
 * and the client's key item, created or destroyed. Personal values are sealed under the data key in every
 * item that holds them.
 */
export function appendTransaction(
  tableName: string,
  request: AppendRequest,
  stored: readonly StoredEvent[],
  { dataKey, keyItems }: Sealing,
  linkChanges: readonly LinkChange[],
  orphans: ReadonlyMap<string, HeldClaim> = new Map(),
): AppendTransaction {
  const { key, expectedVersion, idempotency } = request;
  const pk = streamPk(key);
  const version = expectedVersion + stored.length;
  const ifNew = "attribute_not_exists(pk)";
  const put = (
    Item: Record<string, unknown>,
    extra: Partial<NonNullable<TransactItem["Put"]>> = {},
  ): TransactItem => ({
    Put: { TableName: tableName, Item, ConditionExpression: ifNew, ...extra },
  });

  const items: TransactItem[] = eventItemsOf(request, stored, dataKey).map((item) => put({ ...item }));
  if (stored.length === 0) {
    // Versions are contiguous: the stream is still at the expected version while the next one is free.
    items.push({
      ConditionCheck: {
        TableName: tableName,
        Key: { pk, sk: eventSk(version + 1) },
        ConditionExpression: ifNew,
      },
    });
  }
  const commandIndex = idempotency ? items.length : null;
  if (idempotency) {
    const { requestHash, response } = idempotency.record;
    // The answer may repeat the client's personal data (a summary): sealed whenever the client has a key.
    const answer = JSON.stringify(response);
    const record = {
      pk,
      sk: commandSk(idempotency.key),
      kind: "command",
      requestHash,
      ...(dataKey ? { sealedResponse: sealResponse(dataKey, key, answer) } : { response: answer }),
      version,
    };
    items.push(
      put(
        { ...record, [EVENT_TABLE.timeToLiveAttribute]: idempotency.expiresAt },
        { ReturnValuesOnConditionCheckFailure: "ALL_OLD" },
      ),
    );
  }
  const claims = stored.flatMap((event) =>
    claimsOf(event).map((claim) => ({ claim, version: event.version })),
  );
  const claimPositions = claims.map(({ claim, version: claimedAt }) => {
    const orphan = orphans.get(claim);
    items.push(
      put(
        { ...claimKey(key, claim), kind: "claim", version: claimedAt },
        {
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          // A claim written before its event that never came to be (events/store/claim-first.ts) is replaced.
          ...(orphan
            ? {
                ConditionExpression: `${ifNew} OR (version = :orphanVersion AND eventId = :orphanEventId)`,
                ExpressionAttributeValues: {
                  ":orphanVersion": orphan.version,
                  ":orphanEventId": orphan.eventId,
                },
              }
            : {}),
        },
      ),
    );
    return { claim, index: items.length - 1 };
  });
  const links = linkChanges.flatMap((change) => {
    items.push(linkItem(tableName, key, change));
    return change.action === "link" ? [{ provider: change.provider, index: items.length - 1 }] : [];
  });
  items.push(...keyItems);
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw new AppendTooLarge(
      `${stored.length} events need ${items.length} items; a transaction holds ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  return { items, commandIndex, claims: claimPositions, links };
}

/** A link is created unless the user is another client's; only the client's own link is deleted. */
function linkItem(tableName: string, key: StreamKey, change: LinkChange): TransactItem {
  const Key = linkKey(key.tenantId, change.provider, change.externalUserId);
  const mine = { ":client": key.clientId };
  if (change.action === "unlink")
    return {
      Delete: {
        TableName: tableName,
        Key,
        ConditionExpression: "clientId = :client",
        ExpressionAttributeValues: mine,
      },
    };
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...Key,
        kind: "wearable-link",
        tenantId: key.tenantId,
        provider: change.provider,
        clientId: key.clientId,
      },
      ConditionExpression: "attribute_not_exists(pk) OR clientId = :client",
      ExpressionAttributeValues: mine,
    },
  };
}
