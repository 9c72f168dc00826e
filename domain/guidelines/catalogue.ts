import { PHASES, type Phase } from "../phases.ts";
import {
  type ComponentPrescription,
  GUIDELINE_VERSIONS,
  type GuidelineVersion,
  type PhaseGuideline,
  type Range,
  type ResistancePrescription,
} from "./types.ts";

/**
 * Acute variables per guideline version and phase, from opt-reference §1–§3 (secondary sources; CPT7 is the
 * final authority). CPT6 differs from CPT7 in Phase 2's intensity and in Phase 3 (name, sets, rest), per §2.2.
 */

const range = (min: number, max: number): Range => ({ min, max });
const minutes = (min: number, max: number): Range => range(min * 60, max * 60);

const component = (
  focus: ComponentPrescription["focus"],
  reps: Range | null,
  sets: Range | null,
  tempo: string | null,
  optional: boolean,
): ComponentPrescription => ({ focus, reps, sets, tempo, optional });

// §3: one dose of core/balance/reactive/SAQ per level; P2–P4 share the strength-level dose.
// "Medium tempo" of strength core is read as the moderate 2/0/2 of §2; "max speed" as X/X/X.
// Reactive and SAQ reps and sets, and Phase 1 balance sets, are the CPT7 course doses (opt-exercises §3.3).
const STABILIZATION_COMPONENTS = {
  core: component("stabilization", range(12, 20), range(1, 3), "4/2/1", false),
  balance: component("stabilization", range(12, 20), range(1, 3), null, false),
  reactive: component("stabilization", range(5, 8), range(1, 3), null, true),
  saq: component("stabilization", range(2, 3), range(1, 2), null, true),
} as const;
const STRENGTH_COMPONENTS = {
  core: component("strength", range(8, 12), range(2, 4), "2/0/2", false),
  balance: component("strength", range(8, 12), range(2, 4), null, false),
  reactive: component("strength", range(8, 12), range(2, 4), null, true),
  saq: component("strength", range(3, 5), range(3, 4), null, true),
} as const;
const POWER_COMPONENTS = {
  core: component("power", range(8, 12), range(2, 3), "X/X/X", false),
  balance: component("power", range(8, 12), null, null, true),
  reactive: component("power", range(8, 12), range(3, 5), "X/X/X", false),
  // SAQ is "included for athletes" [consensus], so still optional for the general client.
  saq: component("power", range(3, 5), range(3, 5), null, true),
} as const;

const WARMUP_AND_CARDIO = ["open-exam-prep.com §8.1", "plainjaneplaintalkpersonaltrainer.blogspot.com"];
const COMPONENT_DOSES = [
  "gizmo.ai deck 5887740",
  "gizmo.ai deck 5886062",
  "C7:6_21_3–5 (opt-exercises §3.3)",
];

type Draft = Omit<PhaseGuideline, "version">;

const P1: Draft = {
  phase: 1,
  name: "Stabilization Endurance",
  level: "stabilization",
  resistance: [
    {
      role: "stabilization",
      reps: range(12, 20),
      sets: range(1, 3),
      tempo: ["4/2/1"],
      intensityPct1RM: range(50, 70),
      restSeconds: range(0, 90),
    },
  ],
  superset: null,
  frequencyPerWeek: range(2, 4),
  durationWeeks: range(4, 6),
  ...STABILIZATION_COMPONENTS,
  flexibility: "corrective",
  cardioStage: 1,
  exerciseSelection:
    "Total-body, multi-joint, stabilization-focused; controlled instability that challenges proprioception",
  progression: "Raise proprioceptive demand (floor → stability ball; two legs → one), not load",
  sources: [
    "blog.nasm.org/opt-model-phase-1",
    "fitlabsllc.com/program",
    "ptpioneer.com/nasm-6th-edition-chapter-14",
    "thehealthygamer.com (v5 ch. 11)",
    ...COMPONENT_DOSES,
    ...WARMUP_AND_CARDIO,
  ],
};

// Phase 2's strength intensity is the one acute variable the editions' sources disagree on (§2.2):
// 70–80 % 1RM for CPT6 (ptpioneer.com ch. 14), 75–80 % for CPT7 (coconote.app).
const p2 = (intensityPct1RM: Range, editionSource: string): Draft => ({
  phase: 2,
  name: "Strength Endurance",
  level: "strength",
  resistance: [
    {
      role: "strength",
      reps: range(8, 12),
      sets: range(2, 4),
      tempo: ["2/0/2"],
      intensityPct1RM,
      restSeconds: range(0, 60),
    },
    {
      role: "stabilization",
      reps: range(8, 12),
      sets: range(2, 4),
      tempo: ["4/2/1"],
      intensityPct1RM: null,
      restSeconds: range(0, 60),
    },
  ],
  superset: "strength+stabilization",
  frequencyPerWeek: range(2, 4),
  durationWeeks: range(4, 4),
  ...STRENGTH_COMPONENTS,
  flexibility: "active",
  cardioStage: 2,
  exerciseSelection: "Superset: strength exercise, then stabilization exercise with similar joint action",
  progression: "Volume, load, shorter rest, proprioceptive demand",
  sources: [
    "blog.nasm.org/opt-model-phase-2",
    "blog.nasm.org/periodization-training-simplified",
    "fitlabsllc.com/program",
    editionSource,
    ...COMPONENT_DOSES,
    ...WARMUP_AND_CARDIO,
  ],
});

const p3 = (name: string, sets: Range, restSeconds: Range, editionSources: readonly string[]): Draft => ({
  phase: 3,
  name,
  level: "strength",
  resistance: [
    {
      role: "strength",
      reps: range(6, 12),
      sets,
      tempo: ["2/0/2"],
      intensityPct1RM: range(75, 85),
      restSeconds,
    },
  ],
  superset: null,
  // "6–12 (12–20 when extra muscular endurance is wanted)", opt-reference §2; a setting of the block.
  muscularEnduranceReps: range(12, 20),
  frequencyPerWeek: range(3, 6),
  durationWeeks: range(4, 4),
  ...STRENGTH_COMPONENTS,
  flexibility: "active",
  cardioStage: 2,
  exerciseSelection: "Total-body or split routines; emphasis on volume",
  progression: "Volume and load",
  // A Set because CPT7's edition sources overlap the component-dose decks.
  sources: [
    ...new Set([
      "blog.nasm.org/phase-3-muscular-development-training",
      "open-exam-prep.com §7.1",
      "thecptacademy.com",
      ...editionSources,
      ...COMPONENT_DOSES,
      ...WARMUP_AND_CARDIO,
    ]),
  ],
});

const P4: Draft = {
  phase: 4,
  name: "Maximal Strength",
  level: "strength",
  resistance: [
    {
      role: "strength",
      reps: range(1, 5),
      sets: range(4, 6),
      tempo: ["X/X/X"],
      intensityPct1RM: range(85, 100),
      // 3–5 min (careeremployer.com) over one deck's ≈4 min, which lies inside it.
      restSeconds: minutes(3, 5),
    },
  ],
  superset: null,
  frequencyPerWeek: range(2, 4),
  durationWeeks: range(4, 4),
  ...STRENGTH_COMPONENTS,
  flexibility: "active",
  cardioStage: 2,
  exerciseSelection: "Heavy compound lifts; optional phase for experienced lifters",
  progression: "Load",
  sources: [
    "careeremployer.com NASM flashcards",
    "fitlabsllc.com/program",
    "gizmo.ai deck 5887740",
    "barbellacademy.com",
    "gizmo.ai deck 5886062",
    "yogabycandace.com",
    ...WARMUP_AND_CARDIO,
  ],
};

// 3–5 min between supersets (open-exam-prep.com §7.4) over gizmo.ai 5886062's ≈2 min between pairs:
// the rest after each slot of a superset round is the rest before the next round.
const P5_REST = minutes(3, 5);
const p5Slot = (role: "strength" | "power", reps: Range, pct: Range): ResistancePrescription => ({
  role,
  reps,
  sets: range(3, 6),
  tempo: ["X/X/X"],
  intensityPct1RM: pct,
  restSeconds: P5_REST,
});

const P5: Draft = {
  phase: 5,
  name: "Power",
  level: "power",
  resistance: [p5Slot("strength", range(1, 5), range(85, 100)), p5Slot("power", range(8, 10), range(30, 45))],
  superset: "strength+power",
  frequencyPerWeek: range(2, 4),
  // 2–6 weeks (opstudiohk.com, a NASM article) over the study sources' 4 weeks, which lies inside it.
  durationWeeks: range(2, 6),
  ...POWER_COMPONENTS,
  flexibility: "functional",
  cardioStage: 3,
  exerciseSelection: "Superset: heavy strength exercise, then biomechanically similar explosive exercise",
  progression: "Load and velocity",
  sources: [
    "opstudiohk.com (reprint of NASM P5 article, J. Fuchs)",
    "open-exam-prep.com §7.4",
    "gizmo.ai deck 5886062",
    "yogabycandace.com",
    ...WARMUP_AND_CARDIO,
  ],
};

const DRAFTS: Readonly<Record<GuidelineVersion, Readonly<Record<Phase, Draft>>>> = {
  CPT6: {
    1: P1,
    2: p2(range(70, 80), "ptpioneer.com/nasm-6th-edition-chapter-14"),
    3: p3("Hypertrophy", range(3, 5), range(0, 60), ["ptpioneer.com/nasm-6th-edition-chapter-14"]),
    4: P4,
    5: P5,
  },
  CPT7: {
    1: P1,
    2: p2(range(75, 80), "coconote.app NASM notes"),
    3: p3("Muscular Development", range(3, 6), minutes(0, 3), [
      "gizmo.ai deck 5887740",
      "coconote.app NASM notes",
    ]),
    4: P4,
    5: P5,
  },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const build = (version: GuidelineVersion): Record<Phase, PhaseGuideline> => {
  const phases = {} as Record<Phase, PhaseGuideline>;
  // structuredClone so versions never share (frozen) sub-objects.
  for (const phase of PHASES) phases[phase] = { version, ...structuredClone(DRAFTS[version][phase]) };
  return phases;
};

export const GUIDELINES: Readonly<Record<GuidelineVersion, Readonly<Record<Phase, PhaseGuideline>>>> =
  deepFreeze({
    CPT6: build("CPT6"),
    CPT7: build("CPT7"),
  });

export function guidelineFor(version: GuidelineVersion, phase: Phase): PhaseGuideline {
  const guideline = GUIDELINES[version]?.[phase];
  if (!guideline) {
    throw new RangeError(
      `No guideline for version ${String(version)} phase ${String(phase)}; versions: ${GUIDELINE_VERSIONS.join(", ")}`,
    );
  }
  return guideline;
}

const TEMPO_PART = /^(\d{1,2}|x)$/i;

/** Canonical "e/i/c" tempo ("4/2/1", "X/X/X") from "4/2/1", "4-2-1", "4 2 1" or "x/x/x"; null when malformed. */
export function normalizeTempo(raw: string): string | null {
  const parts = raw.trim().split(/\s*[/-]\s*|\s+/);
  if (parts.length !== 3 || !parts.every((part) => TEMPO_PART.test(part))) return null;
  return parts.map((part) => (part.toLowerCase() === "x" ? "X" : String(Number(part)))).join("/");
}

/** Whether a logged tempo matches any prescribed one, whatever separators either uses. */
export function tempoMatches(prescribed: readonly string[], actual: string): boolean {
  const normalized = normalizeTempo(actual);
  return normalized !== null && prescribed.some((tempo) => normalizeTempo(tempo) === normalized);
}
