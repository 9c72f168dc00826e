import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClientCommand } from "../../../domain/client/commands.ts";
import { decide } from "../../../domain/client/decide.ts";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { RuleViolation } from "../../../domain/client/rule-violation.ts";
import { evolve, fold, initialState } from "../../../domain/client/state.ts";
import { compensationsObservedBy } from "../../../domain/compensations/catalogue.ts";
import { ASSESSMENT_KINDS, type Finding, SIDES } from "../../../domain/compensations/types.ts";
import { GOALS } from "../../../domain/goals.ts";
import { PHASES } from "../../../domain/phases.ts";
import { DEFAULT_SETTINGS, type ProgramSettings } from "../../../domain/settings.ts";
import { decodeEvent, encodeEvent } from "../../../events/codec.ts";
import { CURRENT_SCHEMA_VERSION } from "../../../events/upcasters.ts";
import { day } from "../../support/builders.ts";

type At = (offset: number) => ClientCommand;

const finding = (kind: (typeof ASSESSMENT_KINDS)[number]) => {
  const observed = compensationsObservedBy(kind);
  if (observed.length === 0) return fc.constant<Finding[]>([]);
  return fc.uniqueArray(
    fc
      .record({ compensation: fc.constantFrom(...observed), side: fc.constantFrom(...SIDES) })
      .filter((f) => !(f.compensation === "asymmetric-weight-shift" && f.side === "bilateral")),
    { maxLength: 2, selector: (f) => f.compensation },
  );
};

const setArb = fc.record(
  {
    reps: fc.integer({ min: 1, max: 25 }),
    loadKg: fc.integer({ min: 5, max: 200 }),
    tempo: fc.constantFrom("4/2/1", "2/0/2", "X/X/X", "3-1-1"),
    restSeconds: fc.integer({ min: 0, max: 300 }),
  },
  { requiredKeys: ["reps"] },
);
const exerciseArb = fc.record(
  {
    name: fc.constantFrom("squat", "bench press", "row", "squat jump"),
    supersetGroup: fc.constantFrom("A", "B"),
    sets: fc.array(setArb, { maxLength: 4 }),
  },
  { requiredKeys: ["name", "sets"] },
);

const commandArb: fc.Arbitrary<At> = fc.oneof(
  fc
    .record({
      phase: fc.constantFrom(...PHASES),
      override: fc.option(fc.constant("trainer judgement"), { nil: undefined }),
      weeks: fc.integer({ min: 1, max: 8 }),
    })
    .map(
      ({ phase, override, weeks }): At =>
        (at) => ({
          type: "StartPhase",
          data: {
            phase,
            startedAt: day(at),
            plannedWeeks: weeks,
            ...(override ? { overrideReason: override } : {}),
          },
        }),
    ),
  fc
    .record({
      id: fc.integer({ min: 1, max: 40 }),
      pain: fc.constantFrom(false, false, false, false, true),
      exercises: fc.array(exerciseArb, { maxLength: 3 }),
    })
    .map(
      ({ id, pain, exercises }): At =>
        (at) => ({
          type: "RecordSession",
          data: { sessionId: `s-${id}`, performedAt: day(at), exercises, pain },
        }),
    ),
  fc.constantFrom(...ASSESSMENT_KINDS).chain((kind) =>
    fc.record({ id: fc.integer({ min: 1, max: 20 }), findings: finding(kind), pain: fc.boolean() }).map(
      ({ id, findings, pain }): At =>
        (at) => ({
          type: "RecordAssessment",
          data: { assessmentId: `a-${id}`, kind, performedAt: day(at), findings, pain: pain && id % 5 === 0 },
        }),
    ),
  ),
  fc.constantFrom(...GOALS).map(
    (goal): At =>
      (at) => ({ type: "SetGoal", data: { goal, at: day(at) } }),
  ),
  fc.constant((at: number): ClientCommand => ({ type: "ReportPain", data: { reportedAt: day(at) } })),
  fc.constant((at: number): ClientCommand => ({ type: "ClearClient", data: { clearedAt: day(at) } })),
);

/** A client's life: registration, then commands on non-decreasing business days. */
const journeyArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 20 }), commandArb), { maxLength: 40 })
  .map((steps) => {
    let at = 0;
    const commands: ClientCommand[] = [
      {
        type: "RegisterClient",
        data: {
          clientId: "c-1",
          name: "Ada",
          dateOfBirth: "1990-01-01",
          goal: "power",
          locationId: "l-1",
          registeredAt: day(0),
        },
      },
    ];
    for (const [gap, command] of steps) {
      at += gap;
      commands.push(command(at));
    }
    return commands;
  });

/** Runs the journey, keeping accepted events; refusals must be typed rule violations. */
function run(
  commands: readonly ClientCommand[],
  settings: ProgramSettings = DEFAULT_SETTINGS,
): ClientEvent[] {
  const events: ClientEvent[] = [];
  let state = initialState;
  for (const command of commands) {
    try {
      const decided = decide(command, state, settings);
      events.push(...decided);
      state = decided.reduce(evolve, state);
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
    }
  }
  return events;
}

describe("decider properties", () => {
  it("never throws anything but a typed rule violation for a valid command sequence", () => {
    fc.assert(fc.property(journeyArb, (commands) => void run(commands)));
  });

  it("folds the same events to the same state, and a fold resumed from any prefix's state agrees (what snapshots rely on)", () => {
    fc.assert(
      fc.property(journeyArb, fc.nat(), (commands, cut) => {
        const events = run(commands);
        const split = cut % (events.length + 1);
        expect(fold(events)).toEqual(fold(events));
        expect(fold(events.slice(split), fold(events.slice(0, split)))).toEqual(fold(events));
      }),
    );
  });

  it("keeps the current phase within 1–5 once a phase has started", () => {
    fc.assert(
      fc.property(journeyArb, (commands) => {
        let state = initialState;
        for (const event of run(commands)) {
          state = evolve(state, event);
          if (state.block) expect(PHASES).toContain(state.block.phase);
        }
      }),
    );
  });

  it("follows every CycleBackTriggered with PhaseStarted(toPhase), which is Phase 1 but for the tenant's high-intensity setting", () => {
    fc.assert(
      fc.property(journeyArb, fc.constantFrom(1 as const, 2 as const), (commands, cycleBackPhase) => {
        const events = run(commands, { ...DEFAULT_SETTINGS, highIntensityCycleBackPhase: cycleBackPhase });
        events.forEach((event, index) => {
          if (event.type !== "CycleBackTriggered") return;
          expect(events[index + 1]).toMatchObject({
            type: "PhaseStarted",
            data: { phase: event.data.toPhase, reason: "cycle-back" },
          });
          if (event.data.reason !== "end-of-high-intensity-block") expect(event.data.toPhase).toBe(1);
        });
      }),
    );
  });

  it("round-trips every decided event through its schema and JSON unchanged", () => {
    fc.assert(
      fc.property(journeyArb, (commands) => {
        for (const event of run(commands)) {
          const stored = JSON.parse(JSON.stringify(encodeEvent(event)));
          expect(decodeEvent({ ...stored, schemaVersion: CURRENT_SCHEMA_VERSION[event.type] })).toEqual(
            event,
          );
        }
      }),
    );
  });
});

describe("the journey generator", () => {
  it("reaches the interesting rules often enough for the properties above to mean something", () => {
    const types = new Set(
      fc
        .sample(journeyArb, { numRuns: 200, seed: 7 })
        .flatMap((commands) => run(commands).map((e) => e.type)),
    );
    for (const type of [
      "PhaseStarted",
      "SessionCompleted",
      "CycleBackTriggered",
      "ClientReferred",
      "ClientCleared",
      "CorrectiveProtocolAssigned",
    ]) {
      expect(types).toContain(type);
    }
  });
});
