import { type AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERASED } from "../../domain/client/personal-data.ts";
import { documentClient } from "../../events/store/documents.ts";
import { streamPk } from "../../events/store/items.ts";
import { createClientKeys } from "../../functions/shared/environment.ts";
import { rebuildRoster } from "../../local/rebuild.ts";
import { toLambdaRecord } from "../../local/stream-records.ts";
import { day, type E2e, isProblem, phase1Session, registerClient, startE2e, TENANT } from "../support/e2e.ts";

/*
 * Personal data in an append-only store: every personal value is sealed under the client's own key, an
 * admin exports it, and erasure destroys the key, so no copy can be read back while the training history
 * stays.
 */

let e2e: E2e;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  e2e = await startE2e();
  dynamo = new DynamoDBClient({
    endpoint: e2e.stack.dynamoEndpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});
afterAll(async () => {
  dynamo?.destroy();
  await e2e?.stop();
});

/** Values no other test data contains, so a scan that finds one found this client's. */
const PERSONAL = {
  name: "Zelda Quimby-Personal",
  dateOfBirth: "1983-07-29",
  assessmentNotes: "left knee aches on stairs since the ski accident",
  clearanceNotes: "physio Dr Okafor cleared her after 6 weeks of rehab",
};
const personalValues = Object.values(PERSONAL);

/** A client whose journey holds every personal field the API takes, one command with an Idempotency-Key. */
async function journey(): Promise<string> {
  const clientId = await registerClient(e2e, { name: PERSONAL.name, dateOfBirth: PERSONAL.dateOfBirth });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    e2e.call("POST", `/v1/clients/${clientId}${path}`, { body, headers });
  const steps = [
    await post(
      "/assessments",
      { type: "overhead-squat", performedAt: day(1), findings: [], notes: PERSONAL.assessmentNotes },
      { "idempotency-key": `assessment-${clientId}` },
    ),
    await post("/phases", { phase: 1, startedAt: day(1) }),
    await post("/sessions", { ...phase1Session(day(2)), pain: true }),
    await post("/clearance", { clearedAt: day(3), notes: PERSONAL.clearanceNotes }),
    await post("/sessions", phase1Session(day(4))),
  ];
  for (const step of steps) expect(step.status, step.text).toBeLessThan(300);
  await e2e.stack.projectionsIdle();
  return clientId;
}

/** Every raw attribute value in both tables, flattened to text (base64 for binaries). */
async function rawText(): Promise<string> {
  return JSON.stringify(await e2e.rawItems());
}

const erase = (clientId: string, token = e2e.admin, headers: Record<string, string> = {}) =>
  e2e.call("POST", `/v1/clients/${clientId}/erasure`, { body: { reason: "client-request" }, token, headers });

async function rosterRow(clientId: string) {
  const roster = await e2e.call("GET", "/v1/locations/downtown/clients?limit=100");
  return roster.body.items.find((item: { clientId: string }) => item.clientId === clientId);
}

describe("personal data is sealed under the client's key", () => {
  it("given a journey with every personal field, then no raw item of either table holds one in plain text", async () => {
    const clientId = await journey();
    const raw = await rawText();
    for (const value of personalValues) expect(raw, value).not.toContain(value);
    // …and yet every route reads them back.
    expect((await e2e.call("GET", `/v1/clients/${clientId}`)).body.name).toBe(PERSONAL.name);
    expect((await rosterRow(clientId))?.name).toBe(PERSONAL.name);
    const history = await e2e.call("GET", `/v1/clients/${clientId}/history`);
    expect(history.text).toContain(PERSONAL.assessmentNotes);
    expect(history.text).toContain(PERSONAL.clearanceNotes);
  });

  it("given the journey, when an admin exports it, then every personal value is listed where it was recorded, with the whole history", async () => {
    const clientId = await journey();
    const response = await e2e.call("GET", `/v1/clients/${clientId}/export`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`client-${clientId}`);
    const values = response.body.personalData.values.map(
      ({ type, field, value }: { type: string; field: string; value: string }) => `${type}.${field}=${value}`,
    );
    expect(values).toEqual([
      `ClientRegistered.name=${PERSONAL.name}`,
      `ClientRegistered.dateOfBirth=${PERSONAL.dateOfBirth}`,
      `AssessmentRecorded.notes=${PERSONAL.assessmentNotes}`,
      `ClientCleared.notes=${PERSONAL.clearanceNotes}`,
    ]);
    expect(response.body.history.map((event: { version: number }) => event.version)).toEqual(
      Array.from({ length: response.body.version }, (_, i) => i + 1),
    );
    expect(response.body.summary).toMatchObject({ clientId, name: PERSONAL.name, erasure: null });
  });
});

describe("erasure destroys the key: no personal value can be read back, the training history stays", () => {
  let clientId: string;
  let before: {
    /** The newest event item, which carries the client's state (its personal values sealed). */
    newest: Record<string, AttributeValue>;
    registration: Record<string, AttributeValue>;
    version: number;
  };

  beforeAll(async () => {
    clientId = await journey();
    const items = await e2e.rawItems();
    const pk = streamPk({ tenantId: TENANT, clientId });
    const own = items.filter((item) => item.pk?.S === pk);
    const events = own.filter((item) => item.sk?.S?.startsWith("E#"));
    const newest = events.at(-1);
    const registration = events[0];
    if (!newest?.sealed || !registration) throw new Error("the journey left no sealed state or registration");
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    before = { newest, registration, version: summary.body.version };

    const erased = await erase(clientId);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toMatchObject({
      clientId,
      version: before.version + 1,
      erasure: { reason: "client-request" },
      events: [{ type: "PersonalDataErased" }],
    });
    await e2e.stack.projectionsIdle();
  });

  it("then the client's key item is gone and no raw item holds a personal value", async () => {
    const items = await e2e.rawItems();
    expect(
      items.some((item) => item.pk?.S === streamPk({ tenantId: TENANT, clientId }) && item.wrapped),
    ).toBe(false);
    const raw = JSON.stringify(items);
    for (const value of personalValues) expect(raw, value).not.toContain(value);
  });

  it("then the summary, history, roster and export show the placeholder, and the training history is whole", async () => {
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body).toMatchObject({
      name: ERASED,
      currentPhase: 1,
      erasure: { reason: "client-request" },
    });
    expect((await rosterRow(clientId))?.name).toBe(ERASED);

    const history = await e2e.call("GET", `/v1/clients/${clientId}/history`);
    expect(history.body.items.map((event: { type: string }) => event.type)).toContain("SessionCompleted");
    const registered = history.body.items[0].data;
    expect(registered).toMatchObject({ clientId, name: ERASED, dateOfBirth: ERASED, locationId: "downtown" });
    for (const value of personalValues) expect(history.text).not.toContain(value);

    const exported = await e2e.call("GET", `/v1/clients/${clientId}/export`);
    expect(exported.status).toBe(200);
    expect(
      exported.body.personalData.values.every((entry: { value: string }) => entry.value === ERASED),
    ).toBe(true);
    for (const value of personalValues) expect(exported.text).not.toContain(value);
  });

  it("when erased again, then 200 with the same erasure and no new event", async () => {
    const again = await erase(clientId);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ version: before.version + 1, events: [] });
  });

  it("then training goes on (a session is recorded) but a new personal value is refused, naming the field, nothing written", async () => {
    const session = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: phase1Session(day(5)),
    });
    expect(session.status, session.text).toBe(201);
    const count = await e2e.itemCount();
    const noted = await e2e.call("POST", `/v1/clients/${clientId}/assessments`, {
      body: { type: "overhead-squat", performedAt: day(5), findings: [], notes: "new personal note" },
    });
    expect(noted.status, noted.text).toBe(422);
    expect(isProblem(noted)).toBe(true);
    expect(noted.body).toMatchObject({ type: "urn:opt:problem:personal-data-erased", fields: ["notes"] });
    expect(await e2e.itemCount()).toBe(count);
  });

  it("when the idempotent assessment is retried after the erasure, then it answers from the client as it is now, appending nothing", async () => {
    const version = (await e2e.call("GET", `/v1/clients/${clientId}`)).body.version;
    const retry = await e2e.call("POST", `/v1/clients/${clientId}/assessments`, {
      body: { type: "overhead-squat", performedAt: day(1), findings: [], notes: PERSONAL.assessmentNotes },
      headers: { "idempotency-key": `assessment-${clientId}` },
    });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body.version).toBe(version);
    expect(retry.text).not.toContain(PERSONAL.assessmentNotes);
  });

  it("when the roster is rebuilt from the events, then the client's row still reads as erased", async () => {
    await rebuildRoster({
      client: dynamo,
      tableName: e2e.stack.tableName,
      tenantId: TENANT,
      keys: createClientKeys(dynamo),
      settleMs: 0,
    });
    expect((await rosterRow(clientId))?.name).toBe(ERASED);
    for (const value of personalValues) expect(await rawText(), value).not.toContain(value);
  });

  it("when the state from before the erasure is restored onto the newest event, then reads and commands fold the stream: still erased", async () => {
    const pk = streamPk({ tenantId: TENANT, clientId });
    const newest = (await e2e.rawItems())
      .filter((item) => item.pk?.S === pk && item.sk?.S?.startsWith("E#"))
      .at(-1);
    const { stateSchemaVersion, state, sealed } = before.newest;
    await documentClient(dynamo).send(
      new PutCommand({
        TableName: e2e.stack.tableName,
        Item: unmarshall({ ...newest, stateSchemaVersion, state, sealed } as Record<string, AttributeValue>),
      }),
    );
    const summary = await e2e.call("GET", `/v1/clients/${clientId}`);
    expect(summary.body).toMatchObject({ name: ERASED, erasure: { reason: "client-request" } });
    expect(summary.body.version).toBeGreaterThan(before.version);
    const session = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: phase1Session(day(6)),
    });
    expect(session.status, session.text).toBe(201);
  });

  it("when the registration's old stream record is replayed to the projector, then the roster still reads as erased", async () => {
    const { handler } = await import("../../functions/streams/projector.ts");
    const record: DynamoDBStreamEvent = {
      Records: [
        toLambdaRecord(
          { eventName: "INSERT", dynamodb: { NewImage: before.registration, SequenceNumber: "1" } },
          "arn:aws:dynamodb:local:000000000000:table/replay/stream/1",
        ),
      ],
    };
    const result = await handler(record, { awsRequestId: "replay" } as never);
    expect(result.batchItemFailures).toEqual([]);
    expect((await rosterRow(clientId))?.name).toBe(ERASED);
    // Decoded (its personal values as the placeholder), skipped as old: not parked as undecodable.
    const parked = (await e2e.rawItems()).filter((item) => item.kind?.S === "parked");
    expect(parked.filter((item) => item.sk?.S?.includes(clientId))).toEqual([]);
  });
});

describe("erasure under concurrency and by tenant", () => {
  it("given sessions posted while an admin erases, then every acknowledged session is stored once and nothing personal is readable", async () => {
    const clientId = await journey();
    const sessions = [5, 6, 7, 8].map((n) =>
      e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
        body: { ...phase1Session(day(n)), sessionId: `concurrent-${n}` },
      }),
    );
    const [erasure, ...recorded] = await Promise.all([erase(clientId), ...sessions]);
    expect(erasure.status, erasure.text).toBe(200);
    for (const session of recorded) expect(session.status, session.text).toBe(201);
    const history = await e2e.call("GET", `/v1/clients/${clientId}/history?limit=100`);
    const types = history.body.items.map((event: { type: string }) => event.type);
    expect(types.filter((type: string) => type === "PersonalDataErased")).toHaveLength(1);
    const ids = history.body.items.flatMap((event: { data: { sessionId?: string } }) =>
      event.data.sessionId?.startsWith("concurrent-") ? [event.data.sessionId] : [],
    );
    expect(ids.sort()).toEqual(["concurrent-5", "concurrent-6", "concurrent-7", "concurrent-8"]);
    for (const value of personalValues) expect(history.text).not.toContain(value);
  });

  it("given another tenant's admin, when it erases or exports this tenant's client, then 404 and nothing written", async () => {
    const clientId = await registerClient(e2e, { name: PERSONAL.name });
    const stranger = await e2e.token({ tenant: "gym-b", role: "admin" });
    const count = await e2e.itemCount();
    expect((await erase(clientId, stranger)).status).toBe(404);
    expect((await e2e.call("GET", `/v1/clients/${clientId}/export`, { token: stranger })).status).toBe(404);
    expect(await e2e.itemCount()).toBe(count);
    expect((await e2e.call("GET", `/v1/clients/${clientId}`)).body.name).toBe(PERSONAL.name);
  });

  it("given a tenant that closes erased clients, when a session is posted after the erasure, then 422 erased-client-closed", async () => {
    const clientId = await journey();
    expect((await erase(clientId)).status).toBe(200);
    const settings = await e2e.call("GET", "/v1/settings");
    const closed = await e2e.call("PUT", "/v1/settings", {
      body: { ...settings.body.overrides, erasedClients: "closed" },
    });
    expect(closed.status, closed.text).toBe(200);
    try {
      const session = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
        body: phase1Session(day(6)),
      });
      expect(session.status, session.text).toBe(422);
      expect(session.body.rule).toBe("erased-client-closed");
    } finally {
      await e2e.call("PUT", "/v1/settings", { body: settings.body.overrides });
    }
  });
});
