import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOGUE, CATALOGUE_VERSION, musclesFor } from "../../domain/compensations/catalogue.ts";
import {
  type AssessedFinding,
  deriveCorrectiveProtocol,
} from "../../domain/compensations/corrective-protocol.ts";
import { type MuscleOnSide, SIDES, type Side } from "../../domain/compensations/types.ts";

const TFL = "tensor fasciae latae (TFL)";
const VMO = "vastus medialis oblique (VMO)";
const on = (side: Side, ...muscles: string[]): MuscleOnSide[] => muscles.map((muscle) => ({ muscle, side }));
const protocolFor = (findings: AssessedFinding[]) => {
  const p = deriveCorrectiveProtocol(findings);
  if (!p) throw new Error("expected a protocol");
  return p;
};

describe("deriveCorrectiveProtocol: given findings, then this protocol", () => {
  it("no findings → no protocol", () => {
    expect(deriveCorrectiveProtocol([])).toBeNull();
  });

  it("knees cave in bilaterally on the OHSA → inhibit/lengthen adductors…, activate glutes and VMO, integrate squat", () => {
    const p = protocolFor([
      { assessment: "overhead-squat", finding: { compensation: "knees-move-inward", side: "bilateral" } },
    ]);
    const overactive = on(
      "bilateral",
      "adductor complex",
      "biceps femoris (short head)",
      TFL,
      "vastus lateralis",
    );
    expect(p).toEqual({
      catalogueVersion: CATALOGUE_VERSION,
      inhibit: overactive,
      lengthen: overactive,
      activate: on("bilateral", "gluteus maximus", "gluteus medius", VMO),
      integrate: ["squat"],
      doses: {
        inhibitSeconds: 30,
        lengthenSeconds: 30,
        activateReps: "10–15 reps, 2 s hold, 4 s eccentric",
        integrateReps: "10–15 reps, controlled tempo",
      },
    });
  });

  it("left knee caves in on the single-leg squat → left-side muscles, integrate single-leg squat", () => {
    const p = protocolFor([
      { assessment: "single-leg-squat", finding: { compensation: "knees-move-inward", side: "left" } },
    ]);
    expect(p.inhibit.every((m) => m.side === "left")).toBe(true);
    expect(p.activate).toEqual(on("left", "gluteus maximus", "gluteus medius", VMO));
    expect(p.integrate).toEqual(["single-leg squat"]);
  });

  it("weight shift toward the left → left adductors inhibited, right adductors activated", () => {
    const p = protocolFor([
      { assessment: "overhead-squat", finding: { compensation: "asymmetric-weight-shift", side: "left" } },
    ]);
    expect(p.inhibit).toEqual([
      { muscle: "adductor complex", side: "left" },
      { muscle: "biceps femoris", side: "right" },
      { muscle: "gastrocnemius", side: "right" },
      { muscle: "gluteus medius", side: "right" },
      { muscle: "piriformis", side: "right" },
      { muscle: "soleus", side: "right" },
      { muscle: TFL, side: "left" },
    ]);
    expect(p.activate).toEqual([
      { muscle: "adductor complex", side: "right" },
      { muscle: "anterior tibialis", side: "right" },
      { muscle: "gluteus medius", side: "left" },
    ]);
  });

  it("the same muscle from several findings appears once; integrate lists each pattern once", () => {
    const p = protocolFor([
      { assessment: "overhead-squat", finding: { compensation: "feet-turn-out", side: "bilateral" } },
      {
        assessment: "overhead-squat",
        finding: { compensation: "excessive-forward-lean", side: "bilateral" },
      },
      { assessment: "push", finding: { compensation: "low-back-arches", side: "bilateral" } },
      { assessment: "pull", finding: { compensation: "low-back-arches", side: "bilateral" } },
    ]);
    expect(p.inhibit.filter((m) => m.muscle === "soleus")).toEqual(on("bilateral", "soleus"));
    expect(p.inhibit.filter((m) => m.muscle === "hip-flexor complex")).toHaveLength(1);
    expect(p.activate.filter((m) => m.muscle === "erector spinae")).toHaveLength(1);
    expect(p.integrate).toEqual(["pull", "push", "squat"]);
  });

  it("the same muscle on different sides is kept per side", () => {
    const p = protocolFor([
      { assessment: "single-leg-squat", finding: { compensation: "knees-move-inward", side: "left" } },
      { assessment: "single-leg-squat", finding: { compensation: "knees-move-inward", side: "right" } },
      { assessment: "overhead-squat", finding: { compensation: "knees-move-inward", side: "bilateral" } },
    ]);
    expect(p.inhibit.filter((m) => m.muscle === "adductor complex")).toEqual(
      on("left", "adductor complex").concat(
        on("right", "adductor complex"),
        on("bilateral", "adductor complex"),
      ),
    );
    expect(p.integrate).toEqual(["single-leg squat", "squat"]);
  });

  it("a finding the assessment cannot observe is rejected", () => {
    expect(() =>
      deriveCorrectiveProtocol([
        { assessment: "push", finding: { compensation: "feet-turn-out", side: "bilateral" } },
      ]),
    ).toThrow("feet-turn-out is not observed by the push assessment");
    expect(() =>
      deriveCorrectiveProtocol([
        {
          assessment: "overhead-squat",
          finding: { compensation: "asymmetric-weight-shift", side: "bilateral" },
        },
      ]),
    ).toThrow(/not bilateral/);
  });
});

describe("deriveCorrectiveProtocol properties", () => {
  const validFinding: fc.Arbitrary<AssessedFinding> = fc
    .tuple(fc.constantFrom(...CATALOGUE), fc.constantFrom(...SIDES))
    .filter(([e, side]) => !(e.muscles.sideAware && side === "bilateral"))
    .map(([e, side]) => ({ assessment: e.assessment, finding: { compensation: e.compensation, side } }));
  const findings = fc.array(validFinding, { minLength: 1, maxLength: 12 });
  const key = (m: MuscleOnSide) => `${m.muscle}|${m.side}`;

  it("the same findings in any order give a deep-equal protocol", () => {
    const withShuffle = findings.chain((xs) =>
      fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })),
    );
    fc.assert(
      fc.property(withShuffle, ([xs, shuffled]) => {
        expect(deriveCorrectiveProtocol(shuffled)).toEqual(deriveCorrectiveProtocol(xs));
      }),
    );
  });

  it("every inhibit item is a lengthen item, and no list has duplicates", () => {
    fc.assert(
      fc.property(findings, (xs) => {
        const p = protocolFor(xs);
        expect(p.lengthen).toEqual(expect.arrayContaining([...p.inhibit]));
        for (const list of [p.inhibit, p.lengthen, p.activate]) {
          expect(new Set(list.map(key)).size).toBe(list.length);
        }
        expect(new Set(p.integrate).size).toBe(p.integrate.length);
      }),
    );
  });

  it("every overactive muscle of every finding is inhibited and every underactive one activated", () => {
    fc.assert(
      fc.property(findings, (xs) => {
        const p = protocolFor(xs);
        const inhibited = new Set(p.inhibit.map(key));
        const activated = new Set(p.activate.map(key));
        for (const { assessment, finding } of xs) {
          const m = musclesFor(assessment, finding);
          for (const o of m.overactive) expect(inhibited.has(key(o))).toBe(true);
          for (const u of m.underactive) expect(activated.has(key(u))).toBe(true);
        }
      }),
    );
  });
});
