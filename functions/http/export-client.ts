import { clientSummary } from "../../domain/read-models/summary.ts";
import { personalData } from "../../events/catalogue.ts";
import type { StoredEvent } from "../../events/envelope.ts";
import { ClientNotFound } from "../../events/execute-command.ts";
import { streamEvents } from "../../events/store/stream-events.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { assertAdmin } from "../middleware/principal.ts";
import { eventStore, tenantSettings } from "../shared/environment.ts";
import { parsePath } from "./params.ts";
import { ClientIdParams } from "./schemas.ts";

/**
 * Everything held about a client (admins), for the right of access and portability: each personal value
 * with where it was recorded, the summary, and the whole history decrypted, as of one stream version.
 */
export const handler = httpHandler("exportClient", async (request) => {
  assertAdmin(request.principal, "export a client's personal data");
  const { clientId } = parsePath(request, ClientIdParams());
  const key = { tenantId: request.principal.tenantId, clientId };
  const store = eventStore();
  const { state, version } = await store.load(key);
  const settings = await tenantSettings(key.tenantId, request.now);
  const summary = clientSummary(state, request.now.toISOString(), settings);
  if (!summary) throw new ClientNotFound("no such client");
  const history: StoredEvent[] = [];
  for await (const event of streamEvents(store, key)) if (event.version <= version) history.push(event);
  return {
    status: 200,
    body: {
      clientId,
      version,
      exportedAt: request.now.toISOString(),
      personalData: { erasure: state.erasure, values: history.flatMap(personalValues) },
      summary: { ...summary, version },
      history: history.map(({ type, version, occurredAt, recordedAt, data, meta }) => ({
        type,
        version,
        occurredAt,
        recordedAt,
        data,
        recordedBy: { actorId: meta.actorId, source: meta.source },
      })),
    },
    headers: {
      etag: `"${version}"`,
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="client-${clientId}-v${version}.json"`,
    },
  };
});

function personalValues(event: StoredEvent) {
  const data = event.data as Record<string, unknown>;
  return Object.entries(personalData(event.type)).flatMap(([field, description]) =>
    data[field] === undefined
      ? []
      : [
          {
            version: event.version,
            type: event.type,
            occurredAt: event.occurredAt,
            field,
            description,
            value: data[field],
          },
        ],
  );
}
