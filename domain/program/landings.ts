import type { ActiveFinding } from "../client/events.ts";
import { type Checkpoint, catalogueEntry } from "../compensations/catalogue.ts";

/** Compensations at the feet, knees or LPHC make landings unsafe; shoulders and head do not. */
const LANDING_CHECKPOINTS: ReadonlySet<Checkpoint> = new Set(["foot-ankle", "knee", "lphc"]);

/**
 * Why landings must wait ("knees move inward (overhead squat)"), or null when no active finding stands
 * in their way. Reactive work and high-impact cardio both wait for it.
 */
export function landingsWaitFor(findings: readonly ActiveFinding[]): string | null {
  const finding = findings.find((f) =>
    LANDING_CHECKPOINTS.has(
      catalogueEntry(f.assessment, f.compensation)?.checkpoint ?? "head-cervical-spine",
    ),
  );
  return finding
    ? `${finding.compensation.replaceAll("-", " ")} (${finding.assessment.replaceAll("-", " ")})`
    : null;
}
