import { createHash } from "node:crypto";
import type { ClientCommand } from "../../domain/client/commands.ts";
import type { ClientState } from "../../domain/client/state.ts";
import { executeCommand, type Outcome } from "../../events/execute-command.ts";
import type { LoadedStream } from "../../events/store/port.ts";
import type { HttpRequest, HttpResult } from "../middleware/http-handler.ts";
import { assertCanWriteClient } from "../middleware/principal.ts";
import { HttpProblem, invalidInput } from "../middleware/problem.ts";
import { eventStore, tenantBudget, tenantSettings } from "../shared/environment.ts";
import { ifMatchVersion } from "./params.ts";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

interface ClientCommandRoute {
  readonly request: HttpRequest;
  readonly operationId: string;
  readonly clientId: string;
  readonly command: ClientCommand;
  /** The parsed body: with the operation, it is what an Idempotency-Key is bound to. */
  readonly body: unknown;
  readonly requireExisting?: boolean;
  /** Stored facts the command refers to, and how they complete it (see Execution). */
  readonly references?: readonly string[];
  readonly prepare?: (loaded: LoadedStream) => Promise<ClientCommand>;
  /** 201 when the command records a new fact (the default); 200 when it changes the client (PUT). */
  readonly successStatus?: 200 | 201;
  readonly respond: (outcome: Outcome) => Record<string, unknown>;
}

interface StoredResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly version: number;
}

/**
 * The shared path of every command route: tenant from the token, location check on the loaded state,
 * Idempotency-Key and If-Match, then load–decide–append with retries.
 */
export async function runClientCommand(route: ClientCommandRoute): Promise<HttpResult> {
  const { request, clientId, command } = route;
  const { principal } = request;
  const idempotencyKey = request.header("idempotency-key");
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw invalidInput(
      [{ path: "Idempotency-Key", message: "1–128 characters of letters, digits, '_', '.', ':' or '-'" }],
      "Idempotency-Key header",
    );
  }
  const expectedVersion = ifMatchVersion(request.header("if-match"));
  const settings = await tenantSettings(principal.tenantId, request.now);
  const store = eventStore();
  // Before anything is decided or written: one tenant's burst must not take the table's writes from the
  // others. It runs beside the first load (a refused command still costs that read) instead of before it.
  const admission = tenantBudget()
    .take(principal.tenantId, request.now)
    .then((budget) => {
      if (!budget.allowed)
        throw new HttpProblem(
          429,
          "too-many-requests",
          "Too many requests",
          "this tenant's command budget for this second is spent; retry after the Retry-After seconds",
          {},
          { "retry-after": String(budget.retryAfterSeconds) },
        );
    });
  const { response, replayed } = await executeCommand<StoredResponse>(store, {
    key: { tenantId: principal.tenantId, clientId },
    command,
    admission,
    settings,
    meta: { actorId: principal.subject, correlationId: request.correlationId, source: "api" },
    recordedAt: request.now.toISOString(),
    requireExisting: route.requireExisting ?? true,
    authorize: (state: ClientState) => {
      if (state.locationId) assertCanWriteClient(principal, state.locationId);
    },
    ...(route.references ? { references: route.references } : {}),
    ...(route.prepare ? { prepare: route.prepare } : {}),
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    ...(idempotencyKey
      ? {
          idempotency: {
            key: callerScopedKey(principal.subject, idempotencyKey),
            requestHash: requestHash(route.operationId, route.body),
            expiresAt: Math.floor(request.now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
          },
        }
      : {}),
    respond: (outcome) => ({
      status: route.successStatus ?? 201,
      body: { clientId, version: outcome.version, ...route.respond(outcome) },
      version: outcome.version,
    }),
  });
  return {
    status: response.status,
    body: response.body,
    headers: { etag: `"${response.version}"`, ...(replayed ? { "idempotent-replayed": "true" } : {}) },
  };
}

/**
 * Idempotency-Keys are chosen by callers, so two callers of one client may pick the same key: the record
 * is stored under the caller's subject too, and one caller never gets another's answer. (Registration
 * derives the client id from subject and key, so its records are per caller already.)
 */
function callerScopedKey(subject: string, idempotencyKey: string): string {
  const caller = createHash("sha256").update(subject).digest("hex").slice(0, 32);
  return `${caller}:${idempotencyKey}`;
}

/** Same operation and same (canonical) body ⇒ same hash, whatever the key order of the JSON sent. */
function requestHash(operationId: string, body: unknown): string {
  return createHash("sha256").update(operationId).update("\n").update(canonicalJson(body)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
