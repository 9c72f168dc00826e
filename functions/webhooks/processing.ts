import { RuleViolation } from "../../domain/client/rule-violation.ts";
import type { ProgramSettings } from "../../domain/settings.ts";
import { executeCommand } from "../../events/execute-command.ts";
import type { EventStore } from "../../events/store/port.ts";
import {
  type ItemOutcome,
  type ParkedSession,
  parkedIdOf,
  type WebhookReceipt,
  type WebhookStore,
} from "../../events/store/webhook-store.ts";
import type { PayloadArchive, ReceiptRef } from "./archive.ts";
import { PayloadNotArchived, ReceiptContended } from "./errors.ts";
import { MAPPERS } from "./mappers/index.ts";
import { type MappedItem, PayloadRejected, type Provider, type WearableSession } from "./mappers/types.ts";
import { refuseImplausibleSessions } from "./plausible-sessions.ts";
import { recordSessionOf, wearableSessionId } from "./session-command.ts";

export interface ProcessingDeps {
  readonly events: EventStore;
  readonly webhooks: WebhookStore;
  readonly archive: PayloadArchive;
  readonly settings: (tenantId: string, now: Date) => Promise<ProgramSettings>;
}

/**
 * Runs the current mapper over an archived post and records each session in its client's history: once
 * per (provider, session id) whatever the number of runs, a session whose user is not linked or that
 * the OPT rules refuse is parked (never dropped), and the receipt says what became of each item. Only
 * the items in `only` are processed when given (a parked session's replay). A transient failure throws,
 * for the queue to retry the whole post; its recorded items are then recognised as duplicates.
 */
export async function processReceipt(
  deps: ProcessingDeps,
  ref: ReceiptRef,
  options: { readonly now: Date; readonly only?: readonly number[] },
): Promise<WebhookReceipt> {
  const payload = await deps.archive.get(ref);
  if (!payload) throw new PayloadNotArchived(`no archived post ${ref.receiptId}`);
  const provider = ref.provider as Provider;
  // Judged against when the post arrived, so a replay decides as the first run did.
  const items = refuseImplausibleSessions(mapArchived(provider, payload.body), new Date(payload.receivedAt));
  const previous = await deps.webhooks.receipt(ref.tenantId, ref.receiptId);
  // Only an item parked by an earlier run (or replayed from the parked list) has a parked record to clear.
  const parkedBefore = new Set(
    (previous?.items ?? []).filter((item) => item.status === "parked").map((item) => item.index),
  );
  const outcomes: ItemOutcome[] = [];
  for (const [index, item] of items.entries()) {
    if (options.only && !options.only.includes(index)) continue;
    const context = {
      ref,
      provider,
      index,
      now: options.now,
      receivedAt: payload.receivedAt,
      wasParked: parkedBefore.has(index) || options.only !== undefined,
    };
    outcomes.push(await processItem(deps, context, item));
  }
  // Another run may have written the receipt meanwhile: merge this run's outcomes into the latest one.
  let latest = previous;
  for (let attempt = 0; attempt < MAX_RECEIPT_MERGES; attempt++) {
    const kept = (latest?.items ?? []).filter((item) => !outcomes.some((o) => o.index === item.index));
    const receipt: WebhookReceipt = {
      receiptId: ref.receiptId,
      provider,
      signedAt: payload.signedAt,
      receivedAt: payload.receivedAt,
      processedAt: options.now.toISOString(),
      runs: (latest?.runs ?? 0) + 1,
      items: [...kept, ...outcomes].sort((a, b) => a.index - b.index),
    };
    if (await deps.webhooks.putReceipt(ref.tenantId, receipt, latest?.runs ?? 0)) return receipt;
    latest = await deps.webhooks.receipt(ref.tenantId, ref.receiptId);
  }
  throw new ReceiptContended(`receipt ${ref.receiptId} kept changing; the post will be retried`);
}

const MAX_RECEIPT_MERGES = 5;

/** A payload the mapper now refuses as a whole (a mapper changed since it was accepted) is one invalid item. */
function mapArchived(provider: Provider, body: Uint8Array): MappedItem[] {
  try {
    return MAPPERS[provider](JSON.parse(Buffer.from(body).toString("utf8")));
  } catch (error) {
    if (error instanceof PayloadRejected) return [{ status: "invalid", problems: error.problems }];
    if (error instanceof SyntaxError)
      return [{ status: "invalid", problems: [{ path: "", message: "not JSON" }] }];
    throw error;
  }
}

interface ItemContext {
  readonly ref: ReceiptRef;
  readonly provider: Provider;
  readonly index: number;
  readonly now: Date;
  readonly receivedAt: string;
  readonly wasParked: boolean;
}

async function processItem(
  deps: ProcessingDeps,
  context: ItemContext,
  item: MappedItem,
): Promise<ItemOutcome> {
  const { ref, provider, index, now } = context;
  if (item.status === "invalid") return { index, ...item };
  const { session } = item;
  const { externalSessionId } = session;
  const parkedId = parkedIdOf(ref.receiptId, index);
  const park = async (reason: ParkedSession["reason"], detail: string, rule?: string) => {
    await deps.webhooks.park(
      ref.tenantId,
      {
        parkedId,
        receiptId: ref.receiptId,
        index,
        provider,
        externalUserId: session.externalUserId,
        externalSessionId,
        performedAt: session.start,
        reason,
        ...(rule ? { rule } : {}),
        detail,
        parkedAt: now.toISOString(),
      },
      context.receivedAt,
    );
    return {
      index,
      status: "parked",
      externalSessionId,
      parkedId,
      reason,
      ...(rule ? { rule } : {}),
      detail,
    } as const;
  };

  const clientId = await deps.events.linkedClient(ref.tenantId, provider, session.externalUserId);
  if (!clientId) return park("unlinked-user", `no client is linked to this ${provider} user`);
  try {
    const recorded = await record(deps, ref, provider, clientId, session, now);
    if (context.wasParked) await deps.webhooks.unpark(ref.tenantId, provider, parkedId);
    const sessionId = wearableSessionId(provider, externalSessionId);
    return { index, status: recorded ? "recorded" : "duplicate", externalSessionId, clientId, sessionId };
  } catch (error) {
    if (error instanceof RuleViolation) return park("opt-rule", error.detail, error.rule);
    throw error;
  }
}

async function record(
  deps: ProcessingDeps,
  ref: ReceiptRef,
  provider: Provider,
  clientId: string,
  session: WearableSession,
  now: Date,
): Promise<boolean> {
  const { response } = await executeCommand(deps.events, {
    key: { tenantId: ref.tenantId, clientId },
    command: recordSessionOf(provider, session),
    settings: await deps.settings(ref.tenantId, now),
    meta: { actorId: `webhook:${provider}`, correlationId: ref.receiptId, source: "webhook" },
    recordedAt: now.toISOString(),
    requireExisting: true,
    respond: ({ events }) => events.some((event) => event.type === "SessionCompleted"),
  });
  return response;
}
