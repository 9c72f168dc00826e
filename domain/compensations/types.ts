export const ASSESSMENT_KINDS = [
  "overhead-squat",
  "single-leg-squat",
  "push",
  "pull",
  "vitals",
  "body-composition",
  "performance",
] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** Assessment protocols: a reassessment compares with a baseline only under the same protocol. */
export const ASSESSMENT_PROTOCOLS = ["nasm-cpt6", "nasm-cpt7"] as const;
export type AssessmentProtocol = (typeof ASSESSMENT_PROTOCOLS)[number];
export const DEFAULT_ASSESSMENT_PROTOCOL: AssessmentProtocol = "nasm-cpt7";

/** Assessments that observe movement and so can find compensations. */
export const MOVEMENT_ASSESSMENTS = ["overhead-squat", "single-leg-squat", "push", "pull"] as const;
export type MovementAssessment = (typeof MOVEMENT_ASSESSMENTS)[number];

export const COMPENSATIONS = [
  "feet-turn-out",
  "knees-move-inward",
  "excessive-forward-lean",
  "low-back-arches",
  "arms-fall-forward",
  "asymmetric-weight-shift",
  "feet-flatten",
  "heels-rise",
  "shoulders-elevate",
  "head-protrudes-forward",
] as const;
export type Compensation = (typeof COMPENSATIONS)[number];

export const SIDES = ["left", "right", "bilateral"] as const;
export type Side = (typeof SIDES)[number];

export const SEVERITIES = ["mild", "moderate", "severe"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One observed compensation. For an asymmetric weight shift, `side` is the side shifted toward. */
export interface Finding {
  readonly compensation: Compensation;
  readonly side: Side;
  readonly severity?: Severity;
}

/** A muscle on a side: muscle lists are side-aware (a weight shift is overactive on one side only). */
export interface MuscleOnSide {
  readonly muscle: string;
  readonly side: Side;
}

/** The stages of the Corrective Exercise Continuum, in order. */
export const CORRECTIVE_STAGES = ["inhibit", "lengthen", "activate", "integrate"] as const;
export type CorrectiveStage = (typeof CORRECTIVE_STAGES)[number];

/** A muscle the findings would both inhibit and activate on one side, and the rule that chose. */
export interface CorrectiveConflict {
  readonly muscle: string;
  readonly side: Side;
  readonly kept: "inhibit" | "activate";
  readonly dropped: "inhibit" | "activate";
  readonly rule: "side-specific-decides" | "equal-specificity-inhibits";
  readonly explanation: string;
}

/** The Corrective Exercise Continuum for a set of findings: inhibit → lengthen → activate → integrate. */
export interface CorrectiveProtocol {
  readonly catalogueVersion: string;
  readonly inhibit: readonly MuscleOnSide[];
  readonly lengthen: readonly MuscleOnSide[];
  readonly activate: readonly MuscleOnSide[];
  readonly integrate: readonly string[];
  /** Muscles that were both overactive and underactive on a side; absent when there were none. */
  readonly conflicts?: readonly CorrectiveConflict[];
  readonly doses: {
    readonly inhibitSeconds: number;
    readonly lengthenSeconds: number;
    readonly activateReps: string;
    readonly integrateReps: string;
  };
}
