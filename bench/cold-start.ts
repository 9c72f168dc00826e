/**
 * Cold-start cost of every Lambda handler the CDK app deploys: each entry is bundled with esbuild as
 * infra/constructs/node-function.ts bundles it (minified ESM for node24, source maps without sources,
 * the AWS SDK v3 external because the Node.js 24 runtime provides it), and its module import is timed
 * in a fresh Node process, the median of 15 processes (3 with --quick), against an empty handler that
 * imports only the DynamoDB client and document client. Goal: every handler within 1.15× of the empty one.
 *
 *   npm run bench -- --only cold-start      (writes bench/results/cold-start.{md,json})
 *
 * COLD_START_SOURCES=<dir> bundles the entries from another tree inside the repository instead (the
 * numbers before a change: `git archive <commit> functions events domain pictures analytics | tar -x -C bench/.cold-base`).
 *
 * The bundles are written to bench/.cold-start/ (gitignored): inside the repository, so Node resolves
 * the external @aws-sdk packages from node_modules, as the runtime resolves them from its own copy.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build, type Metafile } from "esbuild";
import { PROJECTOR_HANDLER, ROUTES } from "../functions/http/routes.ts";
import { ENRICHMENT_HANDLER } from "../infra/constructs/analytics-pipe.ts";
import { type Bench, round } from "./harness.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = fileURLToPath(new URL("./.cold-start/", import.meta.url));
/** The Node.js 24 binary the project's toolchain installs (the system node may be older). */
const NODE = fileURLToPath(new URL("../node_modules/.bin/node", import.meta.url));
const EMPTY = "empty-handler";
/** Where the entries are bundled from: this tree, or COLD_START_SOURCES (see above). */
const SOURCES = process.env.COLD_START_SOURCES ? `${process.env.COLD_START_SOURCES}/` : ROOT;

/** Every function entry in infra/ (the routes, then the stream, auth and webhook functions). */
export const HANDLER_ENTRIES: readonly string[] = [
  ...ROUTES.map((route) => `functions/${route.handler}.ts`),
  PROJECTOR_HANDLER,
  ENRICHMENT_HANDLER,
  "functions/auth/pre-token-generation.ts",
  "functions/webhooks/process.ts",
  "functions/webhooks/replay.ts",
];

/** A handler with nothing of ours: the two DynamoDB packages every table-reading handler imports. */
const EMPTY_SOURCE = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
let client;
export const handler = async () => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return { statusCode: 200 };
};
`;

/** What the functions read from their environment at import time, as the CDK sets it (dummy values). */
const ENVIRONMENT: Record<string, string> = {
  POWERTOOLS_SERVICE_NAME: "opt-api",
  POWERTOOLS_METRICS_NAMESPACE: "OPT",
  POWERTOOLS_LOG_LEVEL: "INFO",
  NODE_OPTIONS: "--enable-source-maps",
  STAGE: "bench",
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  TABLE_NAME: "bench",
  KEYS_TABLE_NAME: "bench-keys",
  KMS_KEY_ID: "arn:aws:kms:eu-west-1:000000000000:key/bench",
  ARCHIVE_BUCKET: "bench-archive",
  WEBHOOK_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/000000000000/bench",
  WEBHOOK_SECRETS_PREFIX: "bench/webhooks/",
  PACKAGE_FILES_DIR: `${ROOT}node_modules/swagger-ui-dist`,
};

/**
 * Imports one bundle and prints how long the import took (ms) and the CPU time it used (ms): the other
 * work on a shared machine stretches the first more than the second.
 */
const RUNNER = `const bundle = process.argv[2];
const cpu = process.cpuUsage();
const t = performance.now();
await import(bundle);
const elapsed = performance.now() - t;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify([elapsed, (used.user + used.system) / 1000]));
`;

/** infra/constructs/node-function.ts's bundling options, as esbuild's API takes them. */
async function bundle(entry: string, outfile: string): Promise<{ bytes: number; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    absWorkingDir: SOURCES,
    bundle: true,
    format: "esm",
    target: "node24",
    platform: "node",
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ["module", "main"],
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    external: ["@aws-sdk/*"],
    metafile: true,
    logLevel: "silent",
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith(".mjs"));
  return { bytes: output?.[1].bytes ?? 0, metafile: result.metafile };
}

/** The inputs that weigh most in the bundle (bytes after minification), packages summed. */
function largestInputs(metafile: Metafile, count = 5): { input: string; kb: number }[] {
  const output = Object.values(metafile.outputs).find((entry) => entry.entryPoint !== undefined);
  const byInput = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    byInput.set(name, (byInput.get(name) ?? 0) + bytesInOutput);
  }
  return [...byInput]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([input, bytes]) => ({ input, kb: round(bytes / 1024) }));
}

/** node_modules/@scope/name/… → @scope/name; our own files stay as they are. */
function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? input;
}

async function importMs(file: string): Promise<{ wall: number; cpu: number }> {
  const { stdout } = await run(NODE, [`${OUT}runner.mjs`, file], {
    cwd: OUT,
    env: { PATH: process.env.PATH ?? "", ...ENVIRONMENT },
  });
  const [wall, cpu] = JSON.parse(stdout) as [number, number];
  return { wall, cpu };
}

const median = (samples: readonly number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const nameOf = (entry: string): string => entry.replace(/^functions\//, "").replace(/\.ts$/, "");

export const coldStart: Bench = async (context) => {
  const samples = context.quick ? 3 : 15;
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}runner.mjs`, RUNNER);
  writeFileSync(`${OUT}${EMPTY}.mjs`, EMPTY_SOURCE);

  const handlers = [EMPTY, ...HANDLER_ENTRIES.map(nameOf)];
  const bundles = new Map<
    string,
    { file: string; bytes: number; largest: { input: string; kb: number }[] }
  >();
  for (const name of handlers) {
    const entry = name === EMPTY ? `${OUT}${EMPTY}.mjs` : `functions/${name}.ts`;
    const file = `${OUT}${name.replaceAll("/", "--")}.bundle.mjs`;
    const { bytes, metafile } = await bundle(entry, file);
    bundles.set(name, { file, bytes, largest: largestInputs(metafile) });
  }

  // Rounds over every handler, so drift in the machine's load touches every handler alike.
  const times = new Map<string, number[]>(handlers.map((name) => [name, []]));
  const cpuTimes = new Map<string, number[]>(handlers.map((name) => [name, []]));
  await importMs(bundles.get(EMPTY)?.file ?? ""); // warms the file system cache
  for (let sample = 0; sample < samples; sample++) {
    for (const name of handlers) {
      const { wall, cpu } = await importMs(bundles.get(name)?.file ?? "");
      times.get(name)?.push(wall);
      cpuTimes.get(name)?.push(cpu);
    }
  }

  const emptyMs = median(times.get(EMPTY) ?? []);
  const emptyCpuMs = median(cpuTimes.get(EMPTY) ?? []);
  const rows = handlers.map((name) => {
    const { bytes, largest } = bundles.get(name) ?? { bytes: 0, largest: [] };
    const ms = median(times.get(name) ?? []);
    const cpuMs = median(cpuTimes.get(name) ?? []);
    return {
      handler: name,
      bundleKb: round(bytes / 1024),
      importMs: round(ms),
      ratio: round(ms / emptyMs, 2),
      cpuMs: round(cpuMs),
      cpuRatio: round(cpuMs / emptyCpuMs, 2),
      largest,
    };
  });
  const within = rows.filter((row) => row.ratio <= 1.15).length;
  const markdown = [
    `### Cold start: module import per handler (npm run bench -- --only cold-start${context.quick ? " --quick" : ""})`,
    "",
    `Median of ${samples} fresh Node 24 processes (--enable-source-maps, as deployed); ` +
      `AWS SDK external; × empty = ratio to a handler importing only the DynamoDB clients. ` +
      `Within 1.15×: ${within - 1} of ${rows.length - 1}.`,
    "",
    "| handler | bundle KB | import ms | × empty | CPU ms | CPU × empty | largest inputs (KB) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(
      (row) =>
        `| ${row.handler} | ${row.bundleKb} | ${row.importMs} | ${row.ratio} | ${row.cpuMs} | ${row.cpuRatio} | ${row.largest
          .slice(0, 3)
          .map((input) => `${input.input} ${input.kb}`)
          .join(", ")} |`,
    ),
  ].join("\n");
  return {
    name: "cold-start",
    markdown,
    data: { samples, emptyMs: round(emptyMs), emptyCpuMs: round(emptyCpuMs), handlers: rows },
  };
};
