import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DEFAULT_SETTINGS, type ProgramSettings, withOverrides } from "../../domain/settings.ts";
import { RosterStore } from "../../events/projections/roster-store.ts";
import { DynamoDbEventStore } from "../../events/store/dynamodb-store.ts";
import { SettingsStore } from "../../events/store/settings-store.ts";

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

const SETTINGS_TTL_MS = 30_000;
const settingsCache = new Map<string, { at: number; settings: ProgramSettings }>();

/**
 * The tenant's effective settings, cached per container for 30 s: a change reaches every function
 * within that time, and a command costs no extra read in between.
 */
export async function tenantSettings(tenantId: string, now: Date): Promise<ProgramSettings> {
  const cached = settingsCache.get(tenantId);
  if (cached && now.getTime() - cached.at < SETTINGS_TTL_MS) return cached.settings;
  const { overrides } = await settingsStore().get(tenantId);
  const effective = withOverrides(DEFAULT_SETTINGS, overrides);
  settingsCache.set(tenantId, { at: now.getTime(), settings: effective });
  return effective;
}

/** After a change in this container, its own next command sees it at once. */
export const forgetTenantSettings = (tenantId: string) => settingsCache.delete(tenantId);
