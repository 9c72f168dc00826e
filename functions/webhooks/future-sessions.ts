import type { MappedItem } from "./mappers/types.ts";

/** As for the API's business times: a sender's clock may run a little ahead, not more. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A session cannot have started after the post arrived: such an item is invalid, the rest still count. */
export function refuseFutureSessions(items: readonly MappedItem[], receivedAt: Date): MappedItem[] {
  return items.map((item) =>
    item.status === "mapped" && Date.parse(item.session.start) > receivedAt.getTime() + CLOCK_SKEW_MS
      ? {
          status: "invalid",
          externalSessionId: item.session.externalSessionId,
          problems: [
            { path: "", message: `session ${item.session.externalSessionId} starts after the post arrived` },
          ],
        }
      : item,
  );
}
