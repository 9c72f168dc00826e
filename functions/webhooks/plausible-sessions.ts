import type { MappedItem } from "./mappers/types.ts";

/** As for the API's business times: a sender's clock may run a little ahead, not more. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** A training session is not a day long: a longer span is a device's all-day record, not a session. */
const MAX_SESSION_MS = 24 * 60 * 60 * 1000;

/**
 * A session cannot have started after the post arrived, nor last more than a day: such an item is invalid,
 * the rest of the post still counts.
 */
export function refuseImplausibleSessions(items: readonly MappedItem[], receivedAt: Date): MappedItem[] {
  return items.map((item) => {
    if (item.status !== "mapped") return item;
    const { start, end, externalSessionId } = item.session;
    const problem =
      Date.parse(start) > receivedAt.getTime() + CLOCK_SKEW_MS
        ? `session ${externalSessionId} starts after the post arrived`
        : Date.parse(end) - Date.parse(start) > MAX_SESSION_MS
          ? `session ${externalSessionId} lasts more than 24 hours`
          : null;
    return problem
      ? { status: "invalid", externalSessionId, problems: [{ path: "", message: problem }] }
      : item;
  });
}
