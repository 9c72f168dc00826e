import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";

export interface ShardState {
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

export interface StreamShards {
  /** Starts tracking the shards the stream lists that are new. */
  discover(): Promise<void>;
  /** Shards with work left that may be read now, in discovery order. */
  readable(): [string, ShardState][];
  /** undefined: no answer worth calling quiet (iterator expired, or the shard just closed). */
  read(shardId: string, shard: ShardState): Promise<_Record[] | undefined>;
}

/** Shard discovery and iteration of one stream, with each shard's position kept across passes. */
export function streamShards(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  batchSize: number,
): StreamShards {
  const shards = new Map<string, ShardState>();

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

  return {
    async discover() {
      let start: string | undefined;
      do {
        const out = await streams.send(
          new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
        );
        for (const shard of out.StreamDescription?.Shards ?? []) addShard(shard);
        start = out.StreamDescription?.LastEvaluatedShardId;
      } while (start);
    },

    readable: () => [...shards].filter(([, shard]) => readable(shard)),

    async read(shardId, shard) {
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
    },
  };
}
