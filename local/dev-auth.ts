import { jwtVerify, SignJWT } from "jose";
import { localSecretFile, readSecretFile } from "./secrets.ts";

/**
 * Local stand-in for Cognito and API Gateway's JWT authorizer: tokens signed with a dev key kept under
 * DATA_DIR (generated on first use, never committed), shaped as Cognito access tokens (`token_use`
 * "access", the app client in `client_id`, no `aud`) with the claims our pre-token trigger adds.
 */
export const DEV_ISSUER = "opt-local-dev";
/** The one app client of the local stack (the authorizer's audience). */
export const DEV_AUDIENCE = "opt-api";

export interface DevClaims {
  tenant: string;
  role: "trainer" | "manager" | "analyst" | "admin";
  sub?: string;
  locations?: string[] | "*";
  ttlSeconds?: number;
}

export const devSigningKey = (dataDir: string): Uint8Array =>
  readSecretFile(localSecretFile(dataDir, "dev-jwt-key"));

export async function issueDevToken(key: Uint8Array, claims: DevClaims): Promise<string> {
  const locations =
    claims.locations === "*" || claims.locations === undefined ? "*" : claims.locations.join(",");
  return new SignJWT({
    token_use: "access",
    client_id: DEV_AUDIENCE,
    tenant_id: claims.tenant,
    role: claims.role,
    locations,
  })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub ?? `${claims.role}@${claims.tenant}`)
    .setIssuer(DEV_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
}

/**
 * The verified claims as API Gateway hands them to a Lambda (string values), or null if invalid. As its
 * JWT authorizer: signature, issuer, expiry, and `aud` or else `client_id` naming the audience; like it,
 * this does not look at token_use (the handlers refuse ID tokens).
 */
export async function verifyDevToken(key: Uint8Array, token: string): Promise<Record<string, string> | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: DEV_ISSUER, algorithms: ["HS256"] });
    const audience = payload.aud ?? payload.client_id;
    if (!(Array.isArray(audience) ? audience : [audience]).includes(DEV_AUDIENCE)) return null;
    return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, String(value)]));
  } catch {
    return null;
  }
}
