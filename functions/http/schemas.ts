import * as z from "zod";
import { ERASED_CLIENT_POLICIES, ERASURE_REASONS } from "../../domain/client/personal-data.ts";
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_PROTOCOLS,
  COMPENSATIONS,
  SEVERITIES,
  SIDES,
} from "../../domain/compensations/types.ts";
import { exerciseById } from "../../domain/exercises/library.ts";
import { EQUIPMENT, EXERCISE_COMPONENTS } from "../../domain/exercises/types.ts";
import { GOALS } from "../../domain/goals.ts";
import { GUIDELINE_VERSIONS } from "../../domain/guidelines/types.ts";
import { PHASES } from "../../domain/phases.ts";
import { once } from "../../events/once.ts";
import { ID_PATTERN } from "../auth/claims.ts";
import { PROVIDERS } from "../webhooks/mappers/types.ts";
import { DOCS_ASSETS, type DocsAsset } from "./docs-page.ts";
import { MULTI_LINE, PLAIN_TEXT, SINGLE_LINE } from "./plain-text.ts";

/** A library exercise id; unknown ids are named in the 400. */
const exerciseId = z
  .string()
  .max(64)
  .refine((id) => exerciseById(id) !== undefined, "not an exercise of the library (GET /v1/exercises)");

/** What one session may log: every generated plan fits (a property test checks it). */
export const MAX_LOGGED_EXERCISES = 60;
export const MAX_LOGGED_SETS = 300;

/** Request and response shapes of the API; the OpenAPI document is generated from these. */
/** The earliest business date the API takes: backdated history reaches this far, and analytics with it. */
export const EARLIEST = "1900-01-01";
/** Any offset is accepted; commands and events carry the instant in UTC, so one moment is one string. */
export const instant = z.iso
  .datetime({ offset: true })
  // zod runs every check, so these also see strings that failed the format: those they leave alone.
  .refine((at) => !(Date.parse(at) < Date.parse(`${EARLIEST}T00:00:00Z`)), `must not be before ${EARLIEST}`)
  .overwrite((at) => (Number.isNaN(Date.parse(at)) ? at : new Date(at).toISOString()))
  .meta({ description: "ISO-8601 instant (business time), stored in UTC", example: "2026-03-02T09:00:00Z" });
export const date = z.iso.date().refine((day) => day >= EARLIEST, `must not be before ${EARLIEST}`);
const identifier = z.string().regex(ID_PATTERN, "letters, digits, '-' or '_', at most 64");
// zod-to-openapi documents a literal of several values by its first only: the enum is stated here.
const phase = z.literal(PHASES).meta({ description: "OPT phase 1–5", type: "integer", enum: [...PHASES] });
const MAX_MEASUREMENTS = 50;
/** A measured quantity DynamoDB can store: 0, or a magnitude from 1e-130 to below 1e126. */
const measure = () =>
  z
    .number()
    .finite()
    .refine(
      (n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126),
      "0, or between 1e-130 and 1e126 in magnitude",
    );
/** Free text, trimmed and non-empty; only notes span lines. */
const text = (max: number, lines: "single" | "multi" = "single") =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(lines === "multi" ? MULTI_LINE : SINGLE_LINE, PLAIN_TEXT);
const label = (max: number) => z.string().max(max).regex(SINGLE_LINE, PLAIN_TEXT);

/*
 * Each route's schemas are built on first use (once), not at import: nearly every handler imports this
 * module, and building every route's schemas took ~35 ms of each one's cold start. One instance each
 * also keeps each `meta` id registered once (the OpenAPI document reads them).
 */
export const ClientIdParams = once(() =>
  z.object({
    clientId: z.uuid().meta({ example: "8d3c6f4e-2b1a-4c5d-9e8f-7a6b5c4d3e2f" }),
  }),
);
export const LocationParams = once(() => z.object({ locationId: identifier.meta({ example: "downtown" }) }));
/** Routes without query parameters refuse any (the timeline is drawn as of the request's day). */
export const NoQuery = once(() => z.strictObject({}));
export const DocsAssetParams = once(() =>
  z.object({
    asset: z
      .enum(Object.keys(DOCS_ASSETS) as [DocsAsset, ...DocsAsset[]])
      .meta({ example: "swagger-ui.css" }),
  }),
);

export const RegisterClientBody = once(() =>
  z
    .strictObject({
      name: text(200),
      dateOfBirth: date,
      goal: z.enum(GOALS),
      locationId: identifier,
      trainerId: identifier.optional(),
      registeredAt: instant.optional(),
    })
    .meta({ id: "RegisterClient" }),
);

export const providerName = z
  .enum(PROVIDERS)
  .meta({ description: "A wearable provider whose payloads we map", example: "garmin" });
/** A provider's id of a person or a session: printable text up to 256 characters, not blank. */
export const externalId = z
  .string()
  .min(1)
  .max(256)
  .regex(SINGLE_LINE, PLAIN_TEXT)
  .refine((id) => id === "" || /\S/.test(id), "must not be blank");

export const WearableParams = once(() => ClientIdParams().extend({ provider: providerName }));

export const LinkWearableBody = once(() =>
  z
    .strictObject({
      provider: providerName,
      externalUserId: externalId.meta({
        description: "The client's user id at the provider (as its webhooks name the user)",
        example: "0c1f6a3e-7d29-4b8a-9f3e-5c2d1b0a9e87",
      }),
      at: instant.optional(),
    })
    .meta({ id: "LinkWearable" }),
);

export const SetGoalBody = once(() =>
  z.strictObject({ goal: z.enum(GOALS), at: instant.optional() }).meta({ id: "SetGoal" }),
);

export const RecordAssessmentBody = once(() =>
  z
    .strictObject({
      assessmentId: identifier.optional(),
      type: z.enum(ASSESSMENT_KINDS),
      performedAt: instant,
      protocolVersion: z.enum(ASSESSMENT_PROTOCOLS).optional(),
      findings: z
        .array(
          z.strictObject({
            compensation: z.enum(COMPENSATIONS),
            side: z.enum(SIDES).default("bilateral"),
            severity: z.enum(SEVERITIES).optional(),
          }),
        )
        .max(20)
        .default([]),
      pain: z.boolean().default(false),
      measurements: z
        .record(label(64).min(1, "a measurement needs a name"), measure())
        .refine((entries) => Object.keys(entries).length <= MAX_MEASUREMENTS, {
          message: `at most ${MAX_MEASUREMENTS} measurements`,
          abort: true,
        })
        .meta({ maxProperties: MAX_MEASUREMENTS })
        .optional(),
      oneRepMaxes: z
        .array(
          z.strictObject({
            exercise: text(100),
            kg: measure().positive().max(1000),
            method: z.enum(["measured", "epley", "brzycki"]),
          }),
        )
        .max(50)
        .optional(),
      notes: text(2000, "multi").optional(),
    })
    .meta({ id: "RecordAssessment" }),
);

export const StartPhaseBody = once(() =>
  z
    .strictObject({
      phase,
      startedAt: instant,
      plannedWeeks: z.number().int().min(1).max(52).optional(),
      sessionsPerWeek: z.number().int().min(1).max(14).optional(),
      overrideReason: text(500).optional(),
      muscularEndurance: z
        .boolean()
        .optional()
        .meta({ description: "Phase 3 only: the 12–20-rep option for extra muscular endurance" }),
    })
    .meta({ id: "StartPhase" }),
);

const loggedSet = () =>
  z
    .strictObject({
      reps: z.number().int().min(0).max(1000).optional(),
      durationSeconds: z
        .number()
        .int()
        .min(0)
        .max(4 * 3600)
        .optional(),
      loadKg: measure().min(0).max(1000).optional(),
      tempo: label(16).optional(),
      restSeconds: z.number().int().min(0).max(3600).optional(),
      heartRate: z.number().int().min(20).max(250).optional(),
    })
    .refine((set) => set.reps !== undefined || set.durationSeconds !== undefined, "reps or durationSeconds");

/** With an `exerciseId` the name may be left out (the library's is used) and the component must agree. */
export const loggedExercise = once(() =>
  z
    .strictObject({
      name: text(100).optional(),
      exerciseId: exerciseId.optional(),
      component: z.enum(EXERCISE_COMPONENTS).optional(),
      supersetGroup: label(16).optional(),
      sets: z.array(loggedSet()).min(1).max(10),
    })
    .superRefine((exercise, context) => {
      const known = exercise.exerciseId === undefined ? undefined : exerciseById(exercise.exerciseId);
      if (exercise.name === undefined && exercise.exerciseId === undefined)
        context.addIssue({ code: "custom", path: ["name"], message: "a name or an exerciseId" });
      if (known && exercise.component !== undefined && exercise.component !== known.component)
        context.addIssue({
          code: "custom",
          path: ["component"],
          message: `${known.id} is ${known.component} work in the library`,
        });
    })
    .transform(({ name, exerciseId: id, component, ...rest }) => {
      const known = id === undefined ? undefined : exerciseById(id);
      return {
        ...rest,
        name: name ?? known?.name ?? "",
        ...(id === undefined ? {} : { exerciseId: id }),
        component: component ?? known?.component ?? "resistance",
      };
    }),
);

export const RecordSessionBody = once(() =>
  z
    .strictObject({
      sessionId: identifier.optional(),
      planId: z
        .uuid()
        .optional()
        .meta({ description: "The stored plan (POST /session-plans) this session performs" }),
      performedAt: instant,
      phase: phase.optional().meta({
        description:
          "An undulating plan's day: the phase of this session, one of the planned block's days (default: the block's)",
      }),
      durationMinutes: measure().min(0).max(600).optional(),
      // A plan with corrective work can prescribe many short items; 300 sets bound the event as 30 × 10 did.
      exercises: z
        .array(loggedExercise())
        .max(MAX_LOGGED_EXERCISES)
        .refine(
          (exercises) => exercises.reduce((sets, e) => sets + e.sets.length, 0) <= MAX_LOGGED_SETS,
          `at most ${MAX_LOGGED_SETS} sets in a session`,
        ),
      avgHeartRate: z.number().int().min(20).max(250).optional(),
      maxHeartRate: z.number().int().min(20).max(250).optional(),
      rpe: measure().min(0).max(20).optional(),
      pain: z.boolean().default(false),
    })
    .meta({ id: "RecordSession" }),
);

export const ClearClientBody = once(() =>
  z
    .strictObject({ clearedAt: instant.optional(), notes: text(2000, "multi").optional() })
    .meta({ id: "ClearClient" }),
);

export const HistoryQuery = once(() =>
  z.strictObject({
    cursor: z
      .string()
      .regex(/^\d{1,10}$/, "a cursor from a previous page")
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
);

export const RosterQuery = once(() =>
  z.strictObject({
    phase: z.coerce.number().int().min(1).max(5).optional(),
    cursor: z.string().max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
);

export const ProviderParams = once(() => z.object({ provider: providerName }));
/** The webhook's path, as documented (the receiver checks it itself, answering 404). */
export const WebhookParamsDoc = once(() =>
  ProviderParams().extend({
    tenantId: identifier.meta({ description: "The tenant the post is for", example: "demo-gym" }),
  }),
);
/** `<receiptId>.<index>`: the post the session came in, and its place in it. */
const parkedId = () =>
  z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.\d{1,3}$/,
      "<receiptId>.<index>",
    )
    .meta({ example: "019ad5e2-4b7c-7d10-9a3e-2f6c1b8e0d47.0" });
export const ParkedSessionParams = once(() => ProviderParams().extend({ parkedId: parkedId() }));
export const ReceiptParams = once(() =>
  ProviderParams().extend({
    receiptId: z.uuid().meta({ example: "019ad5e2-4b7c-7d10-9a3e-2f6c1b8e0d47" }),
  }),
);
export const ParkedQuery = once(() =>
  z.strictObject({
    cursor: parkedId().optional().meta({ description: "nextCursor of the previous page" }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
);

export const PhasesQuery = once(() => z.strictObject({ version: z.enum(GUIDELINE_VERSIONS).optional() }));

export const Problem = once(() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number(),
      detail: z.string(),
      instance: z.string().optional().meta({ description: "The request's path" }),
      rule: z.string().optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .meta({ id: "Problem" }),
);

/** A goal's path starts at Phase 1 (every client does) and only rises. */
const goalPath = () =>
  z
    .array(phase)
    .min(1)
    .max(5)
    .refine(
      (path) => path[0] === 1 && path.every((p, i) => i === 0 || p > (path[i - 1] ?? 0)),
      "a path starts at Phase 1 and rises",
    );

export const ErasureBody = once(() =>
  z.strictObject({ reason: z.enum(ERASURE_REASONS) }).meta({
    id: "ErasureRequest",
    description:
      "Why the client's personal data is erased (a code: free text would itself be personal data that outlives the erasure)",
  }),
);

export const TenantSettingsBody = once(() =>
  z
    .strictObject({
      guidelineVersion: z.enum(GUIDELINE_VERSIONS).optional(),
      goalPaths: z.partialRecord(z.enum(GOALS), goalPath()).optional(),
      layoffDays: z.number().int().min(1).max(365).optional(),
      highIntensityBlockWeeks: z.number().int().min(1).max(12).optional(),
      recoveryBlockWeeks: z.number().int().min(1).max(6).optional(),
      highIntensityCycleBackPhase: z.union([z.literal(1), z.literal(2)]).optional(),
      defaultBlockWeeks: z.number().int().min(1).max(12).optional(),
      minWeeksInPhase: z.number().int().min(1).max(26).optional(),
      minSessionsInPhase: z.number().int().min(1).max(100).optional(),
      minAdherence: measure().min(0).max(1).optional(),
      reassessEveryWeeks: z.number().int().min(1).max(26).optional(),
      advanceRequiresReassessment: z.boolean().optional(),
      erasedClients: z.enum(ERASED_CLIENT_POLICIES).optional().meta({
        description:
          "After a client's personal data is erased: keep recording its anonymous training (default), or refuse every command (closed)",
      }),
      locationEquipment: z
        .record(identifier, z.array(z.enum(EQUIPMENT)).max(EQUIPMENT.length))
        .refine((locations) => Object.keys(locations).length <= 500, "at most 500 locations")
        .optional()
        .meta({
          description: "Equipment per location for generated sessions; an unlisted location has everything",
        }),
    })
    .meta({
      id: "TenantSettings",
      description: "Overrides of the programme defaults; PUT replaces them all.",
    }),
);
