/** npm start: the whole system locally. PORT (3000), DATA_DIR (.data), DYNAMODB_PORT (8000). */
import { issueDevToken } from "./dev-auth.ts";
import { startLocalStack } from "./stack.ts";

const dataDir = process.env.DATA_DIR ?? ".data";
let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack({
    dataDir,
    apiPort: Number(process.env.PORT ?? 3000),
    dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
  });
} catch (error) {
  console.error(`Could not start the local stack: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const token = await issueDevToken(stack.signingKey, { tenant: "demo-gym", role: "admin", sub: "dev-admin" });
console.log(`OPT backend running at ${stack.url}
  DynamoDB Local: ${stack.dynamoEndpoint} (table ${stack.tableName}, data in ${dataDir}/dynamodb)
  Stream projector: polling the table's stream

Dev token (tenant demo-gym, role admin; more with npm run token):
  export TOKEN=${token}

Try:
  curl -s ${stack.url}/v1/phases -H "authorization: Bearer $TOKEN"
  curl -s -X POST ${stack.url}/v1/clients -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"name":"Ada Client","dateOfBirth":"1990-04-01","goal":"general-fitness","locationId":"downtown"}'
  npm run seed    # a demo gym: locations and clients at different points of their OPT journey

Wearable webhooks (dev signing secret for every tenant and provider, in ${dataDir}/webhook-secrets.json):
  export WEBHOOK_SECRET=${stack.webhookSecret}
  # first link a client (registered, in a phase) to the provider's user: POST /v1/clients/<id>/wearables {"provider":"generic","externalUserId":"user-1"}
  body='{"sessions":[{"externalUserId":"user-1","externalSessionId":"run-1","start":"2026-03-02T07:00:00Z","end":"2026-03-02T07:45:00Z","activityType":"running","avgHeartRate":142}]}'
  t=$(date +%s); sig=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$WEBHOOK_SECRET" -hex | sed 's/^.* //')
  curl -s -X POST ${stack.url}/v1/webhooks/demo-gym/generic -H 'content-type: application/json' \\
    -H "x-opt-signature: t=$t,v1=$sig" -d "$body"
  npm run webhook -- --provider garmin --file test/fixtures/webhooks/garmin/<sample>.json   # signs and posts a file

Ctrl-C stops everything.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await stack.stop();
    process.exit(0);
  });
}
