import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApiDocument } from "../functions/http/openapi.ts";

/** Lints the generated OpenAPI document with Redocly's rules (redocly.yaml): the contract, checked by a tool we did not write. */
const dir = mkdtempSync(join(tmpdir(), "openapi-"));
try {
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
  const { status } = spawnSync("redocly", ["lint", file], {
    stdio: "inherit",
    // Nothing leaves the machine: no usage telemetry, no update check.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  process.exitCode = status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
