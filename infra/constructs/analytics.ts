import { ArnFormat, Aws, CfnOutput, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as athena from "aws-cdk-lib/aws-athena";
import * as events from "aws-cdk-lib/aws-events";
import { addToDeadLetterQueueResourcePolicy } from "aws-cdk-lib/aws-events-targets";
import * as glue from "aws-cdk-lib/aws-glue";
import * as iam from "aws-cdk-lib/aws-iam";
import * as firehose from "aws-cdk-lib/aws-kinesisfirehose";
import * as logs from "aws-cdk-lib/aws-logs";
import * as pipes from "aws-cdk-lib/aws-pipes";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config.ts";
import {
  EVENT_COLUMNS,
  EVENT_DETAIL_TYPE,
  EVENT_SOURCE,
  EVENTS_TABLE_NAME,
  EXAMPLE_QUERIES,
  PARTITION_KEYS,
  PARTITION_QUERY,
  PIPE_INPUT_TEMPLATE,
} from "./analytics-catalog.ts";
import type { EventStore } from "./data.ts";
import { EVENT_ITEM_FILTER } from "./projections.ts";

export interface AnalyticsProps {
  readonly config: EnvironmentConfig;
  readonly store: EventStore;
}

/**
 * Events leave the table's stream through one EventBridge Pipe onto an event bus. Integrations
 * subscribe to the bus with their own rules; one rule of ours sends every event on to Firehose,
 * which converts it to Parquet (schema from the Glue table) and writes it to S3 partitioned by tenant
 * and business date, for Athena.
 *
 * One pipe, not two: DynamoDB Streams throttle beyond two concurrent readers per shard, and the
 * projector's event source mapping is already one of them.
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

    // ---- stream → pipe → bus -------------------------------------------------------------------
    this.bus = new events.EventBus(this, "Bus", {
      eventBusName: `${config.prefix}-events`,
      description: "OPT client events (one per stored event) for integrations and analytics",
    });

    this.pipeDeadLetterQueue = new sqs.Queue(this, "PipeDeadLetterQueue", queueProps);
    const pipeLogs = new logs.LogGroup(this, "PipeLogs", {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    const pipeRole = new iam.Role(this, "PipeRole", {
      assumedBy: new iam.ServicePrincipal("pipes.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
      description: "EventBridge Pipe: event table stream to the event bus",
    });
    this.pipeRole = pipeRole;
    pipeRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        resources: [store.streamArn],
      }),
    );
    // ListStreams has no resource-level permissions.
    pipeRole.addToPolicy(new iam.PolicyStatement({ actions: ["dynamodb:ListStreams"], resources: ["*"] }));
    this.bus.grantPutEventsTo(pipeRole);
    this.pipeDeadLetterQueue.grantSendMessages(pipeRole);
    pipeLogs.grantWrite(pipeRole);

    this.pipe = new pipes.CfnPipe(this, "Pipe", {
      name: `${config.prefix}-events`,
      description: "Event items of the event table to the event bus",
      roleArn: pipeRole.roleArn,
      source: store.streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: "TRIM_HORIZON",
          batchSize: 10,
          maximumBatchingWindowInSeconds: 1,
          maximumRetryAttempts: 10,
          maximumRecordAgeInSeconds: Duration.hours(6).toSeconds(),
          onPartialBatchItemFailure: "AUTOMATIC_BISECT",
          deadLetterConfig: { arn: this.pipeDeadLetterQueue.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(EVENT_ITEM_FILTER) }] },
      },
      target: this.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { source: EVENT_SOURCE, detailType: EVENT_DETAIL_TYPE },
        inputTemplate: PIPE_INPUT_TEMPLATE,
      },
      logConfiguration: {
        level: "ERROR",
        cloudwatchLogsLogDestination: { logGroupArn: pipeLogs.logGroupArn },
      },
      desiredState: "RUNNING",
    });
    // The role's policy must exist before the pipe starts polling.
    this.pipe.node.addDependency(pipeRole);

    // ---- S3 + Glue -------------------------------------------------------------------------------
    // Buckets are retained in every environment: CloudFormation cannot delete a non-empty bucket, and
    // the alternative (auto-delete custom resource) adds a Lambda we would rather not run.
    const accessLogsBucket = new s3.Bucket(this, "AccessLogsBucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucketProps = (logPrefix: string): s3.BucketProps => ({
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: logPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.dataBucket = new s3.Bucket(this, "DataBucket", {
      ...bucketProps("data/"),
      lifecycleRules: [
        { prefix: "errors/", expiration: Duration.days(30) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    const resultsBucket = new s3.Bucket(this, "QueryResultsBucket", {
      ...bucketProps("query-results/"),
      lifecycleRules: [{ expiration: Duration.days(30) }],
    });

    const databaseName = `${config.prefix.replaceAll("-", "_")}_analytics`;
    this.database = new glue.CfnDatabase(this, "Database", {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: databaseName,
        description: "OPT progression events (Parquet, from the event bus)",
      },
    });
    const dataLocation = `s3://${this.dataBucket.bucketName}/events/`;
    this.table = new glue.CfnTable(this, "EventsTable", {
      catalogId: Aws.ACCOUNT_ID,
      databaseName,
      tableInput: {
        name: EVENTS_TABLE_NAME,
        description: "One row per stored client event; query with tenant = '<id>' (injected partition)",
        tableType: "EXTERNAL_TABLE",
        partitionKeys: PARTITION_KEYS.map((column) => ({ ...column })),
        parameters: {
          classification: "parquet",
          EXTERNAL: "TRUE",
          "parquet.compression": "SNAPPY",
          "projection.enabled": "true",
          "projection.tenant.type": "injected",
          "projection.dt.type": "date",
          "projection.dt.format": "yyyy-MM-dd",
          "projection.dt.range": "2020-01-01,NOW",
          "projection.dt.interval": "1",
          "projection.dt.interval.unit": "DAYS",
          "storage.location.template": `${dataLocation}tenant=\${tenant}/dt=\${dt}/`,
        },
        storageDescriptor: {
          location: dataLocation,
          columns: EVENT_COLUMNS.map((column) => ({ ...column })),
          inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
          serdeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
        },
      },
    });
    this.table.node.addDependency(this.database);
    this.database.applyRemovalPolicy(config.removalPolicy);
    this.table.applyRemovalPolicy(config.removalPolicy);

    // ---- Firehose: JSON → Parquet, partitioned by tenant and date ---------------------------------
    const firehoseLogs = new logs.LogGroup(this, "FirehoseLogs", {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    const firehoseLogStream = firehoseLogs.addStream("S3Delivery");
    const firehoseRole = new iam.Role(this, "FirehoseRole", {
      assumedBy: new iam.ServicePrincipal("firehose.amazonaws.com", {
        conditions: { StringEquals: { "sts:ExternalId": Aws.ACCOUNT_ID } },
      }),
      description: "Firehose: progression events to S3 as Parquet",
    });
    this.firehoseRole = firehoseRole;
    firehoseRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          "s3:AbortMultipartUpload",
          "s3:GetBucketLocation",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:ListBucketMultipartUploads",
          "s3:PutObject",
        ],
        // Keys are chosen at delivery time (dynamic partitions, error output): objects under two prefixes.
        resources: [
          this.dataBucket.bucketArn,
          this.dataBucket.arnForObjects("events/*"),
          this.dataBucket.arnForObjects("errors/*"),
        ],
      }),
    );
    const stack = Stack.of(this);
    firehoseRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
        resources: [
          stack.formatArn({ service: "glue", resource: "catalog" }),
          stack.formatArn({ service: "glue", resource: "database", resourceName: databaseName }),
          stack.formatArn({
            service: "glue",
            resource: "table",
            resourceName: `${databaseName}/${EVENTS_TABLE_NAME}`,
          }),
        ],
      }),
    );
    firehoseRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["logs:PutLogEvents"],
        resources: [
          stack.formatArn({
            service: "logs",
            resource: "log-group",
            resourceName: `${firehoseLogs.logGroupName}:log-stream:${firehoseLogStream.logStreamName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );

    this.deliveryStream = new firehose.CfnDeliveryStream(this, "DeliveryStream", {
      deliveryStreamName: `${config.prefix}-progression-events`,
      deliveryStreamType: "DirectPut",
      deliveryStreamEncryptionConfigurationInput: { keyType: "AWS_OWNED_CMK" },
      extendedS3DestinationConfiguration: {
        bucketArn: this.dataBucket.bucketArn,
        roleArn: firehoseRole.roleArn,
        prefix: "events/tenant=!{partitionKeyFromQuery:tenant}/dt=!{partitionKeyFromQuery:dt}/",
        errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
        // Minimum size with format conversion and dynamic partitioning is 64 MiB; the interval decides.
        bufferingHints: { intervalInSeconds: config.analyticsBufferInterval.toSeconds(), sizeInMBs: 64 },
        compressionFormat: "UNCOMPRESSED", // Parquet pages are Snappy-compressed by the serializer
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: firehoseLogs.logGroupName,
          logStreamName: firehoseLogStream.logStreamName,
        },
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: "MetadataExtraction",
              parameters: [
                {
                  parameterName: "MetadataExtractionQuery",
                  parameterValue: `{${Object.entries(PARTITION_QUERY)
                    .map(([key, query]) => `${key}:${query}`)
                    .join(",")}}`,
                },
                { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
              ],
            },
          ],
        },
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: true } } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
          schemaConfiguration: {
            catalogId: Aws.ACCOUNT_ID,
            databaseName,
            tableName: EVENTS_TABLE_NAME,
            region: Aws.REGION,
            roleArn: firehoseRole.roleArn,
            versionId: "LATEST",
          },
        },
      },
    });
    this.deliveryStream.node.addDependency(firehoseRole);
    this.deliveryStream.node.addDependency(this.table);

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

    // ---- Athena --------------------------------------------------------------------------------------
    this.workGroup = new athena.CfnWorkGroup(this, "WorkGroup", {
      name: `${config.prefix}-analytics`,
      description: "OPT progression analytics",
      recursiveDeleteOption: config.removalPolicy === RemovalPolicy.DESTROY,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: config.athenaBytesScannedCutoff,
        engineVersion: { selectedEngineVersion: "Athena engine version 3" },
        resultConfiguration: {
          outputLocation: `s3://${resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: "SSE_S3" },
        },
      },
    });
    this.workGroup.applyRemovalPolicy(config.removalPolicy);
    for (const query of EXAMPLE_QUERIES) {
      const named = new athena.CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: query.description,
        database: databaseName,
        workGroup: this.workGroup.ref,
        queryString: query.sql(databaseName),
      });
      named.node.addDependency(this.workGroup);
    }

    new CfnOutput(this, "EventBusName", { value: this.bus.eventBusName });
    new CfnOutput(this, "AnalyticsDatabase", { value: databaseName });
    new CfnOutput(this, "AthenaWorkGroup", { value: this.workGroup.ref });
  }

  get deliveryStreamName(): string {
    return this.deliveryStream.ref;
  }
}
