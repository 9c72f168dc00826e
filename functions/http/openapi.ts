import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import * as z from "zod";
import { ERASED, ERASURE_REASONS } from "../../domain/client/personal-data.ts";
import { sessionPlanSchema } from "../../events/plan-schema.ts";
import { GenericPayload } from "../webhooks/mappers/generic.ts";
import { PROVIDERS } from "../webhooks/mappers/types.ts";
import { SIGNATURE_HEADER } from "../webhooks/signature.ts";
import { problemExample, REQUEST_EXAMPLES, responseExamples, TEXT_EXAMPLES } from "./openapi-examples.ts";
import {
  CreatePlanBody,
  ExercisesQuery,
  exerciseSchema,
  NextSessionQuery,
  PlanQuery,
  PlanSessionBody,
} from "./program-schemas.ts";
import { ROUTES, type RouteDefinition } from "./routes.ts";
import {
  ClearClientBody,
  ClientIdParams,
  DocsAssetParams,
  ErasureBody,
  HistoryQuery,
  LinkWearableBody,
  LocationParams,
  NoQuery,
  ParkedQuery,
  ParkedSessionParams,
  PhasesQuery,
  Problem,
  ProviderParams,
  ReceiptParams,
  RecordAssessmentBody,
  RecordSessionBody,
  RegisterClientBody,
  RosterQuery,
  SetGoalBody,
  StartPhaseBody,
  TenantSettingsBody,
  WearableParams,
  WebhookParamsDoc,
} from "./schemas.ts";

// zod-to-openapi writes a loose object's extra properties as `{ nullable: true }`, which OpenAPI 3.0 does
// not allow without a type: any extra property is what is meant.
const OPEN = { additionalProperties: true };

const CommandResult = z
  .object({
    clientId: z.uuid(),
    version: z.number().int(),
    events: z.array(z.object({ type: z.string() }).loose().meta(OPEN)).optional(),
  })
  .loose()
  .meta(OPEN)
  .meta({
    id: "CommandResult",
    description: "The stream version after the command and the events it appended.",
  });

const erasedNote = `"${ERASED}" once the client's personal data is erased`;

const Erasure = z
  .object({ at: z.string(), reason: z.enum(ERASURE_REASONS) })
  .meta({ description: "When and why the client's personal data was erased" });

const ClientSummary = z
  .object({
    clientId: z.uuid(),
    name: z.string().meta({ description: `The client's name; ${erasedNote}` }),
    locationId: z.string(),
    status: z.enum(["active", "referred"]),
    goal: z.string().nullable(),
    currentPhase: z.number().int().min(1).max(5).nullable(),
    phaseStartedAt: z.string().nullable(),
    weekInPhase: z.number().int().nullable(),
    activeCompensations: z.array(
      z.object({ assessment: z.string(), compensation: z.string(), side: z.string() }),
    ),
    correctiveProtocol: z.object({}).loose().meta(OPEN).nullable(),
    recommendation: z.object({ fromPhase: z.number(), toPhase: z.number(), at: z.string() }).nullable(),
    nextReassessmentDue: z.string().nullable(),
    lastPlan: z
      .object({
        planId: z.uuid(),
        plannedFor: z.string(),
        phase: z.number().int().min(1).max(5),
        performed: z.boolean(),
        sessionId: z.string().nullable(),
      })
      .nullable()
      .meta({ description: "The latest stored session plan and the session that performed it" }),
    plannedPhase: z
      .number()
      .int()
      .min(1)
      .max(5)
      .nullable()
      .meta({ description: "The periodized plan's phase on the day" }),
    nextBlockDue: z.string().nullable().meta({ description: "ISO date the plan's next block starts" }),
    erasure: Erasure.nullable(),
    version: z.number().int(),
  })
  .loose()
  .meta(OPEN)
  .meta({ id: "ClientSummary" });

const historyItem = {
  type: z.string(),
  version: z.number().int(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  data: z
    .object({})
    .loose()
    .meta(OPEN)
    .meta({ description: `The event's data; each personal field reads ${erasedNote}` }),
};

const ClientExport = z
  .object({
    clientId: z.uuid(),
    version: z.number().int(),
    exportedAt: z.string(),
    personalData: z.object({
      erasure: Erasure.nullable(),
      values: z.array(
        z.object({
          version: z.number().int().meta({ description: "The event that recorded it" }),
          type: z.string(),
          occurredAt: z.string(),
          field: z.string(),
          description: z.string(),
          value: z.string().meta({ description: erasedNote }),
        }),
      ),
    }),
    summary: ClientSummary,
    history: z.array(
      z.object({
        ...historyItem,
        recordedBy: z.object({ actorId: z.string(), source: z.enum(["api", "webhook", "system", "seed"]) }),
      }),
    ),
  })
  .meta({
    id: "ClientExport",
    description: "Everything held about the client: its personal values, its summary and its whole history",
  });

const ErasureResult = z
  .object({
    clientId: z.uuid(),
    version: z.number().int(),
    erasure: Erasure,
    events: z.array(z.object({ type: z.string() }).loose().meta(OPEN)),
  })
  .meta({ id: "ErasureResult" });

const planPhase = z.number().int().min(1).max(5);
const PlanBlock = z
  .object({
    phase: planPhase,
    startsOn: z.string().meta({ description: "ISO date" }),
    weeks: z.number().int().min(1),
    sessionsPerWeek: z.number().int().min(1),
    reason: z.string(),
    why: z.string(),
    days: z
      .array(planPhase)
      .optional()
      .meta({ description: "Undulating plans: the phase of each weekly session" }),
  })
  // Inline, not a component: OpenAPI 3.0 cannot mark a $ref nullable (`next` is null in the last block).
  .meta({ description: "A block of the plan" });
const planFields = {
  clientId: z.uuid(),
  version: z.number().int(),
  planId: z.uuid(),
  startsOn: z.string(),
  weeks: z.number().int(),
  periodization: z.enum(["linear", "undulating"]),
  sessionsPerWeek: z.number().int(),
  blocks: z.array(PlanBlock),
};
const CreatedPlan = z
  .object(planFields)
  .meta({ id: "CreatedPlan", description: "The plan as PlanCreated stored it" });
const PlanView = z
  .object({
    ...planFields,
    current: z
      .object({ index: z.number().int(), block: PlanBlock, week: z.number().int().min(1) })
      .nullable(),
    next: PlanBlock.nullable(),
    drift: z.object({
      plannedPhase: planPhase.nullable(),
      actualPhase: planPhase.nullable(),
      matches: z.boolean(),
    }),
  })
  .meta({ id: "PlanView", description: "The current plan, where the client stands in it, and drift" });

const History = z
  .object({
    items: z.array(z.object(historyItem)),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "History" });

const Roster = z
  .object({
    items: z.array(
      z
        .object({
          clientId: z.string(),
          name: z.string().meta({ description: `The client's name; ${erasedNote}` }),
          phase: z.number().nullable(),
          status: z.string(),
        })
        .loose()
        .meta(OPEN),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "Roster" });

const Settings = z
  .object({
    settings: z.object({}).loose().meta(OPEN),
    overrides: TenantSettingsBody(),
    version: z.number().int(),
  })
  .meta({ id: "Settings" });

const Phases = z
  .object({
    guidelineVersion: z.string(),
    phases: z.array(z.object({ phase: z.number(), name: z.string() }).loose().meta(OPEN)),
  })
  .meta({ id: "Phases" });

const Exercises = z
  .object({ catalogueVersion: z.string(), items: z.array(exerciseSchema()) })
  .meta({ id: "Exercises" });

const NextSession = sessionPlanSchema()
  .extend({ clientId: z.uuid(), plannedFor: z.string(), version: z.number().int() })
  .meta({ id: "NextSession", description: "A generated session; nothing is stored" });

const StoredPlan = sessionPlanSchema()
  .extend({ clientId: z.uuid(), version: z.number().int(), planId: z.uuid(), plannedFor: z.string() })
  .meta({ id: "StoredSessionPlan", description: "The plan as stored in its SessionPlanned event" });

const WearableLinkResult = z
  .object({
    clientId: z.uuid(),
    version: z.number().int(),
    provider: z.enum(PROVIDERS),
    linked: z.boolean(),
    events: z.array(z.object({ type: z.string() }).loose().meta(OPEN)),
  })
  .meta({ id: "WearableLinkResult" });

const itemProblems = z.array(z.object({ path: z.string(), message: z.string() }));
const WebhookAccepted = z
  .object({
    receiptId: z.uuid(),
    accepted: z.number().int().meta({ description: "Items queued to be recorded" }),
    items: z.array(
      z.object({
        index: z.number().int(),
        status: z.enum(["accepted", "invalid"]),
        externalSessionId: z.string().optional(),
        problems: itemProblems.optional(),
      }),
    ),
  })
  .meta({ id: "WebhookAccepted", description: "The post's receipt and each item's status" });

const ParkedSession = z
  .object({
    parkedId: z.string(),
    receiptId: z.uuid(),
    index: z.number().int(),
    provider: z.enum(PROVIDERS),
    externalUserId: z.string(),
    externalSessionId: z.string(),
    performedAt: z.string(),
    reason: z.enum(["unlinked-user", "opt-rule"]),
    rule: z.string().optional(),
    detail: z.string(),
    parkedAt: z.string(),
  })
  .meta({ id: "ParkedSession" });
const ParkedSessions = z
  .object({ items: z.array(ParkedSession), nextCursor: z.string().nullable() })
  .meta({ id: "ParkedSessions" });

const ItemOutcome = z
  .object({
    index: z.number().int(),
    status: z.enum(["recorded", "duplicate", "parked", "invalid"]),
    externalSessionId: z.string().optional(),
    clientId: z.uuid().optional(),
    sessionId: z.string().optional(),
    parkedId: z.string().optional(),
    reason: z.enum(["unlinked-user", "opt-rule"]).optional(),
    rule: z.string().optional(),
    detail: z.string().optional(),
    problems: itemProblems.optional(),
  })
  .meta({ id: "WebhookItemOutcome", description: "What became of one item of a post" });
const WebhookReceipt = z
  .object({
    receiptId: z.uuid(),
    provider: z.enum(PROVIDERS),
    signedAt: z.string(),
    receivedAt: z.string(),
    processedAt: z.string(),
    runs: z.number().int().meta({ description: "Processings so far: replays and redeliveries count" }),
    items: z.array(ItemOutcome),
  })
  .meta({ id: "WebhookReceipt" });
const ReplayResult = z
  .object({
    receiptId: z.uuid(),
    outcome: ItemOutcome.optional().meta({
      description: "Absent when the current mapper no longer finds the item in the archived post",
    }),
  })
  .meta({ id: "ParkedSessionReplay" });

const SIGNATURE_HEADERS = z.object({
  [SIGNATURE_HEADER]: z.string().meta({
    description:
      't=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>; several v1 values while a secret rotates',
    example: "t=1780000000,v1=5f0c2b9e4d7a31c8e6b0f4a2d9c1e7b35a8f0d2c4e6b8a1f3d5c7e9b0a2c4e6f",
  }),
});

const json = (schema: z.ZodType, example?: unknown) => ({
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem() } },
});

/** What API Gateway answers itself (its JWT authorizer, its throttling), before any handler runs. */
const GatewayMessage = z.object({ message: z.string() }).meta({ id: "GatewayMessage" });
const gateway = (description: string) => ({
  description,
  content: { "application/json": { schema: GatewayMessage, example: { message: "Too Many Requests" } } },
});

/** Every problem response of a route with an example of its own (its path, its kind of input). */
function withProblemExamples(route: RouteDefinition, responses: RouteConfig["responses"]) {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      const content = (response as { content?: Record<string, object> }).content;
      const media = content?.["application/problem+json"];
      return [
        status,
        media
          ? {
              ...response,
              content: {
                ...content,
                "application/problem+json": { ...media, example: problemExample(Number(status), route) },
              },
            }
          : response,
      ];
    }),
  );
}

/** The operation's request with the example body beside its schema. */
function withBodyExample(request: Operation["request"], example: unknown): Operation["request"] {
  const media = request?.body?.content["application/json"];
  if (!request?.body || !media || example === undefined) return request;
  return { ...request, body: { ...request.body, content: { "application/json": { ...media, example } } } };
}

type Operation = Pick<RouteConfig, "summary" | "request"> & {
  description: string;
  /** Status, description, schema, and the media types when not JSON (a picture, a page, a script). */
  success: [number, string, z.ZodType, ...string[]];
  /** Responses of this operation alone. */
  also?: RouteConfig["responses"];
};

const text = (description: string) => z.string().meta({ description });

const OPERATIONS: Record<string, Operation> = {
  getDocs: {
    summary: "The interactive API reference",
    description:
      "This reference as an interactive page (Swagger UI from the swagger-ui-dist package, served from its own files; no CDN). Needs no token; use Authorize to try the protected operations with a bearer token.",
    request: { query: NoQuery() },
    success: [200, "The reference page", text("An HTML page"), "text/html"],
  },
  getDocsAsset: {
    summary: "A file of the reference page",
    description:
      "A script or style sheet of the reference page, from the swagger-ui-dist package (or the page's own initialiser).",
    request: { params: DocsAssetParams(), query: NoQuery() },
    success: [200, "The style sheet or script", text("CSS or JavaScript"), "text/css", "text/javascript"],
  },
  getTimeline: {
    summary: "The client's progression timeline, drawn",
    description:
      "The client's journey drawn as an SVG picture 1200 px wide: planned and lived phase blocks labelled with the phase name, sessions sized and shaded by compliance, assessments with their number of compensations, cycle-backs, referrals and clearances labelled with their reason, advance recommendations, and today. Accessible: a title, a description in words, text labels. Drawn from the same read models as the summary and the plan.",
    request: { params: ClientIdParams(), query: NoQuery() },
    success: [
      200,
      "An SVG picture as of today",
      text("SVG markup with a title and a description"),
      "image/svg+xml",
    ],
  },
  getOpenApi: {
    summary: "This document",
    description:
      "The OpenAPI 3.0 contract of this API, generated from the zod schemas the handlers validate with. Needs no token.",
    success: [200, "OpenAPI 3.0 document", z.object({}).loose().meta(OPEN)],
  },
  listPhases: {
    summary: "The OPT guideline catalogue",
    description:
      "The five OPT phases with their acute variables (sets, reps, tempo, rest, intensity) per component, under a guideline version (CPT7 by default).",
    request: { query: PhasesQuery() },
    success: [200, "Phases with acute variables", Phases],
  },
  listExercises: {
    summary: "The exercise library",
    description:
      "The versioned exercise library, filtered by component, movement pattern, OPT level and the equipment at hand (an empty list means body weight only).",
    request: { query: ExercisesQuery() },
    success: [200, "Exercises matching every filter (equipment: all they need is available)", Exercises],
  },
  previewNextSession: {
    summary: "Preview the client's next session",
    description:
      "Generates the client's next session from their phase, week, corrective protocol, goal and the equipment at hand, each exercise with why it is there. Stores nothing; the same seed and day give the same session.",
    request: { params: ClientIdParams(), query: NextSessionQuery() },
    success: [200, "The generated session, each exercise with why; stores nothing", NextSession],
    also: {
      422: problem(
        "Refused by an OPT rule: referral-blocks-programming (referred) or session-requires-phase (no current phase)",
      ),
    },
  },
  planSession: {
    summary: "Generate and store the client's next session",
    description:
      "Generates the client's next session as the preview does and stores it whole (SessionPlanned), so a session recorded later with its planId is graded against it.",
    request: { params: ClientIdParams(), body: json(PlanSessionBody()) },
    success: [201, "Stored (SessionPlanned); record the session later with its planId", StoredPlan],
  },
  createPlan: {
    summary: "Build and store the client's periodized plan",
    description:
      "Builds a periodized plan of blocks along the goal's path (linear or undulating weeks, Phase 1 recovery between high-intensity blocks) and stores it (PlanCreated). The plan recommends; the trainer still starts each block.",
    request: { params: ClientIdParams(), body: json(CreatePlanBody()) },
    success: [
      201,
      "Stored (PlanCreated); each block with its reason, why and (undulating) days",
      CreatedPlan,
    ],
  },
  getPlan: {
    summary: "The client's current plan, their block and week in it, the next block and drift",
    description:
      "The client's current plan with each block explained, the block and week the client is in on the day, the next block, and whether the actual phase follows the plan (drift).",
    request: { params: ClientIdParams(), query: PlanQuery() },
    success: [200, "The plan as of the day (asOf, default now)", PlanView],
  },
  registerClient: {
    summary: "Register a client",
    description:
      "Registers a client at a location with a goal; the goal's phase path comes from the tenant's settings. The client id is made by the server.",
    request: { body: json(RegisterClientBody()) },
    success: [201, "Registered", CommandResult],
  },
  getClient: {
    summary: "A client's summary",
    description:
      "The client summary as of now: current phase and week, compensations and corrective protocol, advance recommendation, next reassessment, plan position, status. ETag is the stream version.",
    request: {
      params: ClientIdParams(),
      headers: z.object({
        "if-none-match": z
          .string()
          .optional()
          .meta({ description: "An ETag from a previous read; 304 if current." }),
      }),
    },
    success: [200, "Summary (ETag = stream version)", ClientSummary],
    also: { 304: { description: "Not modified: If-None-Match names the current version" } },
  },
  getHistory: {
    summary: "A client's events in order",
    description: "The client's events in version order, a page at a time (cursor = the last version seen).",
    request: { params: ClientIdParams(), query: HistoryQuery() },
    success: [200, "A page of events", History],
  },
  setGoal: {
    summary: "Change the goal",
    description:
      "Changes the client's goal and so the phase path; a plan, if any, is rebuilt from the week of the change.",
    request: { params: ClientIdParams(), body: json(SetGoalBody()) },
    success: [200, "Goal set (a change to the client, not a new resource)", CommandResult],
  },
  recordAssessment: {
    summary: "Record an assessment",
    description:
      "Records an assessment with its findings; movement assessments update the corrective protocol (inhibit, lengthen, activate, integrate). Pain refers the client.",
    request: { params: ClientIdParams(), body: json(RecordAssessmentBody()) },
    success: [201, "Recorded, with the corrective protocol", CommandResult],
  },
  startPhase: {
    summary: "Start a phase",
    description:
      "Starts a block of a phase, checked against the OPT rules (start in Phase 1, no later phase while compensations are active, on the goal's path, within the guideline); a trainer may override a rule with a reason.",
    request: { params: ClientIdParams(), body: json(StartPhaseBody()) },
    success: [201, "Phase started", CommandResult],
  },
  recordSession: {
    summary: "Record a completed session",
    description:
      "Records a performed session: compliance against the phase's acute variables and, with a planId, adherence to the stored plan. A layoff, returning compensations or the end of a high-intensity block cycle the client back first; pain refers.",
    request: { params: ClientIdParams(), body: json(RecordSessionBody()) },
    success: [201, "Recorded, with compliance", CommandResult],
  },
  clearClient: {
    summary: "Clear a referred client to train",
    description: "Ends a referral once a professional has cleared the client; Phase 1 restarts.",
    request: { params: ClientIdParams(), body: json(ClearClientBody()) },
    success: [201, "Cleared; Phase 1 restarts", CommandResult],
  },
  exportClient: {
    summary: "Everything held about a client, personal data included (admins)",
    description:
      'Every personal value held about the client with the event that recorded it, the summary and the whole history with who recorded each event, decrypted: what a data subject access request asks for. After an erasure each personal value reads "[erased]".',
    request: { params: ClientIdParams() },
    success: [200, "The export: personal values, summary and the whole history, decrypted", ClientExport],
  },
  eraseClient: {
    summary: "Erase a client's personal data, keeping its training history (admins)",
    description:
      "Appends PersonalDataErased and destroys the client's data key in one transaction: every sealed copy of the name, date of birth and notes becomes unreadable, while phases, sessions and compliance stay for the gym's statistics. Erasing again appends nothing.",
    request: { params: ClientIdParams(), body: json(ErasureBody()) },
    success: [
      200,
      "Erased (PersonalDataErased; the client's key destroyed), or erased before: no new event",
      ErasureResult,
    ],
  },
  getSettings: {
    summary: "The tenant's programme settings",
    description:
      "The tenant's programme settings in force (defaults merged with the tenant's overrides) and its version for If-Match.",
    success: [200, "Settings in force, overrides, version (ETag)", Settings],
  },
  putSettings: {
    summary: "Replace the tenant's setting overrides (admins)",
    description:
      "Replaces the tenant's setting overrides (admins only); If-Match guards against a concurrent change.",
    request: { body: json(TenantSettingsBody()) },
    success: [200, "Settings in force", Settings],
  },
  linkWearable: {
    summary: "Link the client's account at a wearable provider",
    description:
      "Links the client's user at a provider, so that the provider's webhook posts for that user record sessions in the client's history (WearableLinked; the user id is personal data, sealed). One user is one client's per tenant: linking it to a second client is a 409. Linking another user of the same provider replaces the first.",
    request: { params: ClientIdParams(), body: json(LinkWearableBody()) },
    success: [201, "Linked (or already linked: no new event)", WearableLinkResult],
    also: {
      409: problem(
        "The provider's user is linked to another client, or concurrent changes outlasted the retries",
      ),
    },
  },
  unlinkWearable: {
    summary: "Unlink the client's account at a wearable provider",
    description:
      "Unlinks the client's user at the provider (WearableUnlinked): the provider's later posts for that user are parked. Unlinking what is not linked changes nothing.",
    request: { params: WearableParams() },
    success: [200, "Unlinked", WearableLinkResult],
  },
  receiveWebhook: {
    summary: "A wearable provider posts completed sessions (signed, no token)",
    description: `A provider's post of completed sessions, authenticated by an HMAC signature with the tenant's secret for the provider instead of a token: header ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>, over the exact bytes sent, within 300 s of our clock; several v1 values are accepted while a secret rotates. The body is the provider's own format: generic (this schema), terra (activity webhook), openmhealth (physical-activity and heart-rate data points), healthkit ({externalUserId, workouts: [HKWorkout]}) or garmin (activities or activityDetails push); at most 100 sessions. The post is archived as it came and queued: each session is recorded once in the history of the client linked to its user, whatever the number of deliveries (its session id derives from the provider's), or parked when no client is linked or an OPT rule refuses it.`,
    request: { params: WebhookParamsDoc(), headers: SIGNATURE_HEADERS, body: json(GenericPayload) },
    success: [202, "Accepted and queued: the receipt, and each item's status", WebhookAccepted],
    also: {
      401: problem("The signature is missing, malformed, stale or matches no secret"),
      413: problem("Over 5 MB"),
      415: problem("Not application/json"),
      503: problem("Secrets Manager, S3 or SQS is unavailable; retry after Retry-After"),
    },
  },
  listParkedSessions: {
    summary: "Wearable sessions that could not be recorded yet (admins)",
    description:
      "The tenant's parked sessions from a provider, oldest first: their user is linked to no client (unlinked-user), or an OPT rule refused them (opt-rule, naming the rule: no phase yet, referred, ...). They are kept 90 days, with their archived post, to be replayed.",
    request: { params: ProviderParams(), query: ParkedQuery() },
    success: [200, "A page of parked sessions", ParkedSessions],
  },
  replayParkedSession: {
    summary: "Replay a parked wearable session (admins)",
    description:
      "Runs a parked session through the current mapper and the OPT rules again, from its archived post: once its user is linked, or the rule no longer refuses it. It is recorded at most once; still refused, it stays parked with the new reason.",
    request: { params: ParkedSessionParams() },
    success: [200, "What became of the session", ReplayResult],
  },
  getWebhookReceipt: {
    summary: "What became of each item of a webhook post (admins)",
    description:
      "A post's receipt once processed: each item recorded (with the client and the session id), a duplicate of a session already recorded, parked (with the reason) or invalid (with the problems). Replays update it.",
    request: { params: ReceiptParams() },
    success: [200, "The receipt", WebhookReceipt],
  },
  listRoster: {
    summary: "A location's clients, by phase",
    description:
      "A location's clients with their phase and status, kept by the stream projector (eventually consistent), optionally by phase, a page at a time.",
    request: { params: LocationParams(), query: RosterQuery() },
    success: [200, "A page of the roster", Roster],
  },
};

const WRITE_HEADERS = z.object({
  "idempotency-key": z
    .string()
    .max(128)
    .optional()
    .meta({ description: "Repeat a POST safely: the same key and body return the first response." }),
  "if-match": z
    .string()
    .optional()
    .meta({ description: "The ETag (stream version) the change is based on; 412 if it moved." }),
});

/** OpenAPI 3.0 (API Gateway imports 3.0, not 3.1), generated from the route table and the zod schemas. */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  const examples = responseExamples();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  for (const route of ROUTES) {
    const operation = OPERATIONS[route.operationId];
    if (!operation) throw new Error(`no OpenAPI description for ${route.operationId}`);
    const [status, description, schema, ...mediaTypes] = operation.success;
    const writes = route.method !== "GET";
    const clientCommand = writes && route.path.startsWith("/v1/clients");
    const success =
      mediaTypes.length === 0
        ? json(schema, examples[route.operationId])
        : {
            content: Object.fromEntries(
              mediaTypes.map((type) => [type, { schema, example: TEXT_EXAMPLES[type] }]),
            ),
          };
    registry.registerPath({
      method: route.method.toLowerCase() as "get" | "post" | "put" | "delete",
      path: route.path,
      operationId: route.operationId,
      summary: operation.summary,
      description: operation.description,
      security: route.anonymous ? [] : [{ bearer: [] }],
      request: {
        ...withBodyExample(operation.request, REQUEST_EXAMPLES[route.operationId]),
        ...(clientCommand ? { headers: WRITE_HEADERS } : {}),
      },
      responses: withProblemExamples(route, {
        [status]: { description, ...success },
        400: problem("Invalid input, naming the failing fields"),
        ...(route.anonymous
          ? {}
          : {
              401: {
                description:
                  "No valid bearer token (API Gateway's JWT authorizer answers {message}), or a verified token that is not an access token (a problem)",
                content: {
                  "application/json": { schema: GatewayMessage, example: { message: "Unauthorized" } },
                  "application/problem+json": { schema: Problem() },
                },
              },
              403: problem("The token does not grant this"),
            }),
        404: problem("Unknown, or another tenant's"),
        // A webhook post is not a command on a client: its own problems are listed with it.
        ...(writes && !route.anonymous
          ? {
              409: problem("Concurrent changes outlasted the retries"),
              412: problem("If-Match does not match the stream version"),
              413: problem("Too large"),
              415: problem("Not application/json"),
              422: problem(
                "Refused by an OPT rule (the body names the rule), a personal value for a client whose personal data was erased (personal-data-erased, naming the fields), or an Idempotency-Key reused with another body",
              ),
            }
          : {}),
        429:
          writes && !route.anonymous
            ? {
                description:
                  "Over the API's throttling limits (API Gateway answers {message}), or the tenant's command budget for the second is spent (a problem with Retry-After)",
                content: {
                  "application/json": { schema: GatewayMessage, example: { message: "Too Many Requests" } },
                  "application/problem+json": { schema: Problem() },
                },
              }
            : gateway("Over the API's throttling limits (answered by API Gateway)"),
        503: problem("DynamoDB is throttling; retry after Retry-After"),
        ...operation.also,
      }),
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: "3.0.3",
    info: {
      title: "OPT backend",
      version: "1.0.0",
      description: "Event-sourced client tracking for NASM's OPT model.",
    },
    servers: [{ url: "/" }],
  });
}
