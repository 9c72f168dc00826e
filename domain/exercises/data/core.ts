import type { Exercise } from "../types.ts";
import { builder, ladder } from "./build.ts";

/** Core by level (opt-exercises §3.1), split into ladders by pattern; stabilization work activates too. */

const STAB = ["C7:5_16_3", "C7:5_16_4", "opt-exercises §3.1"];
const STRENGTH = ["C7:5_16_4", "opt-exercises §3.1"];
const POWER = ["C7:5_16_4", "opt-exercises §3.1"];
const CORE = ["core"] as const;

const antiExtension = builder("core", ["stabilization"], "anti-extension", CORE, STAB);
const antiRotation = builder("core", ["stabilization"], "anti-rotation", CORE, STAB);
const bridge = builder("core", ["stabilization"], "hinge", ["core", "glutes"], STAB);
const hip = builder("core", ["stabilization"], "isolation", ["core", "hips"], STAB);
const carry = builder("core", ["stabilization"], "gait", ["core", "full-body"], STAB);
const flexion = builder("core", ["strength"], "flexion", CORE, STRENGTH);
const extension = builder("core", ["strength"], "hinge", ["core", "back"], STRENGTH);
const powerFlexion = builder("core", ["power"], "flexion", ["core", "shoulders"], POWER);
const powerRotation = builder("core", ["power"], "rotation", CORE, POWER);

const ICS = "intrinsic core stabilizers";
const core = { muscles: [ICS] };

export const CORE_EXERCISES: readonly Exercise[] = [
  ...ladder(
    antiExtension("drawing-in-maneuver", "Drawing-in maneuver", [], 1, {
      ...core,
      aliases: ["drawing-in manoeuvre"],
    }),
    antiExtension("marching", "Marching", [], 2, core),
    antiExtension("dead-bug", "Dead bug", [], 3, core),
  ),
  ...ladder(
    antiExtension("plank-hands-on-bench", "Plank: hands on bench", ["bench"], 2, { ...core, timed: true }),
    antiExtension("plank", "Plank", [], 3, { ...core, timed: true, aliases: ["prone iso-ab"] }),
  ),
  ...ladder(
    antiRotation("bird-dog", "Bird dog", [], 2, { muscles: [ICS, "gluteus maximus"] }),
    antiRotation("side-plank", "Side plank", [], 3, { ...core, timed: true, aliases: ["side iso-ab"] }),
    antiRotation(
      "kneeling-band-pallof-press",
      "Kneeling Pallof press (tubing)",
      ["resistance-band"],
      4,
      core,
    ),
  ),
  ...ladder(
    bridge("floor-bridge", "Floor bridge", [], 1, {
      aliases: ["two-leg floor bridge"],
      muscles: ["gluteus maximus", "hamstrings", ICS],
    }),
    bridge("ball-bridge", "Ball bridge", ["stability-ball"], 3, {
      muscles: ["gluteus maximus", "hamstrings"],
    }),
  ),
  hip("fire-hydrant", "Fire hydrant", [], 2, { muscles: ["gluteus medius"] }),
  carry("farmers-carry-dumbbell", "Farmer's carry (dumbbell)", ["dumbbell"], 2, { ...core, timed: true }),
  carry("farmers-carry-kettlebell", "Farmer's carry (kettlebell)", ["kettlebell"], 2, {
    ...core,
    timed: true,
  }),
  ...ladder(
    flexion("floor-crunch", "Floor crunch", [], 1),
    flexion("ball-crunch", "Ball crunch", ["stability-ball"], 3),
  ),
  ...ladder(
    flexion("reverse-crunch", "Reverse crunch", ["bench"], 1),
    flexion("knee-up", "Knee-up", ["bench"], 2),
  ),
  extension("back-extension", "Back extension", ["bench"], 2, { muscles: ["erector spinae"] }),
  extension("back-extension-machine", "Back extension (machine)", ["machine"], 1, {
    muscles: ["erector spinae"],
  }),
  powerFlexion(
    "ball-medicine-ball-pullover-throw",
    "Ball medicine ball pullover throw",
    ["stability-ball", "medicine-ball"],
    3,
  ),
  ...ladder(
    powerRotation(
      "front-medicine-ball-oblique-throw",
      "Front medicine ball oblique throw",
      ["medicine-ball"],
      2,
    ),
    powerRotation(
      "side-medicine-ball-oblique-throw",
      "Side medicine ball oblique throw",
      ["medicine-ball"],
      3,
    ),
    powerRotation("medicine-ball-woodchop-throw", "Medicine ball woodchop throw", ["medicine-ball"], 4),
  ),
];
