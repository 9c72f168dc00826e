/**
 * Every benchmark in one run on one DynamoDB Local, in sequence (they share 2 cores: nothing runs beside
 * them), each writing bench/results/<name>.{json,md}, then a summary to the terminal:
 *   npm run bench [-- --only <name>[,<name>]] [--quick]
 */
import { parseArgs } from "node:util";
import { localDynamoDbClient, startDynamoDbLocal } from "../local/dynamodb.ts";
import { coldStart } from "./cold-start.ts";
import { commandCost } from "./command-cost.ts";
import type { Bench } from "./harness.ts";
import { writeSection } from "./harness.ts";

const BENCHES: Readonly<Record<string, Bench>> = {
  "command-cost": commandCost,
  "cold-start": coldStart,
};

const { values } = parseArgs({
  options: { only: { type: "string" }, quick: { type: "boolean", default: false } },
});
const names = values.only ? values.only.split(",") : Object.keys(BENCHES);
const unknown = names.filter((name) => !BENCHES[name]);
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
const dynamo = await startDynamoDbLocal({ port: 0 });
const client = localDynamoDbClient(dynamo.endpoint);
const measuredAt = new Date().toISOString();
try {
  for (const name of names) {
    const started = performance.now();
    const section = await (BENCHES[name] as Bench)({
      endpoint: dynamo.endpoint,
      client,
      quick: values.quick,
    });
    if (!values.quick) writeSection(section, measuredAt);
    console.log(`${section.markdown}\n\n(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
} finally {
  client.destroy();
  await dynamo.stop();
}
