import { CATALOGUE_VERSION, catalogueEntry, musclesFor } from "./catalogue.ts";
import { type MuscleNeed, resolveConflicts, type Specificity } from "./conflicts.ts";
import {
  type CorrectiveProtocol,
  type Finding,
  type MovementAssessment,
  type MuscleOnSide,
  SIDES,
} from "./types.ts";

/** CEx doses (reference §4.4); activate/integrate doses are marked unverified there. */
export const CEX_DOSES: CorrectiveProtocol["doses"] = {
  inhibitSeconds: 30,
  lengthenSeconds: 30,
  activateReps: "10–15 reps, 2 s hold, 4 s eccentric",
  integrateReps: "10–15 reps, controlled tempo",
};

/** A finding tagged with the movement assessment that observed it. */
export interface AssessedFinding {
  readonly assessment: MovementAssessment;
  readonly finding: Finding;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareMuscles = (a: MuscleOnSide, b: MuscleOnSide) =>
  compareText(a.muscle, b.muscle) || SIDES.indexOf(a.side) - SIDES.indexOf(b.side);

/** Union keyed by muscle + side, sorted by muscle then side. */
function union(items: readonly MuscleOnSide[]): MuscleOnSide[] {
  const byKey = new Map(items.map((m) => [`${m.muscle}|${m.side}`, m]));
  return [...byKey.values()].sort(compareMuscles);
}

/**
 * Derives the CEx protocol (reference §4.4): overactive → inhibit + lengthen, underactive → activate,
 * affected movement patterns → integrate. A muscle both overactive and underactive on a side is resolved
 * by `resolveConflicts` and the conflict recorded. Null when there are no findings. Pain/referral is the
 * caller's concern. Throws a RangeError on a finding its assessment cannot observe.
 */
export function deriveCorrectiveProtocol(findings: readonly AssessedFinding[]): CorrectiveProtocol | null {
  if (findings.length === 0) return null;
  const needs: MuscleNeed[] = [];
  const patterns = new Set<string>();
  for (const { assessment, finding } of findings) {
    const entry = catalogueEntry(assessment, finding.compensation);
    const muscles = musclesFor(assessment, finding);
    const specificity: Specificity = entry?.muscles.sideAware ? 2 : finding.side === "bilateral" ? 0 : 1;
    needs.push(
      ...muscles.overactive.map((m) => ({ ...m, need: "inhibit" as const, specificity })),
      ...muscles.underactive.map((m) => ({ ...m, need: "activate" as const, specificity })),
    );
    for (const p of entry?.patterns ?? []) patterns.add(p);
  }
  const { kept, conflicts } = resolveConflicts(needs);
  const onSide = ({ muscle, side }: MuscleOnSide): MuscleOnSide => ({ muscle, side });
  const inhibit = union(kept.filter((n) => n.need === "inhibit").map(onSide));
  return {
    catalogueVersion: CATALOGUE_VERSION,
    inhibit,
    lengthen: [...inhibit],
    activate: union(kept.filter((n) => n.need === "activate").map(onSide)),
    integrate: [...patterns].sort(compareText),
    ...(conflicts.length > 0 ? { conflicts: [...conflicts].sort(compareMuscles) } : {}),
    doses: { ...CEX_DOSES },
  };
}
