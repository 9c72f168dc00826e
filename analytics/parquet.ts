import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { ANALYTICS_COLUMNS, type AnalyticsRecord, duckDbType } from "../events/analytics/schema.ts";

/** Where the local stack keeps analytics: DATA_DIR/analytics/tenant=<id>/dt=<yyyy-MM-dd>/*.parquet. */
export const analyticsDir = (dataDir: string): string => join(dataDir, "analytics");

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** DuckDB reads the rows with the schema's types, so every file has the columns Glue declares. */
const JSON_COLUMNS = `{${ANALYTICS_COLUMNS.map((c) => `${c.name}: ${quote(duckDbType(c.type))}`).join(", ")}}`;

export interface ParquetWriter {
  /** Appends the records as new Parquet files, one per tenant and UTC date, beside those already there. */
  write(records: readonly AnalyticsRecord[]): Promise<void>;
  close(): void;
}

/**
 * Writes analytics records as Parquet in the layout Firehose writes in S3 (hive partitions tenant and
 * dt, which are in the path, not in the file), with DuckDB itself: the engine that reads them back, so
 * no second Parquet library with its own type mapping. Rows go through a newline-delimited JSON file
 * read with the schema's column types. Writes are serialised: the poller's shards run side by side.
 */
export async function openParquetWriter(dir: string): Promise<ParquetWriter> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  let queue: Promise<void> = Promise.resolve();

  async function writeNow(records: readonly AnalyticsRecord[]): Promise<void> {
    if (records.length === 0) return;
    mkdirSync(dir, { recursive: true });
    const rows = join(tmpdir(), `opt-analytics-${randomUUID()}.ndjson`);
    writeFileSync(rows, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    try {
      await connection.run(`COPY (
          SELECT *, tenant_id AS tenant, substr(occurred_at, 1, 10) AS dt
          FROM read_json(${quote(rows)}, format = 'newline_delimited', columns = ${JSON_COLUMNS})
        ) TO ${quote(dir)} (FORMAT parquet, PARTITION_BY (tenant, dt), APPEND, FILENAME_PATTERN 'events-{uuid}')`);
    } finally {
      rmSync(rows, { force: true });
    }
  }

  return {
    write(records) {
      const done = queue.then(() => writeNow(records));
      queue = done.catch(() => undefined);
      return done;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
