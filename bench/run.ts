/**
 * Every benchmark in one run, in sequence (they share 2 cores: nothing runs beside them), each on a fresh
 * in-memory DynamoDB Local (a large seed slows Local down for tables made after it: no benchmark pays for
 * another's), each writing bench/results/<name>.{json,md}, then its table to the terminal:
 *   npm run bench [-- --only <name>[,<name>]] [--quick]
 */
import { parseArgs } from "node:util";
import { localDynamoDbClient, startDynamoDbLocal } from "../local/dynamodb.ts";
import { coldStart } from "./cold-start.ts";
import { commandCost } from "./command-cost.ts";
import { type Bench, writeSection } from "./harness.ts";
import { load } from "./load.ts";
import { castorePeer, flatWithHistory, floorAndOverhead } from "./overhead-and-peer.ts";
import { replay } from "./replay.ts";
import { writeCost } from "./write-cost.ts";

const BENCHES: Readonly<Record<string, Bench>> = {
  "command-cost": commandCost,
  "write-cost": writeCost,
  "floor-and-overhead": floorAndOverhead,
  "castore-peer": castorePeer,
  "flat-with-history": flatWithHistory,
  replay,
  load,
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
// The tenant's command budget (100/s by default) would answer 429 to part of the load: the benchmarks
// run as a large chain with 1,000/s, which the load stays under. Each command still takes from it: a
// container leases 2% of a second (20 commands) with one UpdateItem, and that is in the numbers.
process.env.TENANT_COMMANDS_PER_SECOND = "1000";
const measuredAt = new Date().toISOString();
const runStarted = performance.now();
// One port for every instance: the handlers of a local stack keep their DynamoDB client (per container,
// as in Lambda), so a later stack in this process must find DynamoDB Local where the first one did.
let port = 0;
for (const name of names) {
  const started = performance.now();
  const dynamo = await startDynamoDbLocal({ port, dataDir: null });
  port = Number(new URL(dynamo.endpoint).port);
  const client = localDynamoDbClient(dynamo.endpoint);
  try {
    const section = await (BENCHES[name] as Bench)({
      endpoint: dynamo.endpoint,
      client,
      quick: values.quick,
    });
    if (!values.quick) writeSection(section, measuredAt);
    console.log(`${section.markdown}\n\n(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
console.log(`all benchmarks: ${((performance.now() - runStarted) / 1000).toFixed(0)} s`);
