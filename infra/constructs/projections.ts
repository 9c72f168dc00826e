import { Duration } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { PROJECTOR_HANDLER } from "../../functions/http/routes.ts";
import type { EnvironmentConfig } from "../config.ts";
import type { EventStore } from "./data.ts";
import { OptFunction } from "./node-function.ts";

export interface ProjectionsProps {
  readonly config: EnvironmentConfig;
  readonly store: EventStore;
}

/**
 * Only newly inserted event items reach consumers of the stream: snapshots ("S"), idempotency
 * records ("CMD#…") and read-model rows ("R#…") carry another `kind`, and events are never modified.
 */
export const EVENT_ITEM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { kind: { S: ["event"] } } },
} as const;

/** Stream records older than this go to the on-failure queue; below the 24 h stream retention on purpose. */
export const MAX_RECORD_AGE = Duration.hours(6);
export const MAX_RETRIES = 5;

/**
 * The stream projector (read models: roster and others) fed by the event table's stream: partial
 * batch responses, bisect on error, bounded retries and record age, an on-failure queue, and a filter
 * that passes only event items.
 */
export const PROJECTOR_RESERVED_CONCURRENCY = 5;

export class Projections extends Construct {
  readonly projector: OptFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: ProjectionsProps) {
    super(scope, id);
    const { config, store } = props;

    this.projector = new OptFunction(this, "Projector", {
      config,
      entry: PROJECTOR_HANDLER,
      description: "DynamoDB Streams projector: read models from events",
      serviceName: "opt-projector",
      timeout: Duration.seconds(60),
      // A burst of API traffic must not take the account's concurrency from the read models: one
      // invocation per shard at a time is what a stream needs; this sets aside room for a few shards.
      reservedConcurrency: PROJECTOR_RESERVED_CONCURRENCY,
      // The roster shows names: it opens them from events and seals them again in its rows.
      environment: { TABLE_NAME: store.table.tableName, ...store.keyEnvironment("open") },
    });
    store.grantProjector(this.projector.role);
    store.grantKeys(this.projector.role, "open");

    // Receives the failed batch's shard and sequence numbers (not the records) for a replay.
    this.deadLetterQueue = new sqs.Queue(this, "OnFailureQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy,
    });

    this.eventSource = new DynamoEventSource(store.table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      // Order matters per client stream; one batch per shard at a time.
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: MAX_RETRIES,
      maxRecordAge: MAX_RECORD_AGE,
      onFailure: new SqsDlq(this.deadLetterQueue),
      filters: [lambda.FilterCriteria.filter(EVENT_ITEM_FILTER)],
    });
    this.projector.fn.addEventSource(this.eventSource);
  }
}
