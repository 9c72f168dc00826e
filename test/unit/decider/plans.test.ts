import { describe, expect, it } from "vitest";
import type { CreatePlan } from "../../../domain/client/commands.ts";
import { decide } from "../../../domain/client/decide.ts";
import type { ClientEvent, PlanAdjusted } from "../../../domain/client/events.ts";
import { fold } from "../../../domain/client/state.ts";
import { DEFAULT_SETTINGS } from "../../../domain/settings.ts";
import {
  day,
  recordSession,
  registered,
  sessionCompleted,
  started,
  startPhase,
} from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const createPlan = (extra: Partial<CreatePlan["data"]> = {}): CreatePlan => ({
  type: "CreatePlan",
  data: { planId: "plan-1", startsOn: "2026-01-05", at: day(0), ...extra },
});

/** A power client in Phase 1 since day 0 with the default 26-week linear plan. */
const powerClient = [...registered("power", [1, 2, 5]), started(1, day(0))];
const withPlan = (history: ClientEvent[], command = createPlan()) => [
  ...history,
  ...decide(command, fold(history), DEFAULT_SETTINGS),
];
const onPlanInPhase2 = [...withPlan(powerClient), started(2, day(28)), sessionCompleted("s-0", day(29), 2)];

const outline = (event: ClientEvent | undefined) =>
  (event as PlanAdjusted).data.blocks.map(({ phase, startsOn, weeks, reason }) => ({
    phase,
    startsOn,
    weeks,
    reason,
  }));
const adjustment = (events: ClientEvent[]) => events.find((event) => event.type === "PlanAdjusted");

describe("creating a plan", () => {
  it("records the plan with its blocks, 26 weeks and 3 sessions a week by default", () => {
    given(powerClient)
      .when(createPlan())
      .thenMatches([
        {
          type: "PlanCreated",
          occurredAt: day(0),
          data: {
            planId: "plan-1",
            startsOn: "2026-01-05",
            weeks: 26,
            periodization: "linear",
            sessionsPerWeek: 3,
            blocks: [
              { phase: 1, startsOn: "2026-01-05", weeks: 4, reason: "current-phase" },
              { phase: 2, startsOn: "2026-02-02", weeks: 4, reason: "goal-path" },
              { phase: 1, startsOn: "2026-03-02", weeks: 2, reason: "recovery" },
              { phase: 5, startsOn: "2026-03-16", weeks: 4, reason: "goal-path" },
              { phase: 1, weeks: 2, reason: "recovery" },
              { phase: 2, weeks: 4, reason: "goal-path" },
              { phase: 1, weeks: 2, reason: "recovery" },
              { phase: 5, weeks: 4, reason: "goal-path" },
            ],
          },
        },
      ]);
  });

  it("keeps the plan compactly in the state: no explanations, no days", () => {
    const state = fold(withPlan(powerClient, createPlan({ periodization: "undulating" })));
    expect(state.plan?.blocks[3]).toEqual({
      phase: 5,
      startsOn: "2026-03-16",
      weeks: 4,
      sessionsPerWeek: 3,
      reason: "goal-path",
    });
  });

  it("does nothing for the same plan id again", () => {
    given(withPlan(powerClient)).when(createPlan()).thenNothing();
  });

  it("refuses a referred client and an unregistered one", () => {
    given([...powerClient, { type: "ClientReferred", occurredAt: day(1), data: referral }])
      .when(createPlan())
      .thenRefused("referral-blocks-programming");
    given([]).when(createPlan()).thenRefused("client-must-be-registered");
  });
});

const referral = { rule: "pain-refers-client", reason: "pain-reported", source: "trainer" } as const;

describe("re-planning when the client's journey changes", () => {
  it("after a layoff's cycle-back mid-plan: the lived block is kept, the running one cut, the rest rebuilt from Phase 1", () => {
    const events = given(onPlanInPhase2)
      .when(recordSession("s-1", day(50)))
      .events();
    expect(events.map((event) => event.type)).toEqual([
      "CycleBackTriggered",
      "PhaseStarted",
      "SessionCompleted",
      "PlanAdjusted",
    ]);
    expect(adjustment(events)).toMatchObject({
      occurredAt: day(50),
      data: { planId: "plan-1", reason: "layoff" },
    });
    expect(outline(adjustment(events))).toEqual([
      { phase: 1, startsOn: "2026-01-05", weeks: 4, reason: "current-phase" },
      { phase: 2, startsOn: "2026-02-02", weeks: 3, reason: "goal-path" },
      { phase: 1, startsOn: "2026-02-23", weeks: 4, reason: "layoff" },
      { phase: 2, startsOn: "2026-03-23", weeks: 4, reason: "goal-path" },
      { phase: 1, startsOn: "2026-04-20", weeks: 2, reason: "recovery" },
      { phase: 5, startsOn: "2026-05-04", weeks: 4, reason: "goal-path" },
      { phase: 1, startsOn: "2026-06-01", weeks: 2, reason: "recovery" },
      { phase: 2, startsOn: "2026-06-15", weeks: 3, reason: "goal-path" },
    ]);
    expect((adjustment(events) as PlanAdjusted).data.blocks[1]?.why).toContain(
      "cut to 3 weeks when the plan changed",
    );
  });

  it("after a goal change: rebuilt on the new goal's path from the week of the change", () => {
    const events = given(onPlanInPhase2)
      .when({ type: "SetGoal", data: { goal: "hypertrophy", at: day(35) } })
      .events();
    expect(events.map((event) => event.type)).toEqual(["GoalSet", "PlanAdjusted"]);
    expect(outline(adjustment(events)).slice(1, 5)).toEqual([
      { phase: 2, startsOn: "2026-02-02", weeks: 1, reason: "goal-path" },
      { phase: 2, startsOn: "2026-02-09", weeks: 4, reason: "goal-changed" },
      { phase: 1, startsOn: "2026-03-09", weeks: 2, reason: "recovery" },
      { phase: 3, startsOn: "2026-03-23", weeks: 4, reason: "goal-path" },
    ]);
  });

  it("on a referral the plan is on hold (nothing after the referral's week); the clearance rebuilds it from Phase 1", () => {
    const referred = given(onPlanInPhase2)
      .when({ type: "ReportPain", data: { reportedAt: day(35) } })
      .events();
    expect(referred.map((event) => event.type)).toEqual(["ClientReferred", "PlanAdjusted"]);
    expect(adjustment(referred)).toMatchObject({ data: { reason: "referred" } });
    expect(outline(adjustment(referred))).toEqual([
      { phase: 1, startsOn: "2026-01-05", weeks: 4, reason: "current-phase" },
      { phase: 2, startsOn: "2026-02-02", weeks: 1, reason: "goal-path" },
    ]);

    const cleared = given([...onPlanInPhase2, ...referred])
      .when({ type: "ClearClient", data: { clearedAt: day(50) } })
      .events();
    expect(cleared.map((event) => event.type)).toEqual(["ClientCleared", "PhaseStarted", "PlanAdjusted"]);
    expect(outline(adjustment(cleared)).slice(0, 4)).toEqual([
      { phase: 1, startsOn: "2026-01-05", weeks: 4, reason: "current-phase" },
      { phase: 2, startsOn: "2026-02-02", weeks: 1, reason: "goal-path" },
      { phase: 1, startsOn: "2026-02-23", weeks: 4, reason: "cleared-after-referral" },
      { phase: 2, startsOn: "2026-03-23", weeks: 4, reason: "goal-path" },
    ]);
  });

  it("after a trainer starts another phase than the plan's, and not when they start the planned one", () => {
    given(withPlan(powerClient))
      .when(startPhase(2, day(28)))
      .thenMatches([{ type: "PhaseStarted", data: { phase: 2 } }]);
    const events = given(withPlan(powerClient))
      .when(startPhase(5, day(28)))
      .events();
    expect(events.map((event) => event.type)).toEqual(["PhaseStarted", "PlanAdjusted"]);
    expect(outline(adjustment(events)).slice(0, 3)).toEqual([
      { phase: 1, startsOn: "2026-01-05", weeks: 4, reason: "current-phase" },
      { phase: 5, startsOn: "2026-02-02", weeks: 4, reason: "trainer-phase-change" },
      { phase: 1, startsOn: "2026-03-02", weeks: 2, reason: "recovery" },
    ]);
  });

  it("appends no PlanAdjusted without a plan", () => {
    given([...powerClient, started(2, day(28)), sessionCompleted("s-0", day(29), 2)])
      .when(recordSession("s-1", day(50)))
      .thenMatches([{ type: "CycleBackTriggered" }, { type: "PhaseStarted" }, { type: "SessionCompleted" }]);
  });
});

describe("sessions in an undulating week", () => {
  /** A power client following an undulating plan, in its first Phase 5 block (from 16 March, day 70). */
  const inPhase5 = (periodization: "linear" | "undulating" = "undulating") => [
    ...withPlan(powerClient, createPlan({ periodization })),
    started(2, day(28)),
    started(1, day(56)),
    started(5, day(70)),
  ];
  const completedOf = (events: ClientEvent[]) =>
    events.find((event) => event.type === "SessionCompleted") as Extract<
      ClientEvent,
      { type: "SessionCompleted" }
    >;

  it("a session may name one of the planned block's days ([1, 2, 5]); compliance uses that phase's guideline", () => {
    const asPhase1 = given(inPhase5())
      .when(recordSession("s-1", day(71), { phase: 1 }))
      .events();
    expect(completedOf(asPhase1).data).toMatchObject({ phase: 1, compliance: { score: 1 } });
    const asBlock = given(inPhase5())
      .when(recordSession("s-1", day(71)))
      .events();
    expect(completedOf(asBlock).data.phase).toBe(5);
    expect(completedOf(asBlock).data.compliance.score).toBeLessThan(1);
  });

  it("the session still counts toward the current Phase 5 block", () => {
    const history = [
      ...inPhase5(),
      ...given(inPhase5())
        .when(recordSession("s-1", day(71), { phase: 2 }))
        .events(),
    ];
    expect(fold(history).block).toMatchObject({ phase: 5, sessions: 1 });
  });

  it("refuses a phase that is not a day of the week, or any other phase on a linear plan", () => {
    given(inPhase5())
      .when(recordSession("s-1", day(71), { phase: 3 }))
      .thenRefused("session-phase-on-plan");
    given(inPhase5("linear"))
      .when(recordSession("s-1", day(71), { phase: 1 }))
      .thenRefused("session-phase-on-plan");
  });

  it("plans the next session on the week's days in turn: Phase 1, then 2, then 5", () => {
    const planOn = (history: ClientEvent[], at: string) => {
      const [planned] = given(history)
        .when({ type: "PlanSession", data: { planId: `p-${at}`, plannedFor: at, at } })
        .events();
      return planned?.type === "SessionPlanned" ? planned.data.plan.phase : null;
    };
    const afterOne = [...inPhase5(), sessionCompleted("s-1", day(71), 1)];
    const afterTwo = [...afterOne, sessionCompleted("s-2", day(73), 2)];
    expect([planOn(inPhase5(), day(71)), planOn(afterOne, day(73)), planOn(afterTwo, day(75))]).toEqual([
      1, 2, 5,
    ]);
    expect(planOn(inPhase5("linear"), day(71))).toBe(5);
  });
});
