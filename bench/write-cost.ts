import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ClientEvent } from "../domain/client/events.ts";
import { fold } from "../domain/client/state.ts";
import { claimsOf } from "../events/claims.ts";
import { sealResponse } from "../events/crypto/personal-values.ts";
import { documentClient } from "../events/store/documents.ts";
import { claimKey, commandSk, SNAPSHOT_SK, streamPk, toEventItem } from "../events/store/items.ts";
import {
  type AppendRequest,
  DuplicateCommand,
  DuplicateFact,
  VersionConflict,
} from "../events/store/port.ts";
import { snapshotItem } from "../events/store/snapshot.ts";
import { storedEvents } from "../events/store/stored-events.ts";
import { localDynamoDbClient } from "../local/dynamodb.ts";
import { BENCH_META, benchStore } from "./bench-store.ts";
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
  const { store, keys } = await benchStore(client, TABLE);
  const documents = documentClient(client);
  const measure = meter(client);
  const key = (clientId: string) => ({ tenantId: "bench", clientId });
  const request = (
    clientId: string,
    event: ClientEvent,
    extra: Partial<AppendRequest> = {},
  ): AppendRequest => ({
    key: key(clientId),
    expectedVersion: history.length,
    events: [event],
    state: fold([...history, event]),
    meta: BENCH_META,
    recordedAt: day(2),
    ...extra,
  });
  /** A client registered through the store (which gives it its data key), at version 3. */
  const registered = async (clientId: string) => {
    await store.append({
      ...request(clientId, history[0] as ClientEvent),
      expectedVersion: 0,
      events: history,
      state: fold(history),
    });
    return (await keys.current(key(clientId), { verify: true })) as Uint8Array;
  };
  const idempotency = { key: "k-1", record: { requestHash: "h", response: { version: 4 } }, expiresAt: 2e9 };

  /** Before: event, snapshot item, idempotency record and claims in one transaction, as the store wrote them until this change. */
  const before = (dataKey: Uint8Array) => (req: AppendRequest) => {
    const [event] = storedEvents(req);
    if (!event) throw new Error("one event");
    const pk = streamPk(req.key);
    const ifNew = "attribute_not_exists(pk)";
    const items = [
      { Item: toEventItem(event, dataKey), ConditionExpression: ifNew },
      {
        Item: snapshotItem(pk, event.version, req.state, req.key, dataKey),
        ConditionExpression: "version = :expected",
        ExpressionAttributeValues: { ":expected": req.expectedVersion },
      },
      ...(req.idempotency
        ? [
            {
              Item: {
                pk,
                sk: commandSk(req.idempotency.key),
                kind: "command",
                requestHash: req.idempotency.record.requestHash,
                sealedResponse: sealResponse(
                  dataKey,
                  req.key,
                  JSON.stringify(req.idempotency.record.response),
                ),
                version: event.version,
              },
              ConditionExpression: ifNew,
            },
          ]
        : []),
      ...claimsOf(event).map((claim) => ({
        Item: { ...claimKey(req.key, claim), kind: "claim", version: event.version },
        ConditionExpression: ifNew,
      })),
    ];
    return documents.send(
      new TransactWriteCommand({
        TransactItems: items.map((put) => ({ Put: { TableName: TABLE, ...put } })),
      }),
    );
  };
  const after = (req: AppendRequest) => store.append(req);
  const readBefore = (clientId: string) => () =>
    documents.send(
      new GetCommand({
        TableName: TABLE,
        Key: { pk: streamPk(key(clientId)), sk: SNAPSHOT_SK },
        ConsistentRead: true,
      }),
    );
  const readAfter = (clientId: string) => () => store.load(key(clientId));
  /** What a second append of the same command at the same version meets: a refusal, by name. */
  const refusal = async (write: () => Promise<unknown>) => {
    try {
      await write();
      return "NOT refused";
    } catch (error) {
      if ([DuplicateFact, VersionConflict, DuplicateCommand].some((refused) => error instanceof refused))
        return `refused (${(error as Error).constructor.name})`;
      const name = (error as Error).name;
      return ["ConditionalCheckFailedException", "TransactionCanceledException"].includes(name)
        ? `refused (${name})`
        : `failed: ${name}`;
    }
  };

  const rows: { command: string; layout: string; write: Sample; read: Sample; again: string }[] = [];
  const cases = [
    { command: "RecordSession", event: sessionEvent, extra: {} },
    { command: "SetGoal (claims nothing)", event: goalEvent, extra: {} },
    { command: "RecordSession + Idempotency-Key", event: sessionEvent, extra: { idempotency } },
  ];
  let n = 0;
  for (const { command, event, extra } of cases) {
    for (const layout of ["before", "after"] as const) {
      const clientId = `${layout}-${n++}`;
      const dataKey = await registered(clientId);
      // The snapshot item a client had before, at version 3.
      if (layout === "before")
        await documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: TABLE,
                  Item: snapshotItem(streamPk(key(clientId)), 3, fold(history), key(clientId), dataKey),
                },
              },
            ],
          }),
        );
      const write = layout === "before" ? before(dataKey) : after;
      const req = request(clientId, event, extra);
      const written = await measure(() => write(req));
      const read = await measure(layout === "before" ? readBefore(clientId) : readAfter(clientId));
      const again = await refusal(() => write(request(clientId, event, extra)));
      rows.push({ command, layout, write: written, read, again });
    }
  }
  // A second claim of the same session id at a later version (another command) is refused as built.
  const sessionClient = "after-1";
  const later = { ...request(sessionClient, { ...sessionEvent, occurredAt: day(5) }), expectedVersion: 4 };
  const laterState = (await store.load(key(sessionClient))).state;
  const secondClaim = await refusal(() =>
    store.append({ ...later, state: fold([later.events[0] as ClientEvent], laterState) }),
  );
  client.destroy();

  const markdown = [
    "### Write cost, before and after the event carried the state (`npm run bench -- --only write-cost`)",
    "",
    "| command | layout | WCU | write requests | item sizes (bytes) | load after (RCU) | the same append again |",
    "| --- | --- | ---: | --- | --- | ---: | --- |",
    ...rows.map(
      (row) =>
        `| ${row.command} | ${row.layout} | ${row.write.writeUnits} | ${row.write.requests.join(", ")} | ${row.write.itemBytes.join(", ")} | ${row.read.readUnits} | ${row.again} |`,
    ),
    "",
    `The same session id again at a later version, as built: ${secondClaim}.`,
  ].join("\n");
  return {
    name: "write-cost",
    markdown,
    data: {
      rows: rows.map((row) => ({
        command: row.command,
        layout: row.layout,
        wcu: row.write.writeUnits,
        writeRequests: row.write.requests,
        itemBytes: row.write.itemBytes,
        loadRcu: row.read.readUnits,
        sameAppendAgain: row.again,
      })),
      secondClaim,
    },
  };
};
