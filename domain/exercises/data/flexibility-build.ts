import type { BodyPart, Equipment, Exercise, FlexibilityType, Level } from "../types.ts";
import { ALL_LEVELS, type Extra } from "./build.ts";

/**
 * Flexibility by muscle (opt-exercises §4). `muscles` are those inhibited (SMR) or lengthened (stretches),
 * spelled as the compensation catalogue spells them. SMR never on the SCM; no controversial stretch.
 */

export const TFL = "tensor fasciae latae (TFL)";
export const SCM = "sternocleidomastoid (SCM)";
export const CALVES = ["soleus", "gastrocnemius", "lateral gastrocnemius"];
export const BICEPS_FEMORIS = ["biceps femoris", "biceps femoris (short head)"];
export const PECS = ["pectoralis major", "pectoralis minor"];
export const LATS = ["latissimus dorsi", "teres major"];

const flex =
  (type: FlexibilityType, levels: readonly Level[], timed: boolean, source: string, stability: 1 | 2) =>
  (
    id: string,
    name: string,
    muscles: readonly string[] | undefined,
    bodyParts: readonly BodyPart[],
    equipment: readonly Equipment[] = [],
    extra: Extra = {},
  ): Exercise => ({
    id,
    name,
    component: "flexibility",
    flexibilityType: type,
    levels,
    pattern: "mobility",
    bodyParts,
    equipment,
    stability,
    ...(muscles ? { muscles } : {}),
    ...(timed ? { timed } : {}),
    sources: [source, "opt-exercises §4.2"],
    ...extra,
  });

// SMR: every phase, warm-up and cool-down. Static: P1 warm-up and every cool-down, so all levels too.
export const smr = flex("self-myofascial-release", ALL_LEVELS, true, "C7:5_14_4", 1);
export const stat = flex("static", ALL_LEVELS, true, "C7:5_14_5", 1);
export const active = flex("active", ["strength"], false, "C7:5_14_6", 1);
// Dynamic: optional in P1–P4, the warm-up in P5 (§4.1).
export const dynamic = flex("dynamic", ALL_LEVELS, false, "C7:5_14_7", 2);

export const ROLLER: readonly Equipment[] = ["foam-roller"];
export const CP = { sources: ["C7:5_14_4", "opt-exercises §4.2", "CP"] };
export const CP_STRETCH = { sources: ["opt-exercises §4.2", "CP"] };
