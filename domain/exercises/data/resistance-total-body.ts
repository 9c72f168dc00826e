import type { Exercise } from "../types.ts";
import { ladder, resistance } from "./build.ts";

/** Total-body, rotation and arm accessories (opt-exercises §2.2–2.3, integration §5.2). */

const total = resistance("total-body", ["C7:5_20_7", "opt-exercises §2.3"]);
const rotation = resistance("rotation", ["C7:5_16_4", "C7:5_17_4", "opt-exercises §2.3"]);
const biceps = resistance("biceps", ["C7:5_20_11", "opt-exercises §2.2"]);
const triceps = resistance("triceps", ["C7:5_20_12", "opt-exercises §2.2"]);

const CP = (...keys: string[]) => ({ sources: [...keys, "opt-exercises §2", "CP"] });
const INTEGRATION = ["C7:5_20_7", "opt-exercises §5.2"];

export const TOTAL_BODY: readonly Exercise[] = [
  ...ladder(
    total.stab("ball-squat-curl-to-press", "Ball squat, curl to press", ["stability-ball", "dumbbell"], 1, {
      aliases: ["ball wall squat to overhead press"],
      integrates: ["squat"],
    }),
    total.stab(
      "step-up-balance-curl-to-press",
      "Multiplanar step-up, balance, curl to overhead press",
      ["box", "dumbbell"],
      2,
      { integrates: ["single-leg squat"] },
    ),
    total.stab(
      "single-leg-squat-curl-to-press",
      "Single-leg squat, curl to overhead press",
      ["dumbbell"],
      3,
      {
        integrates: ["single-leg squat"],
      },
    ),
    total.stab(
      "single-leg-rdl-curl-to-press",
      "Single-leg Romanian deadlift, curl to overhead press",
      ["dumbbell"],
      4,
      {
        ...CP("C7:5_20_7"),
        muscles: ["hamstrings", "gluteus maximus"],
      },
    ),
  ),
  ...ladder(
    total.stab("squat-to-row", "Squat to row (cable)", ["cable"], 2, {
      integrates: ["squat", "pull"],
      sources: ["NB-PROG", ...INTEGRATION],
    }),
    total.stab("single-leg-squat-to-row", "Single-leg squat to row", ["cable"], 4, {
      integrates: ["single-leg squat", "pull"],
    }),
  ),
  total.stab("lunge-to-overhead-press", "Lunge to overhead press", ["dumbbell"], 3, {
    integrates: ["single-leg squat"],
    sources: INTEGRATION,
  }),
  total.strength(
    "lunge-to-two-arm-dumbbell-press",
    "Multiplanar lunge to two-arm dumbbell press",
    ["dumbbell"],
    2,
  ),
  total.strength("squat-curl-to-two-arm-press", "Squat, curl to two-arm press", ["dumbbell"], 2),
  total.strength("deadlift-shrug-to-calf-raise", "Deadlift, shrug to calf raise", ["barbell"], 2),
  total.power("barbell-push-press", "Two-arm push press (barbell)", ["barbell"], 2),
  total.power("barbell-clean", "Barbell clean", ["barbell"], 2),
  total.power("dumbbell-snatch", "Dumbbell snatch", ["dumbbell"], 2, CP("C7:5_20_7")),
];

export const ROTATION: readonly Exercise[] = [
  ...ladder(
    rotation.stab("kneeling-cable-pallof-press", "Kneeling Pallof press (cable)", ["cable"], 1),
    rotation.stab("standing-cable-pallof-press", "Standing Pallof press (cable)", ["cable"], 2, CP()),
    rotation.stab("single-leg-cable-lift-and-chop", "Single-leg lift and chop (cable)", ["cable"], 4),
  ),
  rotation.strength("cable-rotation", "Cable rotation", ["cable"], 2),
  rotation.strength("cable-lift", "Cable lift", ["cable"], 2),
  rotation.strength("cable-chop", "Cable chop", ["cable"], 2),
  rotation.power(
    "medicine-ball-rotation-chest-pass",
    "Medicine ball rotation chest pass",
    ["medicine-ball"],
    2,
  ),
  rotation.power("fast-cable-rotation", "Fast cable rotation", ["cable"], 2, CP()),
];

export const BICEPS: readonly Exercise[] = [
  biceps.stab("single-leg-dumbbell-curl", "Single-leg dumbbell curl", ["dumbbell"], 3),
  biceps.stab("single-leg-cable-curl", "Single-leg cable curl", ["cable"], 3, CP()),
  biceps.stab("single-leg-hammer-curl", "Single-leg hammer curl", ["dumbbell"], 3, CP()),
  biceps.strength("standing-dumbbell-curl", "Standing dumbbell curl", ["dumbbell"], 2),
  biceps.strength("standing-barbell-curl", "Standing barbell curl", ["barbell"], 2),
  biceps.strength("standing-hammer-curl", "Standing hammer curl", ["dumbbell"], 2),
  biceps.strength("seated-two-arm-dumbbell-curl", "Seated two-arm dumbbell curl", ["dumbbell", "bench"], 1),
  biceps.strength("biceps-curl-machine", "Biceps curl machine", ["machine"], 1),
];

export const TRICEPS: readonly Exercise[] = [
  ...ladder(
    triceps.stab(
      "supine-ball-dumbbell-triceps-extension",
      "Supine ball dumbbell triceps extension",
      ["stability-ball", "dumbbell"],
      2,
      { aliases: ["dumbbell skull crusher"] },
    ),
    triceps.stab(
      "prone-ball-dumbbell-triceps-extension",
      "Prone ball dumbbell triceps extension",
      ["stability-ball", "dumbbell"],
      3,
    ),
    triceps.stab("single-leg-cable-pushdown", "Single-leg cable pushdown", ["cable"], 4, CP()),
  ),
  triceps.strength("cable-pushdown", "Cable pushdown (rope)", ["cable"], 2),
  triceps.strength(
    "supine-bench-barbell-triceps-extension",
    "Supine bench barbell triceps extension",
    ["barbell", "bench"],
    1,
  ),
  triceps.strength("close-grip-bench-press", "Close-grip bench press", ["barbell", "bench"], 1),
];

export const RESISTANCE_TOTAL_BODY: readonly Exercise[] = [...TOTAL_BODY, ...ROTATION, ...BICEPS, ...TRICEPS];
