import { generateSession } from "../program/generate-session.ts";
import { programmingProfile } from "../program/profile.ts";
import { defaultSeed } from "../program/seeded-choice.ts";
import { equipmentAt, type ProgramSettings } from "../settings.ts";
import type { PlanSession } from "./commands.ts";
import type { ClientEvent } from "./events.ts";
import { type ClientState, oneRepMaxOf } from "./state.ts";

/**
 * Plans the client's next session from their state on the planned day, and stores the whole plan so a
 * session can later be recorded against it. A plan id already stored is a no-op.
 */
export function decidePlanSession(
  { data }: PlanSession,
  state: ClientState,
  settings: ProgramSettings,
): ClientEvent[] {
  const { planId, plannedFor } = data;
  // A plan id stored before is a no-op (older ones are recognised by the store's claim).
  if (state.lastPlan?.planId === planId) return [];
  const profile = programmingProfile(state, plannedFor, (...names) => oneRepMaxOf(state, ...names));
  const plan = generateSession(profile, {
    equipment: data.equipment ?? equipmentAt(settings, state.locationId),
    seed: data.seed ?? defaultSeed(state.clientId ?? "", plannedFor),
  });
  return [{ type: "SessionPlanned", occurredAt: data.at, data: { planId, plannedFor, plan } }];
}
