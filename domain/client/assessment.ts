import { invalidFindings } from "../compensations/catalogue.ts";
import { deriveCorrectiveProtocol } from "../compensations/corrective-protocol.ts";
import { DEFAULT_ASSESSMENT_PROTOCOL } from "../compensations/types.ts";
import type { ProgramSettings } from "../settings.ts";
import { isBefore, sameInstant } from "../time.ts";
import type { RecordAssessment } from "./commands.ts";
import type { AssessmentRecorded, ClientEvent } from "./events.ts";
import { cycleBack } from "./phase-events.ts";
import { RuleViolation } from "./rule-violation.ts";
import { advanceReadiness } from "./session.ts";
import { activeFindings, type ClientState, evolve, isMovementAssessment } from "./state.ts";

/** Squat assessments whose findings, found in Phases 2–5, send the client back to Phase 1. */
const CYCLE_BACK_ASSESSMENTS = new Set(["overhead-squat", "single-leg-squat"]);

export function decideAssessment(
  { data }: RecordAssessment,
  state: ClientState,
  settings: ProgramSettings,
): ClientEvent[] {
  if (state.recentAssessmentIds.includes(data.assessmentId)) return [];
  const problems = invalidFindings(data.kind, data.findings);
  if (problems.length > 0) throw new RuleViolation("findings-match-assessment", problems.join("; "));
  assertPerformanceTestingAllowed(data, state);

  const at = data.performedAt;
  const recorded: AssessmentRecorded = {
    type: "AssessmentRecorded",
    occurredAt: at,
    data: {
      assessmentId: data.assessmentId,
      kind: data.kind,
      protocolVersion: data.protocolVersion ?? DEFAULT_ASSESSMENT_PROTOCOL,
      findings: data.findings,
      pain: data.pain,
      ...(data.measurements ? { measurements: data.measurements } : {}),
      ...(data.oneRepMaxes ? { oneRepMaxes: data.oneRepMaxes } : {}),
      ...(data.notes ? { notes: data.notes } : {}),
    },
  };
  // While referred nothing is programmed: the assessment is recorded, no protocol or phase follows.
  if (state.status === "referred") return [recorded];
  if (data.pain) {
    // A painful finding ends testing: refer, and derive no protocol.
    return [
      recorded,
      {
        type: "ClientReferred",
        occurredAt: at,
        data: {
          rule: "pain-refers-client",
          reason: "pain-reported",
          source: "assessment",
          sourceId: data.assessmentId,
        },
      },
    ];
  }

  const after = evolve(state, recorded);
  const events: ClientEvent[] = [recorded, ...protocolChange(state, after, data.assessmentId, at)];
  const block = state.block;
  // Only a reassessment that is now the latest of its kind, within the current block, cycles back.
  const current = isMovementAssessment(data.kind) && sameInstant(after.movement[data.kind]?.performedAt, at);
  // Under another protocol than its baseline's, a reassessment is a new baseline, not a comparison.
  const baseline = isMovementAssessment(data.kind) ? state.movement[data.kind] : undefined;
  const comparable = !baseline || baseline.protocolVersion === recorded.data.protocolVersion;
  if (
    block &&
    block.phase > 1 &&
    current &&
    comparable &&
    !isBefore(at, block.startedAt) &&
    CYCLE_BACK_ASSESSMENTS.has(data.kind) &&
    data.findings.length > 0 &&
    state.status === "active"
  ) {
    const names = data.findings.map((finding) => finding.compensation).join(", ");
    events.push(
      ...cycleBack(
        state,
        settings,
        block.phase,
        at,
        "returning-compensations",
        `${data.kind} reassessment found ${names}`,
      ),
    );
    return events;
  }
  // The reassessment an advance may have been waiting for; not one dated before the latest session,
  // whose block counts already include later sessions.
  if (!block || (state.lastSessionAt !== null && isBefore(at, state.lastSessionAt))) return events;
  const recommendation = advanceReadiness(events.reduce(evolve, state), settings, at);
  return recommendation ? [...events, recommendation] : events;
}

/** Maximal and performance testing need a cleared client who moves without compensations (invariant 5). */
function assertPerformanceTestingAllowed(data: RecordAssessment["data"], state: ClientState): void {
  const measures1RM = (data.oneRepMaxes?.length ?? 0) > 0;
  if (measures1RM && data.kind !== "performance") {
    throw new RuleViolation(
      "performance-testing-requires-clearance",
      "1RMs are recorded by a performance assessment",
    );
  }
  if (data.kind !== "performance") return;
  if (state.status === "referred") {
    throw new RuleViolation(
      "performance-testing-requires-clearance",
      "the client is referred for pain; no performance testing until clearance",
    );
  }
  const compensations = activeFindings(state);
  if (compensations.length > 0) {
    const names = [...new Set(compensations.map((finding) => finding.compensation))].join(", ");
    throw new RuleViolation(
      "performance-testing-requires-clearance",
      `performance testing waits for compensation-free movement (active: ${names})`,
    );
  }
}

/** The protocol follows the active compensations: regenerated when they change, cleared when none remain. */
function protocolChange(
  before: ClientState,
  after: ClientState,
  assessmentId: string,
  at: string,
): ClientEvent[] {
  const compensations = activeFindings(after);
  if (JSON.stringify(compensations) === JSON.stringify(activeFindings(before))) return [];
  const protocol = deriveCorrectiveProtocol(
    compensations.map(({ assessment, compensation, side, severity }) => ({
      assessment,
      finding: { compensation, side, ...(severity ? { severity } : {}) },
    })),
  );
  if (protocol === null) {
    return before.correctiveProtocol
      ? [{ type: "CorrectiveProtocolCleared", occurredAt: at, data: { basedOnAssessmentId: assessmentId } }]
      : [];
  }
  return [
    {
      type: "CorrectiveProtocolAssigned",
      occurredAt: at,
      data: { basedOnAssessmentId: assessmentId, compensations, protocol },
    },
  ];
}
