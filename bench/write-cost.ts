/**
 * What a session command's writes cost in the store as built, and in alternative layouts that keep its
 * guarantees, measured on DynamoDB Local with the items our codecs make (capacity by DynamoDB's billing
 * rules, bench/capacity.ts):
 *   A  as built: one TransactWriteItems of the event, the snapshot and the session-id claim (2 WCU/KB each)
 *   B  the post-event state in the event item (read back with one Query of the newest item), the claim
 *      first as its own conditional PutItem, then the event as a conditional PutItem (1 WCU/KB each)
 *   C  B for a command that claims no id (a goal change): the event alone
 *   A' A for that command: the event and the snapshot in a transaction
 * Each alternative also proves what it must: a second writer at the same version, and a second claim of
 * the same session id, are refused.
 *   npm run bench -- --only write-cost
 */
import { randomBytes } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ClientEvent } from "../domain/client/events.ts";
import { fold } from "../domain/client/state.ts";
import { appendTransaction } from "../events/store/append-transaction.ts";
import { documentClient } from "../events/store/documents.ts";
import { claimKey, SNAPSHOT_SK, streamPk } from "../events/store/items.ts";
import type { AppendRequest } from "../events/store/port.ts";
import { snapshotItem } from "../events/store/snapshot.ts";
import { storedEvents } from "../events/store/stored-events.ts";
import { localDynamoDbClient } from "../local/dynamodb.ts";
import { ensureTable } from "../local/tables.ts";
import { meter, type Sample } from "./capacity.ts";
import type { Bench } from "./harness.ts";

const TABLE = "bench-write-cost";
const day = (n: number) => new Date(Date.UTC(2024, 0, 1, 9) + n * 86_400_000).toISOString();
const history: ClientEvent[] = [
  {
    type: "ClientRegistered",
    occurredAt: day(0),
    data: {
      clientId: "c",
      name: "Bench Client",
      dateOfBirth: "1990-01-01",
      locationId: "l",
      guidelineVersion: "CPT7",
    },
  },
  { type: "GoalSet", occurredAt: day(0), data: { goal: "general-fitness", path: [1, 2, 3] } },
  {
    type: "PhaseStarted",
    occurredAt: day(0),
    data: {
      phase: 1,
      plannedWeeks: 4,
      sessionsPerWeek: 2,
      guidelineVersion: "CPT7",
      reason: "trainer-decision",
      overrides: [],
    },
  },
];
const set = { reps: 15, tempo: "4/2/1", restSeconds: 60 };
const sessionEvent: ClientEvent = {
  type: "SessionCompleted",
  occurredAt: day(2),
  data: {
    sessionId: "s-1",
    phase: 1,
    exercises: [{ name: "ball squat", sets: [set, set] }],
    pain: false,
    compliance: { score: 1, checks: 6, deviations: [] },
  },
};
const goalEvent: ClientEvent = {
  type: "GoalSet",
  occurredAt: day(3),
  data: { goal: "hypertrophy", path: [1, 2, 3] },
};

export const writeCost: Bench = async (context) => {
  const client = localDynamoDbClient(context.endpoint);
  await ensureTable(client, TABLE);
  const documents = documentClient(client);
  const measure = meter(client);
  const dataKey = randomBytes(32);
  const request = (clientId: string, event: ClientEvent): AppendRequest => ({
    key: { tenantId: "bench", clientId },
    expectedVersion: history.length,
    events: [event],
    state: fold([...history, event]),
    meta: { actorId: "bench", correlationId: "bench", source: "system" },
    recordedAt: day(2),
  });

  /** A: the store's own transaction, as DynamoDbEventStore.append sends it. */
  const asBuilt = (clientId: string, event: ClientEvent) => {
    const req = request(clientId, event);
    const { items } = appendTransaction(TABLE, req, storedEvents(req), { dataKey, keyItems: [] }, []);
    return documents.send(new TransactWriteCommand({ TransactItems: items }));
  };

  /** B/C: the event item carries the post-event state (the snapshot's attributes); the claim goes first. */
  const stateInEvent = async (clientId: string, event: ClientEvent, claim: string | null) => {
    const req = request(clientId, event);
    const [stored] = storedEvents(req);
    const { items } = appendTransaction(TABLE, req, storedEvents(req), { dataKey, keyItems: [] }, []);
    const eventItem = items[0]?.Put?.Item as Record<string, unknown>;
    const snapshot = snapshotItem(streamPk(req.key), stored?.version ?? 0, req.state, req.key, dataKey);
    const ifNew = "attribute_not_exists(pk)";
    // A claim left by a writer that failed before its event is recognised by its version and taken over.
    if (claim)
      await documents.send(
        new PutCommand({
          TableName: TABLE,
          Item: { ...claimKey(req.key, claim), kind: "claim", version: stored?.version },
          ConditionExpression: ifNew,
        }),
      );
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          ...eventItem,
          state: snapshot.state,
          ...(snapshot.sealed ? { sealed: snapshot.sealed } : {}),
        },
        ConditionExpression: ifNew,
      }),
    );
  };
  const newestEvent = (clientId: string) =>
    documents.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)",
        ExpressionAttributeValues: { ":pk": streamPk({ tenantId: "bench", clientId }), ":e": "E#" },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
  const snapshotRead = (clientId: string) =>
    documents.send(
      new GetCommand({
        TableName: TABLE,
        Key: { pk: streamPk({ tenantId: "bench", clientId }), sk: SNAPSHOT_SK },
        ConsistentRead: true,
      }),
    );
  const refused = async (write: () => Promise<unknown>) => {
    try {
      await write();
      return false;
    } catch (error) {
      return ["ConditionalCheckFailedException", "TransactionCanceledException"].includes(
        (error as Error).name,
      );
    }
  };

  const rows: { layout: string; write: Sample; read: Sample; guarantees: string }[] = [];
  const add = async (
    layout: string,
    write: () => Promise<unknown>,
    read: () => Promise<unknown>,
    again: () => Promise<unknown>,
  ) => {
    const written = await measure(write);
    const readBack = await measure(read);
    const secondRefused = await refused(again);
    rows.push({
      layout,
      write: written,
      read: readBack,
      guarantees: secondRefused ? "second writer refused" : "NOT refused",
    });
  };
  await add(
    "A: transaction (event, snapshot, claim) — as built",
    () => asBuilt("a", sessionEvent),
    () => snapshotRead("a"),
    () => asBuilt("a", sessionEvent),
  );
  await add(
    "B: claim PutItem, then event-with-state PutItem",
    () => stateInEvent("b", sessionEvent, "session:s-1"),
    () => newestEvent("b"),
    () => stateInEvent("b", sessionEvent, "session:s-1"),
  );
  await add(
    "A': transaction (event, snapshot), no claim — as built",
    () => asBuilt("a2", goalEvent),
    () => snapshotRead("a2"),
    () => asBuilt("a2", goalEvent),
  );
  await add(
    "C: event-with-state PutItem, no claim",
    () => stateInEvent("c", goalEvent, null),
    () => newestEvent("c"),
    () => stateInEvent("c", goalEvent, null),
  );
  // A second claim of the same session id at a later version (another command) is refused in B too.
  await stateInEvent("b2", sessionEvent, "session:s-1");
  const claimRefused = await refused(() =>
    documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          ...claimKey({ tenantId: "bench", clientId: "b2" }, "session:s-1"),
          kind: "claim",
          version: 9,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    ),
  );
  client.destroy();

  const markdown = [
    "### Write cost of one session command, by layout (`npm run bench -- --only write-cost`)",
    "",
    "| layout | WCU | write requests | read after (RCU) | a second write at the same version / id |",
    "| --- | ---: | --- | ---: | --- |",
    ...rows.map(
      (row) =>
        `| ${row.layout} | ${row.write.writeUnits} | ${row.write.requests.join(", ")} | ${row.read.readUnits} | ${row.guarantees} |`,
    ),
    "",
    `A second claim of the same session id in layout B: ${claimRefused ? "refused" : "NOT refused"}.`,
  ].join("\n");
  return {
    name: "write-cost",
    markdown,
    data: {
      layouts: rows.map((row) => ({
        layout: row.layout,
        wcu: row.write.writeUnits,
        writeRequests: row.write.requests,
        itemBytes: row.write.itemBytes,
        readRcu: row.read.readUnits,
        secondWriterRefused: row.guarantees === "second writer refused",
      })),
      secondClaimRefused: claimRefused,
    },
  };
};
