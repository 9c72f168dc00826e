import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetPk, TenantBudget } from "../../events/store/tenant-budget.ts";
import { createTestTable, testDynamoDbClient } from "../support/dynamodb.ts";

let client: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  client = testDynamoDbClient();
  tableName = await createTestTable(client, "budget");
});
afterAll(() => client.destroy());

/** A container's budget, counting the UpdateItems it sends. */
function container(perSecond: number) {
  const own = testDynamoDbClient();
  const sent = { updates: 0 };
  own.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "UpdateItemCommand") sent.updates++;
      return next(args);
    },
    { step: "initialize" },
  );
  return { budget: new TenantBudget(own, tableName, perSecond), sent, destroy: () => own.destroy() };
}

const used = async (tenantId: string, second: number) => {
  const { Item } = await DynamoDBDocumentClient.from(client).send(
    new GetCommand({
      TableName: tableName,
      Key: { pk: budgetPk(tenantId), sk: `W#${second}` },
      ConsistentRead: true,
    }),
  );
  return Item?.used;
};

describe("the tenant's command budget", () => {
  const at = (second: number) => new Date(second * 1000 + 250);

  it("given 100 commands a second (leases of 2), when one container takes 10 at once and 10 one by one, then it leases exactly 10 each time, and a new second starts a new lease", async () => {
    const { budget, sent, destroy } = container(100);

    const answers = await Promise.all(Array.from({ length: 10 }, () => budget.take("t-lease", at(1_000))));
    // Taken one after another, each lease serves two commands.
    for (let i = 0; i < 10; i++) await budget.take("t-lease-seq", at(1_000));

    expect(answers.every((answer) => answer.allowed)).toBe(true);
    // Commands arriving while a lease is taken share it: nothing is leased twice.
    expect(await used("t-lease", 1_000)).toBe(10);
    expect(await used("t-lease-seq", 1_000)).toBe(10);
    const before = sent.updates;
    await budget.take("t-lease-seq", at(1_001));
    expect(sent.updates).toBe(before + 1);
    expect(await used("t-lease-seq", 1_001)).toBe(2);
    destroy();
  });

  it("given 100 commands a second and 3 containers taking 150 at once, then at most 100 are allowed, at least 100 less the leases left unspent, and the rest are refused", async () => {
    const containers = [container(100), container(100), container(100)];

    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => containers[i % 3]?.budget.take("t-race", at(2_000))),
    );

    const allowed = answers.filter((answer) => answer?.allowed).length;
    expect(allowed).toBeLessThanOrEqual(100);
    // Each container may end the second with at most one unit of a lease of 2 unspent.
    expect(allowed).toBeGreaterThanOrEqual(100 - 3);
    expect(await used("t-race", 2_000)).toBeLessThanOrEqual(100);
    expect(answers.filter((answer) => answer?.allowed === false)).toHaveLength(150 - allowed);
    for (const { destroy } of containers) destroy();
  });

  it("given 3 commands a second (leases of 1), when a fourth comes in the same second, then it is refused with Retry-After 1", async () => {
    const { budget, sent, destroy } = container(3);
    for (let i = 0; i < 3; i++) expect((await budget.take("t-small", at(3_000))).allowed).toBe(true);

    expect(await budget.take("t-small", at(3_000))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(sent.updates).toBe(4);
    destroy();
  });
});
