import type { ClientEvent } from "../client/events.ts";
import { ERASED } from "../client/personal-data.ts";
import type { Phase } from "../phases.ts";
import { type Instant, latest } from "../time.ts";

/** One row of the roster by location and phase (kept asynchronously by the stream projector). */
export interface RosterEntry {
  clientId: string;
  name: string;
  locationId: string;
  trainerId: string | null;
  phase: Phase | null;
  status: "active" | "referred";
  lastSessionAt: Instant | null;
}

export function evolveRoster(entry: RosterEntry | null, event: ClientEvent): RosterEntry | null {
  if (event.type === "ClientRegistered") {
    const { clientId, name, locationId, trainerId } = event.data;
    return {
      clientId,
      name,
      locationId,
      trainerId: trainerId ?? null,
      phase: null,
      status: "active",
      lastSessionAt: null,
    };
  }
  if (!entry) return null;
  switch (event.type) {
    case "PhaseStarted":
      return { ...entry, phase: event.data.phase };
    case "SessionCompleted":
      return { ...entry, lastSessionAt: latest(entry.lastSessionAt, event.occurredAt) };
    case "ClientReferred":
      return { ...entry, status: "referred" };
    case "ClientCleared":
      return { ...entry, status: "active" };
    case "PersonalDataErased":
      return { ...entry, name: ERASED };
    default:
      return entry;
  }
}

export const foldRoster = (events: readonly ClientEvent[]): RosterEntry | null =>
  events.reduce(evolveRoster, null);
