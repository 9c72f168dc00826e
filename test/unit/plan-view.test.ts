import { describe, expect, it } from "vitest";
import { decide } from "../../domain/client/decide.ts";
import type { ClientEvent } from "../../domain/client/events.ts";
import { fold } from "../../domain/client/state.ts";
import { planView } from "../../domain/read-models/plan-view.ts";
import { clientSummary } from "../../domain/read-models/summary.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { day, registered, started } from "../support/builders.ts";

const powerClient = [...registered("power", [1, 2, 5]), started(1, day(0))];
const planned = (periodization: "linear" | "undulating"): ClientEvent[] => [
  ...powerClient,
  ...decide(
    { type: "CreatePlan", data: { planId: "plan-1", startsOn: "2026-01-05", periodization, at: day(0) } },
    fold(powerClient),
    DEFAULT_SETTINGS,
  ),
];

describe("where a client stands in their plan", () => {
  it("given a power client still in Phase 1 in week 6, the plan places them in Phase 2's week 2: drift", () => {
    const view = planView(fold(planned("undulating")), day(36), DEFAULT_SETTINGS);
    expect(view?.current).toMatchObject({ index: 1, week: 2, block: { phase: 2, days: [1, 2, 2] } });
    expect(view?.next).toMatchObject({ phase: 1, startsOn: "2026-03-02", reason: "recovery" });
    expect(view?.drift).toEqual({ plannedPhase: 2, actualPhase: 1, matches: false });
    expect(view?.blocks[3]?.why).toContain("Phase 5 is next on the goal's path");
  });

  it("the summary shows the planned phase and when the next block is due", () => {
    expect(clientSummary(fold(planned("linear")), day(3), DEFAULT_SETTINGS)).toMatchObject({
      plannedPhase: 1,
      nextBlockDue: "2026-02-02",
    });
  });

  it("without a plan there is no view, and the summary's plan fields are null", () => {
    expect(planView(fold(powerClient), day(3), DEFAULT_SETTINGS)).toBeNull();
    expect(clientSummary(fold(powerClient), day(3), DEFAULT_SETTINGS)).toMatchObject({
      plannedPhase: null,
      nextBlockDue: null,
    });
  });
});
