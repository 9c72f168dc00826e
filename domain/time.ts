/**
 * Business-time arithmetic on ISO-8601 instants. The domain never reads a clock: every instant
 * comes in with a command or an event.
 */
const DAY_MS = 86_400_000;

export type Instant = string;

export const daysBetween = (from: Instant, to: Instant): number =>
  (Date.parse(to) - Date.parse(from)) / DAY_MS;

export const addMinutes = (at: Instant, minutes: number): Instant =>
  new Date(Date.parse(at) + minutes * 60_000).toISOString();

export const weeksBetween = (from: Instant, to: Instant): number => daysBetween(from, to) / 7;

export const addDays = (at: Instant, days: number): Instant =>
  new Date(Date.parse(at) + days * DAY_MS).toISOString();

/** The same moment, however it is written ("…T10:00:00Z" and "…T12:00:00+02:00" are one instant). */
export const sameInstant = (a: Instant | null | undefined, b: Instant | null | undefined): boolean =>
  a != null && b != null && Date.parse(a) === Date.parse(b);

export const isBefore = (a: Instant, b: Instant): boolean => Date.parse(a) < Date.parse(b);

export const latest = (a: Instant | null, b: Instant): Instant => (a === null || isBefore(a, b) ? b : a);
