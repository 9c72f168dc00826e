import { httpHandler } from "../middleware/http-handler.ts";
import { settingsStore } from "../shared/environment.ts";
import { settingsBody } from "./settings-body.ts";

/** The tenant's programme settings (rule thresholds, goal paths, guideline version). */
export const handler = httpHandler("getSettings", async (request) => {
  const stored = await settingsStore().get(request.principal.tenantId);
  return { status: 200, body: settingsBody(stored), headers: { etag: `"${stored.version}"` } };
});
