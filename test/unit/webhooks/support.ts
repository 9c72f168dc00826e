import { readFileSync } from "node:fs";
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

/** Maps, or returns the refusal: what a property may observe without any other exception escaping. */
export const mapOrReject = (map: PayloadMapper, payload: unknown): MappedItem[] | PayloadRejected => {
  try {
    return map(payload);
  } catch (error) {
    if (error instanceof PayloadRejected) return error;
    throw error;
  }
};
