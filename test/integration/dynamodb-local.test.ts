import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { localDynamoDbClient, startDynamoDbLocal } from "../../local/dynamodb.ts";
import { StreamBatchError, type StreamPollerOptions, startStreamPoller } from "../../local/stream-poller.ts";
import { ensureTable } from "../../local/tables.ts";
import { createTestTable, testDynamoDbClient } from "../support/dynamodb.ts";

let client: DynamoDBClient;

beforeAll(() => {
  client = testDynamoDbClient();
});
afterAll(() => client.destroy());

const put = (tableName: string, pk: string, sk: string, extra: Record<string, string> = {}) =>
  client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: pk },
        sk: { S: sk },
        ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { S: v }])),
      },
    }),
  );

/** Writes the items to a fresh table, then runs a poller until idle, recording each batch's keys. */
async function drain(items: string[], options: Partial<StreamPollerOptions> = {}) {
  const tableName = await createTestTable(client);
  for (const sk of items) await put(tableName, "p", sk);
  const batches: string[][] = [];
  const errors: unknown[] = [];
  const poller = await startStreamPoller({
    client,
    endpoint: inject("dynamoEndpoint"),
    tableName,
    intervalMs: 20,
    onError: (error) => errors.push(error),
    ...options,
    handler: async (event) => {
      batches.push(event.Records.map((r) => r.dynamodb?.Keys?.sk?.S ?? "?"));
      return options.handler?.(event);
    },
  });
  try {
    await poller.idle();
  } finally {
    await poller.stop();
  }
  return { batches, errors };
}

const sequenceOf = (event: DynamoDBStreamEvent, sk: string) =>
  event.Records.find((r) => r.dynamodb?.Keys?.sk?.S === sk)?.dynamodb?.SequenceNumber ?? "";

describe("DynamoDB Local", () => {
  it("creates the event table idempotently with TTL on", async () => {
    const tableName = await createTestTable(client);
    await ensureTable(client, tableName);
    const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(table.Table?.TableStatus).toBe("ACTIVE");
    expect(table.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_IMAGE" });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
  });

  it("cancels a transaction with reasons by index and the old item", async () => {
    const tableName = await createTestTable(client);
    await put(tableName, "T#a#C#1", "E#0000000001", { type: "ClientRegistered" });
    const append = (sk: string) => ({
      Put: {
        TableName: tableName,
        Item: { pk: { S: "T#a#C#1" }, sk: { S: sk } },
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
      },
    });
    const error = await client
      .send(
        new TransactWriteItemsCommand({ TransactItems: [append("E#0000000002"), append("E#0000000001")] }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons;
    expect(reasons?.map((r) => r.Code)).toEqual(["None", "ConditionalCheckFailed"]);
    expect(reasons?.[1]?.Item).toEqual({
      pk: { S: "T#a#C#1" },
      sk: { S: "E#0000000001" },
      type: { S: "ClientRegistered" },
    });
  });

  it("tells how to install Java when it is missing", async () => {
    vi.stubEnv("PATH", "/nonexistent");
    try {
      await expect(startDynamoDbLocal()).rejects.toThrow(/apt-get install -y openjdk-17-jre-headless/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("keeps tables in a data directory across restarts", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "ddb-")), "nested");
    try {
      for (const round of [1, 2]) {
        const local = await startDynamoDbLocal({ dataDir });
        const own = localDynamoDbClient(local.endpoint);
        try {
          if (round === 1) await ensureTable(own, "persisted");
          const tables = await own.send(new ListTablesCommand({}));
          expect(tables.TableNames).toEqual(["persisted", "persisted-keys"]);
        } finally {
          own.destroy();
          await local.stop();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("stream poller", () => {
  it("delivers records in order per partition and is idle once they are handled", async () => {
    const tableName = await createTestTable(client);
    const seen: DynamoDBRecord[] = [];
    const poller = await startStreamPoller({
      client,
      endpoint: inject("dynamoEndpoint"),
      tableName,
      batchSize: 7,
      handler: async (event) => {
        await new Promise((done) => setTimeout(done, 5));
        seen.push(...event.Records);
      },
    });
    try {
      const versions = Array.from({ length: 20 }, (_, i) => `E#${String(i + 1).padStart(10, "0")}`);
      await Promise.all(
        ["T#a#C#1", "T#a#C#2", "T#b#C#1"].map(async (pk) => {
          for (const sk of versions) await put(tableName, pk, sk);
        }),
      );
      await poller.idle();
      expect(seen).toHaveLength(60);
      for (const pk of ["T#a#C#1", "T#a#C#2", "T#b#C#1"]) {
        expect(
          seen.filter((r) => r.dynamodb?.Keys?.pk?.S === pk).map((r) => r.dynamodb?.Keys?.sk?.S),
        ).toEqual(versions);
      }
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      expect(seen[0]).toMatchObject({
        eventName: "INSERT",
        eventSource: "aws:dynamodb",
        eventSourceARN: Table?.LatestStreamArn,
        dynamodb: {
          Keys: { pk: { S: expect.any(String) }, sk: { S: expect.any(String) } },
          NewImage: { pk: { S: expect.any(String) }, sk: { S: expect.any(String) } },
          SequenceNumber: expect.any(String),
          SizeBytes: expect.any(Number),
          StreamViewType: "NEW_IMAGE",
          ApproximateCreationDateTime: expect.any(Number),
        },
      });
      expect(typeof seen[0]?.eventID).toBe("string");
    } finally {
      await poller.stop();
    }
  });

  it("redelivers from the first reported batch item failure", async () => {
    let calls = 0;
    const { batches, errors } = await drain(["1", "2", "3", "4", "5"], {
      handler: async (event) => {
        calls++;
        if (calls === 1) return { batchItemFailures: [{ itemIdentifier: sequenceOf(event, "3") }] };
      },
    });
    expect(batches).toEqual([
      ["1", "2", "3", "4", "5"],
      ["3", "4", "5"],
    ]);
    expect(errors).toEqual([]);
  });

  it("skips a record that still fails after 3 retries and reports it", async () => {
    const { batches, errors } = await drain(["1", "2", "3", "4", "5"], {
      handler: async (event) => {
        const poison = sequenceOf(event, "3");
        if (poison) return { batchItemFailures: [{ itemIdentifier: poison }] };
      },
    });
    const retried = ["3", "4", "5"];
    expect(batches).toEqual([["1", "2", "3", "4", "5"], retried, retried, retried, ["4", "5"]]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StreamBatchError);
    expect((errors[0] as StreamBatchError).records.map((r) => r.dynamodb?.Keys?.sk?.S)).toEqual(["3"]);
  });

  it("retries the whole batch when the handler throws, then gives it up", async () => {
    const boom = new Error("boom");
    const { batches, errors } = await drain(["1", "2"], {
      handler: async () => {
        throw boom;
      },
    });
    expect(batches).toEqual(Array.from({ length: 4 }, () => ["1", "2"]));
    expect(errors).toHaveLength(1);
    expect((errors[0] as StreamBatchError).records).toHaveLength(2);
    expect((errors[0] as StreamBatchError).cause).toBe(boom);
  });

  it("drops records rejected by the filter", async () => {
    const { batches } = await drain(["E#1", "R#roster", "E#2", "CMD#k"], {
      filter: (r) => r.dynamodb?.Keys?.sk?.S?.startsWith("E#") === true,
    });
    expect(batches).toEqual([["E#1", "E#2"]]);
  });
});
