import type { StoredEvent } from "../envelope.ts";
import type { EventStore, StreamKey } from "./port.ts";

/** Every event of a stream in version order, page by page (consistent reads). */
export async function* streamEvents(
  store: Pick<EventStore, "readEvents">,
  key: StreamKey,
): AsyncGenerator<StoredEvent> {
  for (let afterVersion: number | null = 0; afterVersion !== null; ) {
    const page = await store.readEvents(key, { afterVersion });
    yield* page.events;
    afterVersion = page.nextAfterVersion;
  }
}
