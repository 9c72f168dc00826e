import type { PlannedExercise, SessionPlan } from "../domain/program/session-plan.ts";

/** A session plan as a trainer reads it: blocks, doses, supersets, corrective targets and why. */
export function formatPlan(plan: SessionPlan): string {
  const lines = [
    `Phase ${plan.phase} ${plan.phaseName} (${plan.guidelineVersion}), week ${plan.weekOfBlock}, goal ${plan.goal ?? "none"}, seed ${plan.seed}`,
  ];
  if (plan.heartRate) {
    const zones = plan.heartRate.zones.map((z) => `z${z.zone} ${z.minBpm}–${z.maxBpm}`).join(", ");
    lines.push(`  HRmax ${plan.heartRate.maxBpm} bpm (${plan.heartRate.method}): ${zones}`);
  }
  for (const block of plan.blocks) {
    lines.push(`  ${block.component.toUpperCase()}`);
    for (const exercise of block.exercises)
      lines.push(`    ${describe(exercise)}`, `        why: ${exercise.why}`);
  }
  for (const gap of plan.gaps) lines.push(`  not planned (${gap.block}): ${gap.need}: ${gap.reason}`);
  return lines.join("\n");
}

function describe(e: PlannedExercise): string {
  const work = e.reps === undefined ? `${e.durationSeconds} s` : `${e.reps}`;
  const parts = [
    e.supersetGroup ? `[${e.supersetGroup}]` : "",
    e.name,
    `${e.sets} × ${work}`,
    e.tempo ?? "",
    e.intensityPct1RM === undefined ? "" : `${e.intensityPct1RM}% 1RM`,
    e.loadKg === undefined ? "" : `${e.loadKg} kg`,
    `rest ${e.restSeconds} s`,
    e.corrective ? `(${e.corrective}: ${e.targets?.join(", ")}${e.side ? `, ${e.side}` : ""})` : "",
    e.intervals ? `zones ${e.intervals.map((i) => `${i.zone}:${i.seconds}s`).join(" ")}` : "",
  ];
  return parts.filter(Boolean).join("  ");
}
