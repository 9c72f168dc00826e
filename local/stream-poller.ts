import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { toLambdaRecord } from "./stream-records.ts";
import { type ShardState, streamShards } from "./stream-shards.ts";

export interface StreamPollerOptions {
  client: DynamoDBClient;
  endpoint: string;
  tableName: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: the same return type as aws-lambda's DynamoDBStreamHandler
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  batchSize?: number;
  /** Pause between passes that found nothing. */
  intervalMs?: number;
  /** Like event filtering: rejected records never reach the handler. */
  filter?: (record: DynamoDBRecord) => boolean;
  /** Retries of one record (or thrown batch) before it is skipped, as Lambda's MaximumRetryAttempts. */
  maxRetries?: number;
  /** Skipped records arrive as a StreamBatchError (the on-failure destination); poll errors as they are. */
  onError?: (error: unknown) => void;
}

export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves once a pass that started after the call found no new records and nothing in flight. */
  idle(): Promise<void>;
}

/** Records given up on after the retries, with the last error as `cause`. */
export class StreamBatchError extends Error {
  constructor(
    readonly records: DynamoDBRecord[],
    cause: unknown,
  ) {
    super(`Skipped ${records.length} stream record(s) after retries`, { cause });
    this.name = "StreamBatchError";
  }
}

/** Emulates Lambda's DynamoDB Streams event source mapping (with ReportBatchItemFailures). */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { client, handler, batchSize = 100, intervalMs = 200, maxRetries = 3 } = options;
  const filter = options.filter ?? (() => true);
  const onError = options.onError ?? ((error: unknown) => console.error("stream poller:", error));
  const table = await client.send(new DescribeTableCommand({ TableName: options.tableName }));
  const latestArn = table.Table?.LatestStreamArn;
  if (!latestArn) throw new Error(`Table ${options.tableName} has no stream`);
  const streamArn: string = latestArn;
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: client.config.region,
    credentials: client.config.credentials,
  });
  const shards = streamShards(streams, streamArn, batchSize);
  let passes = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let waiters: { after: number; resolve: () => void }[] = [];

  /** Returns true when the shard had nothing new. */
  async function pollShard(shardId: string, shard: ShardState): Promise<boolean> {
    if (shard.pending.length === 0) {
      const records = await shards.read(shardId, shard);
      if (records === undefined) return false;
      shard.pending.push(...records.map((r) => toLambdaRecord(r, streamArn)).filter(filter));
      if (shard.pending.length === 0) return records.length === 0;
    }
    if (!stopped) await deliver(shard, shard.pending.slice(0, batchSize));
    return false;
  }

  async function deliver(shard: ShardState, batch: DynamoDBRecord[]): Promise<void> {
    let failedAt = -1;
    let cause: unknown;
    let thrown = false;
    try {
      const failures = (await handler({ Records: batch }))?.batchItemFailures ?? [];
      const indexes = failures.map((f) =>
        batch.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier),
      );
      // An identifier that names no record of the batch fails the whole batch, as in Lambda.
      if (indexes.length > 0) failedAt = indexes.includes(-1) ? 0 : Math.min(...indexes);
      cause = new Error(
        `Handler reported batchItemFailures: ${failures.map((f) => f.itemIdentifier).join(", ")}`,
      );
    } catch (error) {
      failedAt = 0;
      cause = error;
      thrown = true;
    }
    if (failedAt === -1) {
      shard.pending.splice(0, batch.length);
      shard.failure = undefined;
      return;
    }
    shard.pending.splice(0, failedAt);
    const sequence = batch[failedAt]?.dynamodb?.SequenceNumber ?? "";
    const attempts = shard.failure?.sequence === sequence ? shard.failure.attempts + 1 : 1;
    shard.failure = { sequence, attempts };
    if (attempts <= maxRetries) return;
    // A thrown batch is given up as a whole; a reported item alone.
    const skipped = shard.pending.splice(0, thrown ? batch.length - failedAt : 1);
    shard.failure = undefined;
    onError(new StreamBatchError(skipped, cause));
  }

  async function pass(): Promise<boolean> {
    await shards.discover();
    const open = shards.readable();
    // Shards run side by side, each in order, as Lambda runs one batch per shard at a time.
    // allSettled: a failing shard must not let the next pass start while another is mid-batch.
    const results = await Promise.allSettled(open.map(([id, shard]) => pollShard(id, shard)));
    for (const result of results) if (result.status === "rejected") throw result.reason;
    return results.every((result) => result.status === "fulfilled" && result.value);
  }

  function settle(pass: number, quiet: boolean): void {
    if (!quiet) return;
    const ready = waiters.filter((w) => w.after < pass);
    waiters = waiters.filter((w) => w.after >= pass);
    for (const waiter of ready) waiter.resolve();
  }

  async function run(): Promise<void> {
    timer = undefined;
    const current = ++passes;
    let quiet = false;
    try {
      quiet = await pass();
    } catch (error) {
      onError(error);
    }
    settle(current, quiet);
    // Busy shards are read again at once; an idle stream is polled every intervalMs.
    if (!stopped) timer = setTimeout(tick, quiet ? intervalMs : 0);
  }

  function tick(): void {
    running = run();
  }

  tick();
  return {
    idle: () =>
      stopped ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ after: passes, resolve })),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      streams.destroy();
      for (const waiter of waiters) waiter.resolve();
      waiters = [];
    },
  };
}
