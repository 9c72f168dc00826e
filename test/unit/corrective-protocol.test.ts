import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOGUE, CATALOGUE_VERSION, musclesFor } from "../../domain/compensations/catalogue.ts";
import { CONFLICT_RULES } from "../../domain/compensations/conflicts.ts";
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
    expect(p.activate.filter((m) => m.muscle === "anterior tibialis")).toHaveLength(1);
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

  describe("a muscle both inhibited and activated on one side: the conflict is resolved and recorded", () => {
    const kneesIn = {
      assessment: "overhead-squat",
      finding: { compensation: "knees-move-inward", side: "bilateral" },
    } as const;
    const shiftLeft = {
      assessment: "overhead-squat",
      finding: { compensation: "asymmetric-weight-shift", side: "left" },
    } as const;

    it("bilateral knees-in + a shift toward the left: the shift decides the right gluteus medius (inhibit); the left is still activated", () => {
      const p = protocolFor([kneesIn, shiftLeft]);
      expect(p.inhibit.filter((m) => m.muscle === "gluteus medius")).toEqual(on("right", "gluteus medius"));
      expect(p.lengthen.filter((m) => m.muscle === "gluteus medius")).toEqual(on("right", "gluteus medius"));
      expect(p.activate.filter((m) => m.muscle === "gluteus medius")).toEqual(on("left", "gluteus medius"));
      expect(p.conflicts).toContainEqual({
        muscle: "gluteus medius",
        side: "right",
        kept: "inhibit",
        dropped: "activate",
        rule: "side-specific-decides",
        explanation: CONFLICT_RULES["side-specific-decides"],
      });
    });

    it("the same findings: the shift decides the right adductors (activate); bilateral knees-in keeps the left inhibited", () => {
      const p = protocolFor([kneesIn, shiftLeft]);
      expect(p.inhibit.filter((m) => m.muscle === "adductor complex")).toEqual(
        on("left", "adductor complex"),
      );
      expect(p.activate.filter((m) => m.muscle === "adductor complex")).toEqual(
        on("right", "adductor complex"),
      );
      expect(p.conflicts).toContainEqual(
        expect.objectContaining({
          muscle: "adductor complex",
          side: "right",
          kept: "activate",
          dropped: "inhibit",
        }),
      );
    });

    it("equally specific findings (bilateral low back arch on push, bilateral forward lean): inhibit is kept, on both sides", () => {
      const p = protocolFor([
        {
          assessment: "overhead-squat",
          finding: { compensation: "excessive-forward-lean", side: "bilateral" },
        },
        { assessment: "push", finding: { compensation: "low-back-arches", side: "bilateral" } },
      ]);
      expect(p.inhibit).toContainEqual({ muscle: "erector spinae", side: "bilateral" });
      expect(p.activate.filter((m) => m.muscle === "erector spinae")).toEqual([]);
      expect(p.conflicts).toEqual([
        {
          muscle: "erector spinae",
          side: "bilateral",
          kept: "inhibit",
          dropped: "activate",
          rule: "equal-specificity-inhibits",
          explanation: CONFLICT_RULES["equal-specificity-inhibits"],
        },
      ]);
    });

    it("no conflict → no conflicts field", () => {
      expect(protocolFor([kneesIn])).not.toHaveProperty("conflicts");
    });
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

  // Whether a list treats a muscle on one side (left or right), directly or as a bilateral item.
  const sidesOf = (side: Side): readonly ("left" | "right")[] =>
    side === "bilateral" ? ["left", "right"] : [side];
  const treats = (list: readonly MuscleOnSide[], muscle: string, side: "left" | "right") =>
    list.some((m) => m.muscle === muscle && sidesOf(m.side).includes(side));

  it("every overactive muscle of every finding is inhibited and every underactive one activated, on every side, unless a recorded conflict dropped it there", () => {
    fc.assert(
      fc.property(findings, (xs) => {
        const p = protocolFor(xs);
        const dropped = (muscle: string, side: "left" | "right", need: "inhibit" | "activate") =>
          (p.conflicts ?? []).some(
            (c) => c.muscle === muscle && c.dropped === need && sidesOf(c.side).includes(side),
          );
        for (const { assessment, finding } of xs) {
          const m = musclesFor(assessment, finding);
          for (const o of m.overactive)
            for (const side of sidesOf(o.side))
              expect(treats(p.inhibit, o.muscle, side) || dropped(o.muscle, side, "inhibit")).toBe(true);
          for (const u of m.underactive)
            for (const side of sidesOf(u.side))
              expect(treats(p.activate, u.muscle, side) || dropped(u.muscle, side, "activate")).toBe(true);
        }
      }),
    );
  });

  it("never both inhibits and activates a muscle on the same side", () => {
    fc.assert(
      fc.property(findings, (xs) => {
        const p = protocolFor(xs);
        for (const { muscle } of p.inhibit)
          for (const side of ["left", "right"] as const)
            expect(treats(p.inhibit, muscle, side) && treats(p.activate, muscle, side)).toBe(false);
      }),
    );
  });
});
