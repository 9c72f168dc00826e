import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DEFAULT_SETTINGS, type ProgramSettings, withOverrides } from "../../domain/settings.ts";
import { RosterStore } from "../../events/projections/roster-store.ts";
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

let store: DynamoDbEventStore | undefined;

export function eventStore(): DynamoDbEventStore {
  store ??= new DynamoDbEventStore(dynamoDbClient(), tableName());
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
  roster ??= new RosterStore(dynamoDbClient(), tableName());
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
