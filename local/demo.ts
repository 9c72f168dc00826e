/**
 * A scripted client journey through the pure domain, printed as a timeline: assessment, Phase 1,
 * an advance recommendation, Phase 2, a layoff and the cycle back; then a generated session for each
 * phase. No AWS, no database.
 */
import type { ClientCommand } from "../domain/client/commands.ts";
import { decide } from "../domain/client/decide.ts";
import type { ClientEvent } from "../domain/client/events.ts";
import { RuleViolation } from "../domain/client/rule-violation.ts";
import { evolve, initialState } from "../domain/client/state.ts";
import { clientSummary } from "../domain/read-models/summary.ts";
import { timeline } from "../domain/read-models/timeline.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { formatPlan } from "./plan-printer.ts";

const day = (n: number) => new Date(Date.UTC(2026, 0, 5, 9) + n * 86_400_000).toISOString();
const set = { reps: 15, tempo: "4/2/1", restSeconds: 60 };
const session = (n: number, at: number): ClientCommand => ({
  type: "RecordSession",
  data: {
    sessionId: `s-${n}`,
    performedAt: day(at),
    exercises: [{ name: "ball squat", sets: [set, set] }],
    pain: false,
  },
});

const script: ClientCommand[] = [
  {
    type: "RegisterClient",
    data: {
      clientId: "demo",
      name: "Ada Client",
      dateOfBirth: "1990-04-01",
      goal: "general-fitness",
      locationId: "downtown",
      registeredAt: day(0),
    },
  },
  {
    type: "RecordAssessment",
    data: {
      assessmentId: "ohsa-1",
      kind: "overhead-squat",
      performedAt: day(1),
      findings: [{ compensation: "knees-move-inward", side: "bilateral" }],
      pain: false,
    },
  },
  { type: "StartPhase", data: { phase: 2, startedAt: day(1) } },
  { type: "StartPhase", data: { phase: 1, startedAt: day(1) } },
  ...Array.from({ length: 8 }, (_, i) => session(i + 1, 2 + Math.round(i * 3.5))),
  {
    type: "RecordAssessment",
    data: { assessmentId: "ohsa-2", kind: "overhead-squat", performedAt: day(28), findings: [], pain: false },
  },
  session(9, 29),
  { type: "StartPhase", data: { phase: 2, startedAt: day(30) } },
  session(10, 31),
  session(11, 52),
];

let state = initialState;
const history: ClientEvent[] = [];
for (const command of script) {
  try {
    const events = decide(command, state, DEFAULT_SETTINGS);
    history.push(...events);
    state = events.reduce(evolve, state);
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    console.log(`refused ${command.type}: ${error.rule} (${error.detail})`);
  }
}

for (const entry of timeline(history)) {
  if (entry.kind === "phase-block") {
    console.log(
      `${entry.from.slice(0, 10)}  Phase ${entry.phase} block (${entry.reason}), ${entry.sessions} sessions, until ${entry.to?.slice(0, 10) ?? "now"}`,
    );
  } else if (entry.kind !== "session") {
    // Sessions are counted in their block's line.
    console.log(`${entry.at.slice(0, 10)}  ${entry.text}`);
  }
}
const summary = clientSummary(state, day(60), DEFAULT_SETTINGS);
console.log(
  `\nNow: Phase ${summary?.currentPhase}, week ${summary?.weekInPhase}, status ${summary?.status}; ${history.length} events.`,
);

/** A generated session per phase: a power client whose knees move inward (corrective work), 35 years old. */
console.log("\nGenerated sessions, one per phase (seed 1, a fully equipped gym):");
const athlete: ClientCommand[] = [
  {
    type: "RegisterClient",
    data: {
      clientId: "athlete",
      name: "Ben Athlete",
      dateOfBirth: "1990-04-01",
      goal: "power",
      locationId: "downtown",
      registeredAt: day(0),
    },
  },
  {
    type: "RecordAssessment",
    data: {
      assessmentId: "ohsa-athlete",
      kind: "overhead-squat",
      performedAt: day(0),
      findings: [{ compensation: "knees-move-inward", side: "bilateral" }],
      pain: false,
    },
  },
];
const registeredAthlete = athlete.reduce(
  (client, command) => decide(command, client, DEFAULT_SETTINGS).reduce(evolve, client),
  initialState,
);
for (const phase of [1, 2, 3, 4, 5] as const) {
  // Phases 2–5 with the compensation still active would be refused; the demo shows them compensation-free.
  const client = { ...registeredAthlete, ...(phase > 1 ? { movement: {}, correctiveProtocol: null } : {}) };
  const block: ClientEvent = {
    type: "PhaseStarted",
    occurredAt: day(1),
    data: {
      phase,
      plannedWeeks: 4,
      sessionsPerWeek: 3,
      guidelineVersion: "CPT7",
      reason: "trainer-decision",
      overrides: [],
    },
  };
  const [planned] = decide(
    { type: "PlanSession", data: { planId: `demo-${phase}`, plannedFor: day(9), seed: 1, at: day(9) } },
    evolve(client, block),
    DEFAULT_SETTINGS,
  );
  if (planned?.type === "SessionPlanned") console.log(`\n${formatPlan(planned.data.plan)}`);
}
