import { invalidFindings } from "../compensations/catalogue.ts";
import { deriveCorrectiveProtocol } from "../compensations/corrective-protocol.ts";
import type { ProgramSettings } from "../settings.ts";
import type { RecordAssessment } from "./commands.ts";
import type { AssessmentRecorded, ClientEvent } from "./events.ts";
import { cycleBack } from "./phase-start.ts";
import { RuleViolation } from "./rule-violation.ts";
import { activeFindings, type ClientState, evolve } from "./state.ts";

export const DEFAULT_PROTOCOL_VERSION = "nasm-cpt7";

/** Squat assessments whose findings, when they return, send a client in Phases 2–5 back to Phase 1. */
const CYCLE_BACK_ASSESSMENTS = new Set(["overhead-squat", "single-leg-squat"]);

export function decideAssessment(
  { data }: RecordAssessment,
  state: ClientState,
  settings: ProgramSettings,
): ClientEvent[] {
  if (state.recentAssessmentIds.includes(data.assessmentId)) return [];
  const problems = invalidFindings(data.kind, data.findings);
  if (problems.length > 0) throw new RuleViolation("findings-match-assessment", problems.join("; "));

  const at = data.performedAt;
  const recorded: AssessmentRecorded = {
    type: "AssessmentRecorded",
    occurredAt: at,
    data: {
      assessmentId: data.assessmentId,
      kind: data.kind,
      protocolVersion: data.protocolVersion ?? DEFAULT_PROTOCOL_VERSION,
      findings: data.findings,
      pain: data.pain,
      ...(data.measurements ? { measurements: data.measurements } : {}),
      ...(data.oneRepMaxes ? { oneRepMaxes: data.oneRepMaxes } : {}),
      ...(data.notes ? { notes: data.notes } : {}),
    },
  };
  if (data.pain) {
    // A painful finding ends testing: refer, and derive no protocol.
    if (state.status === "referred") return [recorded];
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
  if (
    block &&
    block.phase > 1 &&
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
  }
  return events;
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
