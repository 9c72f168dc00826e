import { describe, it } from "vitest";
import {
  assess,
  day,
  recordSession,
  registered,
  sessionCompleted,
  started,
  startPhase,
} from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const inPhase3 = [
  ...registered(),
  started(1, day(1)),
  started(3, day(30)),
  sessionCompleted("s-0", day(31), 3),
];
const referred = [
  ...inPhase3,
  {
    type: "ClientReferred",
    occurredAt: day(32),
    data: { rule: "pain-refers-client", reason: "pain-reported", source: "trainer" },
  },
] as const;

describe("pain and referral", () => {
  it("refers a client whose session reports pain, after recording the session", () => {
    given(inPhase3)
      .when(recordSession("s-1", day(33), { pain: true }))
      .thenMatches([
        { type: "SessionCompleted", data: { sessionId: "s-1", pain: true } },
        { type: "ClientReferred", data: { rule: "pain-refers-client", source: "session", sourceId: "s-1" } },
      ]);
  });

  it("refers on a painful assessment and derives no corrective protocol", () => {
    given(inPhase3)
      .when(
        assess(
          "a-1",
          day(33),
          [{ compensation: "knees-move-inward", side: "left" }],
          "single-leg-squat",
          true,
        ),
      )
      .thenMatches([
        { type: "AssessmentRecorded", data: { pain: true } },
        { type: "ClientReferred", data: { source: "assessment", sourceId: "a-1" } },
      ]);
  });

  it("refers on a trainer's report of pain, once", () => {
    given(inPhase3)
      .when({ type: "ReportPain", data: { reportedAt: day(33), notes: "sharp knee pain on stairs" } })
      .then([
        {
          type: "ClientReferred",
          occurredAt: day(33),
          data: {
            rule: "pain-refers-client",
            reason: "pain-reported",
            source: "trainer",
            notes: "sharp knee pain on stairs",
          },
        },
      ]);
    given([...referred])
      .when({ type: "ReportPain", data: { reportedAt: day(34) } })
      .thenNothing();
  });

  it("blocks every phase start while referred, even with an override reason", () => {
    given([...referred])
      .when(startPhase(1, day(40), { overrideReason: "client insists" }))
      .thenRefused("referral-blocks-programming");
  });

  it("blocks sessions while referred", () => {
    given([...referred])
      .when(recordSession("s-2", day(40)))
      .thenRefused("referral-blocks-programming");
  });

  it("restarts the client in Phase 1 on clearance", () => {
    given([...referred])
      .when({ type: "ClearClient", data: { clearedAt: day(50), clearedBy: "Dr. Osei" } })
      .thenMatches([
        { type: "ClientCleared", occurredAt: day(50), data: { clearedBy: "Dr. Osei" } },
        { type: "PhaseStarted", occurredAt: day(50), data: { phase: 1, reason: "cleared-after-referral" } },
      ]);
  });

  it("refuses a clearance without a referral", () => {
    given(inPhase3)
      .when({ type: "ClearClient", data: { clearedAt: day(50) } })
      .thenRefused("clearance-requires-referral");
  });

  it("refuses a clearance dated before the referral (clearance-after-referral)", () => {
    given([...referred])
      .when({ type: "ClearClient", data: { clearedAt: day(31) } })
      .thenRefused("clearance-after-referral");
  });

  it("appends nothing when the same clearance is repeated", () => {
    const cleared = given([...referred])
      .when({ type: "ClearClient", data: { clearedAt: day(50) } })
      .events();
    given([...referred, ...cleared])
      .when({ type: "ClearClient", data: { clearedAt: day(50) } })
      .thenNothing();
  });
});
