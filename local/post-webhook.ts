/**
 * Signs a file with the local stack's webhook secret and posts it, as a provider would:
 *   npm run webhook -- --provider generic --file payload.json [--tenant demo-gym] [--url http://127.0.0.1:3000]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SIGNATURE_HEADER, signatureHeader } from "../functions/webhooks/signature.ts";

const { values } = parseArgs({
  options: {
    provider: { type: "string" },
    file: { type: "string" },
    tenant: { type: "string", default: "demo-gym" },
    url: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
if (!values.provider || !values.file) {
  console.error("usage: npm run webhook -- --provider <provider> --file <payload.json> [--tenant <id>]");
  process.exit(2);
}
const secrets = JSON.parse(
  readFileSync(join(process.env.DATA_DIR ?? ".data", "webhook-secrets.json"), "utf8"),
) as Record<string, string[]>;
const secret = secrets[`${values.tenant}/${values.provider}`] ?? secrets["*"] ?? [];
const body = readFileSync(values.file);
const response = await fetch(`${values.url}/v1/webhooks/${values.tenant}/${values.provider}`, {
  method: "POST",
  headers: {
    "content-type": "application/json",
    [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(Date.now() / 1000), body),
  },
  body,
});
console.log(response.status, await response.text());
