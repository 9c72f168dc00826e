import { ClientNotFound } from "../../events/execute-command.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { assertCanReadClient } from "../middleware/principal.ts";
import { eventStore } from "../shared/environment.ts";
import { parsePath } from "./params.ts";
import { ClientIdParams, HistoryQuery } from "./schemas.ts";

/** The client's events in version order, a page at a time; the cursor is the last version seen. */
export const handler = httpHandler("getHistory", async (request) => {
  const { clientId } = parsePath(request, ClientIdParams());
  const { cursor, limit } = request.query(HistoryQuery());
  const key = { tenantId: request.principal.tenantId, clientId };
  const store = eventStore();
  const { state, version } = await store.load(key);
  if (version === 0 || !state.locationId) throw new ClientNotFound("no such client");
  assertCanReadClient(request.principal, state.locationId);
  const page = await store.readEvents(key, { afterVersion: cursor ? Number(cursor) : 0, limit });
  return {
    status: 200,
    body: {
      items: page.events.map(({ type, version, occurredAt, recordedAt, data }) => ({
        type,
        version,
        occurredAt,
        recordedAt,
        data,
      })),
      nextCursor: page.nextAfterVersion === null ? null : String(page.nextAfterVersion),
    },
    headers: { etag: `"${version}"` },
  };
});
