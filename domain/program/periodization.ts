import { guidelineFor } from "../guidelines/catalogue.ts";
import type { Range } from "../guidelines/types.ts";
import { isHighIntensity, type Phase } from "../phases.ts";
import type { ExplainedPlanBlock, PlanBlock, PlanBlockReason, PlanRequest } from "./plan-types.ts";

/** Phases 2–5 need a Phase 1 recovery block between any two of their blocks (opt-reference §5.5). */
const isAboveStabilization = (phase: Phase): boolean => phase > 1;

const clamp = (value: number, { min, max }: Range): number => Math.min(max, Math.max(min, value));

/** The ISO date `weeks` weeks after `date`. */
export function addWeeksToDate(date: string, weeks: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** Whole weeks from `from` to `to` (ISO dates or instants), rounded down. */
export function weeksFromDate(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / (7 * 86_400_000));
}

interface BlockSpan {
  readonly weeks: number;
  readonly min: number;
  readonly max: number;
}

/** A block's planned, shortest and longest length: the guideline's duration, Phase 4/5 capped, recovery fixed. */
function spanOf(phase: Phase, reason: PlanBlockReason, request: PlanRequest): BlockSpan {
  const { settings, guidelineVersion } = request;
  if (reason === "recovery") {
    const weeks = settings.recoveryBlockWeeks;
    return { weeks, min: weeks, max: weeks };
  }
  const duration = guidelineFor(guidelineVersion, phase).durationWeeks;
  const cap = isHighIntensity(phase) ? settings.highIntensityBlockWeeks : Number.POSITIVE_INFINITY;
  const max = Math.min(duration.max, cap);
  const min = Math.min(duration.min, max);
  return { weeks: clamp(settings.defaultBlockWeeks, { min, max }), min, max };
}

/** The phase after `phase` on the path; past its end, the path's first phase above 1 (Phase 1 for a path of one). */
function phaseAfter(path: readonly Phase[], phase: Phase): Phase {
  return path.find((next) => next > phase) ?? path.find(isAboveStabilization) ?? 1;
}

interface Planned extends PlanBlock {
  readonly span: BlockSpan;
  readonly cut: boolean;
}

/**
 * A periodized plan from `from` for exactly `weeks` weeks: Phase 1 first (or the client's current phase when
 * past it), then the goal's path, repeated from its first phase above 1, with a Phase 1 recovery block between
 * any two blocks of Phases 2–5. Each block keeps its guideline duration; the plan's last weeks extend the
 * previous block when they are too few for another, or cut the last block when the previous one cannot grow.
 */
export function buildPlanBlocks(request: PlanRequest): ExplainedPlanBlock[] {
  const { from, weeks, path, currentPhase } = request;
  const first: Phase = currentPhase !== null && currentPhase > 1 ? currentPhase : 1;
  const blocks: Planned[] = [];
  let covered = 0;
  let lastTrained: Phase | null = null;
  while (covered < weeks) {
    const previous = blocks.at(-1);
    let phase: Phase;
    let reason: PlanBlockReason;
    if (!previous) {
      phase = first;
      reason = request.firstReason ?? (currentPhase === first ? "current-phase" : "start");
    } else if (lastTrained !== null && isAboveStabilization(lastTrained) && previous.phase !== 1) {
      phase = 1;
      reason = "recovery";
    } else {
      phase = phaseAfter(path, lastTrained ?? 1);
      reason = "goal-path";
    }
    const span = spanOf(phase, reason, request);
    const left = weeks - covered;
    if (left < span.min && previous && previous.weeks + left <= previous.span.max) {
      blocks[blocks.length - 1] = { ...previous, weeks: previous.weeks + left };
      break;
    }
    const blockWeeks = Math.min(span.weeks, left);
    blocks.push({
      phase,
      startsOn: addWeeksToDate(from, covered),
      weeks: blockWeeks,
      sessionsPerWeek: clamp(
        request.sessionsPerWeek,
        guidelineFor(request.guidelineVersion, phase).frequencyPerWeek,
      ),
      reason,
      span,
      cut: blockWeeks < span.min,
    });
    covered += blockWeeks;
    if (reason !== "recovery") lastTrained = phase;
  }
  return blocks.map((block) => explain(block, request));
}

function explain({ span, cut, ...block }: Planned, request: PlanRequest): ExplainedPlanBlock {
  return explainBlock(block, request, lengthWhy(block, span, cut));
}

/**
 * A block with its `why` and, in an undulating plan, its days. `lengthNote` says why it is this long (default:
 * as planned, from the guideline or the recovery setting).
 */
export function explainBlock(
  block: PlanBlock,
  request: PlanRequest,
  lengthNote?: string,
): ExplainedPlanBlock {
  const span = spanOf(block.phase, block.reason, request);
  // Re-explained later (from the state's compact blocks), a short block was cut: by the plan's end or a change.
  const note =
    lengthNote ??
    (block.weeks < span.min
      ? `cut to ${block.weeks} weeks (at least ${span.min} planned)`
      : lengthWhy(block, span, false));
  const why = `${WHY[block.reason](block.phase, request)}; ${note}`;
  const days = request.periodization === "undulating" ? weekOf(block, request.path) : undefined;
  return { ...block, why, ...(days ? { days } : {}) };
}

/**
 * An undulating week: the block's phase on most days and one day each of the path's lower phases (the highest
 * first, at most one fewer than the sessions), in ascending order — a power client's Phase 5 week of three
 * sessions is [1, 2, 5].
 */
export function weekOf(
  block: Pick<PlanBlock, "phase" | "sessionsPerWeek" | "reason">,
  path: readonly Phase[],
): Phase[] {
  const { phase, sessionsPerWeek } = block;
  if (block.reason === "recovery") return Array.from({ length: sessionsPerWeek }, () => 1 as Phase);
  const lower = path
    .filter((p) => p < phase)
    .sort((a, b) => b - a)
    .slice(0, sessionsPerWeek - 1);
  const own = Array.from({ length: sessionsPerWeek - lower.length }, () => phase);
  return [...lower, ...own].sort((a, b) => a - b);
}

const WHY: Record<PlanBlockReason, (phase: Phase, request: PlanRequest) => string> = {
  start: () => "every client starts in Phase 1 (stabilization)",
  "current-phase": (phase) => `the client is in Phase ${phase}`,
  "goal-path": (phase, { path }) => `Phase ${phase} is next on the goal's path (${path.join(" → ")})`,
  recovery: (_phase, { settings }) =>
    `Phase 1 for recovery between blocks of Phases 2–5 (${settings.recoveryBlockWeeks} weeks)`,
  layoff: () => "a layoff cycled the client back to Phase 1",
  "returning-compensations": () => "returning compensations cycled the client back to Phase 1",
  "end-of-high-intensity-block": (phase) => `the high-intensity block ended: back to Phase ${phase}`,
  "goal-changed": (phase) => `the goal changed: Phase ${phase} on its path`,
  "cleared-after-referral": () => "cleared after a referral: Phase 1 again",
  "trainer-phase-change": (phase) => `the trainer started Phase ${phase}`,
};

function lengthWhy(block: PlanBlock, span: BlockSpan, cut: boolean): string {
  if (cut) return `cut to ${block.weeks} weeks where the plan ends (at least ${span.min} planned)`;
  if (block.reason === "recovery") return `${block.weeks} weeks (recoveryBlockWeeks)`;
  return `${block.weeks} weeks within the guideline's ${span.min}–${span.max}`;
}
