import type { Exercise } from "../types.ts";
import { ladder, resistance } from "./build.ts";

/** Lower-body resistance by pattern (opt-exercises §2.1); stabilization ladders most → least stable. */

const squat = resistance("squat", ["C7:6_21_3", "C7:5_20_13", "opt-exercises §2.1"]);
const hinge = resistance("hinge", ["C7:6_21_3", "C7:5_20_13", "opt-exercises §2.1"]);
const lunge = resistance("lunge", ["C7:5_20_13", "C7:5_17_4", "opt-exercises §2.1"]);
const calves = resistance("calves", ["C7:5_20_13", "C7:6_21_4", "opt-exercises §2.1"]);

const CP = (...keys: string[]) => ({ sources: [...keys, "opt-exercises §2.1", "CP"] });
// Step-ups keep the knee over the 2nd–3rd toe: VMO and glute activation (VM-EMG), and single-leg integration.
const STEP_UP = {
  muscles: ["vastus medialis oblique (VMO)", "gluteus maximus", "gluteus medius"],
  integrates: ["single-leg squat"],
};
const SL_RDL = { muscles: ["hamstrings", "gluteus maximus", "erector spinae"] };

export const SQUAT: readonly Exercise[] = [
  ...ladder(
    squat.stab("ball-squat", "Ball squat", ["stability-ball"], 1, { aliases: ["ball wall squat"] }),
    squat.stab(
      "ball-squat-balance-pad",
      "Ball squat on balance pad",
      ["stability-ball", "balance-pad"],
      2,
      CP("C7:5_17_3"),
    ),
    squat.stab("single-leg-squat", "Single-leg squat", [], 3),
    squat.stab("single-leg-squat-touchdown", "Single-leg squat touchdown", [], 4, {
      sources: ["C7:5_17_4", "opt-exercises §2.1"],
    }),
    squat.stab(
      "single-leg-squat-balance-pad",
      "Single-leg squat on balance pad",
      ["balance-pad"],
      5,
      CP("C7:5_17_3"),
    ),
  ),
  squat.strength("dumbbell-squat", "Dumbbell squat", ["dumbbell"], 2),
  squat.strength("barbell-squat", "Barbell (back) squat", ["barbell"], 2, {
    aliases: ["barbell back squat"],
  }),
  squat.strength("barbell-front-squat", "Front squat", ["barbell"], 2),
  squat.strength("leg-press", "Leg press", ["machine"], 1, { aliases: ["hip sled"] }),
  squat.power("squat-jump", "Squat jump", [], 3, { sources: ["OEP-P5", "opt-exercises §2.1"] }),
  squat.power("dumbbell-jump-squat", "Loaded jump squat (30–45% 1RM)", ["dumbbell"], 3, CP()),
];

export const HINGE: readonly Exercise[] = [
  ...ladder(
    hinge.stab("single-leg-romanian-deadlift", "Single-leg Romanian deadlift", [], 2, SL_RDL),
    hinge.stab(
      "single-leg-dumbbell-romanian-deadlift",
      "Single-leg dumbbell Romanian deadlift",
      ["dumbbell"],
      3,
      SL_RDL,
    ),
    hinge.stab(
      "single-leg-romanian-deadlift-balance-pad",
      "Single-leg dumbbell Romanian deadlift on balance pad",
      ["balance-pad", "dumbbell"],
      5,
      CP("C7:5_17_3"),
    ),
  ),
  hinge.strength("barbell-romanian-deadlift", "Romanian deadlift (barbell)", ["barbell"], 2),
  hinge.strength("dumbbell-romanian-deadlift", "Romanian deadlift (dumbbell)", ["dumbbell"], 2),
  hinge.strength("barbell-deadlift", "Deadlift", ["barbell"], 2),
  hinge.strength("good-morning", "Good morning", ["barbell"], 2),
  hinge.power("kettlebell-swing", "Kettlebell swing", ["kettlebell"], 2, CP("C7:5_20_7")),
  hinge.power("dumbbell-swing", "Dumbbell swing", ["dumbbell"], 2, CP("C7:5_20_7")),
  hinge.power(
    "medicine-ball-back-extension-throw",
    "Medicine ball back extension throw",
    ["medicine-ball"],
    2,
    {
      sources: ["C7:5_16_4", "opt-exercises §2.1"],
    },
  ),
];

export const LUNGE: readonly Exercise[] = [
  ...ladder(
    lunge.stab("step-up-to-balance-sagittal", "Step-up to balance: sagittal", ["box"], 1, STEP_UP),
    lunge.stab("step-up-to-balance-frontal", "Step-up to balance: frontal", ["box"], 2, STEP_UP),
    lunge.stab("step-up-to-balance-transverse", "Step-up to balance: transverse", ["box"], 3, STEP_UP),
    lunge.stab("multiplanar-lunge-to-balance", "Multiplanar lunge to balance", [], 4, {
      integrates: ["single-leg squat"],
    }),
  ),
  lunge.strength("dumbbell-multiplanar-step-up", "Multiplanar step-up (dumbbell)", ["box", "dumbbell"], 2),
  lunge.strength("dumbbell-multiplanar-lunge", "Multiplanar lunge (dumbbell)", ["dumbbell"], 2, {
    aliases: ["dumbbell lunge"],
  }),
  lunge.strength("dumbbell-reverse-lunge", "Reverse lunge (dumbbell)", ["dumbbell"], 2),
  lunge.power("lunge-jump", "Lunge jump", [], 3, { sources: ["C7:5_18_3", "opt-exercises §2.1"] }),
  lunge.power("power-step-up", "Power step-up", ["box"], 3, { sources: ["C7:5_18_3", "opt-exercises §2.1"] }),
];

export const CALVES: readonly Exercise[] = [
  // Adding a dumbbell is load, not a rung (P1 progresses by proprioception): two unlinked options.
  calves.stab("single-leg-calf-raise", "Single-leg calf raise", [], 2),
  calves.stab("single-leg-dumbbell-calf-raise", "Single-leg dumbbell calf raise", ["dumbbell"], 2),
  calves.strength("dumbbell-calf-raise", "Calf raise (dumbbell)", ["dumbbell"], 2),
  calves.strength("machine-calf-raise", "Machine calf raise", ["machine"], 1),
];

export const RESISTANCE_LOWER: readonly Exercise[] = [...SQUAT, ...HINGE, ...LUNGE, ...CALVES];
