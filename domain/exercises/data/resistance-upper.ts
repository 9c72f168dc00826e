import type { Exercise } from "../types.ts";
import { ladder, resistance } from "./build.ts";

/** Upper-body resistance by pattern (opt-exercises §2.2); stabilization ladders most → least stable. */

const hPush = resistance("horizontal-push", ["C7:5_20_8", "C7:6_21_3", "opt-exercises §2.2"]);
const hPull = resistance("horizontal-pull", ["C7:5_20_9", "C7:6_21_3", "opt-exercises §2.2"]);
const vPush = resistance("vertical-push", ["C7:5_20_10", "C7:6_21_3", "opt-exercises §2.2"]);
const vPull = resistance("vertical-pull", ["C7:5_20_9", "C7:6_21_4", "opt-exercises §2.2"]);

const CP = (...keys: string[]) => ({ sources: [...keys, "opt-exercises §2.2", "CP"] });
const TRAPS = ["middle trapezius", "lower trapezius"];
const CABLE_ROW = { muscles: ["rhomboids", ...TRAPS] };
const CABLE_PRESS = { integrates: ["push"] };

export const HORIZONTAL_PUSH: readonly Exercise[] = [
  ...ladder(
    hPush.stab("push-up-hands-on-bench", "Push-up: hands on bench", ["bench"], 1),
    hPush.stab("push-up-knees", "Push-up: on knees", [], 2),
    hPush.stab("push-up", "Push-up", [], 3),
    hPush.stab("ball-dumbbell-chest-press", "Ball dumbbell chest press", ["stability-ball", "dumbbell"], 4, {
      aliases: ["stability ball chest press"],
    }),
    hPush.stab("push-up-hands-on-ball", "Push-up: hands on ball", ["stability-ball"], 5, {
      aliases: ["stability-ball push-up"],
    }),
  ),
  hPush.stab(
    "ball-dumbbell-chest-press-alternating",
    "Ball dumbbell chest press, alternating arms",
    ["stability-ball", "dumbbell"],
    4,
  ),
  hPush.stab(
    "ball-dumbbell-chest-press-one-arm",
    "Ball dumbbell chest press, one arm",
    ["stability-ball", "dumbbell"],
    5,
  ),
  ...ladder(
    hPush.stab("standing-cable-chest-press", "Standing cable chest press", ["cable"], 2, CABLE_PRESS),
    hPush.stab(
      "standing-cable-chest-press-staggered",
      "Standing cable chest press, staggered stance",
      ["cable"],
      3,
      CABLE_PRESS,
    ),
    hPush.stab("single-leg-cable-chest-press", "Single-leg cable chest press", ["cable"], 4, CABLE_PRESS),
    hPush.stab(
      "single-leg-cable-chest-press-one-arm",
      "Single-leg cable chest press, one arm",
      ["cable"],
      5,
      CABLE_PRESS,
    ),
  ),
  hPush.strength("flat-dumbbell-chest-press", "Flat dumbbell chest press", ["dumbbell", "bench"], 1),
  hPush.strength("barbell-bench-press", "Barbell bench press", ["barbell", "bench"], 1, {
    aliases: ["bench press"],
  }),
  hPush.strength("machine-chest-press", "Machine chest press", ["machine"], 1),
  hPush.strength("incline-dumbbell-chest-press", "Incline dumbbell chest press", ["dumbbell", "bench"], 1),
  hPush.strength("incline-barbell-bench-press", "Incline barbell bench press", ["barbell", "bench"], 1),
  hPush.power("medicine-ball-chest-pass", "Medicine ball chest pass", ["medicine-ball"], 2),
  hPush.power("plyometric-push-up", "Plyometric push-up", [], 3, {
    sources: ["C7:5_18_3", "opt-exercises §3.1"],
  }),
  hPush.power("fast-band-chest-press", "Fast tubing chest press", ["resistance-band"], 2),
  hPush.power("fast-cable-chest-press", "Fast cable chest press", ["cable"], 2),
];

export const HORIZONTAL_PULL: readonly Exercise[] = [
  // Cobras: thumbs up, retract and depress the scapulae — also erector spinae and mid/lower trapezius activation.
  ...ladder(
    hPull.stab("floor-cobra", "Floor cobra", [], 1, {
      aliases: ["floor prone cobra"],
      muscles: ["erector spinae", ...TRAPS, "rhomboids"],
    }),
    hPull.stab("ball-cobra", "Ball cobra", ["stability-ball"], 2, {
      muscles: ["erector spinae", ...TRAPS, "rhomboids"],
    }),
    hPull.stab("ball-dumbbell-row", "Ball dumbbell row", ["stability-ball", "dumbbell"], 3, {
      muscles: ["rhomboids"],
    }),
  ),
  ...ladder(
    hPull.stab("standing-cable-row", "Standing cable row", ["cable"], 2, {
      ...CABLE_ROW,
      integrates: ["pull"],
    }),
    hPull.stab(
      "standing-cable-row-alternating",
      "Standing cable row, alternating arms",
      ["cable"],
      3,
      CABLE_ROW,
    ),
    hPull.stab("standing-cable-row-one-arm", "Standing cable row, one arm", ["cable"], 4, CABLE_ROW),
    hPull.stab("single-leg-cable-row", "Single-leg cable row, one arm", ["cable"], 5, CABLE_ROW),
  ),
  hPull.strength("seated-cable-row", "Seated cable row", ["cable"], 1),
  hPull.strength("machine-row", "Machine row", ["machine"], 1),
  hPull.strength("supported-dumbbell-row", "Supported dumbbell row", ["dumbbell", "bench"], 1, CP()),
  hPull.power("medicine-ball-pullover-throw", "Medicine ball pullover throw", ["medicine-ball"], 2),
  hPull.power("fast-cable-row", "Fast cable row", ["cable"], 2, CP()),
];

export const VERTICAL_PUSH: readonly Exercise[] = [
  ...ladder(
    vPush.stab("ball-combo-1", "Ball combo I (Y-T-A)", ["stability-ball", "dumbbell"], 1, { muscles: TRAPS }),
    vPush.stab(
      "ball-combo-2",
      "Ball combo II (row, external rotation, prone press)",
      ["stability-ball", "dumbbell"],
      2,
      {
        muscles: ["rhomboids", "rotator cuff"],
      },
    ),
    vPush.stab(
      "seated-ball-dumbbell-shoulder-press",
      "Seated stability-ball shoulder press",
      ["stability-ball", "dumbbell"],
      3,
      { aliases: ["stability ball shoulder press"] },
    ),
    vPush.stab("single-leg-dumbbell-shoulder-press", "Single-leg dumbbell shoulder press", ["dumbbell"], 4),
    vPush.stab(
      "standing-bottoms-up-kettlebell-press",
      "Standing bottoms-up kettlebell press",
      ["kettlebell"],
      5,
    ),
  ),
  ...ladder(
    vPush.stab("standing-dumbbell-scaption", "Standing dumbbell scaption", ["dumbbell"], 2),
    vPush.stab("single-leg-dumbbell-scaption", "Single-leg dumbbell scaption", ["dumbbell"], 4),
  ),
  // ⚠ CPT7 lists the standing press among stabilization exercises; opt-exercises places it under strength.
  vPush.strength("standing-dumbbell-shoulder-press", "Standing dumbbell shoulder press", ["dumbbell"], 2),
  vPush.strength("standing-dumbbell-lateral-raise", "Standing dumbbell lateral raise", ["dumbbell"], 2),
  vPush.strength(
    "seated-dumbbell-shoulder-press",
    "Seated dumbbell shoulder press",
    ["dumbbell", "bench"],
    1,
  ),
  vPush.strength("seated-shoulder-press-machine", "Seated shoulder press machine", ["machine"], 1, {
    aliases: ["machine shoulder press"],
  }),
  vPush.strength("barbell-shoulder-press", "Barbell shoulder press", ["barbell"], 2),
  vPush.strength("arnold-press", "Arnold press", ["dumbbell"], 2),
  vPush.power("overhead-medicine-ball-throw", "Overhead medicine ball throw", ["medicine-ball"], 2, {
    aliases: ["medicine ball overhead throw"],
  }),
  vPush.power("dumbbell-push-press", "Two-arm push press (dumbbell)", ["dumbbell"], 2, {
    sources: ["C7:5_20_7", "opt-exercises §2.2"],
  }),
];

export const VERTICAL_PULL: readonly Exercise[] = [
  ...ladder(
    vPull.stab("standing-cable-lat-pulldown", "Standing lat pulldown (cable)", ["cable"], 2),
    vPull.stab(
      "standing-cable-lat-pulldown-staggered",
      "Standing lat pulldown, staggered stance",
      ["cable"],
      3,
      CP(),
    ),
    vPull.stab("single-leg-cable-lat-pulldown", "Single-leg lat pulldown (cable)", ["cable"], 4, CP()),
  ),
  vPull.strength("seated-lat-pulldown", "Seated lat pulldown (cable)", ["cable"], 1),
  vPull.strength("machine-lat-pulldown", "Machine lat pulldown", ["machine"], 1),
  vPull.strength("pull-up", "Pull-up", [], 2),
  vPull.strength("chin-up", "Chin-up", [], 2),
  vPull.power("soccer-throw", "Medicine ball soccer throw", ["medicine-ball"], 2, {
    aliases: ["soccer throw"],
  }),
  vPull.power("fast-cable-pulldown", "Fast standing cable pulldown", ["cable"], 2, CP()),
];

export const RESISTANCE_UPPER: readonly Exercise[] = [
  ...HORIZONTAL_PUSH,
  ...HORIZONTAL_PULL,
  ...VERTICAL_PUSH,
  ...VERTICAL_PULL,
];
