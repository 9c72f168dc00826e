import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AttributeValue, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import type { ClientEvent } from "../../domain/client/events.ts";
import { localKeyTableName } from "../../events/table.ts";
import { SIGNATURE_HEADER, signatureHeader } from "../../functions/webhooks/signature.ts";
import { type DevClaims, issueDevToken } from "../../local/dev-auth.ts";
import { type LocalStack, startLocalStack } from "../../local/stack.ts";
import { Contract } from "./contract.ts";

/** What a call to the API answered: status, headers, parsed JSON body (or null) and the raw text. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the tests assert on, field by field.
export interface ApiResponse<Body = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
  readonly text: string;
}

export interface CallOptions {
  /** A bearer token; null sends no authorization header. */
  readonly token?: string | null;
  /** A JSON value (serialised), or a raw string sent as is. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

export interface E2e {
  readonly stack: LocalStack;
  /** An admin of tenant "gym-a" (every location). */
  readonly admin: string;
  token(claims: DevClaims): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /**
   * The event store's items (events, snapshots, idempotency records, id claims) in the table: unchanged
   * means nothing was written. The projector's items (read models, parked records) are left out: it writes
   * them asynchronously, and only from events. Nor are the tenants' request-budget counters.
   */
  itemCount(): Promise<number>;
  /** Every item of the event table and the key table, as DynamoDB stores it (for scans for plaintext). */
  rawItems(): Promise<Record<string, AttributeValue>[]>;
  stop(): Promise<void>;
}

export const TENANT = "gym-a";

/** One local stack per test file: the API server and the projector over this run's DynamoDB Local. */
export async function startE2e(options: { analytics?: boolean } = {}): Promise<E2e> {
  const dataDir = mkdtempSync(join(tmpdir(), "opt-e2e-"));
  const stack = await startLocalStack({
    dataDir,
    apiPort: 0,
    dynamoEndpoint: inject("dynamoEndpoint"),
    tableName: `e2e-${randomUUID()}`,
    // Only the analytics test reads the Parquet files; the others skip a stream reader's writes.
    analytics: options.analytics ?? false,
  });
  const dynamo = new DynamoDBClient({
    endpoint: stack.dynamoEndpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const keyTable = localKeyTableName(stack.tableName);
  const contract = new Contract();
  const token = (claims: DevClaims) => issueDevToken(stack.signingKey, claims);
  const admin = await token({ tenant: TENANT, role: "admin", sub: "admin-1" });

  async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const token = options.token === undefined ? admin : options.token;
    const headers: Record<string, string> = {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(options.body !== undefined || options.raw !== undefined
        ? { "content-type": "application/json" }
        : {}),
      ...options.headers,
    };
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    // Every response of every end-to-end test is checked against the OpenAPI document.
    const violation = contract.violation(method, path, {
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: parsed,
      text,
    });
    if (violation)
      throw new Error(`the response breaks the OpenAPI document: ${violation}\n${text.slice(0, 500)}`);
    return { status: response.status, headers: response.headers, body: parsed ?? null, text };
  }

  async function itemCount(): Promise<number> {
    let count = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamo.send(
        new ScanCommand({
          TableName: stack.tableName,
          Select: "COUNT",
          ConsistentRead: true,
          FilterExpression: "NOT (#kind IN (:model, :pointer, :parked, :budget))",
          ExpressionAttributeNames: { "#kind": "kind" },
          ExpressionAttributeValues: {
            ":model": { S: "read-model" },
            ":pointer": { S: "read-model-pointer" },
            ":parked": { S: "parked" },
            ":budget": { S: "budget" },
          },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    // The key table is the store's too: a refused registration must not leave a key behind.
    const keys = await dynamo.send(
      new ScanCommand({ TableName: keyTable, Select: "COUNT", ConsistentRead: true }),
    );
    return count + (keys.Count ?? 0);
  }

  async function rawItems(): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    for (const TableName of [stack.tableName, keyTable]) {
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await dynamo.send(
          new ScanCommand({
            TableName,
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return items;
  }

  return {
    stack,
    admin,
    token,
    call,
    itemCount,
    rawItems,
    async stop() {
      dynamo.destroy();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Business days as ISO instants in the past: day(0) is Monday 1 June 2026, 09:00 UTC. */
export const day = (n: number, hours = 0): string =>
  new Date(Date.UTC(2026, 5, 1, 9) + n * 86_400_000 + hours * 3_600_000).toISOString();

export interface HistoryItem {
  type: ClientEvent["type"];
  version: number;
  occurredAt: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

/** Every event of a client, following nextCursor page by page. */
export async function fullHistory(
  e2e: E2e,
  clientId: string,
  limit = 100,
  token?: string,
): Promise<HistoryItem[]> {
  const items: HistoryItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await e2e.call("GET", `/v1/clients/${clientId}/history?${query}`, {
      ...(token ? { token } : {}),
    });
    if (response.status !== 200) throw new Error(`history answered ${response.status}: ${response.text}`);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error("history never ended");
}

/** The domain events back from the history items (as the store hands them to `evolve`). */
export const asEvents = (items: readonly HistoryItem[]): ClientEvent[] =>
  items.map(({ type, occurredAt, data }) => ({ type, occurredAt, data }) as ClientEvent);

export const registration = (overrides: Record<string, unknown> = {}) => ({
  name: "Ada Client",
  dateOfBirth: "1990-04-01",
  goal: "general-fitness",
  locationId: "downtown",
  ...overrides,
});

/** A Phase 1-compliant session: 2 sets of 15 at 4/2/1, 60 s rest. */
export const phase1Session = (performedAt: string, extra: Record<string, unknown> = {}) => ({
  performedAt,
  exercises: [
    {
      name: "ball squat",
      sets: [
        { reps: 15, tempo: "4/2/1", restSeconds: 60 },
        { reps: 15, tempo: "4/2/1", restSeconds: 60 },
      ],
    },
  ],
  ...extra,
});

/** Registers a client (admin) and returns its id. */
export async function registerClient(e2e: E2e, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await e2e.call("POST", "/v1/clients", { body: registration(overrides) });
  if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${response.text}`);
  return response.body.clientId as string;
}

export const isProblem = (response: ApiResponse): boolean =>
  (response.headers.get("content-type") ?? "").startsWith("application/problem+json") &&
  typeof response.body?.type === "string" &&
  response.body?.status === response.status;

/**
 * Whether a 400 problem names a field: an error whose path is it, or (zod's unrecognized keys) an error at
 * the parent path whose message quotes the key.
 */
export function namesField(response: ApiResponse, field: string): boolean {
  const errors = (response.body?.errors ?? []) as { path: string; message: string }[];
  return errors.some(({ path, message }) => {
    if (path === field) return true;
    const quoted = /"([^"]+)"/.exec(message)?.[1];
    return quoted !== undefined && (path ? `${path}.${quoted}` : quoted) === field;
  });
}

/** Signs a webhook post as a provider does (with the local stack's dev secret, now, unless told) and sends it. */
export function postWebhook(
  e2e: E2e,
  provider: string,
  body: string,
  options: {
    tenant?: string;
    secrets?: readonly string[];
    signedAt?: number;
    signature?: string | null;
  } = {},
): Promise<ApiResponse> {
  const signedAt = options.signedAt ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature === undefined
      ? signatureHeader(options.secrets ?? [e2e.stack.webhookSecret], signedAt, Buffer.from(body))
      : options.signature;
  return e2e.call("POST", `/v1/webhooks/${options.tenant ?? TENANT}/${provider}`, {
    token: null,
    raw: body,
    ...(signature === null ? {} : { headers: { [SIGNATURE_HEADER]: signature } }),
  });
}
