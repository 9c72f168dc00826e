import {
  type AssessmentKind,
  COMPENSATIONS,
  type Compensation,
  type Finding,
  type MovementAssessment,
  type MuscleOnSide,
  type Side,
} from "./types.ts";

/** Version of the muscle/compensation data below; stored with every derived protocol. */
// 2026.2: the posterior view's feet flatten and heels rise; conflicting muscle needs resolved per side.
export const CATALOGUE_VERSION = "cex-2026.2";

export type View = "anterior" | "lateral" | "posterior";
export type Checkpoint = "foot-ankle" | "knee" | "lphc" | "shoulders" | "head-cervical-spine";

export interface MuscleLists {
  readonly overactive: readonly string[];
  readonly underactive: readonly string[];
}

/** Most compensations apply their lists to the finding's side; a weight shift differs per side. */
export type CatalogueMuscles =
  | ({ readonly sideAware: false } & MuscleLists)
  | { readonly sideAware: true; readonly shiftedToward: MuscleLists; readonly oppositeSide: MuscleLists };

export interface CatalogueEntry {
  readonly assessment: MovementAssessment;
  readonly compensation: Compensation;
  readonly view: View;
  readonly checkpoint: Checkpoint;
  readonly muscles: CatalogueMuscles;
  /** Movement patterns to integrate (CEx stage 4). */
  readonly patterns: readonly string[];
  readonly sources: readonly string[];
}

// Muscle names: lower case; a standard abbreviation follows in parentheses.
const TFL = "tensor fasciae latae (TFL)";
const VMO = "vastus medialis oblique (VMO)";
const SCM = "sternocleidomastoid (SCM)";

const OHSA_SOURCES = ["quizlet.com/13295419 (NASM Table 7.6, 4th ed.)", "brainscape.com Dynamic Imbalances"];
const SHIFT_SOURCES = [...OHSA_SOURCES, "blog.nasm.org Hip shifting compensation"];
const SLS_SOURCES = ["open-exam-prep.com §6.4", "studyxy.com NASM ch. 12"];
// opt-reference §4.2 only names the posterior view's feet flattening and heels rising; their muscles are
// NASM's Corrective Exercise Specialist (CES) table.
const CES_SOURCES = ["NASM CES (Corrective Exercise Specialist) OHSA table", "opt-reference §4.2"];
const PUSH_PULL_SOURCES = ["open-exam-prep.com §6.4", "quizlet.com/13295419 (push/pull rows)"];

const lists = (overactive: string[], underactive: string[]) =>
  ({ sideAware: false, overactive, underactive }) as const;

const KNEES_IN = lists(
  ["adductor complex", "biceps femoris (short head)", TFL, "vastus lateralis"],
  ["gluteus medius", "gluteus maximus", VMO],
);

const ohsa = (
  compensation: Compensation,
  view: View,
  checkpoint: Checkpoint,
  muscles: CatalogueMuscles,
  sources = OHSA_SOURCES,
): CatalogueEntry => ({
  assessment: "overhead-squat",
  compensation,
  view,
  checkpoint,
  muscles,
  patterns: ["squat"],
  sources,
});

// Push/pull share rows; the reference gives no view, lateral is derived (LPHC, shoulders, head).
const pushPull = (compensation: Compensation, checkpoint: Checkpoint, muscles: CatalogueMuscles) =>
  (["push", "pull"] as const).map(
    (assessment): CatalogueEntry => ({
      assessment,
      compensation,
      view: "lateral",
      checkpoint,
      muscles,
      patterns: [assessment],
      sources: PUSH_PULL_SOURCES,
    }),
  );

export const CATALOGUE: readonly CatalogueEntry[] = [
  ohsa(
    "feet-turn-out",
    "anterior",
    "foot-ankle",
    lists(
      ["soleus", "lateral gastrocnemius", "biceps femoris (short head)"],
      ["medial gastrocnemius", "medial hamstrings", "gracilis", "sartorius", "popliteus"],
    ),
  ),
  ohsa("knees-move-inward", "anterior", "knee", KNEES_IN),
  ohsa(
    "excessive-forward-lean",
    "lateral",
    "lphc",
    lists(
      ["soleus", "gastrocnemius", "hip-flexor complex", "abdominal complex"],
      ["anterior tibialis", "gluteus maximus", "erector spinae"],
    ),
  ),
  ohsa(
    "low-back-arches",
    "lateral",
    "lphc",
    lists(
      ["hip-flexor complex", "erector spinae", "latissimus dorsi"],
      ["gluteus maximus", "hamstrings", "intrinsic core stabilizers"],
    ),
  ),
  ohsa(
    "arms-fall-forward",
    "lateral",
    "shoulders",
    lists(
      ["latissimus dorsi", "teres major", "pectoralis major", "pectoralis minor"],
      ["middle trapezius", "lower trapezius", "rhomboids", "rotator cuff"],
    ),
  ),
  ohsa(
    "asymmetric-weight-shift",
    "posterior",
    "lphc",
    {
      sideAware: true,
      shiftedToward: { overactive: ["adductor complex", TFL], underactive: ["gluteus medius"] },
      oppositeSide: {
        overactive: ["gastrocnemius", "soleus", "piriformis", "biceps femoris", "gluteus medius"],
        underactive: ["anterior tibialis", "adductor complex"],
      },
    },
    SHIFT_SOURCES,
  ),
  // Feet flatten is pronation: the arch collapses as the shin turns in.
  ohsa(
    "feet-flatten",
    "posterior",
    "foot-ankle",
    lists(
      ["peroneal complex", "lateral gastrocnemius", "biceps femoris (short head)", TFL],
      ["anterior tibialis", "posterior tibialis", "medial gastrocnemius", "gluteus medius"],
    ),
    CES_SOURCES,
  ),
  ohsa("heels-rise", "posterior", "foot-ankle", lists(["soleus"], ["anterior tibialis"]), CES_SOURCES),
  // The reference gives no view for the SLS; anterior is derived (knee valgus is frontal-plane).
  {
    assessment: "single-leg-squat",
    compensation: "knees-move-inward",
    view: "anterior",
    checkpoint: "knee",
    muscles: KNEES_IN,
    patterns: ["single-leg squat"],
    sources: SLS_SOURCES,
  },
  // Push/pull low back arches differs from the OHSA row ("hip flexors" normalised to hip-flexor complex).
  ...pushPull(
    "low-back-arches",
    "lphc",
    lists(["hip-flexor complex", "erector spinae"], ["intrinsic core stabilizers"]),
  ),
  ...pushPull(
    "shoulders-elevate",
    "shoulders",
    lists(["upper trapezius", SCM, "levator scapulae"], ["middle trapezius", "lower trapezius"]),
  ),
  ...pushPull(
    "head-protrudes-forward",
    "head-cervical-spine",
    lists(["upper trapezius", SCM, "levator scapulae"], ["deep cervical flexors"]),
  ),
];

export const catalogueEntry = (
  kind: AssessmentKind,
  compensation: Compensation,
): CatalogueEntry | undefined =>
  CATALOGUE.find((e) => e.assessment === kind && e.compensation === compensation);

/** Compensations an assessment can find, in `COMPENSATIONS` order; empty for non-movement assessments. */
export const compensationsObservedBy = (kind: AssessmentKind): readonly Compensation[] =>
  COMPENSATIONS.filter((c) => catalogueEntry(kind, c) !== undefined);

/** Why a single finding is invalid for an assessment, or undefined if it is valid. */
export function findingProblem(kind: AssessmentKind, finding: Finding): string | undefined {
  if (!catalogueEntry(kind, finding.compensation)) {
    return `${finding.compensation} is not observed by the ${kind} assessment`;
  }
  if (finding.compensation === "asymmetric-weight-shift" && finding.side === "bilateral") {
    return "asymmetric-weight-shift needs the side shifted toward (left or right), not bilateral";
  }
  return undefined;
}

/** Human-readable problems with the findings of one assessment; empty when all are valid. */
export function invalidFindings(kind: AssessmentKind, findings: readonly Finding[]): string[] {
  const problems: string[] = [];
  const seen = new Map<Compensation, Side[]>();
  for (const finding of findings) {
    const problem = findingProblem(kind, finding);
    if (problem) problems.push(problem);
    const sides = seen.get(finding.compensation) ?? [];
    const { compensation, side } = finding;
    if (sides.includes(side)) {
      problems.push(`${compensation} (${side}) is recorded more than once`);
    } else if (sides.length > 0 && (side === "bilateral" || sides.includes("bilateral"))) {
      problems.push(`${compensation} is recorded both bilateral and on one side`);
    } else if (sides.length > 0 && compensation === "asymmetric-weight-shift") {
      problems.push("asymmetric-weight-shift can only be toward one side");
    }
    seen.set(compensation, [...sides, side]);
  }
  return problems;
}

const other = (side: "left" | "right"): "left" | "right" => (side === "left" ? "right" : "left");
const onSide = (muscles: readonly string[], side: Side): MuscleOnSide[] =>
  muscles.map((muscle) => ({ muscle, side }));

/** Side-resolved muscle lists for one valid finding; throws on an invalid one. */
export function musclesFor(
  kind: MovementAssessment,
  finding: Finding,
): { overactive: MuscleOnSide[]; underactive: MuscleOnSide[] } {
  const problem = findingProblem(kind, finding);
  const entry = catalogueEntry(kind, finding.compensation);
  if (problem || !entry) throw new RangeError(problem);
  const { muscles } = entry;
  const { side } = finding;
  if (!muscles.sideAware) {
    return { overactive: onSide(muscles.overactive, side), underactive: onSide(muscles.underactive, side) };
  }
  if (side === "bilateral") throw new RangeError("unreachable: bilateral weight shift");
  const far = other(side);
  return {
    overactive: [
      ...onSide(muscles.shiftedToward.overactive, side),
      ...onSide(muscles.oppositeSide.overactive, far),
    ],
    underactive: [
      ...onSide(muscles.shiftedToward.underactive, side),
      ...onSide(muscles.oppositeSide.underactive, far),
    ],
  };
}
