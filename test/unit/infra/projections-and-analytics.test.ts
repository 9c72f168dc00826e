import { randomBytes } from "node:crypto";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Match } from "aws-cdk-lib/assertions";
import type { AttributeValue, DynamoDBRecord } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { REPORTS } from "../../../analytics/report-catalog.ts";
import { analyticsRecordsOf } from "../../../events/analytics/from-stream.ts";
import { COLUMN_NAMES } from "../../../events/analytics/schema.ts";
import type { ClientKeys } from "../../../events/crypto/client-keys.ts";
import { toEventItem } from "../../../events/store/items.ts";
import { InMemoryEventStore } from "../../../events/store/memory-store.ts";
import {
  EVENT_COLUMNS,
  EVENT_DETAIL_TYPE,
  EVENT_SOURCE,
  EVENTS_TABLE_NAME,
  FIRST_PARTITION_DATE,
  PARTITION_KEYS,
  PARTITION_QUERY,
} from "../../../infra/constructs/analytics-catalog.ts";
import { EVENT_ITEM_FILTER } from "../../../infra/constructs/projections.ts";
import {
  logicalId,
  prop,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type Synthesized,
  single,
  synthesize,
  TEST_SUBSCRIPTIONS,
} from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize("dev");
}, SYNTH_TIMEOUT);

/** A DynamoDB Streams record of an event item, as the table writes it. */
const streamRecord = (newImage: Record<string, AttributeValue>, eventName = "INSERT"): DynamoDBRecord => ({
  eventName: eventName as DynamoDBRecord["eventName"],
  eventSource: "aws:dynamodb",
  dynamodb: {
    Keys: { pk: newImage.pk as AttributeValue, sk: newImage.sk as AttributeValue },
    NewImage: newImage,
    StreamViewType: "NEW_IMAGE",
  },
});

/** The client's data key: the registration's personal fields are sealed under it. */
const dataKey = randomBytes(32);
const keys = { current: async () => dataKey } as unknown as ClientKeys;

/** The first event of a stream, as an item of the table (personal fields sealed). */
const registrationImage = marshall(
  toEventItem(
    {
      type: "ClientRegistered",
      occurredAt: "2025-03-04T10:00:00.000Z",
      data: {
        clientId: "c-1",
        name: "Ada Client",
        dateOfBirth: "1990-04-01",
        locationId: "harbor",
        trainerId: "t-1",
        guidelineVersion: "CPT7",
      },
      eventId: "ev-1",
      clientId: "c-1",
      version: 1,
      schemaVersion: 1,
      recordedAt: "2025-03-04T10:00:01.000Z",
      meta: { tenantId: "acme", actorId: "u-1", correlationId: "corr-1", source: "api" },
    },
    dataKey,
  ),
  { removeUndefinedValues: true, convertClassInstanceToMap: true },
) as Record<string, AttributeValue>;

/** EventBridge's content filtering for the only shape our pattern uses: nested objects of value lists. */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value);
  if (typeof pattern !== "object" || pattern === null) return false;
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(pattern).every(([key, sub]) => matches(sub, (value as Record<string, unknown>)[key]));
}

describe("projector event source", () => {
  it("has partial batch responses, bisect, bounded retries and age, and an on-failure queue", () => {
    synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [logicalId(synth, synth.stack.store.table), "StreamArn"] },
      FunctionName: { Ref: logicalId(synth, synth.stack.projections.projector.fn) },
      StartingPosition: "TRIM_HORIZON",
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 6 * 3600,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: {
          Destination: { "Fn::GetAtt": [logicalId(synth, synth.stack.projections.deadLetterQueue), "Arn"] },
        },
      },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(EVENT_ITEM_FILTER) }] },
    });
  });

  it("passes only inserted event items", () => {
    expect(matches(EVENT_ITEM_FILTER, streamRecord(registrationImage))).toBe(true);
    expect(matches(EVENT_ITEM_FILTER, streamRecord(registrationImage, "MODIFY"))).toBe(false);
    expect(matches(EVENT_ITEM_FILTER, streamRecord(registrationImage, "REMOVE"))).toBe(false);
    for (const kind of ["snapshot", "command", "read-model"]) {
      expect(matches(EVENT_ITEM_FILTER, streamRecord({ ...registrationImage, kind: { S: kind } }))).toBe(
        false,
      );
    }
    const { kind: _, ...withoutKind } = registrationImage;
    expect(matches(EVENT_ITEM_FILTER, streamRecord(withoutKind))).toBe(false);
  });

  it("encrypts every queue and keeps failures for 14 days", () => {
    synth.template.resourceCountIs("AWS::SQS::Queue", 5); // three here, the webhook queue and its DLQ
    synth.template.allResourcesProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
    const deadLetterQueues = [
      synth.stack.projections.deadLetterQueue,
      synth.stack.analytics.pipeDeadLetterQueue,
      synth.stack.analytics.ruleDeadLetterQueue,
      synth.stack.webhooks.deadLetterQueue,
    ];
    for (const queue of deadLetterQueues)
      expect(prop(synth.json.Resources[logicalId(synth, queue)], "MessageRetentionPeriod")).toBe(
        14 * 24 * 3600,
      );
  });
});

describe("pipe and event bus", () => {
  it("reads the table stream with bisect, bounded retries, a DLQ and the event-item filter", () => {
    synth.template.hasResourceProperties("AWS::Pipes::Pipe", {
      Source: { "Fn::GetAtt": [logicalId(synth, synth.stack.store.table), "StreamArn"] },
      SourceParameters: {
        DynamoDBStreamParameters: {
          StartingPosition: "TRIM_HORIZON",
          OnPartialBatchItemFailure: "AUTOMATIC_BISECT",
          MaximumRetryAttempts: 10,
          MaximumRecordAgeInSeconds: 6 * 3600,
          DeadLetterConfig: {
            Arn: { "Fn::GetAtt": [logicalId(synth, synth.stack.analytics.pipeDeadLetterQueue), "Arn"] },
          },
        },
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(EVENT_ITEM_FILTER) }] },
      },
      Target: { "Fn::GetAtt": [logicalId(synth, synth.stack.analytics.bus), "Arn"] },
      Enrichment: { "Fn::GetAtt": [logicalId(synth, synth.stack.analytics.enrichment.fn), "Arn"] },
      TargetParameters: {
        EventBridgeEventBusParameters: { Source: EVENT_SOURCE, DetailType: EVENT_DETAIL_TYPE },
      },
      LogConfiguration: Match.objectLike({ Level: "ERROR" }),
    });
  });

  it("sends the enrichment's records, whose fields are exactly the Glue table's columns, to the bus whole", async () => {
    expect(JSON.stringify(registrationImage)).not.toContain("1990-04-01");
    const [record] = await analyticsRecordsOf(
      [streamRecord(registrationImage)],
      new InMemoryEventStore(),
      keys,
    );
    expect(Object.keys(record ?? {})).toEqual(EVENT_COLUMNS.map((c) => c.name));
    expect(record).toMatchObject({ tenant_id: "acme", location_id: "harbor", age_band: "30-39" });
    // No input template: the record the enrichment returns is the event's detail, field for field.
    const pipe = single(synth, "AWS::Pipes::Pipe");
    expect(prop<Record<string, unknown>>(pipe, "TargetParameters")).not.toHaveProperty("InputTemplate");
  });

  it("lets the enrichment read events and open keys of client partitions, write nothing, and the pipe invoke it", () => {
    const role = logicalId(synth, synth.stack.analytics.enrichment.role);
    const policies = resourcesOfType(synth, "AWS::IAM::Policy").filter(([, p]) =>
      JSON.stringify(p.Properties?.Roles).includes(role),
    );
    const statements = policies.flatMap(
      ([, p]) => prop<{ Statement: { Action: unknown; Resource: unknown }[] }>(p, "PolicyDocument").Statement,
    );
    const onTable = (construct: Parameters<typeof logicalId>[1]) =>
      statements.filter((st) => JSON.stringify(st.Resource).includes(logicalId(synth, construct)));
    const clientPartitions = { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["T#*#C#*"] } };
    expect(onTable(synth.stack.store.table)).toEqual([
      expect.objectContaining({ Action: "dynamodb:GetItem", Condition: clientPartitions }),
    ]);
    // The date of birth is sealed: the age band needs the client's key, opened, never created or deleted.
    expect(onTable(synth.stack.store.keyTable)).toEqual([
      expect.objectContaining({
        Action: ["dynamodb:BatchGetItem", "dynamodb:GetItem"],
        Condition: clientPartitions,
      }),
    ]);
    expect(statements.flatMap((st) => [st.Action].flat()).filter((a) => /kms:/.test(String(a)))).toEqual([
      "kms:Decrypt",
    ]);
    const pipeRole = logicalId(synth, synth.stack.analytics.pipeRole);
    const pipePolicy = resourcesOfType(synth, "AWS::IAM::Policy").filter(([, p]) =>
      JSON.stringify(p.Properties?.Roles).includes(pipeRole),
    );
    expect(JSON.stringify(pipePolicy)).toContain("lambda:InvokeFunction");
  });

  it("routes every client event on the bus to Firehose with a DLQ and retries", () => {
    synth.template.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: { Ref: logicalId(synth, synth.stack.analytics.bus) },
      EventPattern: { source: [EVENT_SOURCE], "detail-type": [EVENT_DETAIL_TYPE] },
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [logicalId(synth, synth.stack.analytics.deliveryStream), "Arn"] },
          InputPath: "$.detail",
          DeadLetterConfig: {
            Arn: { "Fn::GetAtt": [logicalId(synth, synth.stack.analytics.ruleDeadLetterQueue), "Arn"] },
          },
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86400 },
        }),
      ],
    });
  });

  it("forwards a chain's subscription to its own bus with a rule that names its tenant", () => {
    const [subscription] = TEST_SUBSCRIPTIONS;
    synth.template.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: { Ref: logicalId(synth, synth.stack.analytics.bus) },
      EventPattern: {
        source: [EVENT_SOURCE],
        "detail-type": [EVENT_DETAIL_TYPE],
        detail: { tenant_id: [subscription?.tenantId] },
      },
      Targets: [
        Match.objectLike({
          Arn: subscription?.eventBusArn,
          DeadLetterConfig: {
            Arn: { "Fn::GetAtt": [logicalId(synth, synth.stack.analytics.ruleDeadLetterQueue), "Arn"] },
          },
        }),
      ],
    });
  });

  it("keeps the bus private (no resource policy)", () => {
    synth.template.resourceCountIs("AWS::Events::EventBusPolicy", 0);
  });
});

describe("Firehose → S3 (Parquet) → Glue → Athena", () => {
  it("converts to Parquet with the Glue schema and partitions by tenant and business date", () => {
    const glueTable = synth.stack.analytics.table;
    synth.template.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", {
      DeliveryStreamType: "DirectPut",
      DeliveryStreamEncryptionConfigurationInput: { KeyType: "AWS_OWNED_CMK" },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: "events/tenant=!{partitionKeyFromQuery:tenant}/dt=!{partitionKeyFromQuery:dt}/",
        ErrorOutputPrefix: Match.stringLikeRegexp("^errors/"),
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 64 },
        DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            {
              Type: "MetadataExtraction",
              Parameters: [
                {
                  ParameterName: "MetadataExtractionQuery",
                  ParameterValue: "{tenant:.tenant_id,dt:.occurred_at[0:10]}",
                },
                { ParameterName: "JsonParsingEngine", ParameterValue: "JQ-1.6" },
              ],
            },
          ],
        },
        DataFormatConversionConfiguration: {
          Enabled: true,
          InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: { CaseInsensitive: true } } },
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: "SNAPPY" } } },
          SchemaConfiguration: Match.objectLike({
            DatabaseName: glueTable.databaseName,
            TableName: EVENTS_TABLE_NAME,
            VersionId: "LATEST",
          }),
        },
      }),
    });
  });

  it("describes the events in a Glue table with projected tenant and date partitions", () => {
    synth.template.hasResourceProperties("AWS::Glue::Table", {
      DatabaseName: "opt_dev_analytics",
      TableInput: Match.objectLike({
        Name: EVENTS_TABLE_NAME,
        TableType: "EXTERNAL_TABLE",
        PartitionKeys: PARTITION_KEYS.map((key) => ({
          Name: key.name,
          Type: key.type,
          Comment: key.comment,
        })),
        Parameters: Match.objectLike({
          classification: "parquet",
          "projection.enabled": "true",
          "projection.tenant.type": "injected",
          "projection.dt.type": "date",
          "projection.dt.format": "yyyy-MM-dd",
          // Backdated history reaches the API's earliest date; the projection must too.
          "projection.dt.range": `${FIRST_PARTITION_DATE},NOW`,
          "storage.location.template": Match.anyValue(),
        }),
        StorageDescriptor: Match.objectLike({
          Columns: EVENT_COLUMNS.map((column) => ({
            Name: column.name,
            Type: column.type,
            Comment: column.comment,
          })),
          SerdeInfo: { SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
        }),
      }),
    });
    const table = single(synth, "AWS::Glue::Table");
    const { Parameters } = prop<{ Parameters: Record<string, unknown> }>(table, "TableInput");
    // Athena's own placeholders, not template literals.
    const placeholders = ["tenant", "dt"].map((key) => `$\{${key}}`);
    expect(JSON.stringify(Parameters["storage.location.template"])).toContain(
      `/events/tenant=${placeholders[0]}/dt=${placeholders[1]}/`,
    );
  });

  it("keeps the buckets private, encrypted, TLS-only and access-logged", () => {
    // Analytics: data, query results, access logs; webhooks: archive, access logs.
    synth.template.resourceCountIs("AWS::S3::Bucket", 5);
    synth.template.allResourcesProperties("AWS::S3::Bucket", {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({})] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    synth.template.resourceCountIs("AWS::S3::BucketPolicy", 5);
    for (const [, policy] of resourcesOfType(synth, "AWS::S3::BucketPolicy")) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
    const logged = resourcesOfType(synth, "AWS::S3::Bucket").filter(
      ([, b]) => b.Properties?.LoggingConfiguration,
    );
    expect(logged).toHaveLength(3);
  });

  it("has an Athena workgroup with enforced, encrypted results and a scan limit, and the saved reports", () => {
    synth.template.hasResourceProperties("AWS::Athena::WorkGroup", {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: "SSE_S3" } }),
      }),
    });
    synth.template.resourceCountIs("AWS::Athena::NamedQuery", REPORTS.length);
    // The SQL files themselves, in the database that holds the table they read.
    for (const report of REPORTS) {
      synth.template.hasResourceProperties("AWS::Athena::NamedQuery", {
        Name: report.name,
        Database: "opt_dev_analytics",
        QueryString: report.sql,
      });
    }
  });

  it("partitions Firehose's output by columns of the record, and the Glue table declares the record's columns", () => {
    expect(EVENT_COLUMNS.map((c) => c.name)).toEqual(COLUMN_NAMES);
    const table = single(synth, "AWS::Glue::Table");
    const { StorageDescriptor } = prop<{ StorageDescriptor: { Columns: { Name: string }[] } }>(
      table,
      "TableInput",
    );
    expect(StorageDescriptor.Columns.map((c) => c.Name)).toEqual(COLUMN_NAMES);
    // Firehose reads the partitions from the record: both are fields of it.
    for (const query of Object.values(PARTITION_QUERY)) {
      expect(COLUMN_NAMES).toContain(/^\.(\w+)/.exec(query)?.[1]);
    }
  });

  it("saves reports that read the Glue table, pin their tenant, and bind one value per parameter", () => {
    for (const report of REPORTS) {
      expect(report.sql, report.name).toContain(`FROM ${EVENTS_TABLE_NAME} e`);
      // Injected partition: every scan of the table names its tenant.
      expect(report.sql.match(new RegExp(`FROM ${EVENTS_TABLE_NAME}\\b`, "g"))?.length, report.name).toBe(
        report.sql.match(/WHERE e\.tenant = \?/g)?.length,
      );
      expect(report.sql.split("?").length - 1, report.name).toBe(report.parameters.length);
      expect(report.parameters[0], report.name).toBe("tenant");
    }
  });
});
