/**
 * The claims our API trusts, and how machine clients are bound to a tenant. Shared by the Cognito
 * pre-token-generation trigger (which writes the claims) and the CDK auth construct (which declares
 * the resource server scopes a chain's app client may hold), so both use one convention.
 */
export const ROLES = ["trainer", "manager", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Claims every access token carries; handlers read them from `requestContext.authorizer.jwt.claims`. */
export interface TenantClaims {
  tenant_id: string;
  role: Role;
  /** Comma-separated location ids, or "*" for every location of the tenant. */
  locations: string;
}

/** Identifier of the Cognito resource server of the OPT API (scopes are `opt-api/<name>`). */
export const RESOURCE_SERVER_ID = "opt-api";

/** A chain's app client is allowed exactly one scope naming its tenant, and one naming its role. */
export const tenantScopeName = (tenantId: string): string => `tenant.${tenantId}`;
export const roleScopeName = (role: Role): string => `role.${role}`;

/** Tenant and location ids become parts of DynamoDB keys (`T#<tenant>#C#…`): no separators allowed. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isRole = (value: unknown): value is Role =>
  typeof value === "string" && (ROLES as readonly string[]).includes(value);
