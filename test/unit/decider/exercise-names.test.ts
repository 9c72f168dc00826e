import { describe, expect, it } from "vitest";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { fold, oneRepMaxOf } from "../../../domain/client/state.ts";
import { day, recordSession, registered, started } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

/* Exercise names are data: names that are also keys of Object.prototype must behave like any other. */

const measured = (exercise: string, kg: number): ClientEvent => ({
  type: "AssessmentRecorded",
  occurredAt: day(1),
  data: {
    assessmentId: `a-${exercise}`,
    kind: "performance",
    protocolVersion: "nasm-cpt7",
    findings: [],
    pain: false,
    oneRepMaxes: [{ exercise, kg, method: "measured" }],
  },
});

describe("exercise names that are keys of Object.prototype", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "given a 1RM of an exercise named %s, then it is remembered and checks the intensity of that exercise",
    (name) => {
      const history = [...registered(), measured(name, 100), started(1, day(2))];
      expect(oneRepMaxOf(fold(history), name)).toMatchObject({ exercise: name, kg: 100, method: "measured" });
      const [event] = given(history)
        .when(
          recordSession("s-1", day(3), {
            exercises: [{ name, sets: [{ reps: 15, tempo: "4/2/1", loadKg: 90 }] }],
          }),
        )
        .events();
      expect(event?.type === "SessionCompleted" && event.data.compliance.deviations).toEqual([
        { exercise: name, set: 1, variable: "intensity", expected: "50–70% 1RM", actual: "90% 1RM" },
      ]);
    },
  );

  it.each(["__proto__", "constructor", "valueOf"])(
    "given no 1RM of an exercise named %s, then its load is not checked against a prototype's value",
    (name) => {
      const history = [...registered(), started(1, day(2))];
      expect(oneRepMaxOf(fold(history), name)).toBeUndefined();
      const [event] = given(history)
        .when(
          recordSession("s-1", day(3), {
            exercises: [{ name, sets: [{ reps: 15, tempo: "4/2/1", loadKg: 90 }] }],
          }),
        )
        .events();
      expect(event?.type === "SessionCompleted" && event.data.compliance).toEqual({
        score: 1,
        checks: 3,
        deviations: [],
      });
    },
  );

  it("keeps a __proto__ 1RM through the snapshot's JSON round trip", () => {
    const state = fold([...registered(), measured("__proto__", 120)]);
    const restored = JSON.parse(JSON.stringify(state));
    expect(oneRepMaxOf(restored, "__proto__")?.kg).toBe(120);
  });
});
