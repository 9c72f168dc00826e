import type { Exercise } from "../types.ts";
import { builder } from "./build.ts";

/**
 * Cardio modalities (opt-exercises §6): the same rows serve every stage; zones and intervals are the dose.
 * Swimming is left out: the equipment vocabulary has no pool, so a plan could not know one is there.
 */

const SRC = ["C7:5_15_3", "C7:5_15_4", "opt-exercises §6"];
const cardio = builder("cardio", ["stabilization", "strength", "power"], "cardio", ["full-body"], SRC);
const TIMED = { timed: true } as const;
const CP = { timed: true, sources: [...SRC, "CP"] } as const;

export const CARDIO: readonly Exercise[] = [
  cardio("treadmill-walk", "Treadmill walk", ["treadmill"], 1, TIMED),
  cardio("treadmill-incline-walk", "Treadmill incline walk", ["treadmill"], 1, TIMED),
  cardio("stationary-bike", "Stationary bike", ["bike"], 1, TIMED),
  cardio("rower", "Rower", ["rower"], 1, CP),
  cardio("elliptical", "Elliptical", ["machine"], 1, TIMED),
  cardio("stepper", "Stepper", ["machine"], 1, TIMED),
  cardio("outdoor-walk", "Outdoor walk", [], 1, TIMED),
  cardio("jump-rope", "Jump rope", [], 2, { ...CP, highImpact: true, sources: [...SRC, "C7:5_19_2", "CP"] }),
];
