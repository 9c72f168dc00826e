import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
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

/** Reads: any role, at a permitted location (analysts read the whole tenant). */
export function assertCanRead(principal: Principal, locationId: string): void {
  if (principal.role === "analyst" || canActAt(principal, locationId)) return;
  throw new HttpProblem(403, "forbidden", "Forbidden", `the token does not grant location ${locationId}`);
}

/** Writes: trainers, managers and admins, at a permitted location. */
export function assertCanWrite(principal: Principal, locationId: string): void {
  if (principal.role === "analyst")
    throw new HttpProblem(403, "forbidden", "Forbidden", "analysts have read-only access");
  if (!canActAt(principal, locationId))
    throw new HttpProblem(403, "forbidden", "Forbidden", `the token does not grant location ${locationId}`);
}
