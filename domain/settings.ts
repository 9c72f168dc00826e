import type { ErasedClientPolicy } from "./client/personal-data.ts";
import { EQUIPMENT, type Equipment } from "./exercises/types.ts";
import { type GoalPaths, NASM_GOAL_PATHS } from "./goals.ts";
import { DEFAULT_GUIDELINE_VERSION, type GuidelineVersion } from "./guidelines/types.ts";

/** Per-tenant programme settings; every rule's threshold lives here, not in code. */
export interface ProgramSettings {
  readonly guidelineVersion: GuidelineVersion;
  readonly goalPaths: GoalPaths;
  /** A session this many days or more after the previous one is a layoff (Phases 2–5 cycle back). */
  readonly layoffDays: number;
  /** Planned length of a Phase 4 or 5 block when the trainer names none. */
  readonly highIntensityBlockWeeks: number;
  /** Where the end of a Phase 4 or 5 block cycles back to (layoffs and returning compensations go to 1). */
  readonly highIntensityCycleBackPhase: 1 | 2;
  /** A periodized plan's Phase 1 recovery block between two blocks of Phases 2–5 (opt-reference §5.5). */
  readonly recoveryBlockWeeks: number;
  /** Planned length of any other block when the trainer names none. */
  readonly defaultBlockWeeks: number;
  /** Advance readiness: minimum weeks in the phase… */
  readonly minWeeksInPhase: number;
  /** …minimum sessions in the phase… */
  readonly minSessionsInPhase: number;
  /** …and minimum adherence to the planned weekly frequency (0–1). */
  readonly minAdherence: number;
  /** A movement reassessment is due this many weeks after the latest one (opt-reference §5.3: 4–6). */
  readonly reassessEveryWeeks: number;
  /** Advance readiness also waits for a movement reassessment performed within the current block. */
  readonly advanceRequiresReassessment: boolean;
  /** The equipment at each location, for generated sessions; a location not listed has everything. */
  readonly locationEquipment: Readonly<Record<string, readonly Equipment[]>>;
  /** After a client's personal data is erased: keep recording its (anonymous) training, or refuse every command. */
  readonly erasedClients: ErasedClientPolicy;
}

export const DEFAULT_SETTINGS: ProgramSettings = {
  guidelineVersion: DEFAULT_GUIDELINE_VERSION,
  goalPaths: NASM_GOAL_PATHS,
  layoffDays: 14,
  highIntensityBlockWeeks: 4,
  highIntensityCycleBackPhase: 1,
  recoveryBlockWeeks: 2,
  defaultBlockWeeks: 4,
  minWeeksInPhase: 4,
  minSessionsInPhase: 8,
  minAdherence: 0.8,
  reassessEveryWeeks: 4,
  advanceRequiresReassessment: true,
  locationEquipment: {},
  erasedClients: "keep-training",
};

/** What a tenant changed; everything else keeps the default. */
export type SettingsOverrides = Partial<Omit<ProgramSettings, "goalPaths">> & {
  readonly goalPaths?: Partial<ProgramSettings["goalPaths"]>;
};

export function withOverrides(base: ProgramSettings, overrides: SettingsOverrides): ProgramSettings {
  return {
    ...base,
    ...overrides,
    goalPaths: { ...base.goalPaths, ...overrides.goalPaths },
    locationEquipment: { ...base.locationEquipment, ...overrides.locationEquipment },
  };
}

/** The equipment at a location, by the tenant's settings (own keys only: a location id is data). */
export function equipmentAt(settings: ProgramSettings, locationId: string | null): readonly Equipment[] {
  const listed = locationId !== null && Object.hasOwn(settings.locationEquipment, locationId);
  return listed ? (settings.locationEquipment[locationId] as readonly Equipment[]) : EQUIPMENT;
}
