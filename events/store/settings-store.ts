import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SettingsOverrides } from "../../domain/settings.ts";
import { documentClient } from "./documents.ts";
import { unavailableOnTransient } from "./errors.ts";

export interface StoredSettings {
  readonly overrides: SettingsOverrides;
  /** 0 until the tenant first changes a setting. */
  readonly version: number;
}

export class SettingsVersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`the settings are at version ${currentVersion}`);
  }
}

export const settingsKey = (tenantId: string) => ({ pk: `T#${tenantId}#CONFIG`, sk: "settings" });

/** A tenant's programme settings: one versioned item of overrides on top of the defaults. */
export class SettingsStore {
  private readonly documents;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.documents = documentClient(client);
  }

  async get(tenantId: string): Promise<StoredSettings> {
    const { Item } = await unavailableOnTransient(() =>
      this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: settingsKey(tenantId), ConsistentRead: true }),
      ),
    );
    return Item
      ? { overrides: JSON.parse(String(Item.overrides)), version: Number(Item.version) }
      : { overrides: {}, version: 0 };
  }

  /** Replaces the overrides if they are still at `expectedVersion`. */
  async put(
    tenantId: string,
    overrides: SettingsOverrides,
    expectedVersion: number,
    updatedBy: string,
  ): Promise<StoredSettings> {
    const version = expectedVersion + 1;
    try {
      await unavailableOnTransient(() =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...settingsKey(tenantId),
              kind: "settings",
              overrides: JSON.stringify(overrides),
              version,
              updatedBy,
            },
            ConditionExpression: expectedVersion === 0 ? "attribute_not_exists(pk)" : "version = :expected",
            ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ":expected": expectedVersion } }),
          }),
        ),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new SettingsVersionConflict((await this.get(tenantId)).version);
      throw error;
    }
    return { overrides, version };
  }
}
