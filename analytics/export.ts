import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { contextOf, MissingRegistration } from "../events/analytics/client-context.ts";
import type { AnalyticsRecord } from "../events/analytics/schema.ts";
import { toAnalyticsRecord } from "../events/analytics/to-record.ts";
import type { StoredEvent } from "../events/envelope.ts";
import type { EventStore } from "../events/store/port.ts";
import { openParquetWriter } from "./parquet.ts";

export interface ExportOptions {
  readonly store: EventStore;
  readonly tenantId: string;
  /** The analytics directory (analyticsDir(DATA_DIR)). */
  readonly dir: string;
}

export interface ExportResult {
  readonly streams: number;
  readonly records: number;
}

const BATCH_ROWS = 10_000;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

async function* tenantStreams(store: EventStore, tenantId: string): AsyncGenerator<StoredEvent[]> {
  let cursor: string | null = null;
  do {
    const page: { clientIds: string[]; cursor: string | null } = await store.listStreams(
      tenantId,
      cursor ? { cursor } : {},
    );
    for (const clientId of page.clientIds) {
      const events: StoredEvent[] = [];
      let after: number | null = 0;
      while (after !== null) {
        const read = await store.readEvents({ tenantId, clientId }, { afterVersion: after });
        events.push(...read.events);
        after = read.nextAfterVersion;
      }
      yield events;
    }
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Backfills a tenant's analytics from the event table: every stream's events as records, written beside
 * the live files first, then the tenant's older files removed. Files the stream poller writes meanwhile
 * are kept; a record in two files is one row to the reports, which read each event id once (Firehose,
 * too, delivers at least once).
 */
export async function exportTenant(options: ExportOptions): Promise<ExportResult> {
  const { store, tenantId, dir } = options;
  const tenantDir = join(dir, `tenant=${tenantId}`);
  mkdirSync(tenantDir, { recursive: true });
  const previous = filesUnder(tenantDir);
  const staging = join(dir, `.export-${randomUUID()}`);
  const writer = await openParquetWriter(staging);
  let streams = 0;
  let records = 0;
  // Rows are written in large batches: one Parquet file per date per batch, not per stream.
  let batch: AnalyticsRecord[] = [];
  try {
    for await (const events of tenantStreams(store, tenantId)) {
      const [registration] = events;
      if (registration?.type !== "ClientRegistered")
        throw new MissingRegistration(`a stream of ${tenantId} does not start with its registration`);
      const context = contextOf(registration);
      batch.push(...events.map((event) => toAnalyticsRecord(event, context)));
      streams += 1;
      records += events.length;
      if (batch.length >= BATCH_ROWS) {
        await writer.write(batch);
        batch = [];
      }
    }
    await writer.write(batch);
  } finally {
    writer.close();
  }
  for (const file of filesUnder(staging)) {
    const target = join(dir, relative(staging, file));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(file, target);
  }
  rmSync(staging, { recursive: true, force: true });
  for (const file of previous) rmSync(file, { force: true });
  return { streams, records };
}
