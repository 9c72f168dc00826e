import { CfnOutput, Duration } from "aws-cdk-lib";
import type * as athena from "aws-cdk-lib/aws-athena";
import * as events from "aws-cdk-lib/aws-events";
import { addToDeadLetterQueueResourcePolicy } from "aws-cdk-lib/aws-events-targets";
import type * as glue from "aws-cdk-lib/aws-glue";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as firehose from "aws-cdk-lib/aws-kinesisfirehose";
import type * as pipes from "aws-cdk-lib/aws-pipes";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config.ts";
import { addAnalyticsBuckets } from "./analytics-buckets.ts";
import { EVENT_DETAIL_TYPE, EVENT_SOURCE } from "./analytics-catalog.ts";
import { addDeliveryStream } from "./analytics-delivery.ts";
import { addEventPipe } from "./analytics-pipe.ts";
import { addEventsTable, addWorkGroup } from "./analytics-query.ts";
import type { EventStore } from "./data.ts";
import type { OptFunction } from "./node-function.ts";
import { addSubscription, requireTenantFilters } from "./tenant-subscription.ts";

export interface AnalyticsProps {
  readonly config: EnvironmentConfig;
  readonly store: EventStore;
}

/**
 * Events leave the table's stream through one EventBridge Pipe, whose enrichment turns each into its
 * analytics record (no personal data), onto an event bus. Gym chains subscribe to their own events
 * through tenant rules (tenant-subscription.ts), the only rules the bus accepts besides ours; one rule
 * of ours sends every record on to Firehose, which converts it to Parquet (schema from the Glue table)
 * and writes it to S3 partitioned by tenant and UTC date, for Athena.
 *
 * One pipe, not two: DynamoDB Streams throttle beyond two concurrent readers per shard, and the
 * projector's event source mapping is already one of them.
 *
 * The parts live in analytics-*.ts and create their resources in this construct's scope, in the
 * order below, so that logical IDs (and the template's resource order) stay as deployed.
 */
export class Analytics extends Construct {
  readonly bus: events.EventBus;
  readonly pipe: pipes.CfnPipe;
  readonly pipeDeadLetterQueue: sqs.Queue;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly ruleDeadLetterQueue: sqs.Queue;
  readonly dataBucket: s3.Bucket;
  readonly firehoseRole: iam.Role;
  readonly pipeRole: iam.Role;
  readonly enrichment: OptFunction;
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const { config, store } = props;
    const queueProps: sqs.QueueProps = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy,
    };

    const eventPipe = addEventPipe(this, { config, store, queueProps });
    this.bus = eventPipe.bus;
    this.pipe = eventPipe.pipe;
    this.pipeDeadLetterQueue = eventPipe.deadLetterQueue;
    this.pipeRole = eventPipe.role;
    this.enrichment = eventPipe.enrichment;

    const buckets = addAnalyticsBuckets(this);
    this.dataBucket = buckets.data;

    const { databaseName, database, table } = addEventsTable(this, { config, dataBucket: this.dataBucket });
    this.database = database;
    this.table = table;

    const delivery = addDeliveryStream(this, { config, dataBucket: this.dataBucket, databaseName, table });
    this.deliveryStream = delivery.deliveryStream;
    this.firehoseRole = delivery.role;

    // ---- bus → Firehose ----------------------------------------------------------------------------
    this.ruleDeadLetterQueue = new sqs.Queue(this, "RuleDeadLetterQueue", queueProps);
    const rule = new events.Rule(this, "ToFirehose", {
      eventBus: this.bus,
      description: "Every client event to the analytics delivery stream",
      eventPattern: { source: [EVENT_SOURCE], detailType: [EVENT_DETAIL_TYPE] },
    });
    const ruleRole = new iam.Role(this, "RuleRole", {
      assumedBy: new iam.ServicePrincipal("events.amazonaws.com"),
      description: "EventBridge rule: client events to Firehose",
    });
    ruleRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        resources: [this.deliveryStream.attrArn],
      }),
    );
    const deadLetterQueue = this.ruleDeadLetterQueue;
    rule.addTarget({
      bind: () => ({
        arn: this.deliveryStream.attrArn,
        role: ruleRole,
        // Firehose receives the event itself (the bus `detail`), one JSON record per event.
        input: events.RuleTargetInput.fromEventPath("$.detail"),
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
        retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: Duration.hours(24).toSeconds() },
      }),
    });
    addToDeadLetterQueueResourcePolicy(rule, deadLetterQueue);

    // Integrations: each chain's rule names its tenant; no other rule may be added to the bus.
    for (const subscription of config.subscriptions) {
      addSubscription(this, this.bus, subscription, this.ruleDeadLetterQueue);
    }
    requireTenantFilters(this.bus, [rule]);

    this.workGroup = addWorkGroup(this, { config, databaseName, resultsBucket: buckets.queryResults });

    new CfnOutput(this, "EventBusName", { value: this.bus.eventBusName });
    new CfnOutput(this, "AnalyticsDatabase", { value: databaseName });
    new CfnOutput(this, "AthenaWorkGroup", { value: this.workGroup.ref });
  }

  get deliveryStreamName(): string {
    return this.deliveryStream.ref;
  }
}
