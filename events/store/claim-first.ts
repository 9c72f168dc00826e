import { DuplicateFact, type StreamKey, VersionConflict } from "./port.ts";

/**
 * Claims written before their event. A session then costs a claim PutItem and an event PutItem (1 WCU per
 * KB each), not a transaction (2 WCU per KB of every item). Such a claim names the event it was written
 * for (`eventId`) and the version that event is to take, and it counts only once the event item at that
 * version lists the claim. Its writer may lose that version to another event, or die before writing it.
 *
 * Whoever claims the fact next finds the claim held and resolves it:
 *   - its own claim (the SDK retried a write that had succeeded): go on;
 *   - a claim without `eventId`, written in one transaction with its event: the fact is recorded;
 *   - the event at the claim's version lists the claim: the fact is recorded;
 *   - another event holds that version: an orphan, taken over (on condition that it is unchanged);
 *   - the version is the next one: the writers race for it, and the event's condition decides;
 *   - the version is past the next one: the claimer decided on an old version.
 * An event recording the fact is thus only written at the claim's current version, which moves only away
 * from a version that another event holds: the fact is recorded at most once, for all time.
 */
export interface HeldClaim {
  readonly version: number;
  readonly eventId?: string;
}

/** A claim item as found in the way (a claim written with its event has no eventId). */
export const heldClaimOf = (item: Record<string, unknown>): HeldClaim => ({
  version: Number(item.version),
  ...(typeof item.eventId === "string" ? { eventId: item.eventId } : {}),
});

export type Resolution = "mine" | "at-next-version" | "orphan";

export async function resolveHeldClaim(
  held: HeldClaim,
  mine: { claim: string; eventId: string | null; key: StreamKey; expectedVersion: number },
  slotLists: (version: number) => Promise<boolean>,
): Promise<Resolution> {
  const { claim, eventId, key, expectedVersion } = mine;
  if (eventId !== null && held.eventId === eventId) return "mine";
  if (held.eventId === undefined) throw new DuplicateFact(claim);
  const next = expectedVersion + 1;
  if (held.version > next) throw new VersionConflict(key, expectedVersion);
  if (held.version === next) return "at-next-version";
  if (await slotLists(held.version)) throw new DuplicateFact(claim);
  return "orphan";
}

/** Whether a claim found when loading is a recorded fact (see above). */
export async function claimRecorded(
  item: Record<string, unknown>,
  currentVersion: number,
  slotLists: (version: number) => Promise<boolean>,
): Promise<boolean> {
  if (item.eventId === undefined) return true;
  const version = Number(item.version);
  return version <= currentVersion && (await slotLists(version));
}

/** Whether an event item lists a claim (events/store/event-items.ts). */
export const listsClaim = (item: Record<string, unknown> | undefined, claim: string): boolean =>
  Array.isArray(item?.claims) && item.claims.includes(claim);
