import { describe, expect, it } from "vitest";
import { MAX_DEVIATIONS } from "../../../domain/client/compliance.ts";
import type { ClientEvent, LoggedExercise } from "../../../domain/client/events.ts";
import { fold, RECENT_IDS } from "../../../domain/client/state.ts";
import type { PlannedExercise, SessionPlan } from "../../../domain/program/session-plan.ts";
import { encodeEvent } from "../../../events/codec.ts";
import { MAX_LOGGED_EXERCISES, MAX_LOGGED_SETS } from "../../../functions/http/schemas.ts";
import {
  day,
  recordSession,
  registered,
  sessionCompleted,
  stabilizationExercise,
  started,
} from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const inPhase1 = [...registered(), started(1, day(1))];

describe("recording a session", () => {
  it("completes the session in the current phase with full compliance when every variable is in range", () => {
    given(inPhase1)
      .when(recordSession("s-1", day(2), { durationMinutes: 50, rpe: 6 }))
      .then([
        {
          type: "SessionCompleted",
          occurredAt: day(2),
          data: {
            sessionId: "s-1",
            phase: 1,
            durationMinutes: 50,
            exercises: [stabilizationExercise()],
            rpe: 6,
            pain: false,
            compliance: { score: 1, checks: 7, deviations: [] },
          },
        },
      ]);
  });

  it("appends nothing when the same session id is recorded again", () => {
    given([...inPhase1, sessionCompleted("s-1", day(2))])
      .when(recordSession("s-1", day(2)))
      .thenNothing();
  });

  it("names each deviation from the phase's acute variables and scores the share of checks passed", () => {
    const heavy: LoggedExercise = {
      name: "Back Squat",
      sets: [{ reps: 5, tempo: "2/0/2", restSeconds: 180, loadKg: 100 }],
    };
    const [event] = given([
      ...inPhase1,
      {
        type: "AssessmentRecorded",
        occurredAt: day(1),
        data: {
          assessmentId: "a-perf",
          kind: "performance",
          protocolVersion: "nasm-cpt7",
          findings: [],
          pain: false,
          oneRepMaxes: [{ exercise: "back squat", kg: 120, method: "epley" }],
        },
      },
    ])
      .when(recordSession("s-1", day(2), { exercises: [heavy] }))
      .events();
    expect(event?.type === "SessionCompleted" && event.data.compliance).toEqual({
      score: 0.2,
      checks: 5,
      deviations: [
        { exercise: "Back Squat", set: 1, variable: "reps", expected: "12–20", actual: "5" },
        { exercise: "Back Squat", set: 1, variable: "tempo", expected: "4/2/1", actual: "2/0/2" },
        { exercise: "Back Squat", set: 1, variable: "rest", expected: "0–90 s", actual: "180 s" },
        { exercise: "Back Squat", set: 1, variable: "intensity", expected: "50–70% 1RM", actual: "83% 1RM" },
      ],
    });
  });

  it("checks Phase 2 work as supersets: strength first, then its stabilization pair", () => {
    const pair: LoggedExercise[] = [
      {
        name: "bench press",
        supersetGroup: "A",
        sets: [
          { reps: 10, tempo: "2/0/2" },
          { reps: 10, tempo: "2/0/2" },
        ],
      },
      {
        name: "ball push-up",
        supersetGroup: "A",
        sets: [
          { reps: 10, tempo: "4/2/1" },
          { reps: 10, tempo: "4/2/1" },
        ],
      },
    ];
    const history = [...registered(), started(1, day(1)), started(2, day(40))];
    const [event] = given(history)
      .when(recordSession("s-1", day(41), { exercises: pair }))
      .events();
    expect(event?.type === "SessionCompleted" && event.data.compliance).toEqual({
      score: 1,
      checks: 12,
      deviations: [],
    });
  });

  it("flags a Phase 5 exercise logged outside a superset", () => {
    const history = [
      ...registered("power", [1, 2, 5]),
      started(1, day(1)),
      started(2, day(30)),
      started(5, day(60)),
    ];
    const lone: LoggedExercise = { name: "squat jump", sets: [{ reps: 3 }, { reps: 3 }, { reps: 3 }] };
    const [event] = given(history)
      .when(recordSession("s-1", day(61), { exercises: [lone] }))
      .events();
    expect(event?.type === "SessionCompleted" && event.data.compliance.deviations).toEqual([
      {
        exercise: "squat jump",
        variable: "superset",
        expected: "a strength+power superset of two exercises",
        actual: "not in a superset",
      },
    ]);
  });

  it("checks core and balance work against their own prescriptions, and leaves them out of Phase 2's supersets", () => {
    const work: LoggedExercise[] = [
      {
        name: "plank",
        component: "core",
        sets: [
          { reps: 15, tempo: "2/0/2" },
          { reps: 15, tempo: "2/0/2" },
        ],
      },
      { name: "single-leg reach", component: "balance", sets: [{ reps: 30 }] },
      { name: "ladder drill", component: "saq", sets: [{ reps: 4 }] },
    ];
    const history = [...registered(), started(1, day(1)), started(2, day(40))];
    const [event] = given(history)
      .when(recordSession("s-1", day(41), { exercises: work }))
      .events();
    // Phase 2 core: 8–12 reps, 2–4 sets, 2/0/2; balance: 8–12 reps, 2–4 sets; SAQ: 3–5 reps, 3–4 sets.
    expect(event?.type === "SessionCompleted" && event.data.compliance).toEqual({
      score: 0.44,
      checks: 9,
      deviations: [
        { exercise: "plank", set: 1, variable: "reps", expected: "8–12", actual: "15" },
        { exercise: "plank", set: 2, variable: "reps", expected: "8–12", actual: "15" },
        { exercise: "single-leg reach", variable: "sets", expected: "2–4", actual: "1" },
        { exercise: "single-leg reach", set: 1, variable: "reps", expected: "8–12", actual: "30" },
        { exercise: "ladder drill", variable: "sets", expected: "3–4", actual: "1" },
      ],
    });
  });

  it("scores a session without resistance work as null, not as perfect", () => {
    const [event] = given(inPhase1)
      .when(recordSession("s-1", day(2), { exercises: [], avgHeartRate: 130 }))
      .events();
    expect(event?.type === "SessionCompleted" && event.data.compliance).toEqual({
      score: null,
      checks: 0,
      deviations: [],
    });
  });

  it("appends nothing for a repeat of a recent session from an earlier block", () => {
    given([...inPhase1, sessionCompleted("s-1", day(2)), started(2, day(30))])
      .when(recordSession("s-1", day(2)))
      .thenNothing();
  });

  it("remembers only the most recent session ids, so a snapshot does not grow with history", () => {
    const history = [
      ...inPhase1,
      ...Array.from({ length: RECENT_IDS + 3 }, (_, i) => sessionCompleted(`s-${i}`, day(2 + i))),
    ];
    const remembered = fold(history).recentSessionIds;
    expect(remembered).toHaveLength(RECENT_IDS);
    expect(remembered.at(0)).toBe("s-3");
  });

  it("refuses a session before any phase has started (session-requires-phase)", () => {
    given(registered())
      .when(recordSession("s-1", day(2)))
      .thenRefused("session-requires-phase");
  });

  it("refuses a session performed before the current block began (session-within-current-phase)", () => {
    given(inPhase1)
      .when(recordSession("s-1", day(0)))
      .thenRefused("session-within-current-phase");
  });

  it("evaluates on the session's business time, so a late-recorded session counts where it happened", () => {
    given([...inPhase1, sessionCompleted("s-2", day(20))])
      .when(recordSession("s-1", day(10)))
      .thenMatches([{ type: "SessionCompleted", occurredAt: day(10), data: { phase: 1 } }]);
  });
});

describe("a session at the size limits of the API", () => {
  it("keeps the largest session the API accepts, against a plan it ignores, within the 64 KB event bound", () => {
    const longName = (i: number) => `exercise number ${i} `.padEnd(100, "x");
    const offPlan: LoggedExercise[] = Array.from({ length: MAX_LOGGED_EXERCISES }, (_, i) => ({
      name: longName(i),
      sets: Array.from({ length: MAX_LOGGED_SETS / MAX_LOGGED_EXERCISES }, () => ({
        reps: 3,
        tempo: "1/0/1",
        restSeconds: 600,
        loadKg: 250,
        heartRate: 200,
      })),
    }));
    const plannedExercise = (i: number): PlannedExercise => ({
      exerciseId: `planned-${i}`.padEnd(64, "x"),
      name: `planned ${i}`,
      component: "resistance",
      pattern: "squat",
      sets: 3,
      reps: 12,
      restSeconds: 60,
      why: "w".repeat(200),
    });
    const plan: SessionPlan = {
      libraryVersion: "test",
      guidelineVersion: "CPT7",
      phase: 1,
      phaseName: "Stabilization Endurance",
      weekOfBlock: 1,
      goal: null,
      seed: 0,
      equipment: [],
      heartRate: null,
      blocks: [
        { component: "resistance", exercises: Array.from({ length: 60 }, (_, i) => plannedExercise(i)) },
      ],
      gaps: [],
    };
    const [event] = given([...registered(), started(1, day(1))])
      .when(recordSession("s-big", day(2), { exercises: offPlan, planId: "p".repeat(36), plan }))
      .events();
    expect(event?.type === "SessionCompleted" && event.data.compliance.deviations).toHaveLength(
      MAX_DEVIATIONS,
    );
    expect(event?.type === "SessionCompleted" && event.data.adherence?.added).toHaveLength(
      MAX_LOGGED_EXERCISES,
    );
    expect(() => encodeEvent(event as ClientEvent)).not.toThrow();
  });
});
