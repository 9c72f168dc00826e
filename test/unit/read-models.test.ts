import { describe, expect, it } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { fold } from "../../domain/client/state.ts";
import { foldRoster } from "../../domain/read-models/roster.ts";
import { clientSummary } from "../../domain/read-models/summary.ts";
import { timeline } from "../../domain/read-models/timeline.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { assessed, day, registered, sessionCompleted, started } from "../support/builders.ts";

const journey: ClientEvent[] = [
  ...registered("general-fitness", [1, 2, 3]),
  assessed("a-1", day(1), []),
  started(1, day(1)),
  sessionCompleted("s-1", day(3)),
  sessionCompleted("s-2", day(6)),
  started(2, day(30)),
  sessionCompleted("s-3", day(31), 2),
  {
    type: "CycleBackTriggered",
    occurredAt: day(50),
    data: {
      fromPhase: 2,
      toPhase: 1,
      reason: "layoff",
      rule: "layoff-cycles-back",
      explanation: "19 days since the last session or block start (layoff threshold 14)",
    },
  },
  started(1, day(50), "cycle-back"),
];

describe("client summary", () => {
  it("shows the current block, the week in it as of the read, and the last cycle-back", () => {
    expect(clientSummary(fold(journey), day(60), DEFAULT_SETTINGS)).toMatchObject({
      clientId: "c-1",
      status: "active",
      goal: "general-fitness",
      currentPhase: 1,
      phaseStartedAt: day(50),
      weekInPhase: 2,
      sessionsInPhase: 0,
      lastSessionAt: day(31),
      lastCycleBack: { at: day(50), reason: "layoff" },
      activeCompensations: [],
      recommendation: null,
    });
  });

  it("has no summary before registration", () => {
    expect(clientSummary(fold([]), day(1), DEFAULT_SETTINGS)).toBeNull();
  });

  describe("when the next movement reassessment is due", () => {
    const inPhase1 = [...registered(), started(1, day(1))];

    it("reassessEveryWeeks (default 4) after the latest movement assessment, of any movement kind", () => {
      const history = [...inPhase1, assessed("a-1", day(1), []), assessed("a-2", day(10), [], "push")];
      expect(clientSummary(fold(history), day(12), DEFAULT_SETTINGS)?.nextReassessmentDue).toBe(day(38));
      const everySix = { ...DEFAULT_SETTINGS, reassessEveryWeeks: 6 };
      expect(clientSummary(fold(history), day(12), everySix)?.nextReassessmentDue).toBe(day(52));
    });

    it("with no movement assessment yet, from the current block's start: due now", () => {
      expect(clientSummary(fold(inPhase1), day(12), DEFAULT_SETTINGS)?.nextReassessmentDue).toBe(day(1));
    });

    it("with neither an assessment nor a block, nothing is due", () => {
      expect(clientSummary(fold(registered()), day(12), DEFAULT_SETTINGS)?.nextReassessmentDue).toBeNull();
    });
  });
});

describe("timeline", () => {
  it("tells the history as phase blocks with dates and session counts, the sessions, and the moments between them", () => {
    const block = { kind: "phase-block", plannedWeeks: 4, reason: "trainer-decision" } as const;
    const session = (at: string, phase: 1 | 2) => ({ kind: "session", at, phase, compliance: 1 });
    expect(timeline(journey)).toEqual([
      {
        kind: "goal",
        at: day(0),
        text: "Goal general-fitness: path P1 → P2 → P3",
        reason: null,
        compensations: null,
      },
      {
        kind: "assessment",
        at: day(1),
        text: "overhead-squat assessment: no compensations",
        reason: null,
        compensations: 0,
      },
      { ...block, phase: 1, name: "Stabilization Endurance", from: day(1), to: day(30), sessions: 2 },
      session(day(3), 1),
      session(day(6), 1),
      { ...block, phase: 2, name: "Strength Endurance", from: day(30), to: day(50), sessions: 1 },
      session(day(31), 2),
      {
        kind: "cycle-back",
        at: day(50),
        text: "Cycled back from P2 to P1 (layoff): 19 days since the last session or block start (layoff threshold 14)",
        reason: "layoff",
        compensations: null,
      },
      {
        ...block,
        phase: 1,
        name: "Stabilization Endurance",
        from: day(50),
        to: null,
        reason: "cycle-back",
        sessions: 0,
      },
    ]);
  });

  it("counts an assessment's compensations and names a referral's source and a clearance", () => {
    const referred: ClientEvent[] = [
      ...registered(),
      assessed("a-1", day(1), [
        { compensation: "knees-move-inward", side: "bilateral" },
        { compensation: "low-back-arches", side: "bilateral" },
      ]),
      {
        type: "ClientReferred",
        occurredAt: day(2),
        data: { rule: "pain-refers-client", reason: "pain-reported", source: "session" },
      },
      { type: "ClientCleared", occurredAt: day(9), data: {} },
    ];
    const moments = timeline(referred).filter((entry) => entry.kind !== "goal");
    expect(
      moments.map((entry) =>
        entry.kind === "phase-block" || entry.kind === "session"
          ? null
          : [entry.kind, entry.reason, entry.compensations],
      ),
    ).toEqual([
      ["assessment", null, 2],
      ["referral", "pain in a session", null],
      ["clearance", "cleared to train", null],
    ]);
  });
});

describe("roster entry", () => {
  it("follows the client's location, phase, status and latest session", () => {
    expect(foldRoster(journey)).toEqual({
      clientId: "c-1",
      name: "Ada Client",
      locationId: "loc-1",
      trainerId: null,
      phase: 1,
      status: "active",
      lastSessionAt: day(31),
    });
  });
});

describe("instants with offsets", () => {
  it("compare as instants, not as strings, in the roster's latest session", () => {
    const early = "2026-03-01T23:00:00-05:00"; // 04:00Z on 2 March
    const later = "2026-03-02T02:00:00Z";
    const entry = foldRoster([
      ...journey.slice(0, 3),
      sessionCompleted("s-a", early),
      sessionCompleted("s-b", later),
    ]);
    expect(entry?.lastSessionAt).toBe(early);
  });
});
