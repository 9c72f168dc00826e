import type { Phase } from "../phases.ts";

/** Editions of the NASM CPT textbook, used as guideline versions. A plan pins one. */
export const GUIDELINE_VERSIONS = ["CPT6", "CPT7"] as const;
export type GuidelineVersion = (typeof GUIDELINE_VERSIONS)[number];
export const DEFAULT_GUIDELINE_VERSION: GuidelineVersion = "CPT7";

/** An inclusive numeric range. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Tempo as eccentric/isometric/concentric seconds ("4/2/1"); "X" means explosive. */
export type Tempo = string;

/** Acute variables of one resistance slot (a single exercise, or one half of a superset). */
export interface ResistancePrescription {
  readonly role: "stabilization" | "strength" | "power";
  readonly reps: Range;
  readonly sets: Range;
  readonly tempo: readonly Tempo[];
  /** %1RM; null where intensity is not expressed as %1RM. */
  readonly intensityPct1RM: Range | null;
  readonly restSeconds: Range;
}

/** Acute variables of a non-resistance component (core, balance, reactive, SAQ). */
export interface ComponentPrescription {
  readonly focus: "stabilization" | "strength" | "power";
  readonly reps: Range | null;
  readonly sets: Range | null;
  readonly tempo: string | null;
  readonly optional: boolean;
}

export interface PhaseGuideline {
  readonly version: GuidelineVersion;
  readonly phase: Phase;
  /** P3 is "Hypertrophy" under CPT6 and "Muscular Development" under CPT7. */
  readonly name: string;
  readonly level: "stabilization" | "strength" | "power";
  /** One slot, or two for the supersets of Phases 2 and 5 (strength first, then its pair). */
  readonly resistance:
    | readonly [ResistancePrescription]
    | readonly [ResistancePrescription, ResistancePrescription];
  readonly superset: "strength+stabilization" | "strength+power" | null;
  /** Reps of a block that asks for extra muscular endurance (Phase 3 only); see `resistanceSlots`. */
  readonly muscularEnduranceReps?: Range;
  readonly frequencyPerWeek: Range;
  readonly durationWeeks: Range;
  readonly core: ComponentPrescription;
  readonly balance: ComponentPrescription;
  readonly reactive: ComponentPrescription;
  readonly saq: ComponentPrescription;
  readonly flexibility: "corrective" | "active" | "functional";
  readonly cardioStage: 1 | 2 | 3;
  readonly exerciseSelection: string;
  readonly progression: string;
  readonly sources: readonly string[];
}
