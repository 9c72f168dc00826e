import { join } from "node:path";
import { devSigningKey, issueDevToken } from "./dev-auth.ts";

export type Call = (method: string, path: string, body: unknown) => Promise<Record<string, unknown>>;

/** The seed's token does not open the running API: it signs with another DATA_DIR's dev key. */
export class SeedUnauthorized extends Error {}

/**
 * Calls the running local API as an admin of the tenant, with a token signed by the dev key under
 * DATA_DIR. A 401 means the stack verifies tokens with another key, that is, it was started with
 * another DATA_DIR: say so, rather than a bare 401.
 */
export async function seedApi(options: { baseUrl: string; dataDir: string; tenant: string }): Promise<Call> {
  const { baseUrl, dataDir, tenant } = options;
  const token = await issueDevToken(devSigningKey(dataDir), { tenant, role: "admin", sub: "seed" });
  return async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 401) {
      throw new SeedUnauthorized(
        `The API at ${baseUrl} refused the seed's token (401). Tokens are signed with the dev key in ` +
          `${join(dataDir, "dev-jwt-key")}, so the running stack was started with another DATA_DIR. ` +
          `Run the seed with the DATA_DIR npm start used: DATA_DIR=<that dir> npm run seed`,
      );
    }
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
}
