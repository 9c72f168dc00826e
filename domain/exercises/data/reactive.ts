import type { Exercise } from "../types.ts";
import { builder, ladder } from "./build.ts";

/**
 * Plyometric (reactive) drills by level (opt-exercises §3.1). Stabilization: land and hold 3–5 s; strength:
 * repeated; power: fastest ground contact. Lunge jump, power step-up and plyometric push-up live in resistance.
 */

const SRC = ["C7:5_18_2", "C7:5_18_3", "opt-exercises §3.1"];
const PARTS = ["legs", "glutes", "ankles"] as const;
const stab = builder("reactive", ["stabilization"], "jump", PARTS, SRC);
const strength = builder("reactive", ["strength"], "jump", PARTS, SRC);
const power = builder("reactive", ["power"], "jump", PARTS, SRC);

export const REACTIVE: readonly Exercise[] = [
  ...ladder(
    stab("squat-jump-with-stabilization", "Squat jump with stabilization", [], 1),
    stab("box-jump-up-with-stabilization", "Box jump-up with stabilization", ["box"], 2),
    stab("box-jump-down-with-stabilization", "Box jump-down with stabilization", ["box"], 3),
    stab("multiplanar-jump-with-stabilization", "Multiplanar jump with stabilization", [], 4),
  ),
  strength("repeating-squat-jump", "Squat jump (repeating)", [], 2),
  strength("tuck-jump", "Tuck jump", [], 3),
  strength("butt-kick", "Butt kick", [], 3),
  strength("repeat-box-jump", "Repeat box jumps", ["box"], 3),
  power("ice-skaters", "Ice skaters", [], 4, { aliases: ["skater jumps"] }),
  power("single-leg-power-step-up", "Single-leg power step-up", ["box"], 4),
  power("proprioceptive-plyometrics", "Proprioceptive plyometrics", ["cones"], 4),
  power("depth-jump", "Depth jump", ["box"], 4),
];
