import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES, type RouteDefinition } from "../../functions/http/routes.ts";
import { MAX_LOGGED_EXERCISES, MAX_LOGGED_SETS } from "../../functions/http/schemas.ts";
import { DEV_AUDIENCE, DEV_ISSUER, type DevClaims } from "../../local/dev-auth.ts";
import {
  type ApiResponse,
  day,
  type E2e,
  isProblem,
  namesField,
  phase1Session,
  registerClient,
  registration,
  startE2e,
  TENANT,
} from "../support/e2e.ts";

/*
 * Every route against bad input (never a 5xx, never a write, the failing field named), missing or bad
 * tokens (401), another tenant (404), roles and locations (403) — and a fuzzed session route.
 */

let e2e: E2e;
/** A client at "downtown", in Phase 1 with one session. */
let clientId: string;
const tokens: Record<"otherTenant" | "analyst" | "trainerUptown" | "trainerDowntown", string> = {
  otherTenant: "",
  analyst: "",
  trainerUptown: "",
  trainerDowntown: "",
};

beforeAll(async () => {
  e2e = await startE2e();
  clientId = await registerClient(e2e, { registeredAt: day(0) });
  await registerClient(e2e, { name: "Second Client", registeredAt: day(0) });
  const started = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
    body: { phase: 1, startedAt: day(1) },
  });
  expect(started.status, started.text).toBe(201);
  const session = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, { body: phase1Session(day(2)) });
  expect(session.status, session.text).toBe(201);
  // GET /plan answers 200 only for a client with a plan.
  const plan = await e2e.call("POST", `/v1/clients/${clientId}/plans`, { body: { startsOn: "2026-01-05" } });
  expect(plan.status, plan.text).toBe(201);
  tokens.otherTenant = await e2e.token({ tenant: "gym-b", role: "admin" });
  tokens.analyst = await e2e.token({ tenant: TENANT, role: "analyst" });
  tokens.trainerUptown = await e2e.token({ tenant: TENANT, role: "trainer", locations: ["uptown"] });
  tokens.trainerDowntown = await e2e.token({ tenant: TENANT, role: "trainer", locations: ["downtown"] });
  await e2e.stack.projectionsIdle();
});
afterAll(async () => {
  await e2e?.stop();
});

/** A request each route accepts (for the client at "downtown"), from which bad ones are derived. */
const VALID_BODIES: Record<string, () => unknown> = {
  registerClient: () => registration({ name: "New Client" }),
  setGoal: () => ({ goal: "hypertrophy" }),
  recordAssessment: () => ({ type: "overhead-squat", performedAt: day(3), findings: [] }),
  startPhase: () => ({ phase: 1, startedAt: day(3) }),
  recordSession: () => phase1Session(day(3)),
  clearClient: () => ({ notes: "cleared" }),
  planSession: () => ({ seed: 7, equipment: ["dumbbell", "bench"] }),
  createPlan: () => ({ startsOn: "2026-01-05", weeks: 26, periodization: "undulating", sessionsPerWeek: 3 }),
  putSettings: () => ({ layoffDays: 14 }),
  eraseClient: () => ({ reason: "client-request" }),
  linkWearable: () => ({ provider: "garmin", externalUserId: "garmin-user-1" }),
};

/** A well-formed receipt id (UUID v7) no post has: admin routes answer 404 for it. */
const UNKNOWN_RECEIPT = "019ad5e2-4b7c-7d10-9a3e-2f6c1b8e0d47";

const pathOf = (route: RouteDefinition) =>
  route.path
    .replace("{clientId}", clientId)
    .replace("{locationId}", "downtown")
    .replace("{asset}", "reference.js")
    .replace("{tenantId}", TENANT)
    .replace("{provider}", "garmin")
    .replace("{parkedId}", `${UNKNOWN_RECEIPT}.0`)
    .replace("{receiptId}", UNKNOWN_RECEIPT);

const routeNamed = (operationId: string): RouteDefinition => {
  const route = ROUTES.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route;
};

const isClientRoute = (route: RouteDefinition) => route.path.includes("{clientId}");
/**
 * Admins only, whatever the location: a client's personal data as a whole (export, erasure), and the
 * tenant's webhook posts (parked sessions hold provider user ids of people who may be no client).
 */
const PERSONAL_DATA_ROUTES = [
  "exportClient",
  "eraseClient",
  "listParkedSessions",
  "replayParkedSession",
  "getWebhookReceipt",
];
const isPersonalDataRoute = (route: RouteDefinition) => PERSONAL_DATA_ROUTES.includes(route.operationId);
const isWrite = (route: RouteDefinition) => route.method !== "GET";
const protectedRoutes = ROUTES.filter((route) => !route.anonymous);
const clientRoutes = ROUTES.filter(isClientRoute);
/** Signed, not token-bearing: the webhook is checked in test/e2e/wearable-webhooks.test.ts. */
const writeRoutes = ROUTES.filter(isWrite).filter((route) => !route.anonymous);

/** Sends a route's valid request as someone (optionally with a changed path or body). */
function send(
  route: RouteDefinition,
  token: string | null,
  overrides: { path?: string; body?: unknown } = {},
) {
  const body = overrides.body ?? VALID_BODIES[route.operationId]?.();
  return e2e.call(route.method, overrides.path ?? pathOf(route), {
    token,
    ...(body === undefined ? {} : { body }),
  });
}

/** The version of the test client (from its ETag), read as the admin. */
async function clientVersion(): Promise<string | null> {
  return (await e2e.call("GET", `/v1/clients/${clientId}`)).headers.get("etag");
}

/** Runs `act` and proves it wrote nothing: the store's items and the client's version are unchanged. */
async function expectNothingWritten(act: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const [items, version] = [await e2e.itemCount(), await clientVersion()];
  const response = await act();
  expect(await e2e.itemCount(), `${response.status} ${response.text}`).toBe(items);
  expect(await clientVersion()).toBe(version);
  return response;
}

interface BadCase {
  readonly name: string;
  readonly status: number;
  /** The field (body path, query parameter or header) the 400 must name. */
  readonly field?: string;
  readonly method?: string;
  readonly path?: (valid: string) => string;
  readonly query?: string;
  readonly body?: (valid: Body) => unknown;
  readonly raw?: string | ((valid: Body) => string);
  readonly headers?: Record<string, string>;
}

type Body = Record<string, unknown>;

const set = (field: string, value: unknown) => (valid: Body) => ({ ...valid, [field]: value });
const without = (field: string) => (valid: Body) => {
  const { [field]: _, ...rest } = valid;
  return rest;
};
const future = "2099-01-01T00:00:00Z";

/** Cases every route with a JSON body shares. */
const JSON_BODY_CASES: BadCase[] = [
  { name: "malformed JSON", raw: '{"oops": ', status: 400 },
  { name: "an empty body", raw: "", status: 400 },
  { name: "a JSON array", raw: "[]", status: 400 },
  { name: "JSON null", raw: "null", status: 400 },
  { name: "a text/plain body", headers: { "content-type": "text/plain" }, status: 415 },
  { name: "no content type", headers: { "content-type": "" }, status: 415 },
  { name: "an unknown field", body: set("color", "red"), status: 400, field: "color" },
  { name: "a body over 256 KB", body: set("padding", "x".repeat(300_000)), status: 413 },
  {
    name: "an Idempotency-Key with a space",
    headers: { "idempotency-key": "has space" },
    status: 400,
    field: "Idempotency-Key",
  },
  {
    name: "an Idempotency-Key over 128 characters",
    headers: { "idempotency-key": "k".repeat(129) },
    status: 400,
    field: "Idempotency-Key",
  },
  { name: "an If-Match that is no ETag", headers: { "if-match": "seven" }, status: 400, field: "If-Match" },
  { name: "an unquoted If-Match", headers: { "if-match": "7" }, status: 400, field: "If-Match" },
];

const CLIENT_PATH_CASES: BadCase[] = [
  { name: "a client id that is not a UUID", path: (p) => p.replace(clientId, "not-a-uuid"), status: 404 },
  { name: "an unknown client id", path: (p) => p.replace(clientId, randomUUID()), status: 404 },
  { name: "an encoded path traversal", path: (p) => p.replace(clientId, "..%2F..%2Fphases"), status: 404 },
];

const WRONG_METHOD: BadCase = { name: "a method the route does not serve", method: "DELETE", status: 405 };

const BAD_INPUTS: Record<string, BadCase[]> = {
  getOpenApi: [WRONG_METHOD, { name: "a POST", method: "POST", status: 405 }],
  getDocs: [
    WRONG_METHOD,
    { name: "a POST", method: "POST", status: 405 },
    {
      name: "an unknown query parameter",
      query: "url=https://example.org/x.json",
      status: 400,
      field: "url",
    },
  ],
  getDocsAsset: [
    WRONG_METHOD,
    { name: "an unknown file", path: () => "/docs/index.html", status: 404 },
    { name: "a source map", path: () => "/docs/swagger-ui-bundle.js.map", status: 404 },
    { name: "an encoded path traversal", path: () => "/docs/..%2Fpackage.json", status: 404 },
    { name: "an unknown query parameter", query: "v=1", status: 400, field: "v" },
  ],
  getTimeline: [
    WRONG_METHOD,
    ...CLIENT_PATH_CASES,
    { name: "an unknown query parameter", query: "asOf=2026-01-01T00:00:00Z", status: 400, field: "asOf" },
  ],
  listPhases: [
    WRONG_METHOD,
    { name: "an unknown guideline version", query: "version=CPT99", status: 400, field: "version" },
    { name: "a lower-case version", query: "version=cpt7", status: 400, field: "version" },
    { name: "an unknown query parameter", query: "foo=1", status: 400, field: "foo" },
  ],
  registerClient: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    { name: "no name", body: without("name"), status: 400, field: "name" },
    { name: "no goal", body: without("goal"), status: 400, field: "goal" },
    { name: "no locationId", body: without("locationId"), status: 400, field: "locationId" },
    { name: "a numeric goal", body: set("goal", 5), status: 400, field: "goal" },
    { name: "an unknown goal", body: set("goal", "bulk"), status: 400, field: "goal" },
    { name: "a blank name", body: set("name", "   "), status: 400, field: "name" },
    { name: "a 201-character name", body: set("name", "n".repeat(201)), status: 400, field: "name" },
    {
      name: "month 13 in dateOfBirth",
      body: set("dateOfBirth", "1990-13-01"),
      status: 400,
      field: "dateOfBirth",
    },
    {
      name: "a locationId with a space",
      body: set("locationId", "down town"),
      status: 400,
      field: "locationId",
    },
    { name: "a trainerId with a slash", body: set("trainerId", "a/b"), status: 400, field: "trainerId" },
    { name: "a future registeredAt", body: set("registeredAt", future), status: 400, field: "registeredAt" },
    {
      name: "a registeredAt in words",
      body: set("registeredAt", "yesterday"),
      status: 400,
      field: "registeredAt",
    },
    {
      name: "a registeredAt without an offset",
      body: set("registeredAt", "2026-06-01T09:00:00"),
      status: 400,
      field: "registeredAt",
    },
  ],
  getClient: [WRONG_METHOD, ...CLIENT_PATH_CASES],
  getHistory: [
    WRONG_METHOD,
    ...CLIENT_PATH_CASES,
    { name: "limit 0", query: "limit=0", status: 400, field: "limit" },
    { name: "limit 101", query: "limit=101", status: 400, field: "limit" },
    { name: "a non-numeric limit", query: "limit=abc", status: 400, field: "limit" },
    { name: "a fractional limit", query: "limit=1.5", status: 400, field: "limit" },
    { name: "a negative cursor", query: "cursor=-1", status: 400, field: "cursor" },
    { name: "a non-numeric cursor", query: "cursor=abc", status: 400, field: "cursor" },
    { name: "an 11-digit cursor", query: "cursor=12345678901", status: 400, field: "cursor" },
    { name: "an unknown query parameter", query: "foo=1", status: 400, field: "foo" },
  ],
  setGoal: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "no goal", body: without("goal"), status: 400, field: "goal" },
    { name: "an unknown goal", body: set("goal", "bulk"), status: 400, field: "goal" },
    { name: "a numeric goal", body: set("goal", 3), status: 400, field: "goal" },
    { name: "a future at", body: set("at", future), status: 400, field: "at" },
    { name: "month 13 in at", body: set("at", "2026-13-01T00:00:00Z"), status: 400, field: "at" },
  ],
  recordAssessment: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "no type", body: without("type"), status: 400, field: "type" },
    { name: "an unknown type", body: set("type", "bogus"), status: 400, field: "type" },
    { name: "no performedAt", body: without("performedAt"), status: 400, field: "performedAt" },
    { name: "a future performedAt", body: set("performedAt", future), status: 400, field: "performedAt" },
    {
      name: "30 February",
      body: set("performedAt", "2026-02-30T09:00:00Z"),
      status: 400,
      field: "performedAt",
    },
    { name: "findings that are a string", body: set("findings", "knees"), status: 400, field: "findings" },
    {
      name: "an unknown compensation",
      body: set("findings", [{ compensation: "wobbly" }]),
      status: 400,
      field: "findings.0.compensation",
    },
    {
      name: "an unknown side",
      body: set("findings", [{ compensation: "knees-move-inward", side: "up" }]),
      status: 400,
      field: "findings.0.side",
    },
    {
      name: "an unknown field in a finding",
      body: set("findings", [{ compensation: "knees-move-inward", color: "red" }]),
      status: 400,
      field: "findings.0.color",
    },
    {
      name: "21 findings",
      body: set("findings", Array(21).fill({ compensation: "knees-move-inward" })),
      status: 400,
      field: "findings",
    },
    {
      name: "a negative 1RM",
      body: set("oneRepMaxes", [{ exercise: "squat", kg: -1, method: "measured" }]),
      status: 400,
      field: "oneRepMaxes.0.kg",
    },
    {
      name: "an unknown 1RM method",
      body: set("oneRepMaxes", [{ exercise: "squat", kg: 100, method: "guess" }]),
      status: 400,
      field: "oneRepMaxes.0.method",
    },
    {
      name: "a measurement as a string",
      body: set("measurements", { waist: "80" }),
      status: 400,
      field: "measurements.waist",
    },
    { name: "pain as a string", body: set("pain", "yes"), status: 400, field: "pain" },
    { name: "blank notes", body: set("notes", "   "), status: 400, field: "notes" },
    {
      name: "an assessmentId with a space",
      body: set("assessmentId", "a b"),
      status: 400,
      field: "assessmentId",
    },
  ],
  startPhase: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "phase 6", body: set("phase", 6), status: 400, field: "phase" },
    { name: "phase 0", body: set("phase", 0), status: 400, field: "phase" },
    { name: "phase 1.5", body: set("phase", 1.5), status: 400, field: "phase" },
    { name: 'phase "2"', body: set("phase", "2"), status: 400, field: "phase" },
    { name: "phase null", body: set("phase", null), status: 400, field: "phase" },
    { name: "no phase", body: without("phase"), status: 400, field: "phase" },
    { name: "no startedAt", body: without("startedAt"), status: 400, field: "startedAt" },
    { name: "a future startedAt", body: set("startedAt", future), status: 400, field: "startedAt" },
    { name: "0 planned weeks", body: set("plannedWeeks", 0), status: 400, field: "plannedWeeks" },
    { name: "53 planned weeks", body: set("plannedWeeks", 53), status: 400, field: "plannedWeeks" },
    { name: "15 sessions a week", body: set("sessionsPerWeek", 15), status: 400, field: "sessionsPerWeek" },
    {
      name: 'muscularEndurance "yes"',
      body: set("muscularEndurance", "yes"),
      status: 400,
      field: "muscularEndurance",
    },
    {
      name: "a blank overrideReason",
      body: set("overrideReason", "  "),
      status: 400,
      field: "overrideReason",
    },
    {
      name: "a 501-character overrideReason",
      body: set("overrideReason", "r".repeat(501)),
      status: 400,
      field: "overrideReason",
    },
  ],
  recordSession: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "no exercises", body: without("exercises"), status: 400, field: "exercises" },
    { name: "phase 6", body: set("phase", 6), status: 400, field: "phase" },
    { name: "another phase without an undulating plan", body: set("phase", 3), status: 422 },
    {
      name: "an exerciseId the library does not hold",
      body: set("exercises", [{ exerciseId: "moon-squat", sets: [{ reps: 10 }] }]),
      status: 400,
      field: "exercises.0.exerciseId",
    },
    {
      name: "a component that contradicts the library",
      body: set("exercises", [
        { exerciseId: "smr-calves", component: "resistance", sets: [{ durationSeconds: 30 }] },
      ]),
      status: 400,
      field: "exercises.0.component",
    },
    {
      name: "an exercise with neither a name nor an exerciseId",
      body: set("exercises", [{ sets: [{ reps: 10 }] }]),
      status: 400,
      field: "exercises.0.name",
    },
    {
      name: "a set with neither reps nor durationSeconds",
      body: set("exercises", [{ name: "squat", sets: [{ tempo: "4/2/1" }] }]),
      status: 400,
      field: "exercises.0.sets.0",
    },
    { name: "a planId that is not a UUID", body: set("planId", "plan-1"), status: 400, field: "planId" },
    { name: "exercises as an object", body: set("exercises", {}), status: 400, field: "exercises" },
    { name: "no performedAt", body: without("performedAt"), status: 400, field: "performedAt" },
    { name: "a future performedAt", body: set("performedAt", future), status: 400, field: "performedAt" },
    { name: "a performedAt in words", body: set("performedAt", "today"), status: 400, field: "performedAt" },
    {
      name: "reps -1",
      body: set("exercises", [{ name: "squat", sets: [{ reps: -1 }] }]),
      status: 400,
      field: "exercises.0.sets.0.reps",
    },
    {
      name: "reps 1.5",
      body: set("exercises", [{ name: "squat", sets: [{ reps: 1.5 }] }]),
      status: 400,
      field: "exercises.0.sets.0.reps",
    },
    {
      name: 'reps "10"',
      body: set("exercises", [{ name: "squat", sets: [{ reps: "10" }] }]),
      status: 400,
      field: "exercises.0.sets.0.reps",
    },
    {
      name: "reps 1e400 (Infinity once parsed)",
      raw: (valid) => JSON.stringify(valid).replace('"reps":15', '"reps":1e400'),
      status: 400,
      field: "exercises.0.sets.0.reps",
    },
    {
      name: "an exercise without sets",
      body: set("exercises", [{ name: "squat", sets: [] }]),
      status: 400,
      field: "exercises.0.sets",
    },
    {
      name: "a blank exercise name",
      body: set("exercises", [{ name: " ", sets: [{ reps: 10 }] }]),
      status: 400,
      field: "exercises.0.name",
    },
    {
      name: "61 exercises",
      body: set("exercises", Array(61).fill({ name: "squat", sets: [{ reps: 10 }] })),
      status: 400,
      field: "exercises",
    },
    {
      name: "a negative load",
      body: set("exercises", [{ name: "squat", sets: [{ reps: 10, loadKg: -5 }] }]),
      status: 400,
      field: "exercises.0.sets.0.loadKg",
    },
    {
      name: "4000 s rest",
      body: set("exercises", [{ name: "squat", sets: [{ reps: 10, restSeconds: 4000 }] }]),
      status: 400,
      field: "exercises.0.sets.0.restSeconds",
    },
    {
      name: "an unknown field in a set",
      body: set("exercises", [{ name: "squat", sets: [{ reps: 10, weight: 5 }] }]),
      status: 400,
      field: "exercises.0.sets.0.weight",
    },
    { name: "heart rate 300", body: set("avgHeartRate", 300), status: 400, field: "avgHeartRate" },
    { name: "max heart rate 10", body: set("maxHeartRate", 10), status: 400, field: "maxHeartRate" },
    { name: "RPE 21", body: set("rpe", 21), status: 400, field: "rpe" },
    { name: "-1 minutes", body: set("durationMinutes", -1), status: 400, field: "durationMinutes" },
    { name: "a sessionId with a space", body: set("sessionId", "a b"), status: 400, field: "sessionId" },
    {
      name: "a 65-character sessionId",
      body: set("sessionId", "s".repeat(65)),
      status: 400,
      field: "sessionId",
    },
    { name: "pain as a string", body: set("pain", "yes"), status: 400, field: "pain" },
  ],
  clearClient: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "a future clearedAt", body: set("clearedAt", future), status: 400, field: "clearedAt" },
    { name: "a clearedAt in words", body: set("clearedAt", "now"), status: 400, field: "clearedAt" },
    { name: "blank notes", body: set("notes", "  "), status: 400, field: "notes" },
    { name: "2001-character notes", body: set("notes", "n".repeat(2001)), status: 400, field: "notes" },
  ],
  exportClient: [WRONG_METHOD, ...CLIENT_PATH_CASES],
  eraseClient: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "no reason", body: without("reason"), status: 400, field: "reason" },
    {
      name: "a reason in free text",
      body: set("reason", "she asked by email"),
      status: 400,
      field: "reason",
    },
  ],
  getSettings: [WRONG_METHOD, { name: "a POST", method: "POST", status: 405 }],
  putSettings: [
    // PUT replaces the settings whole (idempotent by nature) and If-Match guards it: no Idempotency-Key.
    ...JSON_BODY_CASES.filter((bad) => !bad.headers?.["idempotency-key"]),
    { name: "layoffDays 0", body: set("layoffDays", 0), status: 400, field: "layoffDays" },
    { name: "minAdherence above 1", body: set("minAdherence", 1.2), status: 400, field: "minAdherence" },
    {
      name: "a path not starting at Phase 1",
      body: set("goalPaths", { power: [2, 5] }),
      status: 400,
      field: "goalPaths.power",
    },
    {
      name: "an unknown goal",
      body: set("goalPaths", { strength: [1, 2] }),
      status: 400,
      field: "goalPaths",
    },
    { name: "an If-Match from another version", headers: { "if-match": '"99"' }, status: 412 },
  ],
  listExercises: [
    WRONG_METHOD,
    { name: "an unknown component", query: "component=yoga", status: 400, field: "component" },
    { name: "an unknown pattern", query: "pattern=wiggle", status: 400, field: "pattern" },
    { name: "an unknown level", query: "level=elite", status: 400, field: "level" },
    {
      name: "an unknown equipment item",
      query: "equipment=dumbbell,trampoline",
      status: 400,
      field: "equipment.1",
    },
    {
      name: "an equipment list over 400 characters",
      query: `equipment=${"bench,".repeat(80)}`,
      status: 400,
      field: "equipment",
    },
    { name: "an unknown query parameter", query: "foo=1", status: 400, field: "foo" },
  ],
  previewNextSession: [
    WRONG_METHOD,
    ...CLIENT_PATH_CASES,
    { name: "an unknown equipment item", query: "equipment=hoverboard", status: 400, field: "equipment.0" },
    { name: "a negative seed", query: "seed=-1", status: 400, field: "seed" },
    { name: "a fractional seed", query: "seed=1.5", status: 400, field: "seed" },
    { name: "a seed past 2^31 - 1", query: "seed=2147483648", status: 400, field: "seed" },
    {
      name: "a plannedFor that is not an instant",
      query: "plannedFor=tomorrow",
      status: 400,
      field: "plannedFor",
    },
    { name: "an unknown query parameter", query: "foo=1", status: 400, field: "foo" },
  ],
  planSession: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "equipment as a string", body: set("equipment", "dumbbell"), status: 400, field: "equipment" },
    {
      name: "an unknown equipment item",
      body: set("equipment", ["jetpack"]),
      status: 400,
      field: "equipment.0",
    },
    { name: "a seed as a string", body: set("seed", "7x"), status: 400, field: "seed" },
    { name: "a negative seed", body: set("seed", -3), status: 400, field: "seed" },
    {
      name: "30 February plannedFor",
      body: set("plannedFor", "2026-02-30T09:00:00Z"),
      status: 400,
      field: "plannedFor",
    },
  ],
  createPlan: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "no startsOn", body: without("startsOn"), status: 400, field: "startsOn" },
    {
      name: "an instant as startsOn",
      body: set("startsOn", "2026-01-05T09:00:00Z"),
      status: 400,
      field: "startsOn",
    },
    { name: "30 February as startsOn", body: set("startsOn", "2026-02-30"), status: 400, field: "startsOn" },
    { name: "a startsOn past 2100", body: set("startsOn", "9999-12-31"), status: 400, field: "startsOn" },
    { name: "0 weeks", body: set("weeks", 0), status: 400, field: "weeks" },
    { name: "105 weeks", body: set("weeks", 105), status: 400, field: "weeks" },
    { name: "fractional weeks", body: set("weeks", 2.5), status: 400, field: "weeks" },
    {
      name: "an unknown periodization",
      body: set("periodization", "block"),
      status: 400,
      field: "periodization",
    },
    { name: "8 sessions a week", body: set("sessionsPerWeek", 8), status: 400, field: "sessionsPerWeek" },
    {
      name: "sessions a week as a string",
      body: set("sessionsPerWeek", "3"),
      status: 400,
      field: "sessionsPerWeek",
    },
  ],
  getPlan: [
    WRONG_METHOD,
    ...CLIENT_PATH_CASES,
    { name: "an asOf that is not an instant", query: "asOf=tomorrow", status: 400, field: "asOf" },
    { name: "an unknown query parameter", query: "foo=1", status: 400, field: "foo" },
  ],
  listRoster: [
    WRONG_METHOD,
    { name: "a location id with a dot", path: (p) => p.replace("downtown", "a.b"), status: 404 },
    { name: "a 65-character location id", path: (p) => p.replace("downtown", "l".repeat(65)), status: 404 },
    { name: "phase 6", query: "phase=6", status: 400, field: "phase" },
    { name: "phase 0", query: "phase=0", status: 400, field: "phase" },
    { name: "a non-numeric phase", query: "phase=abc", status: 400, field: "phase" },
    { name: "limit 0", query: "limit=0", status: 400, field: "limit" },
    { name: "limit 101", query: "limit=101", status: 400, field: "limit" },
    { name: "a garbage cursor", query: "cursor=garbage", status: 400, field: "cursor" },
    {
      name: "a cursor forged for another tenant",
      query: `cursor=${Buffer.from(
        JSON.stringify({
          m: "v1",
          k: {
            gsi1pk: "T#gym-b#ROSTER#v1#L#downtown",
            gsi1sk: "P#1#C#x",
            pk: "T#gym-b#C#x",
            sk: "R#roster#v1",
          },
        }),
      ).toString("base64url")}`,
      status: 400,
      field: "cursor",
    },
    { name: "an unknown query parameter", query: "foo=1", status: 400, field: "foo" },
  ],
  linkWearable: [
    WRONG_METHOD,
    ...JSON_BODY_CASES,
    ...CLIENT_PATH_CASES,
    { name: "no provider", body: without("provider"), status: 400, field: "provider" },
    { name: "an unknown provider", body: set("provider", "fitbit"), status: 400, field: "provider" },
    { name: "no externalUserId", body: without("externalUserId"), status: 400, field: "externalUserId" },
    {
      name: "an empty externalUserId",
      body: set("externalUserId", ""),
      status: 400,
      field: "externalUserId",
    },
    {
      name: "a 257-character externalUserId",
      body: set("externalUserId", "u".repeat(257)),
      status: 400,
      field: "externalUserId",
    },
    {
      name: "an externalUserId with a newline",
      body: set("externalUserId", "user\n1"),
      status: 400,
      field: "externalUserId",
    },
    {
      name: "a numeric externalUserId",
      body: set("externalUserId", 42),
      status: 400,
      field: "externalUserId",
    },
    { name: "a future at", body: set("at", future), status: 400, field: "at" },
  ],
  unlinkWearable: [
    { name: "a POST", method: "POST", status: 405 },
    ...CLIENT_PATH_CASES,
    { name: "an unknown provider", path: (p) => p.replace("/garmin", "/fitbit"), status: 404 },
    {
      name: "an Idempotency-Key with a space",
      headers: { "idempotency-key": "has space" },
      status: 400,
      field: "Idempotency-Key",
    },
  ],
  receiveWebhook: [
    WRONG_METHOD,
    { name: "an unknown provider", path: (p) => p.replace("/garmin", "/fitbit"), status: 404 },
    { name: "a tenant id with a '#'", path: (p) => p.replace(TENANT, "gym%23C%23x"), status: 404 },
    { name: "no signature (a token is no signature)", status: 401 },
    { name: "a malformed signature", headers: { "x-opt-signature": "t=now,v1=zz" }, status: 401 },
  ],
  listParkedSessions: [
    WRONG_METHOD,
    { name: "an unknown provider", path: (p) => p.replace("/garmin", "/fitbit"), status: 404 },
    { name: "limit 0", query: "limit=0", status: 400, field: "limit" },
    { name: "limit 101", query: "limit=101", status: 400, field: "limit" },
    { name: "a garbage cursor", query: "cursor=garbage", status: 400, field: "cursor" },
    { name: "an unknown query parameter", query: "foo=1", status: 400, field: "foo" },
  ],
  replayParkedSession: [
    WRONG_METHOD,
    { name: "an unknown parked session", status: 404 },
    { name: "a parked id without its index", path: (p) => p.replace(".0/", "/"), status: 404 },
    { name: "a parked id that is no receipt", path: (p) => p.replace(UNKNOWN_RECEIPT, "abc"), status: 404 },
    { name: "an unknown provider", path: (p) => p.replace("/garmin", "/fitbit"), status: 404 },
  ],
  getWebhookReceipt: [
    WRONG_METHOD,
    { name: "an unknown receipt", status: 404 },
    { name: "a receipt id that is not a UUID", path: (p) => p.replace(UNKNOWN_RECEIPT, "r-1"), status: 404 },
    { name: "an unknown provider", path: (p) => p.replace("/garmin", "/fitbit"), status: 404 },
  ],
};

describe("bad input on every route: a 4xx problem naming the field, never a 5xx, nothing written", () => {
  it("covers every route of ROUTES", () => {
    expect(Object.keys(BAD_INPUTS).sort()).toEqual(ROUTES.map((route) => route.operationId).sort());
  });

  for (const route of ROUTES) {
    describe(`${route.method} ${route.path}`, () => {
      it.each(BAD_INPUTS[route.operationId] ?? [])("given $name, then $status", async (bad) => {
        const valid = VALID_BODIES[route.operationId]?.() as Body | undefined;
        const path = (bad.path ?? ((p: string) => p))(pathOf(route)) + (bad.query ? `?${bad.query}` : "");
        const raw =
          typeof bad.raw === "function"
            ? bad.raw(valid ?? {})
            : (bad.raw ?? (bad.body ? JSON.stringify(bad.body(valid ?? {})) : undefined));
        const body = raw ?? (valid === undefined ? undefined : JSON.stringify(valid));
        const response = await expectNothingWritten(() =>
          e2e.call(bad.method ?? route.method, path, {
            ...(body === undefined ? {} : { raw: body }),
            ...(bad.headers ? { headers: bad.headers } : {}),
          }),
        );
        expect(response.status, response.text).toBe(bad.status);
        expect(isProblem(response), response.text).toBe(true);
        if (bad.field) expect(namesField(response, bad.field), response.text).toBe(true);
      });
    });
  }

  it("given a malformed percent-encoding in a path id, then a 4xx on every route with a path parameter", async () => {
    const results: string[] = [];
    for (const route of ROUTES.filter((r) => r.path.includes("{"))) {
      const path = route.path.replace("{clientId}", "%ZZ").replace("{locationId}", "%E0%A4%A");
      const body = VALID_BODIES[route.operationId]?.();
      const response = await expectNothingWritten(() =>
        e2e.call(route.method, path, body === undefined ? {} : { body }),
      );
      results.push(`${route.method} ${path} → ${response.status}`);
    }
    expect(results.filter((line) => !/→ 4\d\d$/.test(line))).toEqual([]);
  });
});

describe("limits: too much in one request or in one client's state", () => {
  it("given the largest session the schema allows, every set off-plan, then 201: its event stays within 64 KB", async () => {
    const exercises = Array.from({ length: MAX_LOGGED_EXERCISES }, (_, i) => ({
      name: `exercise ${i} `.padEnd(100, "x"),
      sets: Array.from({ length: MAX_LOGGED_SETS / MAX_LOGGED_EXERCISES }, () => ({
        reps: 1,
        tempo: "1/1/1",
        restSeconds: 999,
        loadKg: 999,
        heartRate: 250,
      })),
    }));
    const response = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
      body: { performedAt: day(3), exercises },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body.compliance.omittedDeviations).toBeGreaterThan(0);
  });

  it("given one exercise more than the schema allows, then 400 and nothing written", async () => {
    const exercises = Array.from({ length: MAX_LOGGED_EXERCISES + 1 }, (_, i) => ({
      name: `exercise ${i}`,
      sets: [{ reps: 12 }],
    }));
    const response = await expectNothingWritten(() =>
      e2e.call("POST", `/v1/clients/${clientId}/sessions`, { body: { performedAt: day(3), exercises } }),
    );
    expect(response.status, response.text).toBe(400);
    expect(namesField(response, "exercises")).toBe(true);
  });

  it("given one set more than a session may hold, then 400 and nothing written", async () => {
    const exercises = Array.from({ length: 31 }, (_, i) => ({
      name: `exercise ${i}`,
      sets: Array.from({ length: i === 0 ? 1 : 10 }, () => ({ reps: 12 })),
    }));
    const response = await expectNothingWritten(() =>
      e2e.call("POST", `/v1/clients/${clientId}/sessions`, { body: { performedAt: day(3), exercises } }),
    );
    expect(response.status, response.text).toBe(400);
    expect(namesField(response, "exercises")).toBe(true);
    expect(response.text).toContain(`at most ${MAX_LOGGED_SETS} sets`);
  });

  it("given assessments that keep adding distinct 1RM exercises, then never a 5xx (a 4xx once state is too large)", async () => {
    const id = await registerClient(e2e, { name: "Strong Client", registeredAt: day(0) });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const oneRepMaxes = Array.from({ length: 50 }, (_, j) => ({
        exercise: `lift ${i}-${j} `.padEnd(100, "x"),
        kg: 100,
        method: "measured",
      }));
      const response = await e2e.call("POST", `/v1/clients/${id}/assessments`, {
        body: { type: "performance", performedAt: day(1), oneRepMaxes },
      });
      statuses.push(response.status);
      if (response.status >= 400) break;
    }
    const failed = statuses.findIndex((status) => status >= 500);
    expect(failed, `assessment #${failed + 1} answered ${statuses[failed]}`).toBe(-1);
  });
});

describe("authentication: every protected route needs a valid token", () => {
  const forged = async (claims: Record<string, unknown>, options: { key?: Uint8Array; exp?: number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("someone")
      .setIssuer(String(claims.iss ?? DEV_ISSUER))
      .setAudience(String(claims.aud ?? DEV_AUDIENCE))
      .setIssuedAt()
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 3600)
      .sign(options.key ?? e2e.stack.signingKey);
  const claims = { tenant_id: TENANT, role: "admin", locations: "*" };

  it.each(protectedRoutes.map((route) => [route.operationId, route] as const))(
    "%s: no token, a garbage token, another key, an expired or foreign-audience token → 401, nothing written",
    async (_, route) => {
      const badTokens: Record<string, string | null> = {
        none: null,
        garbage: "not.a.jwt",
        "another key": await forged(claims, { key: new Uint8Array(32).fill(7) }),
        expired: await forged(claims, { exp: Math.floor(Date.now() / 1000) - 60 }),
        "another audience": await forged({ ...claims, aud: "someone-else" }),
        "another issuer": await forged({ ...claims, iss: "evil" }),
      };
      for (const [name, token] of Object.entries(badTokens)) {
        const response = await expectNothingWritten(() => send(route, token));
        expect(response.status, `${name}: ${response.text}`).toBe(401);
        expect(response.headers.get("www-authenticate")).toBe("Bearer");
      }
    },
  );

  it.each(protectedRoutes.map((route) => [route.operationId, route] as const))(
    "%s: a web client's ID token (or a token without token_use) → 401, nothing written",
    async (_, route) => {
      // Signed, unexpired, aud = the app client: API Gateway's authorizer lets these through.
      const tokens = {
        "ID token": await forged({ ...claims, token_use: "id" }),
        "no token_use": await forged(claims),
      };
      for (const [name, token] of Object.entries(tokens)) {
        const response = await expectNothingWritten(() => send(route, token));
        expect(response.status, `${name}: ${response.text}`).toBe(401);
        expect(isProblem(response)).toBe(true);
        expect(response.body.detail).toBe("an access token is required");
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
      }
    },
  );

  it.each(protectedRoutes.map((route) => [route.operationId, route] as const))(
    "%s: a verified token without a valid tenant or role → 403, nothing written",
    async (_, route) => {
      const badClaims: DevClaims[] = [
        { tenant: "", role: "admin" },
        { tenant: "gym-a#C#x", role: "admin" },
        { tenant: TENANT, role: "superuser" as DevClaims["role"] },
      ];
      for (const claims of badClaims) {
        const response = await expectNothingWritten(async () => send(route, await e2e.token(claims)));
        expect(response.status, `${JSON.stringify(claims)}: ${response.text}`).toBe(403);
        expect(isProblem(response)).toBe(true);
      }
    },
  );

  it("GET /v1/openapi.json needs no token and lists every route", async () => {
    const response = await e2e.call("GET", "/v1/openapi.json", { token: null });
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\.0\./);
    for (const route of ROUTES) {
      expect(response.body.paths[route.path]?.[route.method.toLowerCase()], route.operationId).toBeDefined();
    }
  });
});

describe("tenancy: another tenant's token sees nothing and writes nothing", () => {
  it.each(clientRoutes.map((route) => [route.operationId, route] as const))(
    "%s with another tenant's token → 404, nothing written",
    async (_, route) => {
      const response = await expectNothingWritten(() => send(route, tokens.otherTenant));
      expect(response.status, response.text).toBe(404);
      expect(isProblem(response)).toBe(true);
      expect(response.body.type).toBe("urn:opt:problem:not-found");
      expect(response.text).not.toContain("Ada Client");
    },
  );

  it("the roster of the same location id in another tenant lists none of this tenant's clients", async () => {
    const response = await e2e.call("GET", "/v1/locations/downtown/clients", { token: tokens.otherTenant });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it("a roster cursor of this tenant is refused (400) for another tenant's token", async () => {
    const page = await e2e.call("GET", "/v1/locations/downtown/clients?limit=1");
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const response = await e2e.call(
      "GET",
      `/v1/locations/downtown/clients?limit=1&cursor=${page.body.nextCursor}`,
      {
        token: tokens.otherTenant,
      },
    );
    expect(response.status, response.text).toBe(400);
    expect(namesField(response, "cursor")).toBe(true);
  });

  it("the same registration Idempotency-Key in two tenants makes two different clients", async () => {
    const body = registration({ name: "Shared Key Client" });
    const mine = await e2e.call("POST", "/v1/clients", {
      body,
      headers: { "idempotency-key": "shared-key" },
    });
    const theirs = await e2e.call("POST", "/v1/clients", {
      body,
      token: tokens.otherTenant,
      headers: { "idempotency-key": "shared-key" },
    });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.clientId).not.toBe(mine.body.clientId);
    const crossRead = await e2e.call("GET", `/v1/clients/${mine.body.clientId}`, {
      token: tokens.otherTenant,
    });
    expect(crossRead.status).toBe(404);
  });
});

describe("roles and locations", () => {
  it.each(writeRoutes.map((route) => [route.operationId, route] as const))(
    "%s as an analyst → 403, nothing written",
    async (_, route) => {
      const response = await expectNothingWritten(() => send(route, tokens.analyst));
      expect(response.status, response.text).toBe(403);
      expect(isProblem(response)).toBe(true);
    },
  );

  it("an analyst reads every GET route but a client's export", async () => {
    for (const route of protectedRoutes.filter((r) => !isWrite(r) && !isPersonalDataRoute(r))) {
      const response = await send(route, tokens.analyst);
      expect(response.status, `${route.operationId}: ${response.text}`).toBe(200);
    }
  });

  it.each(PERSONAL_DATA_ROUTES.map((operationId) => [operationId, routeNamed(operationId)] as const))(
    "%s as a trainer of the client's location, a manager or an analyst → 403, nothing written",
    async (_, route) => {
      const manager = await e2e.token({ tenant: TENANT, role: "manager" });
      for (const token of [tokens.trainerDowntown, manager, tokens.analyst]) {
        const response = await expectNothingWritten(() => send(route, token));
        expect(response.status, response.text).toBe(403);
        expect(response.body.detail).toMatch(/^only admins /);
        expect(response.text).not.toContain("Ada Client");
      }
    },
  );

  it.each(
    clientRoutes
      .filter((route) => !isPersonalDataRoute(route))
      .map((route) => [route.operationId, route] as const),
  )(
    "%s as a trainer of another location → 404 exactly as for an unknown client, nothing written",
    async (_, route) => {
      const unknown = await send(route, tokens.trainerUptown, {
        path: pathOf(route).replace(clientId, randomUUID()),
      });
      const response = await expectNothingWritten(() => send(route, tokens.trainerUptown));
      expect(response.status, response.text).toBe(404);
      expect(isProblem(response)).toBe(true);
      // Only `instance` (the request's path) may differ.
      expect({ ...response.body, instance: null }).toEqual({ ...unknown.body, instance: null });
      expect(response.headers.get("etag")).toBeNull();
      expect(response.text).not.toContain("downtown");
      expect(response.text).not.toContain("Ada Client");
    },
  );

  // The caller names the location itself, and the answer does not depend on what exists there.
  it("the roster of a location the trainer lacks → 403 naming only that location", async () => {
    const response = await send(routeNamed("listRoster"), tokens.trainerUptown);
    expect(response.status, response.text).toBe(403);
    expect(isProblem(response)).toBe(true);
    expect(response.body.detail).toBe("the token does not grant location downtown");
    const nowhere = await send(routeNamed("listRoster"), tokens.trainerUptown, {
      path: "/v1/locations/nowhere/clients",
    });
    expect(nowhere.status).toBe(403);
    expect(nowhere.body.detail).toBe("the token does not grant location nowhere");
  });

  it("registering a client at a location the trainer lacks → 403, nothing written", async () => {
    const response = await expectNothingWritten(() =>
      send(routeNamed("registerClient"), tokens.trainerUptown),
    );
    expect(response.status, response.text).toBe(403);
  });

  it("a trainer of the client's location reads and writes it", async () => {
    const trainer = tokens.trainerDowntown;
    for (const operationId of ["getClient", "getHistory", "listRoster"]) {
      const response = await send(routeNamed(operationId), trainer);
      expect(response.status, `${operationId}: ${response.text}`).toBe(200);
    }
    const writes = {
      setGoal: 200,
      recordAssessment: 201,
      recordSession: 201,
      startPhase: 201,
      registerClient: 201,
    };
    for (const [operationId, status] of Object.entries(writes)) {
      const response = await send(routeNamed(operationId), trainer);
      expect(response.status, `${operationId}: ${response.text}`).toBe(status);
    }
    // Clearance reaches the OPT rules (the client is not referred): the location check let it through.
    const clearance = await send(routeNamed("clearClient"), trainer);
    expect(clearance.status, clearance.text).toBe(422);
    expect(clearance.body.rule).toBe("clearance-requires-referral");
  });
});

describe("fuzzing the session route", () => {
  const loose = fc.jsonValue({ maxDepth: 3 });
  const instant = fc.oneof(
    fc.constant(day(4)),
    fc
      .date({
        min: new Date("2026-06-01T00:00:00Z"),
        max: new Date("2100-01-01T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString()),
    fc.string(),
    loose,
  );
  const set = fc.record(
    {
      reps: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.double(), loose),
      loadKg: fc.oneof(fc.double({ min: -10, max: 1100, noNaN: true }), loose),
      tempo: fc.oneof(fc.constantFrom("4/2/1", "2/0/2", "X/X/X"), fc.string()),
      restSeconds: fc.oneof(fc.integer({ min: -10, max: 4000 }), loose),
    },
    { requiredKeys: ["reps"] },
  );
  const exercise = fc.record(
    {
      name: fc.oneof(fc.string(), loose),
      sets: fc.oneof(fc.array(set, { maxLength: 3 }), loose),
      supersetGroup: fc.oneof(fc.string(), loose),
    },
    { requiredKeys: ["name", "sets"] },
  );
  const sessionLike = fc.record(
    {
      sessionId: fc.oneof(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.string(), loose),
      performedAt: instant,
      exercises: fc.oneof(fc.array(exercise, { maxLength: 3 }), loose),
      avgHeartRate: fc.oneof(fc.integer({ min: 0, max: 300 }), loose),
      rpe: fc.oneof(fc.double(), loose),
      pain: fc.oneof(fc.boolean(), loose),
      extra: loose,
    },
    { requiredKeys: [] },
  );
  const payload = fc.oneof(
    loose.map((value) => JSON.stringify(value)),
    sessionLike.map((value) => JSON.stringify(value)),
    fc.string(),
  );

  it("given arbitrary JSON (and non-JSON) bodies, then never a 5xx, and a refusal writes nothing", async () => {
    const id = await registerClient(e2e, { name: "Fuzz Client", registeredAt: day(0) });
    const started = await e2e.call("POST", `/v1/clients/${id}/phases`, {
      body: { phase: 1, startedAt: day(1) },
    });
    expect(started.status).toBe(201);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(payload, async (raw) => {
        const before = await e2e.itemCount();
        const response = await e2e.call("POST", `/v1/clients/${id}/sessions`, { raw });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${raw} → ${response.text}`).toBeLessThan(500);
        if (response.status !== 201) {
          expect(isProblem(response), response.text).toBe(true);
          expect(await e2e.itemCount()).toBe(before);
        }
      }),
      { numRuns: 30 },
    );
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
  });
});
