import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SeedUnauthorized, seedApi } from "../../local/seed-api.ts";
import { type LocalStack, startLocalStack } from "../../local/stack.ts";

/* npm run seed signs its token with the dev key under its DATA_DIR; the stack verifies with its own. */

let stack: LocalStack;
const started = mkdtempSync(join(tmpdir(), "opt-seed-stack-"));
const other = mkdtempSync(join(tmpdir(), "opt-seed-other-"));

beforeAll(async () => {
  stack = await startLocalStack({
    dataDir: started,
    apiPort: 0,
    dynamoEndpoint: inject("dynamoEndpoint"),
    tableName: `seed-${randomUUID()}`,
  });
});
afterAll(async () => {
  await stack?.stop();
  for (const dir of [started, other]) rmSync(dir, { recursive: true, force: true });
});

const client = {
  name: "Seed Client",
  dateOfBirth: "1990-04-01",
  goal: "general-fitness",
  locationId: "downtown",
};

describe("npm run seed and DATA_DIR", () => {
  it("given the DATA_DIR the stack was started with, then the seed's calls are accepted", async () => {
    const call = await seedApi({ baseUrl: stack.url, dataDir: started, tenant: "demo-gym" });
    expect(await call("POST", "/v1/clients", client)).toMatchObject({ clientId: expect.any(String) });
  });

  it("given another DATA_DIR, then the seed says the stack was started with another DATA_DIR, not a bare 401", async () => {
    const call = await seedApi({ baseUrl: stack.url, dataDir: other, tenant: "demo-gym" });
    const refused = call("POST", "/v1/clients", client);
    await expect(refused).rejects.toBeInstanceOf(SeedUnauthorized);
    await expect(refused).rejects.toThrow(
      `Tokens are signed with the dev key in ${join(other, "dev-jwt-key")}, so the running stack was started with another DATA_DIR`,
    );
  });
});
