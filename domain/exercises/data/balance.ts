import type { Exercise } from "../types.ts";
import { builder, ladder } from "./build.ts";

/**
 * Balance by level (opt-exercises §3.1): stable → unstable surface, eyes closed. The strength-level drills
 * repeat resistance-ladder movements as balance work, so they carry their own ids ("balance-…").
 */

const SRC = ["C7:5_17_3", "C7:5_17_4", "opt-exercises §3.1"];
const LEG = ["legs", "ankles", "core"] as const;
const stab = builder("balance", ["stabilization"], "single-leg-stance", LEG, SRC);
const strength = builder("balance", ["strength"], "single-leg-stance", ["legs", "glutes", "core"], SRC);
const power = builder("balance", ["power"], "single-leg-stance", ["legs", "ankles"], SRC);

const REACH = { integrates: ["single-leg squat"], sources: [...SRC, "SC-FEET", "opt-exercises §5.2"] };
const CP = { sources: [...SRC, "CP"] };

export const BALANCE: readonly Exercise[] = [
  ...ladder(
    stab("tandem-stance", "Tandem stance", [], 1, { timed: true }),
    stab("single-leg-balance", "Single-leg balance", [], 2, { timed: true }),
    stab("single-leg-balance-half-foam-roll", "Single-leg balance on half-foam-roll", ["half-foam-roll"], 3, {
      timed: true,
    }),
    stab("single-leg-balance-pad", "Single-leg balance on balance pad", ["balance-pad"], 4, { timed: true }),
    stab(
      "single-leg-balance-pad-eyes-closed",
      "Single-leg balance on balance pad, eyes closed",
      ["balance-pad"],
      5,
      {
        timed: true,
      },
    ),
  ),
  ...ladder(
    stab("single-leg-balance-reach", "Single-leg balance reach", [], 2, REACH),
    stab(
      "single-leg-balance-reach-half-foam-roll",
      "Single-leg balance reach on half-foam-roll",
      ["half-foam-roll"],
      3,
      REACH,
    ),
    stab(
      "single-leg-balance-reach-pad",
      "Single-leg balance reach on balance pad",
      ["balance-pad"],
      4,
      REACH,
    ),
  ),
  ...ladder(
    stab("single-leg-hip-rotation", "Single-leg hip internal and external rotation", [], 2),
    stab("single-leg-lift-and-chop", "Single-leg lift and chop (medicine ball)", ["medicine-ball"], 3),
    stab("single-leg-windmill", "Single-leg windmill", [], 4),
    stab("single-leg-throw-and-catch", "Single-leg throw and catch", ["medicine-ball"], 5),
  ),
  stab("single-leg-arm-and-leg-motion", "Single-leg arm and leg motion", [], 3),
  stab("single-leg-balance-dual-task", "Single-leg balance with dual task", [], 3, { ...CP, timed: true }),
  ...ladder(
    strength("balance-single-leg-squat", "Single-leg squat (balance)", [], 2),
    strength("balance-single-leg-squat-touchdown", "Single-leg squat touchdown (balance)", [], 3),
    strength("balance-single-leg-romanian-deadlift", "Single-leg Romanian deadlift (balance)", [], 4),
  ),
  ...ladder(
    strength("balance-step-up-to-balance", "Multiplanar step-up to balance (balance)", ["box"], 2),
    strength("balance-lunge-to-balance", "Multiplanar lunge to balance (balance)", [], 3),
  ),
  ...ladder(
    power("multiplanar-hop-with-stabilization", "Multiplanar hop with stabilization", [], 3),
    power("single-leg-box-hop-up", "Multiplanar single-leg box hop-up with stabilization", ["box"], 4),
    power("single-leg-box-hop-down", "Multiplanar single-leg box hop-down with stabilization", ["box"], 5),
  ),
];
