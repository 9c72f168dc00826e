import { weeksFromDate } from "./periodization.ts";
import type { PlanBlock } from "./plan-types.ts";

export interface PlanPosition<Block extends PlanBlock> {
  readonly index: number;
  readonly block: Block;
  /** 1-based week within the block. */
  readonly week: number;
}

/**
 * Where a plan stands on a day: its block and week, or null before the plan, after it, or in the weeks a
 * referral put it on hold (each block keeps its own start, so a hold is a gap between blocks).
 */
export function planPositionAt<Block extends PlanBlock>(
  plan: { readonly blocks: readonly Block[] },
  at: string,
): PlanPosition<Block> | null {
  for (const [index, block] of plan.blocks.entries()) {
    const weekIn = weeksFromDate(block.startsOn, at);
    if (weekIn >= 0 && weekIn < block.weeks) return { index, block, week: weekIn + 1 };
  }
  return null;
}
