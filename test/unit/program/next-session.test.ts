import { describe, expect, it } from "vitest";
import { decide } from "../../../domain/client/decide.ts";
import type { ClientEvent, SessionPlanned } from "../../../domain/client/events.ts";
import { fold } from "../../../domain/client/state.ts";
import { EXERCISES, exerciseById } from "../../../domain/exercises/library.ts";
import type { Equipment } from "../../../domain/exercises/types.ts";
import type { PlannedExercise, SessionPlan } from "../../../domain/program/session-plan.ts";
import { DEFAULT_SETTINGS, type ProgramSettings, withOverrides } from "../../../domain/settings.ts";
import { assess, day, registered, started } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";
import { blockOf, exercisesOf } from "../../support/plans.ts";

const planFor = (
  planId: string,
  plannedFor: string,
  extra: { equipment?: Equipment[]; seed?: number } = {},
) => ({
  type: "PlanSession" as const,
  data: { planId, plannedFor, at: plannedFor, ...extra },
});

function planned(
  history: readonly ClientEvent[],
  command = planFor("plan-1", day(2)),
  settings = DEFAULT_SETTINGS,
) {
  const [event, ...rest] = given(history, settings).when(command).events();
  expect(rest).toEqual([]);
  expect(event?.type).toBe("SessionPlanned");
  return (event as SessionPlanned).data.plan;
}

/** The history after an overhead squat with the given findings (the decider assigns the protocol). */
function assessedWith(history: ClientEvent[], findings: Parameters<typeof assess>[2]): ClientEvent[] {
  return [...history, ...decide(assess("a-1", day(1), findings), fold(history), DEFAULT_SETTINGS)];
}

const targetsOf = (plan: SessionPlan, stage: PlannedExercise["corrective"]) =>
  exercisesOf(plan)
    .filter((e) => e.corrective === stage)
    .flatMap((e) => e.targets ?? []);

describe("planning the next session", () => {
  describe("given a new client with a power goal whose knees move inward, in Phase 1", () => {
    const history = [
      ...assessedWith(registered("power", [1, 2, 5]), [
        { compensation: "knees-move-inward", side: "bilateral" },
      ]),
      started(1, day(1)),
    ];
    const plan = planned(history);

    it("inhibits (SMR) every overactive muscle of the protocol in the warm-up", () => {
      expect(new Set(targetsOf(plan, "inhibit"))).toEqual(
        new Set([
          "adductor complex",
          "biceps femoris (short head)",
          "tensor fasciae latae (TFL)",
          "vastus lateralis",
        ]),
      );
      expect(blockOf(plan, "warm-up").filter((e) => e.corrective === "inhibit").length).toBeGreaterThan(0);
    });

    it("lengthens every overactive muscle that has a safe static stretch, and names why the vastus lateralis has none", () => {
      expect(new Set(targetsOf(plan, "lengthen"))).toEqual(
        new Set(["adductor complex", "biceps femoris (short head)", "tensor fasciae latae (TFL)"]),
      );
      expect(plan.gaps).toContainEqual({
        block: "warm-up",
        need: "lengthen the vastus lateralis (bilateral)",
        reason: expect.stringContaining("controversial"),
      });
    });

    it("activates the underactive glutes and VMO, and integrates the squat pattern", () => {
      expect(new Set(targetsOf(plan, "activate"))).toEqual(
        new Set(["gluteus medius", "gluteus maximus", "vastus medialis oblique (VMO)"]),
      );
      expect(targetsOf(plan, "integrate")).toEqual(["squat"]);
      expect(blockOf(plan, "resistance")[0]?.corrective).toBe("integrate");
    });

    it("says for every corrective exercise which finding put it there", () => {
      for (const exercise of exercisesOf(plan).filter((e) => e.corrective && e.corrective !== "integrate")) {
        expect(exercise.why).toContain("knees move inward (overhead squat)");
      }
    });

    it("keeps the reactive work a power goal would add out until the landings are safe, and says so", () => {
      expect(blockOf(plan, "reactive")).toEqual([]);
      expect(plan.gaps.map((gap) => gap.block)).toContain("reactive");
    });

    it("trains stabilization-level exercises at Phase 1's acute variables (12–20 reps, 4/2/1)", () => {
      for (const exercise of blockOf(plan, "resistance").filter((e) => !e.corrective)) {
        expect(exercise.role).toBe("stabilization");
        expect(exercise.tempo).toBe("4/2/1");
        expect(exercise.reps).toBeGreaterThanOrEqual(12);
      }
    });
  });

  describe("given a Phase 2 client at a location with only a bench, dumbbells and a cable station", () => {
    const settings: ProgramSettings = withOverrides(DEFAULT_SETTINGS, {
      locationEquipment: { "loc-1": ["bench", "dumbbell", "cable"] },
    });
    const history = [...registered("hypertrophy", [1, 2, 3, 4]), started(1, day(1)), started(2, day(30))];
    const plan = planned(history, planFor("plan-1", day(31)), settings);

    it("uses only that equipment (or body weight), taken from the tenant's settings", () => {
      expect(plan.equipment).toEqual(["bench", "cable", "dumbbell"]);
      for (const exercise of exercisesOf(plan)) {
        expect(
          exerciseById(exercise.exerciseId)?.equipment.every((item) => plan.equipment.includes(item)),
        ).toBe(true);
      }
    });

    it("builds four supersets, each a strength exercise and then a stabilization exercise of the same pattern", () => {
      const resistance = blockOf(plan, "resistance");
      expect(resistance.map((e) => e.supersetGroup)).toEqual(["A", "A", "B", "B", "C", "C", "D", "D"]);
      for (let i = 0; i < resistance.length; i += 2) {
        const [strength, stabilization] = [resistance[i], resistance[i + 1]];
        expect(strength?.role).toBe("strength");
        expect(stabilization?.role).toBe("stabilization");
        expect(strength?.pattern).toBe(stabilization?.pattern);
        expect(strength?.tempo).toBe("2/0/2");
        expect(stabilization?.tempo).toBe("4/2/1");
        expect(strength?.restSeconds).toBe(0);
      }
    });

    it("warms up with active stretching, Phase 2's flexibility", () => {
      const stretches = blockOf(plan, "warm-up").filter((e) => e.component === "flexibility");
      expect(stretches.some((e) => exerciseById(e.exerciseId)?.flexibilityType === "active")).toBe(true);
    });
  });

  describe("given a power client in week 3 of Phase 5 with known 1RMs", () => {
    const history: ClientEvent[] = [
      ...registered("power", [1, 2, 5]),
      {
        type: "AssessmentRecorded",
        occurredAt: day(1),
        data: {
          assessmentId: "perf-1",
          kind: "performance",
          protocolVersion: "nasm-cpt7",
          findings: [],
          pain: false,
          oneRepMaxes: [
            { exercise: "barbell back squat", kg: 140, method: "measured" },
            { exercise: "Barbell bench press", kg: 100, method: "measured" },
            { exercise: "leg press", kg: 220, method: "epley" },
            { exercise: "machine chest press", kg: 90, method: "epley" },
          ],
        },
      },
      started(1, day(1)),
      started(2, day(30)),
      started(5, day(60)),
    ];
    // Day 74 is in week 3 of the block that started on day 60.
    const plans = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) =>
      planned(
        history,
        planFor("plan-1", day(74), {
          equipment: ["barbell", "bench", "machine", "medicine-ball", "cable", "box"],
          seed,
        }),
      ),
    );

    it("is in week 3 and pairs a heavy strength exercise with a power exercise of its pattern", () => {
      for (const plan of plans) {
        expect(plan.weekOfBlock).toBe(3);
        const resistance = blockOf(plan, "resistance");
        expect(resistance.filter((e) => e.role === "strength")).toHaveLength(3);
        for (let i = 0; i < resistance.length; i += 2) {
          expect([resistance[i]?.role, resistance[i + 1]?.role]).toEqual(["strength", "power"]);
          expect(resistance[i]?.pattern).toBe(resistance[i + 1]?.pattern);
        }
      }
    });

    it("loads a lift whose 1RM is known at 85–95% (maximal singles are a test), to the half kilogram, and no other", () => {
      const maxes: Record<string, number> = {
        "barbell-squat": 140,
        "barbell-bench-press": 100,
        "leg-press": 220,
        "machine-chest-press": 90,
      };
      const resistance = plans.flatMap((plan) => blockOf(plan, "resistance"));
      for (const exercise of resistance)
        expect(exercise.loadKg !== undefined).toBe(exercise.exerciseId in maxes);
      const loaded = resistance.filter((e) => e.loadKg !== undefined);
      expect(loaded.length).toBeGreaterThan(0);
      for (const exercise of loaded) {
        const max = maxes[exercise.exerciseId] as number;
        const pct = exercise.intensityPct1RM as number;
        expect(pct).toBeGreaterThanOrEqual(85);
        expect(pct).toBeLessThanOrEqual(95);
        expect(Math.abs((exercise.loadKg as number) - (max * pct) / 100)).toBeLessThanOrEqual(0.5);
        expect(exercise.why).toContain(`1RM of ${max} kg`);
      }
    });

    it("prefers the lifts whose 1RM is known when a slot is loaded by %1RM", () => {
      for (const plan of plans) {
        const strength = blockOf(plan, "resistance").filter((e) => e.role === "strength");
        const squat = strength.find((e) => e.pattern === "squat");
        const press = strength.find((e) => e.pattern === "horizontal-push");
        expect(["barbell-squat", "leg-press"]).toContain(squat?.exerciseId);
        expect(["barbell-bench-press", "machine-chest-press"]).toContain(press?.exerciseId);
      }
    });

    it("trains stage III cardio in zones 1–3 with bpm from the age-predicted HRmax (Tanaka under CPT7)", () => {
      const plan = plans[0] as SessionPlan;
      // Born 1990-04-01: 35 on day 74 (2026-03-20); 208 − 0.7 × 35 = 183.5.
      expect(plan.heartRate?.maxBpm).toBe(183.5);
      expect(plan.heartRate?.method).toBe("tanaka");
      const [cardio] = blockOf(plan, "cardio");
      expect(new Set(cardio?.intervals?.map((i) => i.zone))).toEqual(new Set([1, 2, 3]));
      expect(cardio?.intervals?.find((i) => i.zone === 1)).toMatchObject({ minBpm: 119, maxBpm: 138 });
    });

    it("includes reactive work, which Phase 5 requires", () => {
      for (const plan of plans) expect(blockOf(plan, "reactive").length).toBeGreaterThan(0);
    });
  });

  describe("given the same Phase 1 client in week 1 and week 4 of a block, with a 1RM known for every lift", () => {
    const maxes = EXERCISES.filter((e) => e.component === "resistance")
      .slice(0, 100)
      .map((e) => ({ exercise: e.name, kg: 40, method: "epley" as const }));
    const history: ClientEvent[] = [
      ...registered(),
      {
        type: "AssessmentRecorded",
        occurredAt: day(0),
        data: {
          assessmentId: "a-1",
          kind: "performance",
          protocolVersion: "nasm-cpt7",
          findings: [],
          pain: false,
          oneRepMaxes: maxes,
        },
      },
      started(1, day(0)),
    ];
    const week1 = planned(history, planFor("w1", day(1), { seed: 42 }));
    const week4 = planned(history, planFor("w4", day(22), { seed: 42 }));

    it("climbs the balance and resistance ladders: no rung lower, at least one higher", () => {
      const rungs = (plan: SessionPlan, block: string) =>
        blockOf(plan, block).map((e) => exerciseById(e.exerciseId)?.stability ?? 0);
      for (const block of ["balance", "resistance"]) {
        const [before, after] = [rungs(week1, block), rungs(week4, block)];
        expect(after).toHaveLength(before.length);
        expect(after.every((rung, i) => rung >= (before[i] as number))).toBe(true);
        expect(after.some((rung, i) => rung > (before[i] as number))).toBe(true);
      }
      expect([week1.weekOfBlock, week4.weekOfBlock]).toEqual([1, 4]);
    });

    it("never raises the load: every lift with a known 1RM is worked at Phase 1's floor of 50% in both weeks", () => {
      const lifts = [...blockOf(week1, "resistance"), ...blockOf(week4, "resistance")].filter(
        (e) => e.loadKg,
      );
      expect(lifts.length).toBeGreaterThan(0);
      for (const exercise of lifts) {
        expect(exercise.intensityPct1RM).toBe(50);
        expect(exercise.loadKg).toBe(20);
      }
    });
  });

  describe("given a Phase 1 client whose gym has only stability balls", () => {
    const history = [...registered(), started(1, day(0))];
    const plan = (at: number) =>
      planned(history, planFor("p", day(at), { equipment: ["stability-ball"], seed: 5 }));

    it("skips the rungs that need other equipment and still climbs: the squat moves up from week 1 to week 4", () => {
      const squat = (at: number) => blockOf(plan(at), "resistance").find((e) => e.pattern === "squat");
      const [first, fourth] = [squat(1), squat(22)].map(
        (e) => exerciseById(e?.exerciseId ?? "")?.stability ?? 0,
      );
      expect(fourth).toBeGreaterThan(first as number);
    });
  });

  it("keeps Phase 5's reactive work when the only finding is in the upper body (arms fall forward)", () => {
    const history = assessedWith(registered("power", [1, 2, 5]), [
      { compensation: "arms-fall-forward", side: "bilateral" },
    ]);
    const plan = planned([...history, started(5, day(1))]);
    expect(blockOf(plan, "reactive").length).toBeGreaterThan(0);
    expect(plan.gaps.map((gap) => gap.block)).not.toContain("reactive");
  });

  it("refuses a referred client: programming stops until clearance", () => {
    const history: ClientEvent[] = [
      ...registered(),
      started(1, day(1)),
      {
        type: "ClientReferred",
        occurredAt: day(2),
        data: { rule: "pain-refers-client", reason: "pain-reported", source: "trainer" },
      },
    ];
    given(history)
      .when(planFor("plan-1", day(3)))
      .thenRefused("referral-blocks-programming");
  });

  it("refuses a client with no current phase", () => {
    given(registered())
      .when(planFor("plan-1", day(1)))
      .thenRefused("session-requires-phase");
  });

  it("appends nothing when the same plan id is planned again", () => {
    const history = [...registered(), started(1, day(1))];
    const [first] = given(history)
      .when(planFor("plan-1", day(2)))
      .events();
    given([...history, first as ClientEvent])
      .when(planFor("plan-1", day(2)))
      .thenNothing();
  });

  it("gives a preview and a stored plan for the same day the same default seed, and another day another", () => {
    const history = [...registered(), started(1, day(1))];
    const morning = planned(history, planFor("a", "2026-01-08T07:00:00.000Z"));
    const evening = planned(history, planFor("b", "2026-01-08T19:00:00.000Z"));
    const nextDay = planned(history, planFor("c", "2026-01-09T07:00:00.000Z"));
    expect(morning.seed).toBe(evening.seed);
    expect(nextDay.seed).not.toBe(morning.seed);
  });
});
