import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, isProblem, registration, startE2e } from "../support/e2e.ts";

/*
 * Per-tenant fairness: each tenant's commands come out of its own budget per second
 * (TENANT_COMMANDS_PER_SECOND), taken beside its first load and before it decides; a tenant over it gets 429 and
 * another tenant is unaffected.
 */

const PER_SECOND = 3;
let e2e: E2e;

beforeAll(async () => {
  // Read by the handlers on their first command (this file's stack runs in this process).
  process.env.TENANT_COMMANDS_PER_SECOND = String(PER_SECOND);
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.stop();
  delete process.env.TENANT_COMMANDS_PER_SECOND;
});

describe("given a tenant whose burst exceeds its command budget", () => {
  it("then the excess gets 429 problem+json with Retry-After, writes nothing, and another tenant's commands still succeed", async () => {
    const busy = await e2e.token({ tenant: "busy-gym", role: "admin" });
    const quiet = await e2e.token({ tenant: "quiet-gym", role: "admin" });
    const before = await e2e.itemCount();

    // 30 at once cannot all fall in the few one-second windows a budget of 3 would need.
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        e2e.call("POST", "/v1/clients", { token: busy, body: registration({ name: `Busy ${n}` }) }),
      ),
    );
    const afterBurst = await e2e.itemCount();
    const other = await e2e.call("POST", "/v1/clients", {
      token: quiet,
      body: registration({ name: "Quiet" }),
    });

    const accepted = burst.filter((response) => response.status === 201);
    const refused = burst.filter((response) => response.status === 429);
    expect(accepted.length + refused.length, burst.map((r) => r.status).join(",")).toBe(30);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(isProblem(response), response.text).toBe(true);
      expect(response.body.type).toBe("urn:opt:problem:too-many-requests");
      expect(response.headers.get("retry-after")).toBe("1");
    }
    expect(other.status, other.text).toBe(201);
    // Only the accepted registrations wrote: as many items each as the other tenant's one.
    const perRegistration = (await e2e.itemCount()) - afterBurst;
    expect(afterBurst - before).toBe(accepted.length * perRegistration);
  });
});
