import type { ClientEvent } from "../../domain/client/events.ts";
import { guidelineFor } from "../../domain/guidelines/catalogue.ts";
import { PHASES, type Phase } from "../../domain/phases.ts";
import { planView } from "../../domain/read-models/plan-view.ts";
import { clientSummary } from "../../domain/read-models/summary.ts";
import { timeline } from "../../domain/read-models/timeline.ts";
import { ClientNotFound } from "../../events/execute-command.ts";
import { streamEvents } from "../../events/store/stream-events.ts";
import { timelineSvg } from "../../pictures/timeline.ts";
import { type HttpResult, httpHandler } from "../middleware/http-handler.ts";
import { assertCanReadClient } from "../middleware/principal.ts";
import { eventStore, tenantSettings } from "../shared/environment.ts";
import { parsePath } from "./params.ts";
import { ClientIdParams, NoQuery } from "./schemas.ts";

/**
 * The client's journey drawn as SVG, from the same read models as the summary, the timeline and the plan
 * (so the picture never says other than the API), as of the request's day.
 */
export const handler = httpHandler("getTimeline", async (request): Promise<HttpResult> => {
  const { clientId } = parsePath(request, ClientIdParams());
  request.query(NoQuery());
  const key = { tenantId: request.principal.tenantId, clientId };
  const store = eventStore();
  const { state, version } = await store.load(key);
  const settings = await tenantSettings(key.tenantId, request.now);
  const today = request.now.toISOString();
  const summary = clientSummary(state, today, settings);
  if (!summary) throw new ClientNotFound("no such client");
  assertCanReadClient(request.principal, summary.locationId);
  const events: ClientEvent[] = [];
  // Up to the loaded version: the picture tells the same moment as the summary it heads.
  for await (const { type, occurredAt, data, version: at } of streamEvents(store, key))
    if (at <= version) events.push({ type, occurredAt, data } as ClientEvent);
  const pinned = state.guidelineVersion ?? settings.guidelineVersion;
  const svg = timelineSvg({
    summary,
    entries: timeline(events),
    plan: planView(state, today, settings),
    phaseNames: Object.fromEntries(PHASES.map((p) => [p, guidelineFor(pinned, p).name])) as Record<
      Phase,
      string
    >,
    today,
  });
  return {
    status: 200,
    text: svg,
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "private, no-cache",
      // Opened on its own, the picture runs nothing and loads nothing.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
    },
  };
});
