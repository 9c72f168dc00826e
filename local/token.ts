/** npm run token -- --tenant <id> --role <role> [--sub <user>] [--locations a,b] [--ttl seconds] */
import { parseArgs } from "node:util";
import { devSigningKey, issueDevToken } from "./dev-auth.ts";

const { values } = parseArgs({
  options: {
    tenant: { type: "string", default: "demo-gym" },
    role: { type: "string", default: "admin" },
    sub: { type: "string" },
    locations: { type: "string", default: "*" },
    ttl: { type: "string", default: "43200" },
  },
});
const roles = ["trainer", "manager", "analyst", "admin"] as const;
const role = roles.find((r) => r === values.role);
if (!role) {
  console.error(`--role must be one of ${roles.join(", ")}`);
  process.exit(2);
}
const locations = values.locations === "*" ? "*" : values.locations.split(",").filter(Boolean);
const token = await issueDevToken(devSigningKey(process.env.DATA_DIR ?? ".data"), {
  tenant: values.tenant,
  role,
  ...(values.sub ? { sub: values.sub } : {}),
  locations,
  ttlSeconds: Number(values.ttl),
});
console.log(token);
