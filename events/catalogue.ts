import * as z from "zod";
import type { ClientEvent, ClientEventType } from "../domain/client/events.ts";
import { ERASURE_REASONS } from "../domain/client/personal-data.ts";
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_PROTOCOLS,
  COMPENSATIONS,
  MOVEMENT_ASSESSMENTS,
  SEVERITIES,
  SIDES,
} from "../domain/compensations/types.ts";
import { EXERCISE_COMPONENTS } from "../domain/exercises/types.ts";
import { GOALS } from "../domain/goals.ts";
import { GUIDELINE_VERSIONS } from "../domain/guidelines/types.ts";
import { PERIODIZATIONS, PLAN_BLOCK_REASONS } from "../domain/program/plan-types.ts";
import { personal, personalFieldsOf } from "./personal.ts";
import { sessionPlanSchema } from "./plan-schema.ts";

/**
 * The event catalogue: one zod schema per event type at its current schema version. Stored events are
 * parsed through these after upcasting, so every event the store hands out has the shape the domain folds.
 *
 * Each type's schema is built on first use, not at import: building them all took 15–30 ms of every
 * handler's cold start, and a handler meets only the types in the streams it reads.
 */
const instant = z.iso.datetime({ offset: true });
const phase = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const nonNegative = z.number().finite().nonnegative();

const finding = () =>
  z.strictObject({
    compensation: z.enum(COMPENSATIONS),
    side: z.enum(SIDES),
    severity: z.enum(SEVERITIES).optional(),
  });
const activeFinding = () => finding().extend({ assessment: z.enum(MOVEMENT_ASSESSMENTS) });
const muscleOnSide = () => z.strictObject({ muscle: z.string(), side: z.enum(SIDES) });
const oneRepMax = () =>
  z.strictObject({
    exercise: z.string(),
    kg: nonNegative,
    method: z.enum(["measured", "epley", "brzycki"]),
  });

const loggedSet = () =>
  z.strictObject({
    reps: z.number().int().nonnegative().optional(),
    durationSeconds: nonNegative.optional(),
    loadKg: nonNegative.optional(),
    tempo: z.string().optional(),
    restSeconds: nonNegative.optional(),
    heartRate: nonNegative.optional(),
  });
const loggedExercise = () =>
  z.strictObject({
    name: z.string(),
    exerciseId: z.string().optional(),
    component: z.enum(EXERCISE_COMPONENTS).optional(),
    supersetGroup: z.string().optional(),
    sets: z.array(loggedSet()),
  });
const deviation = () =>
  z.strictObject({
    exercise: z.string(),
    set: z.number().int().positive().optional(),
    variable: z.enum(["reps", "sets", "tempo", "intensity", "rest", "superset", "duration", "zone"]),
    expected: z.string(),
    actual: z.string(),
  });

const adherence = () =>
  z.strictObject({
    planId: z.string(),
    prescribed: z.number().int().nonnegative(),
    done: z.array(z.string()),
    missed: z.array(z.string()),
    substituted: z.array(z.strictObject({ prescribed: z.string(), performed: z.string() })),
    added: z.array(z.string()),
    volume: z.array(
      z.strictObject({
        exerciseId: z.string(),
        prescribedSets: z.number().int().nonnegative(),
        performedSets: z.number().int().nonnegative(),
        prescribedReps: nonNegative.optional(),
        performedReps: nonNegative.optional(),
        prescribedSeconds: nonNegative.optional(),
        performedSeconds: nonNegative.optional(),
      }),
    ),
    score: z.number().min(0).max(1),
  });

const isoDate = z.iso.date();
const planBlock = () =>
  z.strictObject({
    phase,
    startsOn: isoDate,
    weeks: z.number().int().positive(),
    sessionsPerWeek: z.number().int().positive(),
    reason: z.enum(PLAN_BLOCK_REASONS),
    why: z.string(),
    days: z.array(phase).optional(),
  });

const wearableAccount = () => personal(z.string(), "the client's user id at a wearable provider");

const event = <Type extends ClientEventType, Data extends z.ZodType>(type: Type, data: Data) =>
  z.strictObject({ type: z.literal(type), occurredAt: instant, data });

/** A builder of each event type's schema, called once, on the type's first use (entryOf). */
const EVENT_SCHEMAS = {
  ClientRegistered: () =>
    event(
      "ClientRegistered",
      z.strictObject({
        clientId: z.string(),
        name: personal(z.string(), "the client's name"),
        dateOfBirth: personal(z.iso.date(), "the client's date of birth"),
        locationId: z.string(),
        trainerId: z.string().optional(),
        guidelineVersion: z.enum(GUIDELINE_VERSIONS),
      }),
    ),
  GoalSet: () => event("GoalSet", z.strictObject({ goal: z.enum(GOALS), path: z.array(phase) })),
  AssessmentRecorded: () =>
    event(
      "AssessmentRecorded",
      z.strictObject({
        assessmentId: z.string(),
        kind: z.enum(ASSESSMENT_KINDS),
        protocolVersion: z.enum(ASSESSMENT_PROTOCOLS),
        findings: z.array(finding()),
        pain: z.boolean(),
        measurements: z.record(z.string(), z.number().finite()).optional(),
        oneRepMaxes: z.array(oneRepMax()).optional(),
        notes: personal(z.string(), "the trainer's notes on the assessment").optional(),
      }),
    ),
  CorrectiveProtocolAssigned: () =>
    event(
      "CorrectiveProtocolAssigned",
      z.strictObject({
        basedOnAssessmentId: z.string(),
        compensations: z.array(activeFinding()),
        protocol: z.strictObject({
          catalogueVersion: z.string(),
          inhibit: z.array(muscleOnSide()),
          lengthen: z.array(muscleOnSide()),
          activate: z.array(muscleOnSide()),
          integrate: z.array(z.string()),
          conflicts: z
            .array(
              z.strictObject({
                muscle: z.string(),
                side: z.enum(SIDES),
                kept: z.enum(["inhibit", "activate"]),
                dropped: z.enum(["inhibit", "activate"]),
                rule: z.enum(["side-specific-decides", "equal-specificity-inhibits"]),
                explanation: z.string(),
              }),
            )
            .optional(),
          doses: z.strictObject({
            inhibitSeconds: nonNegative,
            lengthenSeconds: nonNegative,
            activateReps: z.string(),
            integrateReps: z.string(),
          }),
        }),
      }),
    ),
  CorrectiveProtocolCleared: () =>
    event("CorrectiveProtocolCleared", z.strictObject({ basedOnAssessmentId: z.string() })),
  PhaseStarted: () =>
    event(
      "PhaseStarted",
      z.strictObject({
        phase,
        plannedWeeks: z.number().int().positive(),
        sessionsPerWeek: z.number().int().positive(),
        guidelineVersion: z.enum(GUIDELINE_VERSIONS),
        reason: z.enum(["trainer-decision", "cycle-back", "cleared-after-referral"]),
        overrides: z.array(z.strictObject({ rule: z.string(), reason: z.string() })),
        muscularEndurance: z.boolean().optional(),
      }),
    ),
  SessionCompleted: () =>
    event(
      "SessionCompleted",
      z.strictObject({
        sessionId: z.string(),
        planId: z.string().optional(),
        phase,
        durationMinutes: nonNegative.optional(),
        exercises: z.array(loggedExercise()),
        avgHeartRate: nonNegative.optional(),
        maxHeartRate: nonNegative.optional(),
        rpe: nonNegative.optional(),
        pain: z.boolean(),
        compliance: z.strictObject({
          score: z.number().min(0).max(1).nullable(),
          checks: z.number().int().nonnegative(),
          deviations: z.array(deviation()),
          omittedDeviations: z.number().int().positive().optional(),
        }),
        adherence: adherence().optional(),
        source: z
          .strictObject({
            provider: z.string(),
            externalSessionId: z.string(),
            activityType: z.string(),
            calories: nonNegative.optional(),
          })
          .optional(),
        heartRate: z
          .strictObject({
            hrMaxBpm: nonNegative,
            prescribedZones: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])),
            samples: z.number().int().nonnegative().optional(),
            minutesInZones: z
              .strictObject({
                belowZone1: nonNegative,
                zone1: nonNegative,
                zone2: nonNegative,
                zone3: nonNegative,
                aboveZone3: nonNegative,
              })
              .optional(),
            minutesInPrescribedZones: nonNegative.optional(),
            untrustedAverageBpm: nonNegative.optional(),
          })
          .optional(),
      }),
    ),
  CycleBackTriggered: () =>
    event(
      "CycleBackTriggered",
      z.strictObject({
        fromPhase: phase,
        toPhase: z.union([z.literal(1), z.literal(2)]),
        reason: z.enum(["layoff", "returning-compensations", "end-of-high-intensity-block"]),
        rule: z.string(),
        explanation: z.string(),
      }),
    ),
  PhaseAdvanceRecommended: () =>
    event(
      "PhaseAdvanceRecommended",
      z.strictObject({
        fromPhase: phase,
        toPhase: phase,
        rule: z.string(),
        weeksInPhase: nonNegative,
        sessionsInPhase: z.number().int().nonnegative(),
        adherence: z.number().min(0).max(1),
      }),
    ),
  ClientReferred: () =>
    event(
      "ClientReferred",
      z.strictObject({
        rule: z.string(),
        reason: z.literal("pain-reported"),
        source: z.enum(["session", "assessment", "trainer"]),
        sourceId: z.string().optional(),
        notes: personal(z.string(), "what the client reported about the pain").optional(),
      }),
    ),
  ClientCleared: () =>
    event(
      "ClientCleared",
      z.strictObject({
        clearedBy: z.string().optional(),
        notes: personal(z.string(), "the clearance's notes (the professional's findings)").optional(),
      }),
    ),
  SessionPlanned: () =>
    event(
      "SessionPlanned",
      z.strictObject({ planId: z.string(), plannedFor: instant, plan: sessionPlanSchema() }),
    ),
  PlanCreated: () =>
    event(
      "PlanCreated",
      z.strictObject({
        planId: z.string(),
        startsOn: isoDate,
        weeks: z.number().int().positive(),
        periodization: z.enum(PERIODIZATIONS),
        sessionsPerWeek: z.number().int().positive(),
        blocks: z.array(planBlock()),
      }),
    ),
  PlanAdjusted: () =>
    event(
      "PlanAdjusted",
      z.strictObject({
        planId: z.string(),
        at: instant,
        reason: z.enum([...PLAN_BLOCK_REASONS, "referred"]),
        blocks: z.array(planBlock()),
      }),
    ),
  PersonalDataErased: () => event("PersonalDataErased", z.strictObject({ reason: z.enum(ERASURE_REASONS) })),
  WearableLinked: () =>
    event("WearableLinked", z.strictObject({ provider: z.string(), externalUserId: wearableAccount() })),
  WearableUnlinked: () =>
    event(
      "WearableUnlinked",
      z.strictObject({
        provider: z.string(),
        externalUserId: wearableAccount(),
        reason: z.enum(["unlinked", "relinked", "personal-data-erased"]),
      }),
    ),
} satisfies { [Type in ClientEventType]: () => z.ZodType<Extract<ClientEvent, { type: Type }>> };
// `satisfies` keeps each schema's output a valid domain event; the round-trip property test catches
// the other direction (a field the decider writes that the schema would reject).

export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as ClientEventType[];

export const isClientEventType = (type: string): type is ClientEventType =>
  Object.hasOwn(EVENT_SCHEMAS, type);

interface CatalogueEntry {
  readonly schema: z.ZodType<ClientEvent>;
  readonly personalData: Readonly<Record<string, string>>;
  readonly personalFields: readonly string[];
}

const built = new Map<ClientEventType, CatalogueEntry>();

/** One event type's schema and personal fields, built once, on first use. */
function entryOf(type: ClientEventType): CatalogueEntry {
  let entry = built.get(type);
  if (!entry) {
    const schema = EVENT_SCHEMAS[type]();
    const personalData = personalFieldsOf(schema.shape.data as z.ZodObject);
    entry = { schema, personalData, personalFields: Object.keys(personalData) };
    built.set(type, entry);
  }
  return entry;
}

/** The current schema of one event type. */
export const eventSchema = (type: ClientEventType): z.ZodType<ClientEvent> => entryOf(type).schema;

/** An event type's personal fields and what they hold (events/personal.ts). */
export const personalData = (type: ClientEventType): Readonly<Record<string, string>> =>
  entryOf(type).personalData;

/** What the store seals under the client's key and erasure shreds, for one event type. */
export const personalFields = (type: ClientEventType): readonly string[] => entryOf(type).personalFields;
