import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../functions/http/openapi.ts";
import { type E2e, isProblem, registerClient, startE2e } from "../support/e2e.ts";
import { type FuzzRequest, operationsOf, RequestArbitraries } from "../support/openapi-requests.ts";

/*
 * Every operation of the OpenAPI document, fuzzed from its own schemas: valid requests, then mutated
 * ones. Whatever is sent: never a 5xx, a problem on every 4xx, nothing written on a 4xx; and (through
 * e2e.call) every response is one the document describes. Seeded and bounded, so a failure replays.
 */

const SEED = 20_261_201;
const VALID_RUNS = 4;
const MUTATED_RUNS = 30;

const document = openApiDocument();
let e2e: E2e;
let clientId: string;

beforeAll(async () => {
  e2e = await startE2e();
  clientId = await registerClient(e2e, { registeredAt: "2020-01-01T00:00:00Z" });
});
afterAll(async () => {
  await e2e?.stop();
});

const arbitraries = new RequestArbitraries(document, (parameter) => {
  // Requests reach a real client (so commands get as far as the decider) and a location it is at.
  if (parameter.schema.format === "uuid") return clientId;
  if (parameter.name === "locationId") return "downtown";
  return undefined;
});

/** Sends a request and checks what the API promises for any input. */
async function expectHandled(request: FuzzRequest): Promise<void> {
  const before = await e2e.itemCount();
  const response = await e2e.call(
    request.method,
    request.path,
    request.raw === undefined ? {} : { raw: request.raw },
  );
  const what = `${request.method} ${request.path.slice(0, 200)} (${request.mutation}) ${request.raw?.slice(0, 300) ?? ""} → ${response.status} ${response.text.slice(0, 300)}`;
  expect(response.status, what).toBeLessThan(500);
  if (response.status >= 400) {
    expect(isProblem(response), what).toBe(true);
    expect(await e2e.itemCount(), what).toBe(before);
  }
}

describe("fuzzing every operation of the OpenAPI document", () => {
  const operations = operationsOf(document);

  it("finds every operation of the document", () => {
    expect(operations.map((operation) => operation.id).sort()).toEqual(
      Object.values(document.paths ?? {})
        .flatMap((item) => Object.values(item as Record<string, { operationId: string }>))
        .map((operation) => operation.operationId)
        .sort(),
    );
  });

  describe.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    "%s",
    (_, operation) => {
      it("valid requests: never a 5xx, a problem and nothing written on a 4xx", async () => {
        await fc.assert(
          fc.asyncProperty(arbitraries.request(operation), async ({ path, query, body }) => {
            const search = new URLSearchParams(query).toString();
            await expectHandled({
              method: operation.method,
              path: search ? `${path}?${search}` : path,
              ...(body === undefined ? {} : { raw: JSON.stringify(body) }),
              mutation: "none",
            });
          }),
          { seed: SEED, numRuns: VALID_RUNS },
        );
      });

      it("mutated requests: never a 5xx, a problem and nothing written on a 4xx", async () => {
        await fc.assert(fc.asyncProperty(arbitraries.mutated(operation), expectHandled), {
          seed: SEED,
          numRuns: MUTATED_RUNS,
        });
      });
    },
  );
});
