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

  it("given 100 commands a second (leases up to 2), when one container takes 10 one after another, then its leases grow from 1 to 2 while it spends them whole: 6 UpdateItems, at most one unit unspent", async () => {
    const { budget, sent, destroy } = container(100);

    for (let i = 0; i < 10; i++) expect((await budget.take("t-seq", at(1_000))).allowed).toBe(true);

    expect(sent.updates).toBe(6);
    expect(await used("t-seq", 1_000)).toBe(11);
    destroy();
  });

  it("given commands arriving at once in one container, then they share its leases: nothing is leased twice", async () => {
    const { budget, destroy } = container(100);

    const answers = await Promise.all(Array.from({ length: 10 }, () => budget.take("t-burst", at(1_500))));

    expect(answers.every((answer) => answer.allowed)).toBe(true);
    expect(await used("t-burst", 1_500)).toBeLessThanOrEqual(11);
    destroy();
  });

  it("given a container that left part of a lease unspent, when the next second comes, then it starts again with a lease of 1", async () => {
    const { budget, destroy } = container(1_000);
    for (let i = 0; i < 8; i++) await budget.take("t-quiet", at(1_700));
    // Leases of 1, 2 and 4 were spent whole; of the fourth (8), 7 units are left.
    expect(await used("t-quiet", 1_700)).toBe(15);

    await budget.take("t-quiet", at(1_701));

    expect(await used("t-quiet", 1_701)).toBe(1);
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
