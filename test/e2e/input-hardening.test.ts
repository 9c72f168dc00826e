import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiResponse,
  day,
  type E2e,
  fullHistory,
  isProblem,
  namesField,
  phase1Session,
  registerClient,
  startE2e,
} from "../support/e2e.ts";

/*
 * Inputs that once reached DynamoDB, came back many times their size or hid what they say: each is
 * refused with a bounded 400 problem naming the field, before anything is written.
 */

let e2e: E2e;
let clientId: string;

beforeAll(async () => {
  e2e = await startE2e();
  clientId = await registerClient(e2e, { registeredAt: day(0) });
});
afterAll(async () => {
  await e2e?.stop();
});

const errorsOf = (response: ApiResponse) =>
  (response.body?.errors ?? []) as { path: string; message: string }[];

/** Sends a request and proves it wrote nothing. */
async function refused(method: string, path: string, body: unknown): Promise<ApiResponse> {
  const before = await e2e.itemCount();
  const response = await e2e.call(method, path, { body });
  expect(await e2e.itemCount(), response.text).toBe(before);
  return response;
}

const assessment = (measurements: Record<string, unknown>) => ({
  type: "overhead-squat",
  performedAt: day(1),
  measurements,
});

describe("assessment measurements are bounded: non-empty names of at most 64 characters, at most 50", () => {
  const path = () => `/v1/clients/${clientId}/assessments`;

  it.each([
    ["an empty name", { "": 1 }],
    ["a 65-character name", { ["m".repeat(65)]: 1 }],
    ["51 measurements", Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`m${i}`, i]))],
  ])("given %s, then 400 naming measurements, nothing written", async (_, measurements) => {
    const response = await refused("POST", path(), assessment(measurements));
    expect(response.status, response.text).toBe(400);
    expect(isProblem(response)).toBe(true);
    expect(errorsOf(response).some((error) => error.path.startsWith("measurements"))).toBe(true);
  });

  it("given 50 measurements with 64-character names, then 201", async () => {
    const measurements = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`${i}`.padEnd(64, "m"), i]),
    );
    const response = await e2e.call("POST", path(), { body: assessment(measurements) });
    expect(response.status, response.text).toBe(201);
  });
});

describe("a 400 lists at most 20 issues, each once", () => {
  it("given a 261 KB body of invalid measurement names, then a 400 smaller than 8 KB with 20 distinct errors", async () => {
    const measurements = Object.fromEntries(
      Array.from({ length: 2_400 }, (_, i) => [`${i}`.padEnd(90, "k"), "not a number"]),
    );
    const body = assessment(measurements);
    expect(JSON.stringify(body).length).toBeGreaterThan(255_000);
    expect(JSON.stringify(body).length).toBeLessThan(256 * 1024);
    const response = await refused("POST", `/v1/clients/${clientId}/assessments`, body);
    expect(response.status, response.text.slice(0, 500)).toBe(400);
    expect(isProblem(response)).toBe(true);
    expect(response.text.length).toBeLessThan(8 * 1024);
    const errors = errorsOf(response).map((error) => `${error.path}: ${error.message}`);
    expect(errors).toHaveLength(20);
    expect(new Set(errors).size).toBe(20);
    expect(response.body.detail).not.toContain(errorsOf(response)[0]?.message);
  });

  it("given one unknown field named with 10,000 characters, then a 400 that quotes it clipped", async () => {
    const response = await refused("POST", `/v1/clients/${clientId}/phases`, {
      phase: 1,
      startedAt: day(1),
      ["x".repeat(10_000)]: true,
    });
    expect(response.status).toBe(400);
    expect(response.text.length).toBeLessThan(2 * 1024);
  });
});

describe("a roster cursor is refused before DynamoDB unless its keys are shaped as the roster writes them", () => {
  const cursor = (k: Record<string, string>, m = "v1") =>
    Buffer.from(JSON.stringify({ m, k })).toString("base64url");
  const start = {
    gsi1pk: "T#gym-a#ROSTER#v1#L#downtown",
    gsi1sk: "P#1#C#6f1c2d4e-8a9b-4c3d-9e8f-0123456789ab",
    pk: "T#gym-a#C#6f1c2d4e-8a9b-4c3d-9e8f-0123456789ab",
    sk: "R#roster#v1",
  };

  it.each([
    ["a sort key over DynamoDB's 1,024 bytes", { ...start, gsi1sk: `P#1#C#${"x".repeat(1_100)}` }],
    ["a table key of another client than the index key", { ...start, pk: `T#gym-a#C#${"y".repeat(64)}` }],
    ["a table sort key over 1,024 bytes", { ...start, sk: `R#roster#v1${"z".repeat(1_100)}` }],
  ])("given %s, then 400 naming cursor", async (_, keys) => {
    const value = cursor(keys);
    expect(value.length).toBeLessThanOrEqual(2048);
    const response = await e2e.call("GET", `/v1/locations/downtown/clients?cursor=${value}`);
    expect(response.status, response.text).toBe(400);
    expect(isProblem(response)).toBe(true);
    expect(errorsOf(response).map((error) => error.path)).toEqual(["cursor"]);
  });

  it("given a well-shaped cursor of this tenant and location, then 200", async () => {
    const response = await e2e.call("GET", `/v1/locations/downtown/clients?cursor=${cursor(start)}`);
    expect(response.status, response.text).toBe(200);
  });
});

describe("the local server's 413 for a body over Lambda's 6 MB", () => {
  /** Requests over one kept-alive connection, as a client's HTTP pool sends them. */
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(() => agent.destroy());
  const send = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
      const outgoing = request(
        `${e2e.stack.url}${path}`,
        {
          method,
          agent,
          headers: { authorization: `Bearer ${e2e.admin}`, "content-type": "application/json" },
        },
        (incoming) => {
          let text = "";
          incoming.setEncoding("utf8");
          incoming.on("data", (chunk: string) => {
            text += chunk;
          });
          incoming.on("end", () =>
            resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text }),
          );
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });

  it("is a urn: problem like every other error, and the next request on the connection is served", async () => {
    const tooLarge = await send(
      "POST",
      `/v1/clients/${clientId}/sessions`,
      JSON.stringify({ padding: "x".repeat(7 * 1024 * 1024) }),
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(tooLarge.text)).toMatchObject({ type: "urn:opt:problem:too-large", status: 413 });
    const next = await send("GET", `/v1/clients/${clientId}`);
    expect(next.status, next.text).toBe(200);
  });
});

describe("free text refuses control characters, bidirectional controls and unpaired surrogates", () => {
  const BAD = {
    NUL: "\u0000",
    BEL: "\u0007",
    ESC: "\u001b",
    DEL: "\u007f",
    NEL: "\u0085",
    "right-to-left override": "\u202e",
    "first strong isolate": "\u2068",
    "right-to-left mark": "\u200f",
    "unpaired surrogate": "\ud800",
  };
  const clientPath = (operation: string) => `/v1/clients/{id}/${operation}`;
  /** Each free-text field: where it is sent, and a valid body with `value` in that field. */
  const FIELDS: [string, string, string, (value: string) => unknown][] = [
    [
      "name",
      "POST",
      "/v1/clients",
      (v) => ({
        name: `Ada${v}`,
        dateOfBirth: "1990-04-01",
        goal: "general-fitness",
        locationId: "downtown",
      }),
    ],
    [
      "notes",
      "POST",
      clientPath("assessments"),
      (v) => ({ type: "overhead-squat", performedAt: day(1), notes: `ok${v}` }),
    ],
    [
      "oneRepMaxes.0.exercise",
      "POST",
      clientPath("assessments"),
      (v) => ({
        type: "performance",
        performedAt: day(1),
        oneRepMaxes: [{ exercise: `squat${v}`, kg: 100, method: "measured" }],
      }),
    ],
    [
      "measurements",
      "POST",
      clientPath("assessments"),
      (v) => ({ type: "overhead-squat", performedAt: day(1), measurements: { [`waist${v}`]: 80 } }),
    ],
    [
      "overrideReason",
      "POST",
      clientPath("phases"),
      (v) => ({ phase: 1, startedAt: day(1), overrideReason: `why${v}` }),
    ],
    [
      "exercises.0.name",
      "POST",
      clientPath("sessions"),
      (v) => phase1Session(day(2), { exercises: [{ name: `squat${v}`, sets: [{ reps: 10 }] }] }),
    ],
    [
      "exercises.0.supersetGroup",
      "POST",
      clientPath("sessions"),
      (v) =>
        phase1Session(day(2), {
          exercises: [{ name: "squat", supersetGroup: `a${v}`, sets: [{ reps: 10 }] }],
        }),
    ],
    [
      "exercises.0.sets.0.tempo",
      "POST",
      clientPath("sessions"),
      (v) =>
        phase1Session(day(2), { exercises: [{ name: "squat", sets: [{ reps: 10, tempo: `4/2/1${v}` }] }] }),
    ],
    ["notes", "POST", clientPath("clearance"), (v) => ({ notes: `ok${v}` })],
  ];
  const cases = FIELDS.flatMap(([field, method, path, body]) =>
    Object.entries(BAD).map(
      ([name, char]) => [`${method} ${path} ${field}`, name, field, method, path, body(char)] as const,
    ),
  );

  it.each(cases)(
    "%s with a %s: 400 naming the field, nothing written",
    async (_, __, field, method, path, body) => {
      const response = await refused(method, path.replace("{id}", clientId), body);
      expect(response.status, response.text).toBe(400);
      expect(isProblem(response)).toBe(true);
      const named =
        namesField(response, field) || errorsOf(response).some((error) => error.path.startsWith(`${field}.`));
      expect(named, response.text).toBe(true);
    },
  );

  it("notes may span lines and names may be in any script", async () => {
    const assessment = await e2e.call("POST", clientPath("assessments").replace("{id}", clientId), {
      body: { type: "overhead-squat", performedAt: day(1), notes: "line one\nline two\tindented" },
    });
    expect(assessment.status, assessment.text).toBe(201);
    const registered = await e2e.call("POST", "/v1/clients", {
      body: {
        name: "Zoë Łukasiewicz 山田 عائشة",
        dateOfBirth: "1990-04-01",
        goal: "general-fitness",
        locationId: "downtown",
      },
    });
    expect(registered.status, registered.text).toBe(201);
  });
});

describe("instants are normalised to UTC when a command is built", () => {
  it.each(["2026-06-03T10:00:00+00:00", "2026-06-03T12:00:00+02:00", "2026-06-03T10:00:00.000Z"])(
    "the same phase start sent again as %s appends nothing",
    async (again) => {
      const id = await registerClient(e2e, { registeredAt: day(0) });
      const first = await e2e.call("POST", `/v1/clients/${id}/phases`, {
        body: { phase: 1, startedAt: "2026-06-03T10:00:00Z" },
      });
      expect(first.status, first.text).toBe(201);
      const before = await e2e.itemCount();
      const repeat = await e2e.call("POST", `/v1/clients/${id}/phases`, {
        body: { phase: 1, startedAt: again },
      });
      expect(repeat.status, repeat.text).toBeLessThan(300);
      expect(await e2e.itemCount()).toBe(before);
      const starts = (await fullHistory(e2e, id)).filter((item) => item.type === "PhaseStarted");
      expect(starts.map((item) => item.occurredAt)).toEqual(["2026-06-03T10:00:00.000Z"]);
    },
  );

  it("stored events carry UTC only, whatever offset the request used", async () => {
    const id = await registerClient(e2e, { registeredAt: "2026-06-01T08:00:00-01:00" });
    await e2e.call("POST", `/v1/clients/${id}/phases`, {
      body: { phase: 1, startedAt: "2026-06-02T11:30:00+02:00" },
    });
    await e2e.call("POST", `/v1/clients/${id}/assessments`, {
      body: { type: "overhead-squat", performedAt: "2026-06-03T04:00:00-05:00" },
    });
    const history = await fullHistory(e2e, id);
    expect(history.map((item) => item.occurredAt)).toEqual([
      "2026-06-01T09:00:00.000Z",
      "2026-06-01T09:00:00.000Z",
      "2026-06-02T09:30:00.000Z",
      "2026-06-03T09:00:00.000Z",
    ]);
    expect(JSON.stringify(history)).not.toMatch(/T\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d/);
  });

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  it.each([
    [
      "a performedAt before 1900",
      "POST",
      "assessments",
      { type: "overhead-squat", performedAt: "1899-12-31T23:59:59Z" },
      "performedAt",
    ],
    [
      "a startedAt before 1900",
      "POST",
      "phases",
      { phase: 1, startedAt: "1899-12-31T22:59:59-01:00" },
      "startedAt",
    ],
    [
      "a registration dated before 1900",
      "POST",
      "",
      {
        name: "Old",
        dateOfBirth: "1890-01-01",
        goal: "power",
        locationId: "downtown",
        registeredAt: "1899-06-01T00:00:00Z",
      },
      "registeredAt",
    ],
    [
      "a date of birth before 1900",
      "POST",
      "",
      { name: "Old", dateOfBirth: "1899-12-31", goal: "power", locationId: "downtown" },
      "dateOfBirth",
    ],
    [
      "a date of birth tomorrow",
      "POST",
      "",
      { name: "Unborn", dateOfBirth: tomorrow, goal: "power", locationId: "downtown" },
      "dateOfBirth",
    ],
  ])("given %s, then 400 naming it, nothing written", async (_, method, operation, body, field) => {
    const path = operation ? `/v1/clients/${clientId}/${operation}` : "/v1/clients";
    const response = await refused(method, path, body);
    expect(response.status, response.text).toBe(400);
    expect(namesField(response, field), response.text).toBe(true);
  });
});

describe("numbers DynamoDB cannot store are refused, naming the field", () => {
  it.each([
    [
      "a measurement of 1e300",
      "assessments",
      { type: "overhead-squat", performedAt: day(1), measurements: { waist: 1e300 } },
      "measurements.waist",
    ],
    [
      "a 1RM of 5e-324 kg",
      "assessments",
      {
        type: "performance",
        performedAt: day(1),
        oneRepMaxes: [{ exercise: "squat", kg: 5e-324, method: "measured" }],
      },
      "oneRepMaxes.0.kg",
    ],
    [
      "a load of 1e-200 kg",
      "sessions",
      phase1Session(day(2), { exercises: [{ name: "squat", sets: [{ reps: 10, loadKg: 1e-200 }] }] }),
      "exercises.0.sets.0.loadKg",
    ],
  ])("given %s, then 400, nothing written", async (_, operation, body, field) => {
    const response = await refused("POST", `/v1/clients/${clientId}/${operation}`, body);
    expect(response.status, response.text).toBe(400);
    expect(namesField(response, field), response.text).toBe(true);
  });
});
