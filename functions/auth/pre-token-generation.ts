import type { PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from "aws-lambda";
import { ID_PATTERN, isRole, RESOURCE_SERVER_ID, type TenantClaims } from "./claims.ts";

/**
 * Cognito pre-token-generation trigger (event version V3_0, which is V2_0 plus client-credentials grants).
 * It copies the tenant, role and locations into the access token (and a person's ID token) so that the
 * API's JWT authorizer hands handlers verified claims. Throwing refuses the token: a user or client without
 * a valid tenant never gets one.
 *
 * - People: from the custom attributes `custom:tenant_id`, `custom:role`, `custom:locations`, which
 *   only administrators can write (the app client's write attributes exclude them).
 * - Machine clients of a gym chain (client credentials): from the scopes Cognito granted, which are
 *   fixed per app client: exactly one `opt-api/tenant.<id>` and one `opt-api/role.<role>`; locations "*".
 */
export type PreTokenGenerationEvent = PreTokenGenerationV2TriggerEvent | PreTokenGenerationV3TriggerEvent;

export class TokenRefused extends Error {}

export function claimsForUser(attributes: Record<string, string | undefined>): TenantClaims {
  const tenantId = attributes["custom:tenant_id"]?.trim() ?? "";
  const role = attributes["custom:role"]?.trim();
  if (!ID_PATTERN.test(tenantId)) throw new TokenRefused("user has no valid custom:tenant_id");
  if (!isRole(role)) throw new TokenRefused("user has no valid custom:role");
  return { tenant_id: tenantId, role, locations: normaliseLocations(attributes["custom:locations"]) };
}

export function claimsForMachine(scopes: readonly string[]): TenantClaims {
  const named = (kind: string) =>
    scopes
      .filter((scope) => scope.startsWith(`${RESOURCE_SERVER_ID}/${kind}.`))
      .map((scope) => scope.slice(RESOURCE_SERVER_ID.length + kind.length + 2));
  const tenants = named("tenant");
  const roles = named("role");
  if (tenants.length !== 1 || !ID_PATTERN.test(tenants[0] ?? "")) {
    throw new TokenRefused(`client must hold exactly one tenant scope, got ${tenants.length}`);
  }
  const role = roles[0];
  if (roles.length !== 1 || !isRole(role) || role === "admin") {
    throw new TokenRefused("client must hold exactly one non-admin role scope");
  }
  return { tenant_id: tenants[0] as string, role, locations: "*" };
}

/** "*" or a comma-separated list of location ids (trimmed, deduplicated); empty means no location. */
export function normaliseLocations(value: string | undefined): string {
  const ids = [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.includes("*")) return "*";
  for (const id of ids) if (!ID_PATTERN.test(id)) throw new TokenRefused(`invalid location id "${id}"`);
  return ids.join(",");
}

export const handler = async (event: PreTokenGenerationEvent): Promise<PreTokenGenerationEvent> => {
  const accessTokenGeneration = { claimsToAddOrOverride: { ...claimsFor(event) } };
  // Client credentials issue an access token only; people also get the claims in their ID token for
  // the web app to show (the API itself accepts access tokens only).
  event.response = {
    claimsAndScopeOverrideDetails:
      event.triggerSource === "TokenGeneration_ClientCredentials"
        ? { accessTokenGeneration }
        : { idTokenGeneration: { ...accessTokenGeneration }, accessTokenGeneration },
  };
  return event;
};

const claimsFor = (event: PreTokenGenerationEvent): TenantClaims =>
  event.triggerSource === "TokenGeneration_ClientCredentials"
    ? claimsForMachine(event.request.scopes ?? [])
    : claimsForUser(event.request.userAttributes);
