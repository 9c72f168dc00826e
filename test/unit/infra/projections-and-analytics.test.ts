import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import {
  EVENT_COLUMNS,
  EVENT_DETAIL_TYPE,
  EVENT_SOURCE,
  EVENTS_TABLE_NAME,
  EXAMPLE_QUERIES,
  PARTITION_KEYS,
  PIPE_INPUT_TEMPLATE,
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
} from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize("dev");
}, SYNTH_TIMEOUT);

/** A DynamoDB Streams record of an event item, as the table writes it. */
const streamRecord = (newImage: Record<string, unknown>, eventName = "INSERT") => ({
  eventName,
  eventSource: "aws:dynamodb",
  dynamodb: { Keys: { pk: newImage.pk, sk: newImage.sk }, NewImage: newImage, StreamViewType: "NEW_IMAGE" },
});

const phaseStarted = {
  pk: { S: "T#acme#C#c-1" },
  sk: { S: "E#0000000003" },
  kind: { S: "event" },
  tenantId: { S: "acme" },
  clientId: { S: "c-1" },
  eventId: { S: "ev-3" },
  type: { S: "PhaseStarted" },
  schemaVersion: { N: "1" },
  version: { N: "3" },
  occurredAt: { S: "2025-03-04T10:00:00.000Z" },
  recordedAt: { S: "2025-03-04T10:00:01.000Z" },
  data: { M: { phase: { N: "2" }, plannedWeeks: { N: "4" }, reason: { S: "trainer-decision" } } },
  meta: { M: { actorId: { S: "u-1" }, correlationId: { S: "corr-1" }, source: { S: "api" } } },
};

/** EventBridge's content filtering for the only shape our pattern uses: nested objects of value lists. */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value);
  if (typeof pattern !== "object" || pattern === null) return false;
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(pattern).every(([key, sub]) => matches(sub, (value as Record<string, unknown>)[key]));
}

/** The pipe's input transformation: `"<$.path>"` inserts a string, a bare `<$.path>` inserts JSON. */
function transform(template: string, record: unknown): unknown {
  const at = (path: string) =>
    path
      .replace(/^\$\./, "")
      .split(".")
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], record);
  const filled = template
    .replace(/"<(\$[^>]+)>"/g, (_, path) => JSON.stringify(String(at(path))))
    .replace(/<(\$[^>]+)>/g, (_, path) => JSON.stringify(at(path)));
  return JSON.parse(filled);
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
    expect(matches(EVENT_ITEM_FILTER, streamRecord(phaseStarted))).toBe(true);
    expect(matches(EVENT_ITEM_FILTER, streamRecord(phaseStarted, "MODIFY"))).toBe(false);
    expect(matches(EVENT_ITEM_FILTER, streamRecord(phaseStarted, "REMOVE"))).toBe(false);
    for (const kind of ["snapshot", "command", "read-model"]) {
      expect(matches(EVENT_ITEM_FILTER, streamRecord({ ...phaseStarted, kind: { S: kind } }))).toBe(false);
    }
    const { kind: _, ...withoutKind } = phaseStarted;
    expect(matches(EVENT_ITEM_FILTER, streamRecord(withoutKind))).toBe(false);
  });

  it("encrypts every queue and keeps failures for 14 days", () => {
    synth.template.resourceCountIs("AWS::SQS::Queue", 3);
    synth.template.allResourcesProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
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
      TargetParameters: {
        EventBridgeEventBusParameters: { Source: EVENT_SOURCE, DetailType: EVENT_DETAIL_TYPE },
        InputTemplate: PIPE_INPUT_TEMPLATE,
      },
      LogConfiguration: Match.objectLike({ Level: "ERROR" }),
    });
  });

  it("turns an event item into the documented event: plain fields, typed data and meta", () => {
    const detail = transform(PIPE_INPUT_TEMPLATE, streamRecord(phaseStarted));
    expect(detail).toEqual({
      eventId: "ev-3",
      type: "PhaseStarted",
      tenantId: "acme",
      clientId: "c-1",
      schemaVersion: "1",
      version: "3",
      occurredAt: "2025-03-04T10:00:00.000Z",
      recordedAt: "2025-03-04T10:00:01.000Z",
      data: phaseStarted.data.M,
      meta: phaseStarted.meta.M,
    });
    // Every field lands in a Glue column (the OpenX deserializer matches keys case-insensitively).
    expect(Object.keys(detail as object).map((key) => key.toLowerCase())).toEqual(
      EVENT_COLUMNS.map((c) => c.name),
    );
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
                  ParameterValue: "{tenant:.tenantId,dt:.occurredAt[0:10]}",
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
    synth.template.resourceCountIs("AWS::S3::Bucket", 3);
    synth.template.allResourcesProperties("AWS::S3::Bucket", {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({})] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    synth.template.resourceCountIs("AWS::S3::BucketPolicy", 3);
    for (const [, policy] of resourcesOfType(synth, "AWS::S3::BucketPolicy")) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
    const logged = resourcesOfType(synth, "AWS::S3::Bucket").filter(
      ([, b]) => b.Properties?.LoggingConfiguration,
    );
    expect(logged).toHaveLength(2);
  });

  it("has an Athena workgroup with enforced, encrypted results and a scan limit, and the example queries", () => {
    synth.template.hasResourceProperties("AWS::Athena::WorkGroup", {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: "SSE_S3" } }),
      }),
    });
    synth.template.resourceCountIs("AWS::Athena::NamedQuery", EXAMPLE_QUERIES.length);
  });

  it("writes example queries that use only the table's columns and name their tenant", () => {
    const dataFields = new Map<string, string>();
    const dataType = EVENT_COLUMNS.find((column) => column.name === "data")?.type ?? "";
    for (const [, field, inner] of dataType.matchAll(/(\w+):struct<(\w)/g))
      dataFields.set(field as string, inner as string);
    const columns = new Set([...EVENT_COLUMNS, ...PARTITION_KEYS].map((column) => column.name));

    for (const query of EXAMPLE_QUERIES) {
      const sql = query.sql("db");
      expect(sql).toContain(`"db"."${EVENTS_TABLE_NAME}"`);
      // Injected partition: every scan of the table must pin its tenant.
      expect(sql.match(/FROM "db"/g)?.length).toBe(sql.match(/WHERE tenant = '/g)?.length);
      for (const [, field, inner] of sql.matchAll(/\bdata\.(\w+)\.(\w)\b/g)) {
        expect(dataFields.get(field as string), `data.${field}`).toBe(inner);
      }
      for (const [, column] of sql.matchAll(/\b(tenant|dt|type|clientid|version|occurredat|recordedat)\b/g)) {
        expect(columns.has(column as string)).toBe(true);
      }
    }
  });
});
