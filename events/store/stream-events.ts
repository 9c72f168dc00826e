import type { StoredEvent } from "../envelope.ts";
import type { EventStore, StreamKey } from "./port.ts";

/** The events of a stream after a version (all by default), in order, page by page (consistent reads). */
export async function* streamEvents(
  store: Pick<EventStore, "readEvents">,
  key: StreamKey,
  after = 0,
): AsyncGenerator<StoredEvent> {
  for (let afterVersion: number | null = after; afterVersion !== null; ) {
    const page = await store.readEvents(key, { afterVersion });
    yield* page.events;
    afterVersion = page.nextAfterVersion;
  }
}
