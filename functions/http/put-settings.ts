import { SettingsVersionConflict } from "../../events/store/settings-store.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { assertAdmin } from "../middleware/principal.ts";
import { HttpProblem } from "../middleware/problem.ts";
import { settingsStore } from "../shared/environment.ts";
import { ifMatchVersion } from "./params.ts";
import { TenantSettingsBody } from "./schemas.ts";
import { settingsBody } from "./settings-body.ts";

/**
 * Replaces the tenant's overrides (admins only). Commands pick them up within 30 s (their cache);
 * recorded events keep the settings they were decided with.
 */
export const handler = httpHandler("putSettings", async (request) => {
  const { principal } = request;
  assertAdmin(principal, "change the tenant's settings");
  const overrides = request.body(TenantSettingsBody());
  const store = settingsStore();
  const ifMatch = ifMatchVersion(request.header("if-match"));
  const expected = ifMatch ?? (await store.get(principal.tenantId)).version;
  try {
    const stored = await store.put(principal.tenantId, overrides, expected, principal.subject);
    return { status: 200, body: settingsBody(stored), headers: { etag: `"${stored.version}"` } };
  } catch (error) {
    if (!(error instanceof SettingsVersionConflict)) throw error;
    const headers = { etag: `"${error.currentVersion}"` };
    // Without If-Match the caller set no precondition: it lost a race, which is a conflict.
    if (ifMatch === undefined)
      throw new HttpProblem(
        409,
        "conflict",
        "Conflict",
        "the settings changed meanwhile; retry",
        {},
        headers,
      );
    throw new HttpProblem(412, "precondition-failed", "Precondition failed", error.message, {}, headers);
  }
});
