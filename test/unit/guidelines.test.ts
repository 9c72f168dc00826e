import { describe, expect, it } from "vitest";
import { GUIDELINES, guidelineFor, normalizeTempo, tempoMatches } from "../../domain/guidelines/catalogue.ts";
import { DEFAULT_GUIDELINE_VERSION, GUIDELINE_VERSIONS, type Range } from "../../domain/guidelines/types.ts";
import { PHASES } from "../../domain/phases.ts";

const r = (min: number, max: number): Range => ({ min, max });
const sec = (minMinutes: number, maxMinutes: number): Range => r(minMinutes * 60, maxMinutes * 60);

const allGuidelines = GUIDELINE_VERSIONS.flatMap((version) =>
  PHASES.map((phase) => guidelineFor(version, phase)),
);

describe("guideline catalogue coverage", () => {
  it("defaults to CPT7", () => {
    expect(DEFAULT_GUIDELINE_VERSION).toBe("CPT7");
  });

  it.each(GUIDELINE_VERSIONS)(
    "%s covers all five phases, each tagged with its own version and phase",
    (version) => {
      expect(Object.keys(GUIDELINES[version]).map(Number)).toEqual([1, 2, 3, 4, 5]);
      for (const phase of PHASES) {
        expect(guidelineFor(version, phase)).toMatchObject({ version, phase });
      }
    },
  );

  it("rejects an unknown version or phase at runtime", () => {
    expect(() => guidelineFor("CPT5" as never, 1)).toThrow(RangeError);
    expect(() => guidelineFor("CPT7", 6 as never)).toThrow(RangeError);
  });

  it("is immutable, so a plan pinned to a version cannot see it change", () => {
    const p1 = guidelineFor("CPT7", 1);
    expect(Object.isFrozen(GUIDELINES)).toBe(true);
    expect(Object.isFrozen(p1.resistance[0].reps)).toBe(true);
    expect(() => {
      (p1.resistance[0].reps as { min: number }).min = 1;
    }).toThrow(TypeError);
  });
});

describe("catalogue invariants (every version and phase)", () => {
  it.each(allGuidelines)("$version P$phase: every range has 0 ≤ min ≤ max", (g) => {
    const ranges = [
      g.frequencyPerWeek,
      g.durationWeeks,
      ...g.resistance.flatMap((slot) => [slot.reps, slot.sets, slot.restSeconds, slot.intensityPct1RM]),
      ...[g.core, g.balance, g.reactive, g.saq].flatMap((c) => [c.reps, c.sets]),
    ].filter((range): range is Range => range !== null);
    for (const range of ranges) {
      expect(range.min).toBeGreaterThanOrEqual(0);
      expect(range.min).toBeLessThanOrEqual(range.max);
    }
    for (const slot of g.resistance) {
      if (slot.intensityPct1RM) expect(slot.intensityPct1RM.max).toBeLessThanOrEqual(100);
    }
  });

  it.each(allGuidelines)("$version P$phase: tempos are canonical", (g) => {
    const tempos = [
      ...g.resistance.flatMap((slot) => slot.tempo),
      g.core.tempo,
      g.balance.tempo,
      g.reactive.tempo,
    ];
    for (const tempo of tempos.filter((t): t is string => t !== null)) {
      expect(normalizeTempo(tempo)).toBe(tempo);
    }
  });

  it.each(allGuidelines)("$version P$phase: supersets have exactly two slots, strength first", (g) => {
    if (g.superset === null) {
      expect(g.resistance).toHaveLength(1);
      return;
    }
    expect(g.resistance).toHaveLength(2);
    expect(g.resistance.map((slot) => slot.role).join("+")).toBe(g.superset);
  });

  it.each(allGuidelines)("$version P$phase: cites its sources", (g) => {
    expect(g.sources.length).toBeGreaterThan(0);
    expect(new Set(g.sources).size).toBe(g.sources.length);
  });

  it("only Phases 2 and 5 are supersets", () => {
    expect(allGuidelines.filter((g) => g.superset !== null).map((g) => g.phase)).toEqual([2, 5, 2, 5]);
  });
});

describe("CPT7 acute variables (opt-reference §2, §3)", () => {
  const g = (phase: 1 | 2 | 3 | 4 | 5) => guidelineFor("CPT7", phase);

  it("P1 Stabilization Endurance: one slow stabilization slot at 50–70 %1RM", () => {
    expect(g(1)).toMatchObject({
      name: "Stabilization Endurance",
      level: "stabilization",
      superset: null,
      frequencyPerWeek: r(2, 4),
      durationWeeks: r(4, 6),
      flexibility: "corrective",
      cardioStage: 1,
    });
    expect(g(1).resistance).toEqual([
      {
        role: "stabilization",
        reps: r(12, 20),
        sets: r(1, 3),
        tempo: ["4/2/1"],
        intensityPct1RM: r(50, 70),
        restSeconds: r(0, 90),
      },
    ]);
  });

  it("P2 Strength Endurance: strength (2/0/2, 75–80 %) supersetted with stabilization (4/2/1, no %1RM)", () => {
    expect(g(2)).toMatchObject({
      name: "Strength Endurance",
      level: "strength",
      superset: "strength+stabilization",
      frequencyPerWeek: r(2, 4),
      durationWeeks: r(4, 4),
      flexibility: "active",
      cardioStage: 2,
    });
    const [strength, stabilization] = g(2).resistance;
    expect(strength).toEqual({
      role: "strength",
      reps: r(8, 12),
      sets: r(2, 4),
      tempo: ["2/0/2"],
      intensityPct1RM: r(75, 80),
      restSeconds: r(0, 60),
    });
    expect(stabilization).toMatchObject({
      role: "stabilization",
      reps: r(8, 12),
      tempo: ["4/2/1"],
      intensityPct1RM: null,
    });
  });

  it("P3 Muscular Development: 6–12 reps, 3–6 sets, 75–85 %, up to 3 min rest", () => {
    expect(g(3)).toMatchObject({ name: "Muscular Development", level: "strength", superset: null });
    expect(g(3).frequencyPerWeek).toEqual(r(3, 6));
    expect(g(3).durationWeeks).toEqual(r(4, 4));
    expect(g(3).resistance).toEqual([
      {
        role: "strength",
        reps: r(6, 12),
        sets: r(3, 6),
        tempo: ["2/0/2"],
        intensityPct1RM: r(75, 85),
        restSeconds: sec(0, 3),
      },
    ]);
  });

  it("P4 Maximal Strength: 1–5 explosive reps at 85–100 %, 4–6 sets, 3–5 min rest", () => {
    expect(g(4)).toMatchObject({
      name: "Maximal Strength",
      level: "strength",
      superset: null,
      cardioStage: 2,
    });
    expect(g(4).resistance).toEqual([
      {
        role: "strength",
        reps: r(1, 5),
        sets: r(4, 6),
        tempo: ["X/X/X"],
        intensityPct1RM: r(85, 100),
        restSeconds: sec(3, 5),
      },
    ]);
  });

  it("P5 Power: heavy strength (1–5, 85–100 %) supersetted with explosive power (8–10, 30–45 %)", () => {
    expect(g(5)).toMatchObject({
      name: "Power",
      level: "power",
      superset: "strength+power",
      durationWeeks: r(2, 6),
      flexibility: "functional",
      cardioStage: 3,
    });
    const [strength, power] = g(5).resistance;
    expect(strength).toMatchObject({ role: "strength", reps: r(1, 5), intensityPct1RM: r(85, 100) });
    expect(power).toMatchObject({
      role: "power",
      reps: r(8, 10),
      intensityPct1RM: r(30, 45),
      tempo: ["X/X/X"],
    });
    expect(power?.sets).toEqual(r(3, 6));
  });

  it("components follow the level: stabilization core 12–20 at 4/2/1, strength core 8–12, power core 2–3 sets", () => {
    expect(g(1).core).toEqual({
      focus: "stabilization",
      reps: r(12, 20),
      sets: r(1, 3),
      tempo: "4/2/1",
      optional: false,
    });
    for (const phase of [2, 3, 4] as const) {
      expect(g(phase).core).toMatchObject({ focus: "strength", reps: r(8, 12), sets: r(2, 4) });
      expect(g(phase).balance).toMatchObject({ focus: "strength", reps: r(8, 12), sets: r(2, 4) });
      expect(g(phase).flexibility).toBe("active");
    }
    expect(g(5).core).toMatchObject({ focus: "power", reps: r(8, 12), sets: r(2, 3), tempo: "X/X/X" });
    expect(g(1).balance.reps).toEqual(r(12, 20));
  });

  it("reactive training is optional below Power and required in Power; power balance is optional", () => {
    expect([1, 2, 3, 4, 5].map((p) => g(p as 1).reactive.optional)).toEqual([true, true, true, true, false]);
    expect(g(5).balance.optional).toBe(true);
    expect(g(1).balance.optional).toBe(false);
    expect(PHASES.every((p) => g(p).saq.optional)).toBe(true);
  });
});

describe("CPT6 differs from CPT7 only in Phase 2's intensity and in Phase 3 (opt-reference §2.2)", () => {
  it("P2's strength half is 70–80 %1RM under CPT6 (ptpioneer.com), 75–80 % under CPT7 (coconote.app)", () => {
    expect(guidelineFor("CPT6", 2).resistance[0].intensityPct1RM).toEqual(r(70, 80));
    expect(guidelineFor("CPT7", 2).resistance[0].intensityPct1RM).toEqual(r(75, 80));
    expect(guidelineFor("CPT6", 2).sources).toContain("ptpioneer.com/nasm-6th-edition-chapter-14");
    expect(guidelineFor("CPT7", 2).sources).toContain("coconote.app NASM notes");
  });

  it("keeps P2's other variables equal to CPT7", () => {
    const { intensityPct1RM: _i6, ...cpt6 } = guidelineFor("CPT6", 2).resistance[0];
    const { intensityPct1RM: _i7, ...cpt7 } = guidelineFor("CPT7", 2).resistance[0];
    expect(cpt6).toEqual(cpt7);
    expect(guidelineFor("CPT6", 2).resistance[1]).toEqual(guidelineFor("CPT7", 2).resistance[1]);
  });

  it("names P3 Hypertrophy, with 3–5 sets and 0–60 s rest", () => {
    const p3 = guidelineFor("CPT6", 3);
    expect(p3.name).toBe("Hypertrophy");
    expect(p3.resistance[0].sets).toEqual(r(3, 5));
    expect(p3.resistance[0].restSeconds).toEqual(r(0, 60));
    expect(p3.sources).toContain("ptpioneer.com/nasm-6th-edition-chapter-14");
    expect(guidelineFor("CPT7", 3).sources).toContain("gizmo.ai deck 5887740");
  });

  it("keeps P3's other variables equal to CPT7", () => {
    const { sets: _s6, restSeconds: _r6, ...cpt6 } = guidelineFor("CPT6", 3).resistance[0];
    const { sets: _s7, restSeconds: _r7, ...cpt7 } = guidelineFor("CPT7", 3).resistance[0];
    expect(cpt6).toEqual(cpt7);
  });

  it.each([1, 4, 5] as const)("P%i is identical apart from the version tag", (phase) => {
    expect({ ...guidelineFor("CPT6", phase), version: "CPT7" }).toEqual(guidelineFor("CPT7", phase));
  });
});

describe("tempo normalisation", () => {
  it.each([
    ["4/2/1", "4/2/1"],
    ["4-2-1", "4/2/1"],
    ["4 2 1", "4/2/1"],
    [" 2 / 0 / 2 ", "2/0/2"],
    ["x/x/x", "X/X/X"],
    ["X-X-X", "X/X/X"],
    ["3/1/x", "3/1/X"],
    ["10/0/1", "10/0/1"],
  ])("%j → %j", (raw, canonical) => {
    expect(normalizeTempo(raw)).toBe(canonical);
  });

  it.each(["", "4/2", "4/2/1/1", "4//2/1", "a/b/c", "4.5/2/1", "-4/2/1", "421", "100/0/1", "4,2,1"])(
    "rejects malformed %j",
    (raw) => {
      expect(normalizeTempo(raw)).toBeNull();
    },
  );

  it("matches a logged tempo against any prescribed one regardless of notation", () => {
    expect(tempoMatches(["4/2/1"], "4-2-1")).toBe(true);
    expect(tempoMatches(["2/0/2", "4/2/1"], "4 2 1")).toBe(true);
    expect(tempoMatches(["X/X/X"], "x/x/x")).toBe(true);
    expect(tempoMatches(["4/2/1"], "2/0/2")).toBe(false);
    expect(tempoMatches(["4/2/1"], "fast")).toBe(false);
    expect(tempoMatches([], "4/2/1")).toBe(false);
  });
});
