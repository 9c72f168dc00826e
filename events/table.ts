import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The single table's shape, shared by the local runtime, the tests and the CDK stack so that
 * all three describe one table.
 *
 * Items in a client's partition `T#<tenant>#C#<clientId>`:
 *   E#0000000042       one event per item, version in the sort key
 *   S                  the current-state snapshot (cache of the fold, versioned with the stream)
 *   CMD#<key>          an idempotency record (TTL)
 *   U#session:<id>     a claim: this fact is recorded (also U#assessment:<id>)
 *   R#roster#<model>   a read-model row written by the stream projector
 * Tenant partitions: `T#<tenant>#CONFIG` (settings), `T#<tenant>#RM` (read-model pointer),
 * `T#<tenant>#PARKED` (undecodable events: their keys and error, expiring after 30 days).
 */
export const EVENT_TABLE = {
  partitionKey: "pk",
  sortKey: "sk",
  timeToLiveAttribute: "expiresAt",
  /** Roster by location and phase; keys lead with the tenant. */
  rosterIndex: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  /** Sparse: only first events carry it, so it lists a tenant's streams (rebuilds, admin). */
  streamsIndex: { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, rosterIndex, streamsIndex } = EVENT_TABLE;
  const attributes = [
    partitionKey,
    sortKey,
    rosterIndex.partitionKey,
    rosterIndex.sortKey,
    streamsIndex.partitionKey,
    streamsIndex.sortKey,
  ];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" },
      { AttributeName: sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [rosterIndex, streamsIndex].map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
  };
}

/**
 * The key table: one item per client, `pk` = the client's partition key, holding its wrapped data key
 * (events/crypto/client-keys.ts). A table of its own so that erasure can delete from it and its backups
 * can be kept shorter than the event table's (infra/README.md).
 */
export const KEY_TABLE = { partitionKey: "pk" } as const;

/** Where the local stack and the tests keep an event table's keys. */
export const localKeyTableName = (eventTableName: string): string => `${eventTableName}-keys`;

export function createKeyTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: KEY_TABLE.partitionKey, AttributeType: "S" }],
    KeySchema: [{ AttributeName: KEY_TABLE.partitionKey, KeyType: "HASH" }],
  };
}
