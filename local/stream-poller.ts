import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type AttributeValue as StreamAttributeValue,
} from "@aws-sdk/client-dynamodb-streams";
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

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

interface ShardState {
  parentId: string | undefined;
  iterator: string | undefined;
  /** Last record read, to re-open an expired iterator after it. */
  lastSequence: string | undefined;
  /** Read (and filtered) but not yet acknowledged by the handler, in shard order. */
  pending: DynamoDBRecord[];
  failure: { sequence: string; attempts: number } | undefined;
  /** The shard is closed and read to its end (records may still be pending). */
  done: boolean;
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
  const shards = new Map<string, ShardState>();
  let passes = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let waiters: { after: number; resolve: () => void }[] = [];

  async function discoverShards(): Promise<void> {
    let start: string | undefined;
    do {
      const out = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of out.StreamDescription?.Shards ?? []) addShard(shard);
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  function addShard({ ShardId, ParentShardId }: Shard): void {
    if (!ShardId || shards.has(ShardId)) return;
    shards.set(ShardId, {
      parentId: ParentShardId,
      iterator: undefined,
      lastSequence: undefined,
      pending: [],
      failure: undefined,
      done: false,
    });
  }

  const finished = (shard: ShardState | undefined) => !shard || (shard.done && shard.pending.length === 0);
  // Lambda finishes a parent shard before it reads its children.
  const readable = (shard: ShardState) =>
    !finished(shard) && (!shard.parentId || finished(shards.get(shard.parentId)));

  /** Returns true when the shard had nothing new. */
  async function pollShard(shardId: string, shard: ShardState): Promise<boolean> {
    if (shard.pending.length === 0) {
      const records = await readRecords(shardId, shard);
      if (records === undefined) return false;
      shard.pending.push(...records.map((r) => toLambdaRecord(r, streamArn)).filter(filter));
      if (shard.pending.length === 0) return records.length === 0;
    }
    if (!stopped) await deliver(shard, shard.pending.slice(0, batchSize));
    return false;
  }

  /** undefined: no answer worth calling quiet (iterator expired, or the shard just closed). */
  async function readRecords(shardId: string, shard: ShardState): Promise<_Record[] | undefined> {
    shard.iterator ??= await openIterator(shardId, shard.lastSequence);
    try {
      const out = await streams.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: Math.min(batchSize, 1000) }),
      );
      shard.iterator = out.NextShardIterator;
      shard.done = !out.NextShardIterator;
      const records = out.Records ?? [];
      shard.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? shard.lastSequence;
      return shard.done && records.length === 0 ? undefined : records;
    } catch (error) {
      if (!(error instanceof ExpiredIteratorException)) throw error;
      shard.iterator = undefined;
      return undefined;
    }
  }

  async function openIterator(shardId: string, after: string | undefined): Promise<string | undefined> {
    const out = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
          : { ShardIteratorType: "TRIM_HORIZON" }),
      }),
    );
    return out.ShardIterator;
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
    await discoverShards();
    const open = [...shards].filter(([, shard]) => readable(shard));
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

function toLambdaRecord(record: _Record, eventSourceARN: string): DynamoDBRecord {
  const { dynamodb: stream = {} } = record;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    eventSourceARN,
    awsRegion: record.awsRegion,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
    dynamodb: {
      // Lambda sends epoch seconds; the SDK parses the field into a Date.
      ApproximateCreationDateTime: stream.ApproximateCreationDateTime
        ? stream.ApproximateCreationDateTime.getTime() / 1000
        : undefined,
      Keys: toImage(stream.Keys),
      ...(stream.NewImage ? { NewImage: toImage(stream.NewImage) } : {}),
      ...(stream.OldImage ? { OldImage: toImage(stream.OldImage) } : {}),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
  };
}

function toImage(image: Record<string, StreamAttributeValue> | undefined): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image ?? {}).map(([name, value]) => [name, toLambdaValue(value)]));
}

// Lambda events carry binary values as base64 strings; the SDK hands out bytes.
function toLambdaValue(value: StreamAttributeValue): AttributeValue {
  if (value.B) return { B: Buffer.from(value.B).toString("base64") };
  if (value.BS) return { BS: value.BS.map((b) => Buffer.from(b).toString("base64")) };
  if (value.L) return { L: value.L.map(toLambdaValue) };
  if (value.M) return { M: toImage(value.M) };
  // DynamoDB Local's stream drops the type of an empty map (`{}` for `{"M":{}}`); Lambda sends `{"M":{}}`.
  if (Object.keys(value).length === 0) return { M: {} };
  return value as AttributeValue;
}
