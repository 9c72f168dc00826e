import { z } from "zod";
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_PROTOCOLS,
  COMPENSATIONS,
  SEVERITIES,
  SIDES,
} from "../../domain/compensations/types.ts";
import { GOALS } from "../../domain/goals.ts";
import { COMPONENTS, GUIDELINE_VERSIONS } from "../../domain/guidelines/types.ts";
import { PHASES } from "../../domain/phases.ts";
import { ID_PATTERN } from "../auth/claims.ts";
import { MULTI_LINE, PLAIN_TEXT, SINGLE_LINE } from "./plain-text.ts";

/** Request and response shapes of the API; the OpenAPI document is generated from these. */
const EARLIEST = "1900-01-01";
/** Any offset is accepted; commands and events carry the instant in UTC, so one moment is one string. */
const instant = z.iso
  .datetime({ offset: true })
  // zod runs every check, so these also see strings that failed the format: those they leave alone.
  .refine((at) => !(Date.parse(at) < Date.parse(`${EARLIEST}T00:00:00Z`)), `must not be before ${EARLIEST}`)
  .overwrite((at) => (Number.isNaN(Date.parse(at)) ? at : new Date(at).toISOString()))
  .meta({ description: "ISO-8601 instant (business time), stored in UTC", example: "2026-03-02T09:00:00Z" });
const date = z.iso.date().refine((day) => day >= EARLIEST, `must not be before ${EARLIEST}`);
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

export const ClientIdParams = z.object({ clientId: z.uuid() });
export const LocationParams = z.object({ locationId: identifier });

export const RegisterClientBody = z
  .strictObject({
    name: text(200),
    dateOfBirth: date,
    goal: z.enum(GOALS),
    locationId: identifier,
    trainerId: identifier.optional(),
    registeredAt: instant.optional(),
  })
  .meta({ id: "RegisterClient" });

export const SetGoalBody = z
  .strictObject({ goal: z.enum(GOALS), at: instant.optional() })
  .meta({ id: "SetGoal" });

export const RecordAssessmentBody = z
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
  .meta({ id: "RecordAssessment" });

export const StartPhaseBody = z
  .strictObject({
    phase,
    startedAt: instant,
    plannedWeeks: z.number().int().min(1).max(52).optional(),
    sessionsPerWeek: z.number().int().min(1).max(14).optional(),
    overrideReason: text(500).optional(),
  })
  .meta({ id: "StartPhase" });

const loggedSet = z.strictObject({
  reps: z.number().int().min(0).max(1000),
  loadKg: measure().min(0).max(1000).optional(),
  tempo: label(16).optional(),
  restSeconds: z.number().int().min(0).max(3600).optional(),
});

export const RecordSessionBody = z
  .strictObject({
    sessionId: identifier.optional(),
    performedAt: instant,
    durationMinutes: measure().min(0).max(600).optional(),
    exercises: z
      .array(
        z.strictObject({
          name: text(100),
          component: z.enum(COMPONENTS).default("resistance"),
          supersetGroup: label(16).optional(),
          sets: z.array(loggedSet).min(1).max(10),
        }),
      )
      .max(30),
    avgHeartRate: z.number().int().min(20).max(250).optional(),
    maxHeartRate: z.number().int().min(20).max(250).optional(),
    rpe: measure().min(0).max(20).optional(),
    pain: z.boolean().default(false),
  })
  .meta({ id: "RecordSession" });

export const ClearClientBody = z
  .strictObject({ clearedAt: instant.optional(), notes: text(2000, "multi").optional() })
  .meta({ id: "ClearClient" });

export const HistoryQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, "a cursor from a previous page")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const RosterQuery = z.strictObject({
  phase: z.coerce.number().int().min(1).max(5).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const PhasesQuery = z.strictObject({ version: z.enum(GUIDELINE_VERSIONS).optional() });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    rule: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

/** A goal's path starts at Phase 1 (every client does) and only rises. */
const goalPath = z
  .array(phase)
  .min(1)
  .max(5)
  .refine(
    (path) => path[0] === 1 && path.every((p, i) => i === 0 || p > (path[i - 1] ?? 0)),
    "a path starts at Phase 1 and rises",
  );

export const TenantSettingsBody = z
  .strictObject({
    guidelineVersion: z.enum(GUIDELINE_VERSIONS).optional(),
    goalPaths: z.partialRecord(z.enum(GOALS), goalPath).optional(),
    layoffDays: z.number().int().min(1).max(365).optional(),
    highIntensityBlockWeeks: z.number().int().min(1).max(12).optional(),
    defaultBlockWeeks: z.number().int().min(1).max(12).optional(),
    minWeeksInPhase: z.number().int().min(1).max(26).optional(),
    minSessionsInPhase: z.number().int().min(1).max(100).optional(),
    minAdherence: measure().min(0).max(1).optional(),
  })
  .meta({ id: "TenantSettings", description: "Overrides of the programme defaults; PUT replaces them all." });
