import type { Exercise } from "../types.ts";
import { builder } from "./build.ts";

/** SAQ drills (opt-exercises §3.2); Table 19-3's beginner / intermediate / advanced map to the three levels. */

const SRC = ["C7:5_19_3", "opt-exercises §3.2"];
const PARTS = ["legs", "ankles", "full-body"] as const;
const TIMED = { timed: true } as const;
const beginner = builder("saq", ["stabilization"], "agility", PARTS, SRC);
const intermediate = builder("saq", ["strength"], "agility", PARTS, SRC);
const advanced = builder("saq", ["power"], "agility", PARTS, SRC);

const LADDER = ["agility-ladder"] as const;

export const SAQ: readonly Exercise[] = [
  beginner("ladder-one-ins", "Ladder: one-ins", LADDER, 2, TIMED),
  beginner("ladder-two-ins", "Ladder: two-ins", LADDER, 2, TIMED),
  beginner("ladder-in-in-out-out", "Ladder: in-in-out-out", LADDER, 2, TIMED),
  beginner("ladder-zig-zag", "Ladder: in-in-out (zig-zag)", LADDER, 2, TIMED),
  beginner("ladder-side-shuffle", "Ladder: side shuffle", LADDER, 2, TIMED),
  beginner("ladder-ali-shuffle", "Ladder: Ali shuffle", LADDER, 2, TIMED),
  beginner("cone-shuffles", "Cone shuffles", ["cones"], 2, TIMED),
  intermediate("five-ten-five-drill", "5-10-5 drill", ["cones"], 3, TIMED),
  intermediate("t-drill", "T-drill", ["cones"], 3, TIMED),
  intermediate("box-drill", "Box drill", ["cones"], 3, TIMED),
  intermediate("stand-up-to-figure-8", "Stand-up to figure 8", ["cones"], 3, TIMED),
  // ⚠ In the P1 SAQ tip, yet its inertia suggests intermediate.
  intermediate("left-drill", "LEFT drill", ["cones"], 3, TIMED),
  advanced("modified-box-drill", "Modified box drill", ["cones"], 4, TIMED),
  advanced("partner-mirror-drill", "Partner mirror drill", [], 4, TIMED),
];
