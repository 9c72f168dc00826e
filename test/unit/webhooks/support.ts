import { readFileSync } from "node:fs";
import fc from "fast-check";
import { expect } from "vitest";
import {
  type MappedItem,
  type PayloadMapper,
  type PayloadProblem,
  PayloadRejected,
  type WearableSession,
} from "../../../functions/webhooks/mappers/types.ts";

/** A sample payload from test/fixtures/webhooks/<provider>/<name>.json, parsed afresh for each test. */
export const fixture = (provider: string, name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../fixtures/webhooks/${provider}/${name}.json`, import.meta.url), "utf8"),
  );

/** The sessions of items that all mapped (fails the test on any invalid item). */
export const sessionsOf = (items: readonly MappedItem[]): WearableSession[] =>
  items.map((item) => {
    if (item.status !== "mapped") throw new Error(`expected mapped, got ${JSON.stringify(item)}`);
    return item.session;
  });

/** The problems a mapper refuses the whole payload with (fails the test if it does not). */
export const rejectionOf = (map: PayloadMapper, payload: unknown): readonly PayloadProblem[] => {
  try {
    map(payload);
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadRejected);
    return (error as PayloadRejected).problems;
  }
  throw new Error("expected the payload to be rejected");
};

/** The one item a payload maps to (fails the test on any other count). */
export const onlyItemOf =
  (map: PayloadMapper) =>
  (payload: unknown): MappedItem => {
    const items = map(payload);
    expect(items).toHaveLength(1);
    return items[0] as MappedItem;
  };

/** The one session a payload maps to (fails the test if it is invalid). */
export const onlySessionOf =
  (map: PayloadMapper) =>
  (payload: unknown): WearableSession => {
    const item = onlyItemOf(map)(payload);
    if (item.status === "invalid") throw new Error(`expected a session: ${JSON.stringify(item.problems)}`);
    return item.session;
  };

/** Maps, or returns the refusal: what a property may observe without any other exception escaping. */
export const mapOrReject = (map: PayloadMapper, payload: unknown): MappedItem[] | PayloadRejected => {
  try {
    return map(payload);
  } catch (error) {
    if (error instanceof PayloadRejected) return error;
    throw error;
  }
};

/* Property-test building blocks shared by the mappers' tests. */

/** What every mapped session must satisfy, whatever the payload (types.ts). */
export const expectWellFormed = (session: WearableSession): void => {
  expect(new Date(session.start).toISOString()).toBe(session.start);
  expect(new Date(session.end).toISOString()).toBe(session.end);
  expect(Date.parse(session.start)).toBeLessThanOrEqual(Date.parse(session.end));
  for (const bpm of [
    session.avgHeartRate,
    session.maxHeartRate,
    ...(session.heartRateSamples ?? []).map((s) => s.bpm),
  ]) {
    if (bpm !== undefined) expect(Number.isInteger(bpm) && bpm >= 20 && bpm <= 250).toBe(true);
  }
  if (session.calories !== undefined) {
    expect(Number.isInteger(session.calories) && session.calories >= 0 && session.calories <= 10_000).toBe(
      true,
    );
  }
  if (session.avgHeartRate !== undefined && session.maxHeartRate !== undefined) {
    expect(session.avgHeartRate).toBeLessThanOrEqual(session.maxHeartRate);
  }
  const times = (session.heartRateSamples ?? []).map((sample) => Date.parse(sample.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(session.heartRateSamples?.length ?? 1).toBeGreaterThan(0);
};

/** Maps, or rejects the whole post with PayloadRejected: nothing else is thrown. */
export const mapsOrRejects = (map: (payload: unknown) => MappedItem[], payload: unknown): void => {
  let items: MappedItem[];
  try {
    items = map(payload);
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadRejected);
    return;
  }
  for (const item of items) {
    if (item.status === "mapped") expectWellFormed(item.session);
    else expect(item.problems.length).toBeGreaterThan(0);
  }
};

export const field = fc.jsonValue({ maxDepth: 2 });
export const between = (from: string, to: string) =>
  fc.date({ min: new Date(from), max: new Date(to), noInvalidDate: true }).map((date) => date.toISOString());
/** Starts mostly fall before ends, so that most intervals are the right way round. */
export const instant = between("2026-03-02T15:00:00Z", "2026-03-02T17:00:00Z");
export const later = between("2026-03-02T16:30:00Z", "2026-03-02T19:00:00Z");
/** Mostly valid, sometimes anything: enough valid input reaches the mapped path. */
export const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: field as fc.Arbitrary<unknown>, weight: 1 });
/** The same instants with a "+00:00" offset as well as "Z". */
export const zoned = (at: fc.Arbitrary<string>) =>
  mostly(
    fc.oneof(
      at,
      at.map((utc) => utc.replace("Z", "+00:00")),
    ),
  );
export const instantOrNot = zoned(instant);
export const laterOrNot = zoned(later);
export const number = mostly(
  fc.oneof(
    { arbitrary: fc.integer({ min: 60, max: 200 }), weight: 8 },
    { arbitrary: fc.integer({ min: -10, max: 300 }), weight: 1 },
    { arbitrary: fc.double({ min: -1, max: 20_000 }), weight: 1 },
  ),
);
