import type { Exercise } from "../types.ts";
import {
  active,
  BICEPS_FEMORIS,
  CALVES,
  CP_STRETCH,
  dynamic,
  LATS,
  PECS,
  SCM,
  TFL,
} from "./flexibility-build.ts";

/** Active stretches (P2–P4 warm-up) and dynamic stretches (P5 warm-up, optional earlier), §4.2 and §4.4. */
export const ACTIVE_STRETCHES: readonly Exercise[] = [
  active("active-soleus-stretch", "Active soleus stretch", ["soleus"], ["calves"]),
  active(
    "active-gastrocnemius-stretch",
    "Active gastrocnemius stretch",
    ["gastrocnemius", "lateral gastrocnemius"],
    ["calves"],
  ),
  active("active-supine-biceps-femoris-stretch", "Active supine biceps femoris stretch", BICEPS_FEMORIS, [
    "legs",
  ]),
  active("active-90-90-hamstring-stretch", "Active 90/90 hamstring stretch", ["biceps femoris"], ["legs"]),
  active(
    "active-standing-adductor-stretch",
    "Active standing adductor stretch",
    ["adductor complex"],
    ["legs"],
  ),
  active(
    "active-ball-adductor-stretch",
    "Active ball adductor stretch",
    ["adductor complex"],
    ["legs"],
    ["stability-ball"],
  ),
  active(
    "active-adductor-magnus-stretch",
    "Active adductor magnus stretch",
    ["adductor complex"],
    ["legs"],
    ["bench"],
  ),
  active("active-standing-tfl-stretch", "Active standing TFL stretch", [TFL], ["hips"]),
  active(
    "active-kneeling-hip-flexor-stretch",
    "Active kneeling hip flexor stretch",
    ["hip-flexor complex"],
    ["hips"],
  ),
  active(
    "active-latissimus-dorsi-ball-stretch",
    "Active latissimus dorsi ball stretch",
    LATS,
    ["back"],
    ["stability-ball"],
  ),
  active("active-pectoral-stretch", "Active pectoral stretch", PECS, ["chest"]),
  active(
    "active-supine-piriformis-stretch",
    "Active supine piriformis stretch",
    ["piriformis"],
    ["hips"],
    [],
    CP_STRETCH,
  ),
  active(
    "active-upper-trapezius-scalene-stretch",
    "Active upper trapezius/scalene stretch",
    ["upper trapezius"],
    ["neck"],
  ),
  active("active-sternocleidomastoid-stretch", "Active sternocleidomastoid stretch", [SCM], ["neck"]),
  active(
    "active-levator-scapulae-stretch",
    "Active levator scapulae stretch",
    ["levator scapulae"],
    ["neck"],
  ),
];

// Target muscles of dynamic stretches are a CP mapping (§4.2); NASM names few.
const DYN = { sources: ["C7:5_14_7", "opt-exercises §4.4"] };
export const DYNAMIC_STRETCHES: readonly Exercise[] = [
  dynamic("prisoner-squat", "Prisoner squat", [...CALVES, "vastus lateralis"], ["legs"], [], DYN),
  dynamic(
    "multiplanar-lunge-with-reach",
    "Multiplanar lunge with reach",
    ["hip-flexor complex", "adductor complex"],
    ["legs", "hips"],
    [],
    DYN,
  ),
  dynamic(
    "lunge-with-rotation",
    "Lunge with rotation",
    ["hip-flexor complex", "abdominal complex", "erector spinae"],
    ["legs", "core"],
    [],
    DYN,
  ),
  dynamic(
    "tube-walking-warm-up",
    "Tube walking: side to side (warm-up)",
    undefined,
    ["hips", "glutes"],
    ["resistance-band"],
    DYN,
  ),
  dynamic(
    "leg-swings-front-to-back",
    "Leg swings: front to back",
    ["biceps femoris", "gastrocnemius"],
    ["legs"],
    [],
    DYN,
  ),
  dynamic(
    "leg-swings-side-to-side",
    "Leg swings: side to side",
    ["adductor complex", TFL, "piriformis"],
    ["hips"],
    [],
    DYN,
  ),
  dynamic("frankenstein", "Frankenstein", BICEPS_FEMORIS, ["legs"], [], DYN),
  dynamic("high-knee", "High knee (walking, hug knee)", ["hip-flexor complex"], ["hips"], [], DYN),
  dynamic(
    "push-up-with-rotation",
    "Push-up with rotation",
    [...PECS, "abdominal complex"],
    ["chest", "core"],
    [],
    DYN,
  ),
  dynamic(
    "ball-russian-twist",
    "Ball Russian twist",
    ["abdominal complex"],
    ["core", "glutes"],
    ["stability-ball"],
    DYN,
  ),
  dynamic("arm-circles", "Arm circles", [...LATS, ...PECS, "upper trapezius"], ["shoulders"], [], DYN),
  dynamic("jumping-jacks", "Jumping jacks", undefined, ["full-body"], [], DYN),
];
