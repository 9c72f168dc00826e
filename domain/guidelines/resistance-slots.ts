import type { PhaseGuideline } from "./types.ts";

/** What a block decides about its resistance work beyond the phase itself. */
export interface BlockResistanceSetting {
  /** Phase 3 only: the 12–20-rep option for extra muscular endurance (opt-reference §2). */
  readonly muscularEndurance?: boolean;
}

/**
 * The resistance slots a block trains: the guideline's, with the guideline's muscular-endurance reps
 * (Phase 3: 12–20) where the block asks for them. Compliance and the generator both read slots here, so a
 * logged set and a planned one are held to the same prescription.
 */
export function resistanceSlots(
  guideline: PhaseGuideline,
  block: BlockResistanceSetting,
): PhaseGuideline["resistance"] {
  const reps = guideline.muscularEnduranceReps;
  if (!block.muscularEndurance || !reps) return guideline.resistance;
  const [first, pair] = guideline.resistance;
  return pair
    ? [
        { ...first, reps },
        { ...pair, reps },
      ]
    : [{ ...first, reps }];
}
