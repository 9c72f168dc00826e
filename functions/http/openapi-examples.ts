import type { ClientCommand } from "../../domain/client/commands.ts";
import { decide } from "../../domain/client/decide.ts";
import type { ClientEvent } from "../../domain/client/events.ts";
import { activeFindings, type ClientState, evolve, initialState } from "../../domain/client/state.ts";
import { EXERCISE_LIBRARY_VERSION, EXERCISES } from "../../domain/exercises/library.ts";
import type { Equipment } from "../../domain/exercises/types.ts";
import { GUIDELINES } from "../../domain/guidelines/catalogue.ts";
import { PHASES } from "../../domain/phases.ts";
import { planView } from "../../domain/read-models/plan-view.ts";
import { clientSummary } from "../../domain/read-models/summary.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { eventSummaries } from "./event-summaries.ts";

/*
 * Response examples made by the domain itself from one scripted client, so an example can never drift
 * from what the API answers (Redocly checks each against its schema).
 */

const CLIENT_ID = "8d3c6f4e-2b1a-4c5d-9e8f-7a6b5c4d3e2f";
const PLAN_ID = "0f9e8d7c-6b5a-4948-8372-615049382716";
const SESSION_PLAN_ID = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const RECEIPT_ID = "019ad5e2-4b7c-7d10-9a3e-2f6c1b8e0d47";
const GARMIN_USER = "5d1e0c7a-9b3f-4e21-8a6d-2c4f6b8e0a13";
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 2, 2 + day, hour)).toISOString();

const registration = {
  name: "Ada Client",
  dateOfBirth: "1990-04-01",
  goal: "general-fitness",
  locationId: "downtown",
} as const;
const assessment = {
  type: "overhead-squat",
  performedAt: at(0),
  findings: [{ compensation: "knees-move-inward" }],
} as const;
const phase = { phase: 1, startedAt: at(0, 10) } as const;
const session = {
  performedAt: at(2),
  exercises: [
    {
      name: "ball squat",
      sets: [
        { reps: 15, tempo: "4/2/1", restSeconds: 60 },
        { reps: 15, tempo: "4/2/1", restSeconds: 60 },
      ],
    },
  ],
};
const sessionPlan = {
  equipment: ["dumbbell", "bench", "cable", "foam-roller"] as Equipment[],
  seed: 7,
  plannedFor: at(4),
};
const plan = { startsOn: "2026-03-02", weeks: 26, periodization: "linear", sessionsPerWeek: 3 } as const;

/** Request bodies, by operationId. */
export const REQUEST_EXAMPLES: Readonly<Record<string, unknown>> = {
  registerClient: { ...registration, registeredAt: at(0, 8) },
  recordAssessment: assessment,
  startPhase: phase,
  recordSession: session,
  setGoal: { goal: "hypertrophy" },
  clearClient: { notes: "Cleared by the physiotherapist" },
  planSession: sessionPlan,
  createPlan: plan,
  putSettings: { layoffDays: 10, goalPaths: { "fat-loss": [1, 2] } },
  eraseClient: { reason: "client-request" },
  linkWearable: { provider: "garmin", externalUserId: GARMIN_USER },
  receiveWebhook: {
    sessions: [
      {
        externalUserId: "member-4711",
        externalSessionId: "strength-2026-03-04",
        start: at(2, 7),
        end: at(2, 8),
        activityType: "strength_training",
        avgHeartRate: 118,
        maxHeartRate: 151,
        calories: 320,
        heartRateSamples: [
          { at: at(2, 7), bpm: 96 },
          { at: "2026-03-04T07:20:00.000Z", bpm: 124 },
        ],
        exercises: [
          { exerciseId: "ball-dumbbell-chest-press", sets: [{ reps: 14, loadKg: 10, tempo: "4/2/1" }] },
        ],
      },
    ],
  },
};

function journey() {
  const commands: ClientCommand[] = [
    { type: "RegisterClient", data: { clientId: CLIENT_ID, ...registration, registeredAt: at(0, 8) } },
    {
      type: "RecordAssessment",
      data: {
        assessmentId: "ohsa-1",
        kind: "overhead-squat",
        performedAt: at(0),
        findings: [{ compensation: "knees-move-inward", side: "bilateral" }],
        pain: false,
      },
    },
    { type: "StartPhase", data: { ...phase } },
    { type: "CreatePlan", data: { planId: PLAN_ID, ...plan, at: at(0, 11) } },
    { type: "RecordSession", data: { sessionId: "s-1", ...session, pain: false } },
    {
      type: "PlanSession",
      data: { planId: SESSION_PLAN_ID, ...sessionPlan, equipment: [...sessionPlan.equipment], at: at(3) },
    },
  ];
  let state: ClientState = initialState;
  const steps: { events: ClientEvent[]; state: ClientState; version: number }[] = [];
  let version = 0;
  for (const command of commands) {
    const events = decide(command, state, DEFAULT_SETTINGS);
    state = events.reduce(evolve, state);
    version += events.length;
    steps.push({ events, state, version });
  }
  return steps;
}

const result = (step: { events: ClientEvent[]; version: number }, extra: Record<string, unknown> = {}) => ({
  clientId: CLIENT_ID,
  version: step.version,
  ...extra,
  events: eventSummaries(step.events),
});

/** Success bodies, by operationId (the pictures and pages are described, not exemplified). */
export function responseExamples(): Readonly<Record<string, unknown>> {
  const steps = journey();
  const step = (index: number) => {
    const found = steps[index];
    if (!found) throw new Error(`the example journey has no step ${index}`);
    return found;
  };
  const [registered, assessed, started, planned, trained, last] = [0, 1, 2, 3, 4, 5].map(step) as [
    ReturnType<typeof step>,
    ReturnType<typeof step>,
    ReturnType<typeof step>,
    ReturnType<typeof step>,
    ReturnType<typeof step>,
    ReturnType<typeof step>,
  ];
  const today = at(5);
  const summary = clientSummary(last.state, today, DEFAULT_SETTINGS);
  const storedSession = last.events.find((event) => event.type === "SessionPlanned");
  const storedPlan = planned.events.find((event) => event.type === "PlanCreated");
  const view = planView(last.state, today, DEFAULT_SETTINGS);
  const history = steps
    .flatMap((step) => step.events)
    .slice(0, 3)
    .map((event, index) => ({ ...event, version: index + 1, recordedAt: event.occurredAt }));
  const sessionBody =
    storedSession?.type === "SessionPlanned"
      ? { plannedFor: storedSession.data.plannedFor, ...storedSession.data.plan }
      : {};
  return {
    getOpenApi: { openapi: "3.0.3", info: { title: "OPT backend", version: "1.0.0" }, paths: {} },
    listPhases: { guidelineVersion: "CPT7", phases: PHASES.slice(0, 1).map((p) => GUIDELINES.CPT7[p]) },
    listExercises: { catalogueVersion: EXERCISE_LIBRARY_VERSION, items: EXERCISES.slice(0, 1) },
    registerClient: result(registered),
    getClient: { ...summary, version: last.version },
    getHistory: { items: history, nextCursor: "3" },
    setGoal: result(registered),
    recordAssessment: result(assessed, {
      assessmentId: "ohsa-1",
      activeCompensations: activeFindings(assessed.state),
      correctiveProtocol: assessed.state.correctiveProtocol,
      status: "active",
      currentPhase: null,
    }),
    startPhase: result(started),
    recordSession: result(trained, { sessionId: "s-1", recorded: true, phase: 1 }),
    previewNextSession: { clientId: CLIENT_ID, version: last.version, ...sessionBody },
    planSession: { clientId: CLIENT_ID, version: last.version, planId: SESSION_PLAN_ID, ...sessionBody },
    createPlan:
      storedPlan?.type === "PlanCreated"
        ? { clientId: CLIENT_ID, version: planned.version, ...storedPlan.data }
        : {},
    getPlan: { clientId: CLIENT_ID, version: last.version, ...view },
    clearClient: result(registered),
    getSettings: { settings: DEFAULT_SETTINGS, overrides: {}, version: 0 },
    putSettings: {
      settings: { ...DEFAULT_SETTINGS, layoffDays: 10 },
      overrides: { layoffDays: 10 },
      version: 1,
    },
    exportClient: {
      clientId: CLIENT_ID,
      version: last.version,
      exportedAt: today,
      personalData: {
        erasure: null,
        values: [
          {
            version: 1,
            type: "ClientRegistered",
            occurredAt: registered.events[0]?.occurredAt ?? today,
            field: "name",
            description: "the client's name",
            value: registration.name,
          },
        ],
      },
      summary: { ...summary, version: last.version },
      history: history.map((item) => ({ ...item, recordedBy: { actorId: "admin-1", source: "api" } })),
    },
    eraseClient: {
      clientId: CLIENT_ID,
      version: last.version + 1,
      erasure: { at: today, reason: "client-request" },
      events: [{ type: "PersonalDataErased" }],
    },
    linkWearable: {
      clientId: CLIENT_ID,
      version: last.version + 1,
      provider: "garmin",
      linked: true,
      events: [{ type: "WearableLinked" }],
    },
    unlinkWearable: {
      clientId: CLIENT_ID,
      version: last.version + 2,
      provider: "garmin",
      linked: false,
      events: [{ type: "WearableUnlinked" }],
    },
    receiveWebhook: {
      receiptId: RECEIPT_ID,
      accepted: 1,
      items: [{ index: 0, status: "accepted", externalSessionId: "strength-2026-03-04" }],
    },
    listParkedSessions: {
      items: [
        {
          parkedId: `${RECEIPT_ID}.0`,
          receiptId: RECEIPT_ID,
          index: 0,
          provider: "garmin",
          externalUserId: GARMIN_USER,
          externalSessionId: "x153a9f3-5a9478d4-6",
          performedAt: at(2, 7),
          reason: "unlinked-user",
          detail: "no client is linked to this garmin user",
          parkedAt: at(2, 9),
        },
      ],
      nextCursor: null,
    },
    replayParkedSession: {
      receiptId: RECEIPT_ID,
      outcome: {
        index: 0,
        status: "recorded",
        externalSessionId: "x153a9f3-5a9478d4-6",
        clientId: CLIENT_ID,
        sessionId: "garmin-6f1d2c3b4a5e6f708192a3b4c5d6e7f8091a2b3c",
      },
    },
    getWebhookReceipt: {
      receiptId: RECEIPT_ID,
      provider: "garmin",
      signedAt: at(2, 9),
      receivedAt: at(2, 9),
      processedAt: at(2, 9),
      runs: 1,
      items: [
        {
          index: 0,
          status: "recorded",
          externalSessionId: "x153a9f3-5a9478d4-6",
          clientId: CLIENT_ID,
          sessionId: "garmin-6f1d2c3b4a5e6f708192a3b4c5d6e7f8091a2b3c",
        },
      ],
    },
    listRoster: {
      items: [
        { clientId: CLIENT_ID, name: "Ada Client", locationId: "downtown", phase: 1, status: "active" },
      ],
      nextCursor: null,
    },
  };
}

const PROBLEM_TITLES: Readonly<Record<number, [slug: string, title: string, detail: string]>> = {
  400: ["invalid-input", "Invalid input", "The request body is invalid (1 issue)"],
  401: ["unauthorized", "Unauthorized", "an access token is required"],
  403: ["forbidden", "Forbidden", "the token does not grant location uptown"],
  404: ["not-found", "Not found", "no such client"],
  409: ["conflict", "Conflict", "concurrent changes outlasted the retries; try again"],
  412: ["precondition-failed", "Precondition failed", 'If-Match "6" does not match version 7'],
  413: ["too-large", "Too large", "the body exceeds 262144 bytes"],
  415: ["unsupported-media-type", "Unsupported media type", "send the body as application/json"],
  422: ["rule-violation", "Refused by an OPT rule", "no phase above 1 while compensations are active"],
  429: ["too-many-requests", "Too many requests", "the tenant's command budget for this second is spent"],
  503: ["unavailable", "Service unavailable", "the table is throttling; retry after Retry-After"],
};

/** An application/problem+json body for a status of a route, as the handlers write one. */
export function problemExample(
  status: number,
  route: { method: string; path: string },
): Record<string, unknown> {
  const [slug, title, detail] = PROBLEM_TITLES[status] ?? ["error", "Error", "see the status"];
  // A read's bad input is its query string; a command's, its body.
  const invalid =
    route.method === "GET"
      ? {
          detail: "The query string is invalid (1 issue)",
          errors: [{ path: "", message: 'Unrecognized key: "foo"' }],
        }
      : { detail, errors: [{ path: "performedAt", message: "an ISO 8601 instant with an offset" }] };
  return {
    type: `urn:opt:problem:${slug}`,
    title,
    status,
    detail,
    instance: route.path
      .replace("{clientId}", CLIENT_ID)
      .replace("{locationId}", "downtown")
      .replace("{asset}", "swagger-ui.css")
      .replace("{tenantId}", "demo-gym")
      .replace("{provider}", "garmin")
      .replace("{parkedId}", `${RECEIPT_ID}.0`)
      .replace("{receiptId}", RECEIPT_ID),
    ...(status === 400 ? invalid : {}),
    ...(status === 422 ? { rule: "compensations-block-later-phase" } : {}),
  };
}

/** Examples of the responses that are not JSON, by media type (shortened). */
export const TEXT_EXAMPLES: Readonly<Record<string, string>> = {
  "image/svg+xml": `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="430" viewBox="0 0 1200 430" role="img" aria-labelledby="picture-title picture-desc">
<title id="picture-title">Ada Client: progression timeline as of 1 Dec 2026</title>
<desc id="picture-desc">17 sessions and 2 assessments. Lived blocks: P1 Stabilization Endurance from 1 Jun 2026 to 5 Jul 2026; …</desc>
…
</svg>`,
  "text/html": `<!doctype html>
<html lang="en">
<head><title>OPT backend: API reference</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
…`,
  "text/css": ".swagger-ui { … }",
  "text/javascript": 'window.ui = SwaggerUIBundle({ url: "/v1/openapi.json", … });',
};
