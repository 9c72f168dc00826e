import type { CorrectiveConflict, MuscleOnSide, Side } from "./types.ts";

/**
 * How sure the findings are of a muscle's side: the weight shift's side-aware lists (opt-reference §4.2:
 * "in a weight shift the adductor complex is overactive on one side and underactive on the other") over a
 * one-sided finding, over a bilateral one.
 */
export type Specificity = 0 | 1 | 2;

/** A muscle the findings ask to inhibit (overactive) or activate (underactive), with how sure of its side. */
export interface MuscleNeed extends MuscleOnSide {
  readonly need: "inhibit" | "activate";
  readonly specificity: Specificity;
}

export const CONFLICT_RULES = {
  "side-specific-decides":
    "the more side-specific finding decides on its side (a weight shift's side-aware list, then a one-sided " +
    "finding, then a bilateral one); a bilateral item keeps the other side",
  "equal-specificity-inhibits":
    "equally side-specific findings: inhibit (and lengthen) is kept, since the continuum releases an " +
    "overactive muscle before activating; activating it would strengthen the imbalance",
} as const;

const ONE_SIDE = ["left", "right"] as const;
const covers = (side: Side, one: "left" | "right") => side === one || side === "bilateral";

interface Resolution {
  /** The needs left once every conflict is resolved. */
  readonly kept: readonly (MuscleOnSide & Pick<MuscleNeed, "need">)[];
  readonly conflicts: readonly CorrectiveConflict[];
}

/**
 * Resolves a muscle both inhibited and activated on one side (for example bilateral knees-in activates the
 * gluteus medius on both sides while a weight shift toward the left makes the right one overactive): on each
 * side the more side-specific finding decides, a tie keeps inhibit. A bilateral item that loses on one side
 * is split into the other side. Muscles without a conflict are returned unchanged.
 */
export function resolveConflicts(needs: readonly MuscleNeed[]): Resolution {
  const byMuscle = new Map<string, MuscleNeed[]>();
  for (const need of needs) byMuscle.set(need.muscle, [...(byMuscle.get(need.muscle) ?? []), need]);
  const kept: (MuscleOnSide & Pick<MuscleNeed, "need">)[] = [];
  const conflicts: CorrectiveConflict[] = [];
  for (const [muscle, items] of byMuscle) {
    const decided = ONE_SIDE.map((side) => decideSide(muscle, side, items));
    const sideConflicts = decided.flatMap((d) => (d.conflict ? [d.conflict] : []));
    if (sideConflicts.length === 0) {
      kept.push(...items);
      continue;
    }
    conflicts.push(...mergeSides(sideConflicts));
    for (const need of ["inhibit", "activate"] as const) {
      const sides = ONE_SIDE.filter((_, i) => decided[i]?.needs.some((n) => n.need === need));
      if (sides.length === 2) kept.push({ muscle, side: "bilateral", need });
      else for (const side of sides) kept.push({ muscle, side, need });
    }
  }
  return { kept, conflicts };
}

function decideSide(
  muscle: string,
  side: "left" | "right",
  items: readonly MuscleNeed[],
): { needs: readonly MuscleNeed[]; conflict?: CorrectiveConflict } {
  const here = items.filter((n) => covers(n.side, side));
  const strongest = (need: MuscleNeed["need"]) =>
    Math.max(-1, ...here.filter((n) => n.need === need).map((n) => n.specificity));
  const inhibit = strongest("inhibit");
  const activate = strongest("activate");
  if (inhibit < 0 || activate < 0) return { needs: here };
  const kept = activate > inhibit ? "activate" : "inhibit";
  const dropped = kept === "inhibit" ? "activate" : "inhibit";
  const rule = inhibit === activate ? "equal-specificity-inhibits" : "side-specific-decides";
  return {
    needs: here.filter((n) => n.need === kept),
    conflict: { muscle, side, kept, dropped, rule, explanation: CONFLICT_RULES[rule] },
  };
}

/** The same outcome on both sides is one bilateral conflict. */
function mergeSides(conflicts: readonly CorrectiveConflict[]): CorrectiveConflict[] {
  const [left, right] = conflicts;
  if (left && right && left.kept === right.kept && left.rule === right.rule) {
    return [{ ...left, side: "bilateral" }];
  }
  return [...conflicts];
}
