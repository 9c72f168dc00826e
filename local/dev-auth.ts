import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jwtVerify, SignJWT } from "jose";

/**
 * Local stand-in for API Gateway's JWT authorizer: tokens signed with a dev key kept under DATA_DIR
 * (generated on first use, never committed), carrying the same claims Cognito puts in AWS.
 */
export const DEV_ISSUER = "opt-local-dev";
export const DEV_AUDIENCE = "opt-api";

export interface DevClaims {
  tenant: string;
  role: "trainer" | "manager" | "analyst" | "admin";
  sub?: string;
  locations?: string[] | "*";
  ttlSeconds?: number;
}

export function devSigningKey(dataDir: string): Uint8Array {
  const file = join(dataDir, "dev-jwt-key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, "utf8"), "base64");
}

export async function issueDevToken(key: Uint8Array, claims: DevClaims): Promise<string> {
  const locations =
    claims.locations === "*" || claims.locations === undefined ? "*" : claims.locations.join(",");
  return new SignJWT({ tenant_id: claims.tenant, role: claims.role, locations })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub ?? `${claims.role}@${claims.tenant}`)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
}

/** The verified claims as API Gateway hands them to a Lambda (string values), or null if invalid. */
export async function verifyDevToken(key: Uint8Array, token: string): Promise<Record<string, string> | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: ["HS256"],
    });
    return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, String(value)]));
  } catch {
    return null;
  }
}
