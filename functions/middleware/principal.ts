import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { ClientNotFound } from "../../events/execute-command.ts";
import { ID_PATTERN, isRole, type Role } from "../auth/claims.ts";
import { HttpProblem } from "./problem.ts";

/** Who is calling, from the verified token only: never from a header or the body. */
export interface Principal {
  readonly tenantId: string;
  readonly subject: string;
  readonly role: Role;
  /** Locations the caller may act for; "*" for all of the tenant's. */
  readonly locations: readonly string[] | "*";
}

/** Reads the claims that API Gateway's JWT authorizer (or the local server) verified. */
export function principalOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims)
    throw new HttpProblem(
      401,
      "unauthorized",
      "Unauthorized",
      "a bearer token is required",
      {},
      { "www-authenticate": "Bearer" },
    );
  // API Gateway's JWT authorizer accepts a Cognito ID token too (its `aud` is the app client id, which
  // the authorizer checks as it checks an access token's `client_id`) and cannot look at token_use:
  // an ID token proves who signed in, not what the API may be called for, so it is refused here.
  if (claims.token_use !== "access")
    throw new HttpProblem(
      401,
      "unauthorized",
      "Unauthorized",
      "an access token is required",
      {},
      { "www-authenticate": 'Bearer error="invalid_token", error_description="an access token is required"' },
    );
  const tenantId = String(claims.tenant_id ?? "");
  const role = String(claims.role ?? "") as Role;
  if (!ID_PATTERN.test(tenantId))
    throw new HttpProblem(403, "forbidden", "Forbidden", "the token names no valid tenant");
  if (!isRole(role)) throw new HttpProblem(403, "forbidden", "Forbidden", "the token names no valid role");
  const rawLocations = String(claims.locations ?? "").trim();
  const locations =
    rawLocations === "*"
      ? "*"
      : rawLocations
          .split(",")
          .map((l) => l.trim())
          .filter(Boolean);
  return { tenantId, subject: String(claims.sub ?? "unknown"), role, locations };
}

const canActAt = (principal: Principal, locationId: string) =>
  principal.role === "admin" || principal.locations === "*" || principal.locations.includes(locationId);

const canRead = (principal: Principal, locationId: string) =>
  principal.role === "analyst" || canActAt(principal, locationId);

const forbiddenLocation = (locationId: string) =>
  new HttpProblem(403, "forbidden", "Forbidden", `the token does not grant location ${locationId}`);

/**
 * A location named by the caller (a roster, a registration): 403 naming it, which tells the caller
 * nothing it did not send. Reads: any role at a permitted location (analysts read the whole tenant).
 */
export function assertCanRead(principal: Principal, locationId: string): void {
  if (!canRead(principal, locationId)) throw forbiddenLocation(locationId);
}

/** Writes at a location named by the caller: trainers, managers and admins, at a permitted location. */
export function assertCanWrite(principal: Principal, locationId: string): void {
  if (principal.role === "analyst") throw readOnly();
  if (!canActAt(principal, locationId)) throw forbiddenLocation(locationId);
}

/**
 * An existing client at a location the caller may not see answers exactly as a client that does not
 * exist (404), so that neither its existence nor its location leaks.
 */
export function assertCanReadClient(principal: Principal, locationId: string): void {
  if (!canRead(principal, locationId)) throw new ClientNotFound("no such client");
}

/** Commands on an existing client: analysts are refused (they may see it), others as for reads. */
export function assertCanWriteClient(principal: Principal, locationId: string): void {
  if (principal.role === "analyst") throw readOnly();
  if (!canActAt(principal, locationId)) throw new ClientNotFound("no such client");
}

/** Tenant-wide administration (settings, personal data): admins only, whatever their locations. */
export function assertAdmin(principal: Principal, what: string): void {
  if (principal.role !== "admin") throw new HttpProblem(403, "forbidden", "Forbidden", `only admins ${what}`);
}

const readOnly = () => new HttpProblem(403, "forbidden", "Forbidden", "analysts have read-only access");
