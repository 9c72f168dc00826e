import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import type { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { WebhookStore } from "../../events/store/webhook-store.ts";
import {
  FilePayloadArchive,
  type PayloadArchive,
  type ReceiptRef,
} from "../../functions/webhooks/archive.ts";
import { createWebhookProcessor } from "../../functions/webhooks/process.ts";
import { type ProcessingDeps, processReceipt } from "../../functions/webhooks/processing.ts";
import { receiptIdAt } from "../../functions/webhooks/receipt-id.ts";
import { wearableSessionId } from "../../functions/webhooks/session-command.ts";
import { day, registered, started } from "../support/builders.ts";
import { createTestTable, testDynamoDbClient, testStore } from "../support/dynamodb.ts";
import { appendRequest } from "../support/store.ts";

/*
 * The queue's consumer on DynamoDB Local: each message names an archived post; a post that fails comes
 * back in batchItemFailures (only it is retried), and a retry after a partial run records nothing twice.
 */

const client = testDynamoDbClient();
let tableName: string;
let events: DynamoDbEventStore;
let webhooks: WebhookStore;
let archiveDir: string;
let archive: FilePayloadArchive;
const tenantId = "gym-proc";
const now = new Date("2026-02-01T12:00:00Z");

beforeAll(async () => {
  tableName = await createTestTable(client, "webhooks");
  events = testStore(client, tableName);
  webhooks = new WebhookStore(client, tableName);
  archiveDir = mkdtempSync(join(tmpdir(), "opt-archive-"));
  archive = new FilePayloadArchive(archiveDir);
});
afterAll(() => {
  rmSync(archiveDir, { recursive: true, force: true });
  client.destroy();
});

/** A client in Phase 1 from day(1), its generic user linked. */
async function linkedClient(clientId: string, user: string): Promise<void> {
  const key = { tenantId, clientId };
  const history = [
    ...registered(),
    started(1, day(1)),
    {
      type: "WearableLinked" as const,
      occurredAt: day(1),
      data: { provider: "generic", externalUserId: user },
    },
  ];
  await events.append(appendRequest(key, 0, history));
}

async function archived(...sessions: { user: string; id: string }[]): Promise<ReceiptRef> {
  const ref = { tenantId, provider: "generic", receiptId: receiptIdAt(now) };
  const body = JSON.stringify({
    sessions: sessions.map(({ user, id }) => ({
      externalUserId: user,
      externalSessionId: id,
      start: day(3),
      end: day(3).replace("09:00", "09:40"),
      activityType: "strength_training",
    })),
  });
  await archive.put({
    ...ref,
    signedAt: now.toISOString(),
    receivedAt: now.toISOString(),
    body: Buffer.from(body),
  });
  return ref;
}

const message = (ref: ReceiptRef, messageId: string) => ({
  messageId,
  receiptHandle: messageId,
  body: JSON.stringify(ref),
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: "0",
    SenderId: "test",
    ApproximateFirstReceiveTimestamp: "0",
  },
  messageAttributes: {},
  md5OfBody: "",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:local:000000000000:webhooks",
  awsRegion: "local",
});

const deps = (overrides: Partial<ProcessingDeps> = {}): ProcessingDeps => ({
  events,
  webhooks,
  archive,
  settings: async () => DEFAULT_SETTINGS,
  ...overrides,
});

const sessionIds = async (clientId: string) => {
  const { events: stored } = await events.readEvents({ tenantId, clientId });
  return stored.flatMap((event) => (event.type === "SessionCompleted" ? [event.data.sessionId] : []));
};

describe("the webhook processor", () => {
  it("given a batch where one post's archive read fails, then only that message is reported failed and the others are recorded", async () => {
    await linkedClient("c-ok", "u-ok");
    await linkedClient("c-fail", "u-fail");
    const good = await archived({ user: "u-ok", id: "ok-1" });
    const failing = await archived({ user: "u-fail", id: "fail-1" });
    const flaky: PayloadArchive = {
      put: (payload) => archive.put(payload),
      get: async (ref) => {
        if (ref.receiptId === failing.receiptId)
          throw Object.assign(new Error("S3 timed out"), { name: "TimeoutError" });
        return archive.get(ref);
      },
    };
    const process = createWebhookProcessor(
      () => deps({ archive: flaky }),
      () => now,
    );
    const event: SQSEvent = { Records: [message(good, "m-good"), message(failing, "m-fail")] };

    const response = await process(event);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-fail" }]);
    expect(await sessionIds("c-ok")).toEqual([wearableSessionId("generic", "ok-1")]);
    expect(await sessionIds("c-fail")).toEqual([]);

    // Redelivered, with the archive back: recorded once.
    const retried = await createWebhookProcessor(
      () => deps(),
      () => now,
    )({ Records: [message(failing, "m-fail")] });
    expect(retried.batchItemFailures).toEqual([]);
    expect(await sessionIds("c-fail")).toEqual([wearableSessionId("generic", "fail-1")]);
  });

  it("given a post whose second item fails after the first was recorded, when the message is redelivered, then the first is a duplicate and the second is recorded: nothing twice", async () => {
    await linkedClient("c-a", "u-a");
    await linkedClient("c-b", "u-b");
    const ref = await archived({ user: "u-a", id: "a-1" }, { user: "u-b", id: "b-1" });
    let failB = true;
    const throttled: ProcessingDeps["events"] = Object.create(events, {
      linkedClient: {
        value: async (tenant: string, provider: string, user: string) => {
          if (user === "u-b" && failB)
            throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
          return events.linkedClient(tenant, provider, user);
        },
      },
    });
    const first = await createWebhookProcessor(
      () => deps({ events: throttled }),
      () => now,
    )({
      Records: [message(ref, "m-1")],
    });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }]);
    expect(await sessionIds("c-a")).toHaveLength(1);

    failB = false;
    const second = await createWebhookProcessor(
      () => deps({ events: throttled }),
      () => now,
    )({
      Records: [message(ref, "m-1")],
    });
    expect(second.batchItemFailures).toEqual([]);
    const receipt = await webhooks.receipt(tenantId, ref.receiptId);
    expect(receipt?.items.map((item) => item.status)).toEqual(["duplicate", "recorded"]);
    expect(await sessionIds("c-a")).toHaveLength(1);
    expect(await sessionIds("c-b")).toHaveLength(1);
  });

  it("given a message that names no archived post, or is not a receipt at all, then it fails (to the dead-letter queue after its retries), the batch's others still pass", async () => {
    await linkedClient("c-z", "u-z");
    const good = await archived({ user: "u-z", id: "z-1" });
    const missing = { tenantId, provider: "generic", receiptId: receiptIdAt(now) };
    const response = await createWebhookProcessor(
      () => deps(),
      () => now,
    )({
      Records: [
        message(missing, "m-missing"),
        { ...message(good, "m-garbage"), body: "not json" },
        message(good, "m-good"),
      ],
    });
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      "m-garbage",
      "m-missing",
    ]);
    expect(await sessionIds("c-z")).toHaveLength(1);
  });
});

describe("the receipt of a post processed by two runs at once", () => {
  it("given a redelivery and an admin's replay of the same post at the same time, then the receipt counts both runs and keeps every item's outcome", async () => {
    await linkedClient("c-r1", "u-r1");
    await linkedClient("c-r2", "u-r2");
    const ref = await archived({ user: "u-r1", id: "r1-1" }, { user: "u-r2", id: "r2-1" });
    await Promise.all([
      processReceipt(deps(), ref, { now, only: [0] }),
      processReceipt(deps(), ref, { now, only: [1] }),
    ]);
    const receipt = await webhooks.receipt(tenantId, ref.receiptId);
    expect(receipt?.runs).toBe(2);
    expect(receipt?.items.map((item) => [item.index, item.status])).toEqual([
      [0, "recorded"],
      [1, "recorded"],
    ]);
  });
});
