import type { ProgramSettings } from "../settings.ts";
import { addDays, type Instant, isBefore } from "../time.ts";
import type { ClientState } from "./state.ts";

/** The latest movement assessment (overhead squat, single-leg squat, push or pull), by business time. */
export function latestMovementAssessmentAt(state: ClientState): Instant | null {
  let latestAt: Instant | null = null;
  for (const assessment of Object.values(state.movement)) {
    if (assessment && (latestAt === null || isBefore(latestAt, assessment.performedAt)))
      latestAt = assessment.performedAt;
  }
  return latestAt;
}

/**
 * When the next movement reassessment is due: `reassessEveryWeeks` after the latest one (opt-reference §5.3:
 * about every 4–6 weeks). With none yet, it is due from the current block's start (so now); with no block,
 * nothing is due.
 */
export function nextReassessmentDue(state: ClientState, settings: ProgramSettings): Instant | null {
  const latestAt = latestMovementAssessmentAt(state);
  if (latestAt !== null) return addDays(latestAt, settings.reassessEveryWeeks * 7);
  return state.block?.startedAt ?? null;
}

/**
 * Whether a movement assessment was performed after the current block started, by `at`: the advance
 * recommendation waits for one where `advanceRequiresReassessment` is on (§5.2 (b): the latest reassessment
 * shows no compensation blocking the next phase). An assessment at the block's very start is the one that
 * began the block, not a reassessment within it.
 */
export function reassessedInBlock(state: ClientState, at: Instant): boolean {
  const block = state.block;
  if (!block) return false;
  return Object.values(state.movement).some(
    (assessment) =>
      assessment !== undefined &&
      isBefore(block.startedAt, assessment.performedAt) &&
      !isBefore(at, assessment.performedAt),
  );
}
