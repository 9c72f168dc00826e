import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/*
 * npm start, stopped as a terminal's Ctrl-C stops it: SIGINT to the whole foreground process group
 * (node and the DynamoDB Local JVM alike), while the API is taking writes and the projector is busy.
 */

let child: ChildProcess | undefined;
let dataDir: string | undefined;
afterEach(() => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves with what the stream printed once `pattern` appears in it. */
const printed = (stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> =>
  new Promise((resolve) => {
    let text = "";
    stream.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) resolve(text);
    });
  });

describe("stopping the local stack", () => {
  it("given npm start under write load, when Ctrl-C reaches its process group, then it stops without logging an error", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "opt-stop-"));
    child = spawn(process.execPath, ["--import", "tsx", "local/start.ts"], {
      // Its own process group, as a shell gives a foreground job; SIGINT then reaches every member.
      detached: true,
      env: { ...process.env, DATA_DIR: dataDir, PORT: "0", DYNAMODB_PORT: "0", POWERTOOLS_LOG_LEVEL: "WARN" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
    const banner = await printed(child.stdout as NodeJS.ReadableStream, /Ctrl-C stops everything/);
    const url = /running at (http:\/\/\S+)/.exec(banner)?.[1];
    const token = /export TOKEN=(\S+)/.exec(banner)?.[1];

    // Keep the API writing (so the projector polls back to back) until the stack goes away.
    const created: number[] = [];
    let writing = true;
    const load = (async () => {
      for (let n = 0; writing; n++) {
        const response = await fetch(`${url}/v1/clients`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({
            name: `Client ${n}`,
            dateOfBirth: "1990-04-01",
            goal: "general-fitness",
            locationId: "downtown",
          }),
        }).catch(() => null);
        if (response?.status === 201) created.push(n);
      }
    })();
    while (created.length < 5) await new Promise((resolve) => setTimeout(resolve, 20));

    process.kill(-(child.pid as number), "SIGINT");
    const code = await exited;
    writing = false;
    await load;

    expect(stdout).toContain("Stopping…");
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
