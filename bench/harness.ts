import { mkdirSync, writeFileSync } from "node:fs";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** What every benchmark gets from `npm run bench`: one DynamoDB Local for the whole run. */
export interface BenchContext {
  readonly endpoint: string;
  /** A client on that endpoint (benchmarks may make their own: a meter is per client). */
  readonly client: DynamoDBClient;
  /** `--quick`: fewer samples and smaller workloads, to check the benchmark runs (numbers not reported). */
  readonly quick: boolean;
}

/** One benchmark's result: a Markdown section for the terminal and the README, and its data as JSON. */
export interface BenchSection {
  readonly name: string;
  readonly markdown: string;
  readonly data: unknown;
}

export type Bench = (context: BenchContext) => Promise<BenchSection>;

/**
 * The table of every benchmark that runs the local HTTP stack: its handlers keep their store (per
 * container, as in Lambda), so a later stack in the same run must use the same table name (and port).
 */
export const LOCAL_STACK_TABLE = "bench-http";

const RESULTS = new URL("./results/", import.meta.url);

/** Writes bench/results/<name>.json and <name>.md. */
export function writeSection(section: BenchSection, measuredAt: string): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    new URL(`${section.name}.json`, RESULTS),
    `${JSON.stringify({ measuredAt, ...(section.data as object) }, null, 2)}\n`,
  );
  writeFileSync(new URL(`${section.name}.md`, RESULTS), `${section.markdown}\n`);
}

/** The median and the 99th percentile of samples (ms), and their count. */
export function percentiles(samples: readonly number[]): { p50: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: round(at(0.5)), p99: round(at(0.99)), n: sorted.length };
}

export const round = (value: number, decimals = 1): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};
