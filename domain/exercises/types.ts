/**
 * The exercise library's vocabulary (opt-exercises.md §0). Every exercise is data: the session generator
 * chooses among them by component, level, pattern, equipment and rung on the proprioceptive ladder.
 */

export const EXERCISE_COMPONENTS = [
  "flexibility",
  "core",
  "balance",
  "reactive",
  "saq",
  "resistance",
  "cardio",
] as const;
export type ExerciseComponent = (typeof EXERCISE_COMPONENTS)[number];

export const FLEXIBILITY_TYPES = ["self-myofascial-release", "static", "active", "dynamic"] as const;
export type FlexibilityType = (typeof FLEXIBILITY_TYPES)[number];

/** OPT levels (not phases): Phase 1 is stabilization, Phases 2–4 strength, Phase 5 power. */
export const LEVELS = ["stabilization", "strength", "power"] as const;
export type Level = (typeof LEVELS)[number];

/** The slot a resistance exercise fills: a Phase 2 pair is strength + stabilization, Phase 5 strength + power. */
export type ResistanceRole = Level;

/** Multi-joint resistance patterns: a session is built from them, and Phase 2 and 5 pairs share one. */
export const RESISTANCE_PATTERNS = [
  "squat",
  "hinge",
  "lunge",
  "horizontal-push",
  "horizontal-pull",
  "vertical-push",
  "vertical-pull",
  "total-body",
  "rotation",
] as const;
export type ResistancePattern = (typeof RESISTANCE_PATTERNS)[number];

/** Single-joint accessories (client's choice): NASM lists no power exercise for them. */
export const ACCESSORY_PATTERNS = ["biceps", "triceps", "calves"] as const;

/** Every movement pattern: the resistance ones, the accessories, and those of the other components. */
export const PATTERNS = [
  ...RESISTANCE_PATTERNS,
  ...ACCESSORY_PATTERNS,
  "gait",
  "anti-extension",
  "anti-rotation",
  "flexion",
  "single-leg-stance",
  "jump",
  "agility",
  "mobility",
  "isolation",
  "cardio",
] as const;
export type Pattern = (typeof PATTERNS)[number];

/**
 * One documented equipment vocabulary (opt-exercises.md §0, with its mapping of NASM's names: tubing →
 * resistance-band, foam pad → balance-pad, step → box, massage ball → foam-roller, elliptical → machine).
 */
export const EQUIPMENT = [
  "barbell",
  "dumbbell",
  "kettlebell",
  "cable",
  "machine",
  "bench",
  "stability-ball",
  "bosu",
  "medicine-ball",
  "foam-roller",
  "resistance-band",
  "box",
  "balance-pad",
  "half-foam-roll",
  "agility-ladder",
  "cones",
  "treadmill",
  "bike",
  "rower",
] as const;
export type Equipment = (typeof EQUIPMENT)[number];

export const BODY_PARTS = [
  "full-body",
  "legs",
  "hips",
  "glutes",
  "calves",
  "ankles",
  "chest",
  "back",
  "shoulders",
  "arms",
  "core",
  "neck",
] as const;
export type BodyPart = (typeof BODY_PARTS)[number];

/** The rung on the proprioceptive ladder: 1 most stable, 5 least stable. */
export type StabilityRung = 1 | 2 | 3 | 4 | 5;

export interface Exercise {
  /** Stable kebab-case id: logged sessions and stored plans refer to it. */
  readonly id: string;
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly component: ExerciseComponent;
  /** Flexibility exercises only. */
  readonly flexibilityType?: FlexibilityType;
  /** The OPT levels it belongs to; never empty. */
  readonly levels: readonly Level[];
  /** Resistance exercises only: the superset slot it fills. */
  readonly role?: ResistanceRole;
  readonly pattern: Pattern;
  readonly bodyParts: readonly BodyPart[];
  /** Every item it needs; [] is body weight only. */
  readonly equipment: readonly Equipment[];
  readonly stability: StabilityRung;
  /** The next easier / harder rung of the same ladder (same component and pattern). */
  readonly regressionId?: string;
  readonly progressionId?: string;
  /**
   * Flexibility: the muscles it inhibits (SMR) or lengthens (stretches). Activation exercises: the
   * underactive muscles it activates. Spelled exactly as the compensation catalogue spells them.
   */
  readonly muscles?: readonly string[];
  /** Integration exercises: the protocol patterns they train ("squat", "single-leg squat", "push", "pull"). */
  readonly integrates?: readonly string[];
  /** Held or timed rather than counted (SMR, stretches, planks, cardio, SAQ drills). */
  readonly timed?: boolean;
  /** Repeated landings (jump rope): waits, like reactive work, while lower-body compensations are active. */
  readonly highImpact?: boolean;
  readonly sources: readonly string[];
}
