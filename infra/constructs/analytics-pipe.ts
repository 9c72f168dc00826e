import { Aws, Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as pipes from "aws-cdk-lib/aws-pipes";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config.ts";
import { EVENT_DETAIL_TYPE, EVENT_SOURCE } from "./analytics-catalog.ts";
import type { EventStore } from "./data.ts";
import { OptFunction } from "./node-function.ts";
import { EVENT_ITEM_FILTER } from "./projections.ts";

export interface EventPipeProps {
  readonly config: EnvironmentConfig;
  readonly store: EventStore;
  /** Shared with the rule's dead-letter queue, so both queues keep the same settings. */
  readonly queueProps: sqs.QueueProps;
}

export interface EventPipe {
  readonly bus: events.EventBus;
  readonly pipe: pipes.CfnPipe;
  readonly deadLetterQueue: sqs.Queue;
  readonly role: iam.Role;
  /** Turns each stream record into its analytics record (functions/streams/analytics-enrichment.ts). */
  readonly enrichment: OptFunction;
}

export const ENRICHMENT_HANDLER = "functions/streams/analytics-enrichment.ts";

/**
 * The event bus and the EventBridge Pipe that puts the analytics record of every event item of the
 * table's stream on it (never the item itself: no personal field reaches the bus).
 * Resources are created directly in `scope` (the Analytics construct), not in a construct of their
 * own, so that their construct paths, and with them the logical IDs, stay those already deployed.
 */
export function addEventPipe(scope: Construct, props: EventPipeProps): EventPipe {
  const { config, store, queueProps } = props;
  const bus = new events.EventBus(scope, "Bus", {
    eventBusName: `${config.prefix}-events`,
    description: "OPT client events (one per stored event) for integrations and analytics",
  });

  const deadLetterQueue = new sqs.Queue(scope, "PipeDeadLetterQueue", queueProps);
  const pipeLogs = new logs.LogGroup(scope, "PipeLogs", {
    retention: config.logRetention,
    removalPolicy: config.removalPolicy,
  });
  const role = new iam.Role(scope, "PipeRole", {
    assumedBy: new iam.ServicePrincipal("pipes.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
    description: "EventBridge Pipe: event table stream to the event bus",
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      resources: [store.streamArn],
    }),
  );
  // ListStreams has no resource-level permissions.
  role.addToPolicy(new iam.PolicyStatement({ actions: ["dynamodb:ListStreams"], resources: ["*"] }));
  bus.grantPutEventsTo(role);
  // A batch of at most 10 records, each one GetItem at most (its registration): seconds are plenty.
  const enrichment = new OptFunction(scope, "Enrichment", {
    config,
    entry: ENRICHMENT_HANDLER,
    description: "EventBridge Pipe enrichment: stream records to analytics records",
    serviceName: "opt-analytics-enrichment",
    timeout: Duration.seconds(30),
    // The age band needs the date of birth, sealed in the registration: the enrichment opens it (and
    // only takes the band out of the function).
    environment: { TABLE_NAME: store.table.tableName, ...store.keyEnvironment("open") },
  });
  store.grantEventReads(enrichment.role);
  store.grantKeys(enrichment.role, "open");
  // The function itself, not `:*` (its versions) as grantInvoke would allow: the pipe calls $LATEST.
  role.addToPolicy(
    new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [enrichment.fn.functionArn] }),
  );
  deadLetterQueue.grantSendMessages(role);
  pipeLogs.grantWrite(role);

  const pipe = new pipes.CfnPipe(scope, "Pipe", {
    name: `${config.prefix}-events`,
    description: "Event items of the event table to the event bus",
    roleArn: role.roleArn,
    source: store.streamArn,
    sourceParameters: {
      dynamoDbStreamParameters: {
        startingPosition: "TRIM_HORIZON",
        batchSize: 10,
        maximumBatchingWindowInSeconds: 1,
        maximumRetryAttempts: 10,
        maximumRecordAgeInSeconds: Duration.hours(6).toSeconds(),
        onPartialBatchItemFailure: "AUTOMATIC_BISECT",
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
      },
      filterCriteria: { filters: [{ pattern: JSON.stringify(EVENT_ITEM_FILTER) }] },
    },
    // Each record the enrichment returns becomes one event's `detail`: the analytics record, whole.
    enrichment: enrichment.fn.functionArn,
    target: bus.eventBusArn,
    targetParameters: {
      eventBridgeEventBusParameters: { source: EVENT_SOURCE, detailType: EVENT_DETAIL_TYPE },
    },
    logConfiguration: {
      level: "ERROR",
      cloudwatchLogsLogDestination: { logGroupArn: pipeLogs.logGroupArn },
    },
    desiredState: "RUNNING",
  });
  // The role's policy must exist before the pipe starts polling.
  pipe.node.addDependency(role);

  return { bus, pipe, deadLetterQueue, role, enrichment };
}
