import type { ClientCommand } from "../../domain/client/commands.ts";
import { decide } from "../../domain/client/decide.ts";
import type { ClientEvent } from "../../domain/client/events.ts";
import { type ClientState, evolve, initialState } from "../../domain/client/state.ts";
import { guidelineFor } from "../../domain/guidelines/catalogue.ts";
import { PHASES, type Phase } from "../../domain/phases.ts";
import { planView } from "../../domain/read-models/plan-view.ts";
import { clientSummary } from "../../domain/read-models/summary.ts";
import { timeline } from "../../domain/read-models/timeline.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import type { TimelinePicture } from "../../pictures/timeline.ts";

/** Business days: day(0) is Monday 5 January 2026, 09:00 UTC. */
export const day = (n: number): string => new Date(Date.UTC(2026, 0, 5, 9) + n * 86_400_000).toISOString();

const set = (tempo: string) => ({ reps: 15, tempo, restSeconds: 60 });
/** A Phase 1 session; `slow` false logs the wrong tempo on half the sets (lower compliance). */
export const session = (
  id: string,
  at: number,
  options: { slow?: boolean; pain?: boolean } = {},
): ClientCommand => ({
  type: "RecordSession",
  data: {
    sessionId: id,
    performedAt: day(at),
    exercises: [
      { name: "ball squat", sets: [set("4/2/1"), set(options.slow === false ? "1/0/1" : "4/2/1")] },
    ],
    pain: options.pain ?? false,
  },
});

/**
 * A client's journey through the real decider: two compensations, a plan, Phase 1, a clean reassessment
 * and an advance recommendation, Phase 2, a layoff that cycles back, pain that refers, a clearance.
 */
export function scriptedJourney(): ClientCommand[] {
  return [
    {
      type: "RegisterClient",
      data: {
        clientId: "c-1",
        name: "Ada <Client> & Co",
        dateOfBirth: "1990-04-01",
        goal: "hypertrophy",
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
        findings: [
          { compensation: "knees-move-inward", side: "bilateral" },
          { compensation: "low-back-arches", side: "bilateral" },
        ],
        pain: false,
      },
    },
    { type: "CreatePlan", data: { planId: "p-1", startsOn: "2026-01-05", weeks: 26, at: day(1) } },
    { type: "StartPhase", data: { phase: 1, startedAt: day(1) } },
    ...Array.from({ length: 10 }, (_, i) => session(`s-${i}`, 2 + i * 3, { slow: i % 3 !== 0 })),
    {
      type: "RecordAssessment",
      data: {
        assessmentId: "ohsa-2",
        kind: "overhead-squat",
        performedAt: day(31),
        findings: [],
        pain: false,
      },
    },
    { type: "StartPhase", data: { phase: 2, startedAt: day(35) } },
    session("s-20", 37),
    // Three weeks without a session: the layoff rule cycles back to Phase 1.
    session("s-21", 60),
    session("s-22", 63, { pain: true }),
    { type: "ClearClient", data: { clearedAt: day(70) } },
    ...Array.from({ length: 6 }, (_, i) => session(`s-3${i}`, 72 + i * 3)),
  ];
}

/** Runs commands through the decider, skipping any an OPT rule refuses, and returns the events. */
export function play(commands: readonly ClientCommand[]): { events: ClientEvent[]; state: ClientState } {
  let state = initialState;
  const events: ClientEvent[] = [];
  for (const command of commands) {
    const decided = decide(command, state, DEFAULT_SETTINGS);
    events.push(...decided);
    state = decided.reduce(evolve, state);
  }
  return { events, state };
}

/** What GET /timeline.svg draws, from events: the same read models the handler folds. */
export function pictureOf(
  events: readonly ClientEvent[],
  state: ClientState,
  today: string,
): TimelinePicture {
  const summary = clientSummary(state, today, DEFAULT_SETTINGS);
  if (!summary) throw new Error("the journey has no registered client");
  return {
    summary,
    entries: timeline(events),
    plan: planView(state, today, DEFAULT_SETTINGS),
    phaseNames: Object.fromEntries(PHASES.map((p) => [p, guidelineFor("CPT7", p).name])) as Record<
      Phase,
      string
    >,
    today,
  };
}

/**
 * A long journey of at least `events` events: blocks of Phase 1 and 2 in turn with sessions every other
 * day, a reassessment before each change, and a layoff before the last session of every other Phase 2 block (a cycle-back).
 */
export function longJourney(events: number): ClientEvent[] {
  const commands: ClientCommand[] = scriptedJourney().slice(0, 2);
  let at = 2;
  let block = 0;
  let played = play(commands);
  while (played.events.length < events) {
    commands.push({ type: "StartPhase", data: { phase: block % 2 === 0 ? 1 : 2, startedAt: day(at) } });
    for (let i = 0; i < 12; i++) {
      if (block % 4 === 3 && i === 11) at += 20;
      at += 2;
      commands.push(session(`s-${block}-${i}`, at, { slow: i % 4 !== 0 }));
    }
    at += 1;
    commands.push({
      type: "RecordAssessment",
      data: {
        assessmentId: `a-${block}`,
        kind: "overhead-squat",
        performedAt: day(at),
        findings: [],
        pain: false,
      },
    });
    at += 1;
    block += 1;
    played = play(commands);
  }
  return played.events;
}
