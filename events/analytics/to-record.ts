import type { ClientEvent } from "../../domain/client/events.ts";
import type { StoredEvent } from "../envelope.ts";
import { ageBand } from "./age-band.ts";
import type { ClientContext } from "./client-context.ts";
import { type AnalyticsRecord, COLUMN_NAMES } from "./schema.ts";

type EventFields = Partial<Omit<AnalyticsRecord, keyof CommonFields>>;
type CommonFields = Pick<
  AnalyticsRecord,
  | "event_id"
  | "event_type"
  | "tenant_id"
  | "client_id"
  | "location_id"
  | "trainer_id"
  | "age_band"
  | "version"
  | "schema_version"
  | "occurred_at"
  | "recorded_at"
>;

const utc = (instant: string): string => new Date(instant).toISOString();
const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * The analytic fields of each event type, named one by one: an allowlist, never "the data minus the
 * personal fields", so a field added to an event stays out of analytics until someone adds it here
 * (and to the schema). Names, dates of birth, notes, explanations and override reasons have no entry.
 */
function fieldsOf(event: ClientEvent): EventFields {
  switch (event.type) {
    case "ClientRegistered":
      return { guideline_version: event.data.guidelineVersion };
    case "GoalSet":
      return { goal: event.data.goal, goal_path: [...event.data.path] };
    case "AssessmentRecorded":
      return {
        assessment_kind: event.data.kind,
        compensations: distinct(event.data.findings.map((f) => f.compensation)),
        pain: event.data.pain,
      };
    case "CorrectiveProtocolAssigned":
      return { compensations: distinct(event.data.compensations.map((f) => f.compensation)) };
    case "CorrectiveProtocolCleared":
      return {};
    case "PhaseStarted":
      return {
        phase: event.data.phase,
        reason: event.data.reason,
        planned_weeks: event.data.plannedWeeks,
        sessions_per_week: event.data.sessionsPerWeek,
        guideline_version: event.data.guidelineVersion,
        overridden_rules: event.data.overrides.map((o) => o.rule),
      };
    case "SessionCompleted":
      return {
        phase: event.data.phase,
        session_id: event.data.sessionId,
        plan_id: event.data.planId ?? null,
        pain: event.data.pain,
        compliance_score: event.data.compliance.score,
        adherence_score: event.data.adherence?.score ?? null,
        duration_minutes: event.data.durationMinutes ?? null,
        rpe: event.data.rpe ?? null,
        wearable_provider: event.data.source?.provider ?? null,
        minutes_in_prescribed_zones: event.data.heartRate?.minutesInPrescribedZones ?? null,
      };
    case "CycleBackTriggered":
      return {
        from_phase: event.data.fromPhase,
        to_phase: event.data.toPhase,
        reason: event.data.reason,
        rule: event.data.rule,
      };
    case "PhaseAdvanceRecommended":
      return {
        from_phase: event.data.fromPhase,
        to_phase: event.data.toPhase,
        rule: event.data.rule,
        weeks_in_phase: event.data.weeksInPhase,
        sessions_in_phase: event.data.sessionsInPhase,
      };
    case "ClientReferred":
      return { reason: event.data.reason, rule: event.data.rule, referral_source: event.data.source };
    case "ClientCleared":
      return {};
    case "SessionPlanned":
      return {
        phase: event.data.plan.phase,
        plan_id: event.data.planId,
        planned_for: utc(event.data.plannedFor),
      };
    case "PlanCreated":
      return {
        plan_id: event.data.planId,
        periodization: event.data.periodization,
        plan_starts_on: event.data.startsOn,
        plan_weeks: event.data.weeks,
        sessions_per_week: event.data.sessionsPerWeek,
        plan_block_phases: event.data.blocks.map((b) => b.phase),
        plan_block_weeks: event.data.blocks.map((b) => b.weeks),
      };
    case "PlanAdjusted":
      return {
        plan_id: event.data.planId,
        reason: event.data.reason,
        plan_block_phases: event.data.blocks.map((b) => b.phase),
        plan_block_weeks: event.data.blocks.map((b) => b.weeks),
      };
    case "PersonalDataErased":
      // A code (a GDPR ground), not free text.
      return { reason: event.data.reason };
    case "WearableLinked":
      // The provider only: the account id is personal data.
      return { wearable_provider: event.data.provider };
    case "WearableUnlinked":
      return { wearable_provider: event.data.provider, reason: event.data.reason };
  }
}

const EMPTY = Object.fromEntries(COLUMN_NAMES.map((name) => [name, null]));

/** The analytics record of a stored event; instants normalised to UTC, so `dt` is the UTC date. */
export function toAnalyticsRecord(event: StoredEvent, client: ClientContext): AnalyticsRecord {
  const occurredAt = utc(event.occurredAt);
  const common: CommonFields = {
    event_id: event.eventId,
    event_type: event.type,
    tenant_id: event.meta.tenantId,
    client_id: event.clientId,
    location_id: client.locationId,
    trainer_id: client.trainerId,
    age_band: ageBand(client.dateOfBirth, occurredAt),
    version: event.version,
    schema_version: event.schemaVersion,
    occurred_at: occurredAt,
    recorded_at: utc(event.recordedAt),
  };
  return { ...EMPTY, ...fieldsOf(event), ...common } as AnalyticsRecord;
}
