import { ArnFormat, Aws, Stack } from "aws-cdk-lib";
import type * as glue from "aws-cdk-lib/aws-glue";
import * as iam from "aws-cdk-lib/aws-iam";
import * as firehose from "aws-cdk-lib/aws-kinesisfirehose";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config.ts";
import { EVENTS_TABLE_NAME, PARTITION_QUERY } from "./analytics-catalog.ts";

export interface DeliveryStreamProps {
  readonly config: EnvironmentConfig;
  readonly dataBucket: s3.IBucket;
  readonly databaseName: string;
  /** The Glue table whose schema drives the Parquet conversion; it must exist first. */
  readonly table: glue.CfnTable;
}

export interface Delivery {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly role: iam.Role;
}

/**
 * The Firehose stream: JSON → Parquet (schema from the Glue table), dynamic partitioning by tenant
 * and business date, written to the data bucket; with its role and error log. Created directly in
 * `scope` (the Analytics construct) so that the logical IDs stay those already deployed.
 */
export function addDeliveryStream(scope: Construct, props: DeliveryStreamProps): Delivery {
  const { config, dataBucket, databaseName, table } = props;
  const firehoseLogs = new logs.LogGroup(scope, "FirehoseLogs", {
    retention: config.logRetention,
    removalPolicy: config.removalPolicy,
  });
  const firehoseLogStream = firehoseLogs.addStream("S3Delivery");
  const role = new iam.Role(scope, "FirehoseRole", {
    assumedBy: new iam.ServicePrincipal("firehose.amazonaws.com", {
      conditions: { StringEquals: { "sts:ExternalId": Aws.ACCOUNT_ID } },
    }),
    description: "Firehose: progression events to S3 as Parquet",
  });
  role.addToPolicy(
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
        dataBucket.bucketArn,
        dataBucket.arnForObjects("events/*"),
        dataBucket.arnForObjects("errors/*"),
      ],
    }),
  );
  const stack = Stack.of(scope);
  role.addToPolicy(
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
  role.addToPolicy(
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

  const deliveryStream = new firehose.CfnDeliveryStream(scope, "DeliveryStream", {
    deliveryStreamName: `${config.prefix}-progression-events`,
    deliveryStreamType: "DirectPut",
    deliveryStreamEncryptionConfigurationInput: { keyType: "AWS_OWNED_CMK" },
    extendedS3DestinationConfiguration: {
      bucketArn: dataBucket.bucketArn,
      roleArn: role.roleArn,
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
          roleArn: role.roleArn,
          versionId: "LATEST",
        },
      },
    },
  });
  deliveryStream.node.addDependency(role);
  deliveryStream.node.addDependency(table);
  return { deliveryStream, role };
}
