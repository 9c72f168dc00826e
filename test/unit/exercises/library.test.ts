import { describe, expect, it } from "vitest";
import { CATALOGUE, type MuscleLists } from "../../../domain/compensations/catalogue.ts";
import {
  EXERCISE_LIBRARY_VERSION,
  EXERCISES,
  exerciseById,
  findExercises,
  NO_SMR,
  NO_STATIC_STRETCH,
} from "../../../domain/exercises/library.ts";
import {
  ACCESSORY_PATTERNS,
  BODY_PARTS,
  EQUIPMENT,
  type Equipment,
  EXERCISE_COMPONENTS,
  type Exercise,
  FLEXIBILITY_TYPES,
  LEVELS,
  PATTERNS,
  RESISTANCE_PATTERNS,
} from "../../../domain/exercises/types.ts";

// Muscle lists derived from the compensation catalogue, both sides of the side-aware weight shift included.
const muscleLists = (): MuscleLists[] =>
  CATALOGUE.flatMap(({ muscles }) =>
    muscles.sideAware ? [muscles.shiftedToward, muscles.oppositeSide] : [muscles],
  );
const OVERACTIVE = [...new Set(muscleLists().flatMap((l) => l.overactive))];
const UNDERACTIVE = [...new Set(muscleLists().flatMap((l) => l.underactive))];
const INTEGRATION_PATTERNS = [...new Set(CATALOGUE.flatMap((e) => e.patterns))];

const SMALL_GYM: readonly Equipment[] = ["bench", "dumbbell", "cable"];
const isSmr = (e: Exercise) => e.flexibilityType === "self-myofascial-release";
const isStatic = (e: Exercise) => e.flexibilityType === "static";
const has = (muscle: string) => (e: Exercise) => e.muscles?.includes(muscle) ?? false;
const ids = (list: readonly Exercise[]) => list.map((e) => e.id);

describe("exercise library: identity and vocabulary", () => {
  it("is versioned", () => {
    expect(EXERCISE_LIBRARY_VERSION).toBe("opt-exercises-2026.1");
  });

  it("holds at least 150 exercises with unique kebab-case ids", () => {
    expect(EXERCISES.length).toBeGreaterThanOrEqual(150);
    for (const e of EXERCISES) expect(e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(ids(EXERCISES)).size).toBe(EXERCISES.length);
  });

  it("has unique names within a component, so a trainer can tell options apart", () => {
    for (const component of EXERCISE_COMPONENTS) {
      const names = EXERCISES.filter((e) => e.component === component).map((e) => e.name.toLowerCase());
      expect(new Set(names).size, component).toBe(names.length);
    }
  });

  it.each(EXERCISES.map((e) => [e.id, e] as const))("%s uses only the vocabularies of types.ts", (_, e) => {
    expect(e.name.trim()).not.toBe("");
    expect(EXERCISE_COMPONENTS).toContain(e.component);
    expect(e.levels.length).toBeGreaterThan(0);
    expect(new Set(e.levels).size).toBe(e.levels.length);
    for (const level of e.levels) expect(LEVELS).toContain(level);
    expect(PATTERNS).toContain(e.pattern);
    expect(e.bodyParts.length).toBeGreaterThan(0);
    for (const part of e.bodyParts) expect(BODY_PARTS).toContain(part);
    for (const item of e.equipment) expect(EQUIPMENT).toContain(item);
    expect(new Set(e.equipment).size).toBe(e.equipment.length);
    expect([1, 2, 3, 4, 5]).toContain(e.stability);
    expect(e.sources.length).toBeGreaterThan(0);
    for (const alias of e.aliases ?? []) expect(alias.trim()).not.toBe("");
  });

  it("gives a flexibilityType to flexibility exercises only, with their level rules", () => {
    for (const e of EXERCISES) {
      if (e.component !== "flexibility") {
        expect(e.flexibilityType, e.id).toBeUndefined();
        continue;
      }
      expect(FLEXIBILITY_TYPES, e.id).toContain(e.flexibilityType);
      expect(e.pattern, e.id).toBe("mobility");
      if (isSmr(e) || isStatic(e)) {
        expect(e.levels, e.id).toEqual(LEVELS);
        expect(e.timed, e.id).toBe(true);
      }
      if (e.flexibilityType === "active") expect(e.levels, e.id).toEqual(["strength"]);
      if (e.flexibilityType === "dynamic") expect(e.levels, e.id).toContain("power");
    }
  });

  it("gives a role to resistance exercises only, equal to their single level", () => {
    for (const e of EXERCISES) {
      if (e.component === "resistance") expect(e.levels, e.id).toEqual([e.role]);
      else expect(e.role, e.id).toBeUndefined();
    }
  });

  it("is deeply frozen", () => {
    const first = EXERCISES[0] as Exercise;
    expect(Object.isFrozen(EXERCISES)).toBe(true);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.levels)).toBe(true);
    expect(() => (first.levels as string[]).push("power")).toThrow(TypeError);
  });
});

describe("proprioceptive ladders", () => {
  const linked = EXERCISES.filter((e) => e.progressionId !== undefined);

  it("has links that resolve, are symmetric, stay in one component and pattern, and lose stability", () => {
    expect(linked.length).toBeGreaterThan(20);
    for (const e of EXERCISES) {
      if (e.progressionId !== undefined) {
        const next = exerciseById(e.progressionId);
        expect(next, `${e.id} → ${e.progressionId}`).toBeDefined();
        expect(next?.regressionId, e.id).toBe(e.id);
        expect(next?.component, e.id).toBe(e.component);
        expect(next?.pattern, e.id).toBe(e.pattern);
        expect(next?.stability ?? 0, e.id).toBeGreaterThan(e.stability);
      }
      if (e.regressionId !== undefined) {
        expect(exerciseById(e.regressionId)?.progressionId, e.id).toBe(e.id);
      }
    }
  });

  it("lets most stabilization resistance patterns climb three or more rungs", () => {
    const rungsAbove = (e: Exercise): number => {
      const next = e.progressionId === undefined ? undefined : exerciseById(e.progressionId);
      return next ? 1 + rungsAbove(next) : 1;
    };
    const climbable = RESISTANCE_PATTERNS.filter((pattern) =>
      findExercises({ component: "resistance", pattern, level: "stabilization" }).some(
        (e) => e.regressionId === undefined && rungsAbove(e) >= 3,
      ),
    );
    expect(climbable.length).toBeGreaterThanOrEqual(7);
  });
});

describe("corrective coverage of the compensation catalogue", () => {
  it("derives non-trivial muscle lists from the catalogue", () => {
    expect(OVERACTIVE).toContain("piriformis"); // only on the opposite side of a weight shift
    expect(UNDERACTIVE).toContain("deep cervical flexors");
  });

  it("documents each exception with a reason, and only for overactive muscles", () => {
    for (const [muscle, why] of [...NO_SMR, ...NO_STATIC_STRETCH]) {
      expect(OVERACTIVE).toContain(muscle);
      expect(why.length).toBeGreaterThan(10);
    }
  });

  it.each(OVERACTIVE)("%s: SMR unless excepted, and none when excepted", (muscle) => {
    const smr = EXERCISES.filter((e) => isSmr(e) && has(muscle)(e));
    if (NO_SMR.has(muscle)) expect(ids(smr)).toEqual([]);
    else expect(smr.length).toBeGreaterThan(0);
  });

  it.each(OVERACTIVE)("%s: static stretch unless excepted, and none when excepted", (muscle) => {
    const stretches = EXERCISES.filter((e) => isStatic(e) && has(muscle)(e));
    if (NO_STATIC_STRETCH.has(muscle)) expect(ids(stretches)).toEqual([]);
    else expect(stretches.length).toBeGreaterThan(0);
  });

  it.each(UNDERACTIVE)("%s has an activation exercise", (muscle) => {
    expect(EXERCISES.some((e) => e.component !== "flexibility" && has(muscle)(e))).toBe(true);
  });

  it("spells every muscle as the catalogue does: flexibility overactive, activation underactive", () => {
    for (const e of EXERCISES) {
      const known = e.component === "flexibility" ? OVERACTIVE : UNDERACTIVE;
      for (const muscle of e.muscles ?? []) expect(known, `${e.id}: ${muscle}`).toContain(muscle);
    }
  });

  it("never rolls the neck's front or lists a controversial stretch", () => {
    const controversial = /hurdler|plow|shoulder stand|toe touch|arching quad/i;
    for (const e of EXERCISES) expect(e.name, e.id).not.toMatch(controversial);
    expect(EXERCISES.filter((e) => isSmr(e) && /neck|scm|sternocleidomastoid/i.test(e.name))).toEqual([]);
  });

  it.each(INTEGRATION_PATTERNS)("integration pattern %s has an exercise", (pattern) => {
    expect(EXERCISES.some((e) => e.integrates?.includes(pattern))).toBe(true);
  });

  it("only integrates patterns the catalogue knows", () => {
    for (const e of EXERCISES) {
      for (const pattern of e.integrates ?? []) expect(INTEGRATION_PATTERNS, e.id).toContain(pattern);
    }
  });
});

describe("resistance coverage", () => {
  const cells = RESISTANCE_PATTERNS.flatMap((pattern) => LEVELS.map((level) => [pattern, level] as const));

  it.each(cells)("%s has %s exercises, also with only bench, dumbbell or cable", (pattern, level) => {
    const all = findExercises({ component: "resistance", pattern, level });
    expect(all.length).toBeGreaterThanOrEqual(level === "power" ? 1 : 2);
    expect(
      findExercises({ component: "resistance", pattern, level, equipment: SMALL_GYM }).length,
    ).toBeGreaterThan(0);
  });

  it.each(ACCESSORY_PATTERNS)("accessory %s has stabilization and strength exercises", (pattern) => {
    expect(
      findExercises({ component: "resistance", pattern, level: "stabilization" }).length,
    ).toBeGreaterThan(0);
    expect(findExercises({ component: "resistance", pattern, level: "strength" }).length).toBeGreaterThan(0);
  });

  it("keeps the Phase 2 and 5 pairs of CPT7 Table 21-10 and §2.5 within one pattern", () => {
    const pairs = [
      ["barbell-bench-press", "push-up"],
      ["machine-chest-press", "single-leg-cable-chest-press"],
      ["machine-lat-pulldown", "standing-cable-lat-pulldown"],
      ["seated-cable-row", "standing-cable-row"],
      ["seated-shoulder-press-machine", "standing-bottoms-up-kettlebell-press"],
      ["barbell-squat", "single-leg-squat"],
      ["barbell-romanian-deadlift", "single-leg-romanian-deadlift"],
      ["machine-calf-raise", "single-leg-calf-raise"],
      ["barbell-squat", "squat-jump"],
      ["barbell-bench-press", "medicine-ball-chest-pass"],
    ] as const;
    for (const [a, b] of pairs) {
      const [strength, partner] = [exerciseById(a), exerciseById(b)];
      expect(strength?.role, a).toBe("strength");
      expect(partner?.role, b).not.toBe("strength");
      expect(partner?.pattern, `${a} + ${b}`).toBe(strength?.pattern);
    }
  });
});

describe("exerciseById and findExercises", () => {
  it("finds by id and is safe for prototype keys", () => {
    expect(exerciseById("push-up")?.name).toBe("Push-up");
    expect(exerciseById("__proto__")).toBeUndefined();
    expect(exerciseById("constructor")).toBeUndefined();
    expect(exerciseById("toString")).toBeUndefined();
  });

  it("returns everything, in library order, for an empty filter", () => {
    expect(ids(findExercises({}))).toEqual(ids(EXERCISES));
  });

  it("filters by component, pattern and level, keeping library order", () => {
    const saq = findExercises({ component: "saq" });
    expect(saq.length).toBeGreaterThan(0);
    expect(saq.every((e) => e.component === "saq")).toBe(true);
    expect(findExercises({ pattern: "squat" }).every((e) => e.pattern === "squat")).toBe(true);
    const power = findExercises({ level: "power" });
    expect(power.every((e) => e.levels.includes("power"))).toBe(true);
    expect(ids(power)).toContain("squat-jump");
    expect(ids(power)).not.toContain("barbell-squat");
    const both = findExercises({ component: "resistance", pattern: "squat", level: "strength" });
    expect(ids(both)).toEqual(
      ids(
        EXERCISES.filter(
          (e) => e.component === "resistance" && e.pattern === "squat" && e.role === "strength",
        ),
      ),
    );
  });

  it("treats equipment as what is available: every required item must be present", () => {
    const bodyWeight = findExercises({ equipment: [] });
    expect(bodyWeight.length).toBeGreaterThan(0);
    expect(bodyWeight.every((e) => e.equipment.length === 0)).toBe(true);
    const withBench = ids(findExercises({ equipment: ["bench"] }));
    expect(withBench).toContain("push-up-hands-on-bench");
    expect(withBench).toContain("push-up"); // body weight always qualifies
    expect(withBench).not.toContain("flat-dumbbell-chest-press"); // needs dumbbell and bench
    expect(ids(findExercises({ equipment: ["dumbbell", "bench"] }))).toContain("flat-dumbbell-chest-press");
    expect(findExercises({ equipment: [...EQUIPMENT] }).length).toBe(EXERCISES.length);
  });
});

describe("summary", () => {
  const counts = Object.fromEntries(
    EXERCISE_COMPONENTS.map((c) => [c, EXERCISES.filter((e) => e.component === c).length]),
  );

  it.each(EXERCISE_COMPONENTS)("component %s has at least a handful of exercises", (component) => {
    expect(counts[component]).toBeGreaterThanOrEqual(5);
  });

  it("counts every exercise exactly once across components", () => {
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(EXERCISES.length);
  });
});
