import { describe, expect, it } from "vitest";
import {
  CATALOGUE,
  CATALOGUE_VERSION,
  catalogueEntry,
  compensationsObservedBy,
  invalidFindings,
  musclesFor,
} from "../../domain/compensations/catalogue.ts";
import { ASSESSMENT_KINDS, COMPENSATIONS, type Finding } from "../../domain/compensations/types.ts";

const entry = (kind: Parameters<typeof catalogueEntry>[0], c: Parameters<typeof catalogueEntry>[1]) => {
  const e = catalogueEntry(kind, c);
  if (!e) throw new Error(`no catalogue entry for ${kind}/${c}`);
  return e;
};
const lists = (kind: Parameters<typeof catalogueEntry>[0], c: Parameters<typeof catalogueEntry>[1]) => {
  const { muscles } = entry(kind, c);
  if (muscles.sideAware) throw new Error("side-aware entry");
  return muscles;
};

describe("which compensations each assessment observes", () => {
  it("the overhead squat observes the six OHSA compensations and the posterior view's feet and heels", () => {
    expect(compensationsObservedBy("overhead-squat")).toEqual([
      "feet-turn-out",
      "knees-move-inward",
      "excessive-forward-lean",
      "low-back-arches",
      "arms-fall-forward",
      "asymmetric-weight-shift",
      "feet-flatten",
      "heels-rise",
    ]);
  });

  it("the single-leg squat observes only knees moving inward", () => {
    expect(compensationsObservedBy("single-leg-squat")).toEqual(["knees-move-inward"]);
  });

  it("push and pull observe low back arching, shoulder elevation and forward head", () => {
    const expected = ["low-back-arches", "shoulders-elevate", "head-protrudes-forward"];
    expect(compensationsObservedBy("push")).toEqual(expected);
    expect(compensationsObservedBy("pull")).toEqual(expected);
  });

  it("non-movement assessments observe no compensations", () => {
    for (const kind of ["vitals", "body-composition", "performance"] as const) {
      expect(compensationsObservedBy(kind)).toEqual([]);
    }
  });

  it("every compensation is observed by at least one assessment", () => {
    const observed = new Set(ASSESSMENT_KINDS.flatMap((k) => compensationsObservedBy(k)));
    expect([...observed].sort()).toEqual([...COMPENSATIONS].sort());
  });
});

describe("muscle lists match the reference tables", () => {
  it("knees cave in (OHSA and SLS): adductors, short-head biceps femoris, TFL, vastus lateralis overactive", () => {
    for (const kind of ["overhead-squat", "single-leg-squat"] as const) {
      expect(lists(kind, "knees-move-inward")).toMatchObject({
        overactive: [
          "adductor complex",
          "biceps femoris (short head)",
          "tensor fasciae latae (TFL)",
          "vastus lateralis",
        ],
        underactive: ["gluteus medius", "gluteus maximus", "vastus medialis oblique (VMO)"],
      });
    }
  });

  it("feet turn out: soleus overactive, medial hamstrings and popliteus underactive", () => {
    const m = lists("overhead-squat", "feet-turn-out");
    expect(m.overactive).toEqual(["soleus", "lateral gastrocnemius", "biceps femoris (short head)"]);
    expect(m.underactive).toEqual(expect.arrayContaining(["medial hamstrings", "popliteus", "gracilis"]));
  });

  it("feet flatten (pronation), NASM CES: peroneals, lateral gastrocnemius, short-head biceps femoris, TFL overactive", () => {
    expect(lists("overhead-squat", "feet-flatten")).toMatchObject({
      overactive: [
        "peroneal complex",
        "lateral gastrocnemius",
        "biceps femoris (short head)",
        "tensor fasciae latae (TFL)",
      ],
      underactive: ["anterior tibialis", "posterior tibialis", "medial gastrocnemius", "gluteus medius"],
    });
    expect(entry("overhead-squat", "feet-flatten").sources).toContain(
      "NASM CES (Corrective Exercise Specialist) OHSA table",
    );
  });

  it("heels rise, NASM CES: soleus overactive, anterior tibialis underactive", () => {
    expect(lists("overhead-squat", "heels-rise")).toMatchObject({
      overactive: ["soleus"],
      underactive: ["anterior tibialis"],
    });
  });

  it("arms fall forward: lats and pecs overactive, rotator cuff and mid/lower traps underactive", () => {
    const m = lists("overhead-squat", "arms-fall-forward");
    expect(m.overactive).toEqual(expect.arrayContaining(["latissimus dorsi", "pectoralis minor"]));
    expect(m.underactive).toEqual(["middle trapezius", "lower trapezius", "rhomboids", "rotator cuff"]);
  });

  it("low back arches differs between the OHSA and push/pull rows", () => {
    expect(lists("overhead-squat", "low-back-arches").overactive).toContain("latissimus dorsi");
    expect(lists("overhead-squat", "low-back-arches").underactive).toContain("gluteus maximus");
    for (const kind of ["push", "pull"] as const) {
      expect(lists(kind, "low-back-arches")).toMatchObject({
        overactive: ["hip-flexor complex", "erector spinae"],
        underactive: ["intrinsic core stabilizers"],
      });
    }
  });

  it("shoulders elevate vs head protrudes forward share overactive muscles but not underactive ones", () => {
    expect(lists("push", "shoulders-elevate").overactive).toEqual(
      lists("pull", "head-protrudes-forward").overactive,
    );
    expect(lists("pull", "shoulders-elevate").underactive).toEqual(["middle trapezius", "lower trapezius"]);
    expect(lists("push", "head-protrudes-forward").underactive).toEqual(["deep cervical flexors"]);
  });

  it("views and checkpoints follow the OHSA table", () => {
    expect(entry("overhead-squat", "feet-turn-out")).toMatchObject({
      view: "anterior",
      checkpoint: "foot-ankle",
    });
    expect(entry("overhead-squat", "excessive-forward-lean")).toMatchObject({
      view: "lateral",
      checkpoint: "lphc",
    });
    expect(entry("overhead-squat", "asymmetric-weight-shift")).toMatchObject({
      view: "posterior",
      checkpoint: "lphc",
    });
    for (const compensation of ["feet-flatten", "heels-rise"] as const) {
      expect(entry("overhead-squat", compensation)).toMatchObject({
        view: "posterior",
        checkpoint: "foot-ankle",
        patterns: ["squat"],
      });
    }
  });

  it("every entry has sources, a movement pattern, and lower-case muscle names", () => {
    const style = /^[a-z][a-z -]*( \([a-z ]+\)| \([A-Z]+\))?$/;
    for (const e of CATALOGUE) {
      expect(e.sources.length).toBeGreaterThan(0);
      expect(e.patterns.length).toBeGreaterThan(0);
      const m = e.muscles.sideAware ? [e.muscles.shiftedToward, e.muscles.oppositeSide] : [e.muscles];
      for (const name of m.flatMap((l) => [...l.overactive, ...l.underactive])) expect(name).toMatch(style);
    }
  });

  it("integrate patterns are the assessed movement", () => {
    expect(entry("overhead-squat", "arms-fall-forward").patterns).toEqual(["squat"]);
    expect(entry("single-leg-squat", "knees-move-inward").patterns).toEqual(["single-leg squat"]);
    expect(entry("pull", "shoulders-elevate").patterns).toEqual(["pull"]);
  });

  it("has a catalogue version", () => {
    expect(CATALOGUE_VERSION).toBe("cex-2026.2");
  });
});

describe("side-aware asymmetric weight shift", () => {
  it("given a shift toward the left, the left adductors are overactive and the right adductors underactive", () => {
    const m = musclesFor("overhead-squat", { compensation: "asymmetric-weight-shift", side: "left" });
    expect(m.overactive).toEqual(
      expect.arrayContaining([
        { muscle: "adductor complex", side: "left" },
        { muscle: "tensor fasciae latae (TFL)", side: "left" },
        { muscle: "piriformis", side: "right" },
        { muscle: "gluteus medius", side: "right" },
      ]),
    );
    expect(m.underactive).toEqual([
      { muscle: "gluteus medius", side: "left" },
      { muscle: "anterior tibialis", side: "right" },
      { muscle: "adductor complex", side: "right" },
    ]);
  });

  it("given a shift toward the right, the sides mirror", () => {
    const m = musclesFor("overhead-squat", { compensation: "asymmetric-weight-shift", side: "right" });
    expect(m.overactive).toContainEqual({ muscle: "adductor complex", side: "right" });
    expect(m.underactive).toContainEqual({ muscle: "adductor complex", side: "left" });
  });

  it("a bilateral shift has no muscles: it is rejected", () => {
    expect(() =>
      musclesFor("overhead-squat", { compensation: "asymmetric-weight-shift", side: "bilateral" }),
    ).toThrow(/not bilateral/);
  });

  it("symmetric compensations keep the finding's side", () => {
    const m = musclesFor("single-leg-squat", { compensation: "knees-move-inward", side: "right" });
    expect(new Set([...m.overactive, ...m.underactive].map((x) => x.side))).toEqual(new Set(["right"]));
  });
});

describe("invalidFindings", () => {
  const f = (compensation: Finding["compensation"], side: Finding["side"] = "bilateral"): Finding => ({
    compensation,
    side,
  });

  it("accepts valid findings", () => {
    expect(
      invalidFindings("overhead-squat", [f("knees-move-inward"), f("asymmetric-weight-shift", "left")]),
    ).toEqual([]);
    expect(
      invalidFindings("single-leg-squat", [f("knees-move-inward", "left"), f("knees-move-inward", "right")]),
    ).toEqual([]);
  });

  it("rejects a compensation the assessment does not observe", () => {
    expect(invalidFindings("push", [f("feet-turn-out")])).toEqual([
      "feet-turn-out is not observed by the push assessment",
    ]);
    expect(invalidFindings("vitals", [f("head-protrudes-forward")])).toEqual([
      "head-protrudes-forward is not observed by the vitals assessment",
    ]);
  });

  it("rejects a bilateral asymmetric weight shift", () => {
    expect(invalidFindings("overhead-squat", [f("asymmetric-weight-shift")])).toEqual([
      "asymmetric-weight-shift needs the side shifted toward (left or right), not bilateral",
    ]);
  });

  it("rejects duplicates, a side overlapping bilateral, and shifts toward both sides", () => {
    expect(invalidFindings("overhead-squat", [f("feet-turn-out"), f("feet-turn-out")])).toEqual([
      "feet-turn-out (bilateral) is recorded more than once",
    ]);
    expect(
      invalidFindings("overhead-squat", [f("knees-move-inward"), f("knees-move-inward", "left")]),
    ).toEqual(["knees-move-inward is recorded both bilateral and on one side"]);
    expect(
      invalidFindings("overhead-squat", [
        f("asymmetric-weight-shift", "left"),
        f("asymmetric-weight-shift", "right"),
      ]),
    ).toEqual(["asymmetric-weight-shift can only be toward one side"]);
  });
});
