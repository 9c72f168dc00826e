import type { ClientEventType } from "../domain/client/events.ts";

/**
 * Schema evolution. Stored events keep the schema version they were written with; reading lifts
 * them step by step (n → n+1) to the current version before the catalogue parses them.
 */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<ClientEventType, number>> = {
  ClientRegistered: 1,
  GoalSet: 1,
  AssessmentRecorded: 2,
  CorrectiveProtocolAssigned: 1,
  CorrectiveProtocolCleared: 1,
  PhaseStarted: 1,
  SessionCompleted: 1,
  CycleBackTriggered: 1,
  PhaseAdvanceRecommended: 1,
  ClientReferred: 1,
  ClientCleared: 1,
  SessionPlanned: 1,
  PlanCreated: 1,
  PlanAdjusted: 1,
  PersonalDataErased: 1,
  WearableLinked: 1,
  WearableUnlinked: 1,
};

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * AssessmentRecorded v1 listed compensations by name, without sides or a protocol version (the
 * first catalogue observed both sides together and had no weight-shift finding). v2 records
 * side-aware findings and the protocol version that reassessments compare against.
 */
const assessmentRecordedV1ToV2: Upcaster = ({ compensations, ...rest }) => ({
  ...rest,
  protocolVersion: "nasm-cpt6",
  findings: (Array.isArray(compensations) ? compensations : []).map((compensation) => ({
    compensation,
    side: "bilateral",
  })),
});

const UPCASTERS: Partial<Record<ClientEventType, Readonly<Record<number, Upcaster>>>> = {
  AssessmentRecorded: { 1: assessmentRecordedV1ToV2 },
};

/**
 * Written by newer code than this (e.g. during a rollback): not poison, just not readable yet.
 * Callers retry rather than park it.
 */
export class FutureSchemaVersion extends Error {
  constructor(type: string, version: number) {
    super(`${type} schema version ${version} is newer than this code reads`);
  }
}

export class UnknownSchemaVersion extends Error {
  constructor(type: string, version: number) {
    super(`no upcaster for ${type} schema version ${version}`);
  }
}

export function upcast(
  type: ClientEventType,
  schemaVersion: number,
  data: Record<string, unknown>,
): Record<string, unknown> {
  if (schemaVersion > CURRENT_SCHEMA_VERSION[type]) throw new FutureSchemaVersion(type, schemaVersion);
  let lifted = data;
  for (let version = schemaVersion; version < CURRENT_SCHEMA_VERSION[type]; version++) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new UnknownSchemaVersion(type, version);
    lifted = step(lifted);
  }
  return lifted;
}
