import type { ClientEvent } from "../../domain/client/events.ts";
import { type ClientState, fold, initialState } from "../../domain/client/state.ts";
import type { AppendRequest, StreamKey } from "../../events/store/port.ts";

export const META = { actorId: "trainer-1", correlationId: "corr-1", source: "api" } as const;
export const RECORDED_AT = "2026-01-05T09:00:01.000Z";

/** An append of `events` at `expectedVersion`, its snapshot the fold of them over `from`. */
export function appendRequest(
  key: StreamKey,
  expectedVersion: number,
  events: ClientEvent[],
  from: ClientState = initialState,
  extra: Partial<AppendRequest> = {},
): AppendRequest {
  return {
    key,
    expectedVersion,
    events,
    state: fold(events, from),
    meta: META,
    recordedAt: RECORDED_AT,
    ...extra,
  };
}
