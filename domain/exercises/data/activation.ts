import type { Exercise } from "../types.ts";
import { builder, ladder } from "./build.ts";

/**
 * Isolated activation for underactive muscles (opt-exercises §5.1): stabilization-role resistance with
 * pattern "isolation". Activation that is also a ladder rung elsewhere (bridges, cobras, step-ups, SL-RDL)
 * carries `muscles` in its own file.
 */

const ACT = ["opt-exercises §5.1"];
const lower = builder("resistance", ["stabilization"], "isolation", ["legs", "hips"], ACT);
const glutes = builder("resistance", ["stabilization"], "isolation", ["hips", "glutes"], ACT);
const shin = builder("resistance", ["stabilization"], "isolation", ["ankles", "legs"], ACT);
const shoulder = builder("resistance", ["stabilization"], "isolation", ["shoulders"], ["C7:5_20_10", ...ACT]);
const neck = builder("resistance", ["stabilization"], "isolation", ["neck"], ["NB-FHP", ...ACT, "CP"]);
const role = { role: "stabilization" } as const;

const m = (muscles: string[], sources?: string[]) => ({ ...role, muscles, ...(sources ? { sources } : {}) });
const CP = (muscles: string[], ...keys: string[]) => m(muscles, [...keys, ...ACT, "CP"]);

const GLUTE_EMG = "GLUTE-EMG";

export const ACTIVATION: readonly Exercise[] = [
  lower("calf-raise-toes-out", "Calf raise, toes slightly turned out", [], 2, {
    ...CP(["medial gastrocnemius"], "MG-EMG"),
    bodyParts: ["calves"],
  }),
  lower(
    "ball-hamstring-curl",
    "Ball hamstring curl",
    ["stability-ball"],
    3,
    CP(["hamstrings", "medial hamstrings"]),
  ),
  lower("leg-curl-foot-turned-in", "Leg curl, foot turned in", ["machine"], 1, CP(["medial hamstrings"])),
  lower("floor-bridge-ball-squeeze", "Floor bridge with ball squeeze", ["stability-ball"], 1, {
    ...CP(["gracilis", "adductor complex", "gluteus maximus"], "SC-FEET"),
  }),
  lower(
    "side-lying-hip-adduction",
    "Side-lying hip adduction",
    [],
    1,
    CP(["adductor complex", "gracilis"], "SC-FEET"),
  ),
  lower(
    "band-hip-flexion-external-rotation",
    "Seated hip flexion with external rotation (band)",
    ["resistance-band"],
    1,
    CP(["sartorius"]),
  ),
  lower("band-tibial-internal-rotation", "Seated tibial internal rotation (band)", ["resistance-band"], 1, {
    ...CP(["popliteus"], "BB-TA"),
  }),
  ...ladder(
    glutes(
      "side-lying-hip-abduction",
      "Side-lying hip abduction",
      [],
      1,
      m(["gluteus medius"], [GLUTE_EMG, ...ACT]),
    ),
    glutes("clamshell", "Clamshell", [], 2, m(["gluteus medius"], [GLUTE_EMG, ...ACT])),
    glutes("tube-walking-knees", "Tube walking: side to side, band at knees", ["resistance-band"], 3, {
      ...m(["gluteus medius"], ["C7:5_14_7", "SC-FEET", ...ACT]),
    }),
    glutes("tube-walking-ankles", "Tube walking: side to side, band at ankles", ["resistance-band"], 4, {
      ...m(["gluteus medius"], ["C7:5_14_7", ...ACT]),
    }),
  ),
  ...ladder(
    glutes(
      "single-leg-floor-bridge",
      "Single-leg floor bridge",
      [],
      2,
      m(["gluteus maximus", "hamstrings"], [GLUTE_EMG, ...ACT]),
    ),
    glutes(
      "quadruped-hip-extension",
      "Quadruped hip extension",
      [],
      3,
      m(["gluteus maximus"], [GLUTE_EMG, ...ACT]),
    ),
  ),
  lower("straight-leg-raise", "Straight-leg raise", [], 1, CP(["vastus medialis oblique (VMO)"], "VM-EMG")),
  lower(
    "single-leg-leg-press",
    "Single-leg leg press",
    ["machine"],
    1,
    CP(["vastus medialis oblique (VMO)"], "VM-EMG"),
  ),
  ...ladder(
    shin(
      "band-dorsiflexion",
      "Band-resisted dorsiflexion",
      ["resistance-band"],
      1,
      m(["anterior tibialis"], ["BB-TA", ...ACT]),
    ),
    shin("heel-walking", "Heel walking", [], 2, CP(["anterior tibialis"])),
  ),
  // Named by NASM-aligned sources for feet flattening, though not in opt-reference's tables (§5.1).
  shin(
    "band-plantar-flexion-inversion",
    "Band-resisted plantar flexion with inversion",
    ["resistance-band"],
    1,
    m(["posterior tibialis"], ["BB-PT", ...ACT]),
  ),
  shoulder(
    "tubing-external-rotation",
    "Tubing external rotation",
    ["resistance-band"],
    1,
    m(["rotator cuff"]),
  ),
  shoulder(
    "tubing-internal-rotation",
    "Tubing internal rotation",
    ["resistance-band"],
    1,
    m(["rotator cuff"]),
  ),
  ...ladder(
    neck("chin-tuck", "Chin tuck (standing or seated)", [], 1, m(["deep cervical flexors"])),
    neck(
      "supine-chin-tuck-head-lift",
      "Supine chin tuck with small head lift",
      [],
      2,
      m(["deep cervical flexors"]),
    ),
  ),
];
