import { Aws, RemovalPolicy } from "aws-cdk-lib";
import * as athena from "aws-cdk-lib/aws-athena";
import * as glue from "aws-cdk-lib/aws-glue";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { REPORTS } from "../../analytics/report-catalog.ts";
import type { EnvironmentConfig } from "../config.ts";
import {
  EVENT_COLUMNS,
  EVENTS_TABLE_NAME,
  FIRST_PARTITION_DATE,
  PARTITION_KEYS,
} from "./analytics-catalog.ts";

/*
 * How analysts query the events: the Glue database and table over the Parquet files, and the Athena
 * workgroup with the saved reports. Two functions, not one, because the stack creates the Firehose
 * stream between them and the template keeps that order. Resources are created directly in `scope`
 * (the Analytics construct) so that their logical IDs stay those already deployed.
 */

export interface EventsTableProps {
  readonly config: EnvironmentConfig;
  readonly dataBucket: s3.IBucket;
}

export interface EventsTable {
  readonly databaseName: string;
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
}

/** The Glue table: Firehose reads its schema for the Parquet conversion, Athena for queries. */
export function addEventsTable(scope: Construct, props: EventsTableProps): EventsTable {
  const { config, dataBucket } = props;
  const databaseName = `${config.prefix.replaceAll("-", "_")}_analytics`;
  const database = new glue.CfnDatabase(scope, "Database", {
    catalogId: Aws.ACCOUNT_ID,
    databaseInput: {
      name: databaseName,
      description: "OPT progression events (Parquet, from the event bus)",
    },
  });
  const dataLocation = `s3://${dataBucket.bucketName}/events/`;
  const table = new glue.CfnTable(scope, "EventsTable", {
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
        "projection.dt.range": `${FIRST_PARTITION_DATE},NOW`,
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
  table.node.addDependency(database);
  database.applyRemovalPolicy(config.removalPolicy);
  table.applyRemovalPolicy(config.removalPolicy);
  return { databaseName, database, table };
}

export interface WorkGroupProps {
  readonly config: EnvironmentConfig;
  readonly databaseName: string;
  readonly resultsBucket: s3.IBucket;
}

/** The Athena workgroup (enforced settings, per-query scan cutoff) and the example named queries. */
export function addWorkGroup(scope: Construct, props: WorkGroupProps): athena.CfnWorkGroup {
  const { config, databaseName, resultsBucket } = props;
  const workGroup = new athena.CfnWorkGroup(scope, "WorkGroup", {
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
  workGroup.applyRemovalPolicy(config.removalPolicy);
  // The same SQL files DuckDB runs locally; their `?` parameters are bound by Athena's parameterized
  // queries (the console asks for them in order; the API takes ExecutionParameters).
  for (const report of REPORTS) {
    const named = new athena.CfnNamedQuery(scope, `Query-${report.name}`, {
      name: report.name,
      description: report.description,
      database: databaseName,
      workGroup: workGroup.ref,
      queryString: report.sql,
    });
    named.node.addDependency(workGroup);
  }
  return workGroup;
}
