import { readFileSync } from "node:fs";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";

/** The secrets a tenant's posts from a provider may be signed with: the current one, and the previous while rotating. */
export interface SigningSecrets {
  /** Empty when the tenant has none for the provider (its posts are all refused). */
  secretsFor(tenantId: string, provider: string): Promise<string[]>;
}

/** A secret's value: `{"secrets": ["<current>", "<previous>"]}`, or one secret as plain text. */
export function parseSecretValue(value: string): string[] {
  try {
    const parsed = JSON.parse(value) as { secrets?: unknown };
    if (Array.isArray(parsed.secrets))
      return parsed.secrets.filter(
        (secret): secret is string => typeof secret === "string" && secret.length > 0,
      );
  } catch {
    // Not JSON: the value is the secret itself.
  }
  return value.length > 0 ? [value] : [];
}

const SECRET_CACHE_SECONDS = 300;
/** Unknown tenants and providers are remembered briefly, so unsigned floods do not each cost a lookup… */
const MISSING_CACHE_MS = 60_000;
/** …within a bound: posts to ever new tenant ids must not grow a container's memory. */
const MAX_MISSING_REMEMBERED = 10_000;

/** In AWS: the secret `<prefix>/<tenantId>/<provider>` in Secrets Manager, cached per container. */
export class SecretsManagerSigningSecrets implements SigningSecrets {
  private readonly provider = new SecretsProvider();
  private readonly missing = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  async secretsFor(tenantId: string, provider: string): Promise<string[]> {
    const name = `${this.prefix}/${tenantId}/${provider}`;
    if ((this.missing.get(name) ?? 0) > Date.now()) return [];
    try {
      const value = await this.provider.get(name, { maxAge: SECRET_CACHE_SECONDS });
      return typeof value === "string" ? parseSecretValue(value) : [];
    } catch (error) {
      if (!isMissingSecret(error)) throw error;
      if (this.missing.size >= MAX_MISSING_REMEMBERED) this.missing.clear();
      this.missing.set(name, Date.now() + MISSING_CACHE_MS);
      return [];
    }
  }
}

const isMissingSecret = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === "ResourceNotFoundException" ||
    (error.cause instanceof Error && error.cause.name === "ResourceNotFoundException"));

/**
 * In the local stack: a JSON file of `{"<tenantId>/<provider>": ["<secret>", ...]}`, where the key `*` holds
 * the dev secrets that sign for any tenant and provider.
 */
export class FileSigningSecrets implements SigningSecrets {
  constructor(private readonly file: string) {}

  async secretsFor(tenantId: string, provider: string): Promise<string[]> {
    const all = JSON.parse(readFileSync(this.file, "utf8")) as Record<string, string[]>;
    return all[`${tenantId}/${provider}`] ?? all["*"] ?? [];
  }
}
