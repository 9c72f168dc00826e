import { describe, expect, it } from "vitest";
import type {
  ClientEvent,
  LoggedExercise,
  SessionCompleted,
  SessionPlanned,
} from "../../../domain/client/events.ts";
import { fold } from "../../../domain/client/state.ts";
import type { SessionPlan } from "../../../domain/program/session-plan.ts";
import { clientSummary } from "../../../domain/read-models/summary.ts";
import { DEFAULT_SETTINGS } from "../../../domain/settings.ts";
import { day, recordSession, registered, started } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const inPhase = (phase: 1 | 2 | 5): ClientEvent[] =>
  phase === 1
    ? [...registered(), started(1, day(1))]
    : [
        ...registered("power", [1, 2, 5]),
        started(1, day(1)),
        started(2, day(30)),
        ...(phase === 5 ? [started(5, day(60))] : []),
      ];

type LoggedSet = LoggedExercise["sets"][number];
const twice = (set: LoggedSet): LoggedSet[] => [set, set];
/** Three sets; `last` changes the third. */
const thrice = (set: LoggedSet, last: Partial<LoggedSet> = {}): LoggedSet[] => [
  set,
  set,
  { ...set, ...last },
];

const completed = (history: ClientEvent[], exercises: LoggedExercise[], at: string, extra = {}) => {
  const events = given(history)
    .when(recordSession("s-1", at, { exercises, ...extra }))
    .events();
  const event = events.find((e) => e.type === "SessionCompleted") as SessionCompleted;
  return event.data;
};

describe("compliance with library exercises", () => {
  it("refuses a Phase 2 'superset' of a leg press and a ball push-up: two patterns", () => {
    const pair: LoggedExercise[] = [
      {
        name: "leg press",
        exerciseId: "leg-press",
        supersetGroup: "A",
        sets: [{ reps: 10, tempo: "2/0/2", restSeconds: 0 }],
      },
      {
        name: "ball push-up",
        exerciseId: "push-up-hands-on-ball",
        supersetGroup: "A",
        sets: [{ reps: 10, tempo: "4/2/1" }],
      },
    ];
    const { compliance } = completed(inPhase(2), pair, day(31));
    expect(compliance.deviations).toContainEqual({
      exercise: "leg press + ball push-up",
      variable: "superset",
      expected: "a strength exercise, then a stabilization exercise of the same pattern",
      actual: "Leg press (strength, squat), then Push-up: hands on ball (stabilization, horizontal-push)",
    });
  });

  it("accepts a bench press then a ball push-up: one pattern, strength then stabilization", () => {
    const pair: LoggedExercise[] = [
      {
        name: "bench",
        exerciseId: "barbell-bench-press",
        supersetGroup: "A",
        sets: twice({ reps: 10, tempo: "2/0/2", restSeconds: 0 }),
      },
      {
        name: "ball push-up",
        exerciseId: "push-up-hands-on-ball",
        supersetGroup: "A",
        sets: twice({ reps: 10, tempo: "4/2/1", restSeconds: 60 }),
      },
    ];
    expect(completed(inPhase(2), pair, day(31)).compliance).toMatchObject({ score: 1, deviations: [] });
  });

  it("in Phase 5 wants the power half straight after the strength half: a minute's rest between them is a deviation", () => {
    const pair: LoggedExercise[] = [
      {
        name: "squat",
        exerciseId: "barbell-squat",
        supersetGroup: "A",
        sets: thrice({ reps: 3, tempo: "X/X/X", restSeconds: 0 }, { restSeconds: 60 }),
      },
      {
        name: "squat jump",
        exerciseId: "squat-jump",
        supersetGroup: "A",
        sets: thrice({ reps: 8, tempo: "X/X/X", restSeconds: 240 }),
      },
    ];
    const { compliance } = completed(inPhase(5), pair, day(61));
    expect(compliance.deviations).toEqual([
      { exercise: "squat", set: 3, variable: "rest", expected: "0–15 s", actual: "60 s" },
    ]);
  });

  it("checks a foam-rolling entry as self-myofascial release (its hold), never as a resistance set", () => {
    const rolling: LoggedExercise[] = [
      { name: "roll calves", exerciseId: "smr-calves", sets: [{ durationSeconds: 10 }] },
    ];
    const { compliance } = completed(inPhase(1), rolling, day(2));
    expect(compliance.deviations).toEqual([
      { exercise: "roll calves", set: 1, variable: "duration", expected: "30–60 s", actual: "10 s" },
    ]);
  });

  it("checks a cardio bout's heart rate against the stage's zones (Phase 1: zone 1 only)", () => {
    // Born 1990-04-01, 35 on day 2: HRmax 183.5 (Tanaka); zone 1 is 119–138 bpm, zone 2 starts at 139.
    const bouts: LoggedExercise[] = [
      {
        name: "bike",
        exerciseId: "stationary-bike",
        sets: [
          { durationSeconds: 900, heartRate: 130 },
          { durationSeconds: 300, heartRate: 150 },
        ],
      },
    ];
    const { compliance } = completed(inPhase(1), bouts, day(2));
    expect(compliance).toMatchObject({ checks: 2, score: 0.5 });
    expect(compliance.deviations).toEqual([
      {
        exercise: "bike",
        set: 2,
        variable: "zone",
        expected: "zone 1 (stage 1)",
        actual: "zone 2 (150 bpm)",
      },
    ]);
  });
});

describe("a session recorded against its plan", () => {
  const history = inPhase(1);
  const [planned] = given(history)
    .when({
      type: "PlanSession",
      data: {
        planId: "plan-1",
        plannedFor: day(2),
        at: day(2),
        equipment: ["foam-roller", "stability-ball", "dumbbell", "cable", "box"],
        seed: 3,
      },
    })
    .events();
  const plan = (planned as SessionPlanned).data.plan as SessionPlan;
  const withPlan = [...history, planned as ClientEvent];
  const prescribed = plan.blocks.flatMap((block) => block.exercises);

  it("records what was done, substituted and missed, with sets and reps against the prescription", () => {
    const [first, second] = prescribed;
    if (!first || !second) throw new Error("the plan is empty");
    const exercises: LoggedExercise[] = [
      { name: first.name, exerciseId: first.exerciseId, sets: [{ durationSeconds: 45 }] },
      { name: "something else", sets: [{ reps: 5 }] },
    ];
    const data = completed(withPlan, exercises, day(2), { planId: "plan-1", plan });
    expect(data.planId).toBe("plan-1");
    expect(data.adherence).toEqual({
      planId: "plan-1",
      prescribed: prescribed.length,
      done: [first.exerciseId],
      missed: prescribed.slice(1).map((e) => e.exerciseId),
      substituted: [],
      added: ["something else"],
      volume: [
        {
          exerciseId: first.exerciseId,
          prescribedSets: first.sets,
          performedSets: 1,
          ...(first.durationSeconds ? { prescribedSeconds: first.durationSeconds } : {}),
          performedSeconds: 45,
        },
      ],
      score: Math.round((1 / prescribed.length) * 100) / 100,
    });
  });

  it("counts another exercise of the same component and pattern as a substitution", () => {
    const resistance = plan.blocks.find((b) => b.component === "resistance")?.exercises ?? [];
    const target =
      resistance.find((e) => e.exerciseId !== "ball-squat" && e.pattern === "squat") ?? resistance[0];
    if (!target) throw new Error("no resistance work");
    const substitute = target.exerciseId === "ball-squat" ? "single-leg-squat" : "ball-squat";
    const data = completed(
      withPlan,
      [{ name: "swap", exerciseId: substitute, sets: [{ reps: 12 }] }],
      day(2),
      { planId: "plan-1", plan },
    );
    expect(data.adherence?.substituted).toEqual([{ prescribed: target.exerciseId, performed: substitute }]);
  });

  it("marks the plan performed by its first session, which the summary shows; a second session does not take it over", () => {
    const [first] = given(withPlan)
      .when(recordSession("s-9", day(2), { planId: "plan-1", plan }))
      .events();
    const afterFirst = [...withPlan, first as ClientEvent];
    expect(clientSummary(fold(afterFirst), day(3), DEFAULT_SETTINGS)?.lastPlan).toEqual({
      planId: "plan-1",
      plannedFor: day(2),
      phase: 1,
      performed: true,
      sessionId: "s-9",
    });
    const [second] = given(afterFirst)
      .when(recordSession("s-10", day(3), { planId: "plan-1", plan }))
      .events();
    expect(second?.type).toBe("SessionCompleted");
    expect(fold([...afterFirst, second as ClientEvent]).lastPlan?.performedBySessionId).toBe("s-9");
  });

  it("refuses a plan id the client has no recent plan for", () => {
    given(history)
      .when(recordSession("s-1", day(2), { planId: "plan-x" }))
      .thenRefused("session-plan-known");
  });
});
