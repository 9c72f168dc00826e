import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DEFAULT_SETTINGS, type ProgramSettings, withOverrides } from "../../domain/settings.ts";
import { ClientKeys } from "../../events/crypto/client-keys.ts";
import { type KeyOwner, type KeyWrapper, LocalKeyWrapper } from "../../events/crypto/key-wrapper.ts";
import { RosterStore } from "../../events/projections/roster-store.ts";
import { documentClient } from "../../events/store/documents.ts";
import { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { SettingsStore } from "../../events/store/settings-store.ts";
import { TenantBudget } from "../../events/store/tenant-budget.ts";

/**
 * Wiring read from the environment once per container (outside the handler, so warm invocations
 * reuse the client's connections). DYNAMODB_ENDPOINT is set only by the local runtime.
 */
export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error("TABLE_NAME is not set");
  return name;
}

let client: DynamoDBClient | undefined;

export function dynamoDbClient(): DynamoDBClient {
  client ??= new DynamoDBClient(
    process.env.DYNAMODB_ENDPOINT
      ? {
          endpoint: process.env.DYNAMODB_ENDPOINT,
          region: process.env.AWS_REGION ?? "local",
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {},
  );
  return client;
}

let keys: ClientKeys | undefined;

/**
 * The clients' data keys: in KEYS_TABLE_NAME, wrapped by the KMS key KMS_KEY_ID in AWS, or by the
 * master key in MASTER_KEY_FILE in the local stack.
 */
export function clientKeys(): ClientKeys {
  keys ??= createClientKeys(dynamoDbClient());
  return keys;
}

/** The same, on a given DynamoDB client (scripts). */
export function createClientKeys(client: DynamoDBClient): ClientKeys {
  const table = process.env.KEYS_TABLE_NAME;
  if (!table) throw new Error("KEYS_TABLE_NAME is not set");
  return new ClientKeys(documentClient(client), table, keyWrapper());
}

function keyWrapper(): KeyWrapper {
  const kmsKeyId = process.env.KMS_KEY_ID;
  if (kmsKeyId) return new LazyKmsKeyWrapper(kmsKeyId);
  const file = process.env.MASTER_KEY_FILE;
  if (file) return new LocalKeyWrapper(Buffer.from(readFileSync(file, "utf8"), "base64"));
  throw new Error("neither KMS_KEY_ID nor MASTER_KEY_FILE is set");
}

/**
 * KMS is called only to create a data key or to unwrap one the container has not cached: its SDK client
 * is imported then, not when the function starts (that import cost every keyed handler's cold start
 * ~10% of its module import; bench/cold-start.ts).
 */
class LazyKmsKeyWrapper implements KeyWrapper {
  private wrapper: Promise<KeyWrapper> | undefined;

  constructor(private readonly keyId: string) {}

  private load(): Promise<KeyWrapper> {
    this.wrapper ??= Promise.all([
      import("@aws-sdk/client-kms"),
      import("../../events/crypto/kms-key-wrapper.ts"),
    ]).then(([{ KMSClient }, { KmsKeyWrapper }]) => new KmsKeyWrapper(new KMSClient({}), this.keyId));
    return this.wrapper;
  }

  async generate(owner: KeyOwner) {
    return (await this.load()).generate(owner);
  }

  async unwrap(wrapped: Uint8Array, owner: KeyOwner) {
    return (await this.load()).unwrap(wrapped, owner);
  }
}

let store: DynamoDbEventStore | undefined;

export function eventStore(): DynamoDbEventStore {
  store ??= new DynamoDbEventStore(dynamoDbClient(), tableName(), clientKeys());
  return store;
}

let budget: TenantBudget | undefined;

/** TENANT_COMMANDS_PER_SECOND (100): one tenant's commands per second, across every container. */
export function tenantBudget(): TenantBudget {
  budget ??= new TenantBudget(
    dynamoDbClient(),
    tableName(),
    Number(process.env.TENANT_COMMANDS_PER_SECOND ?? 100),
  );
  return budget;
}

let roster: RosterStore | undefined;

export function rosterStore(): RosterStore {
  roster ??= new RosterStore(dynamoDbClient(), tableName(), clientKeys());
  return roster;
}

let settings: SettingsStore | undefined;

export function settingsStore(): SettingsStore {
  settings ??= new SettingsStore(dynamoDbClient(), tableName());
  return settings;
}

/** SETTINGS_CACHE_SECONDS (30) bounds how stale a container's settings may be; the local stack uses 0. */
const settingsTtlMs = () => Number(process.env.SETTINGS_CACHE_SECONDS ?? 30) * 1000;
const settingsCache = new Map<string, { at: number; settings: ProgramSettings }>();

/**
 * The tenant's effective settings, cached per container for 30 s: a change reaches every function
 * within that time (PUT /v1/settings runs in its own function), and commands in between read nothing.
 */
export async function tenantSettings(tenantId: string, now: Date): Promise<ProgramSettings> {
  const cached = settingsCache.get(tenantId);
  if (cached && now.getTime() - cached.at < settingsTtlMs()) return cached.settings;
  const { overrides } = await settingsStore().get(tenantId);
  const effective = withOverrides(DEFAULT_SETTINGS, overrides);
  settingsCache.set(tenantId, { at: now.getTime(), settings: effective });
  return effective;
}
