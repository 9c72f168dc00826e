/**
 * Every HTTP route, once: the local server, the CDK API and the OpenAPI document read this table.
 * `handler` names a file in this folder exporting `handler`; `access` is what it needs of the table
 * (least privilege in IAM, by item type: see infra/constructs/data.ts):
 * - `read`: a client's stream (its partition); `read-with-settings`: + the tenant's settings item (reads
 *   shaped by the settings: reassessment cadence, equipment per location); `read-write`: + appending
 * - `read-roster`: the roster index and the read-model pointer
 * - `settings-read`, `settings-write`: the tenant's settings item only
 * - `wearable-links`: `read-write` + the tenant's wearable link items (written in the append's transaction)
 * - `webhook-parked`: the tenant's parked wearable sessions, listed
 * - `webhook-receipts`: the tenant's webhook receipts, read
 * - `webhook-processing`: what the webhook processor does: `read-write`, link lookups, parked sessions and
 *   receipts (events/store/webhook-items.ts)
 */
export type TableAccess =
  | "none"
  | "read"
  | "read-with-settings"
  | "read-write"
  | "read-roster"
  | "settings-read"
  | "settings-write"
  | "wearable-links"
  | "webhook-parked"
  | "webhook-receipts"
  | "webhook-processing";

/**
 * What a route does with the clients' data keys (events/crypto/): `open` reads them (personal values in
 * what it reads), `seal` may also create one (a registration, a client from before encryption), `erase`
 * may also destroy one.
 */
export type KeyAccess = "none" | "open" | "seal" | "erase";

export interface RouteDefinition {
  readonly operationId: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  /** A file under functions/ (without `.ts`) exporting `handler`. */
  readonly handler: string;
  readonly access: TableAccess;
  /** Only erasure destroys keys; every other route's key access follows from its table access. */
  readonly erasesPersonalData?: boolean;
  /** Served without a token (the API contract, its reference page, and webhooks, which are signed instead). */
  readonly anonymous?: boolean;
  /**
   * What the route does with the webhook resources (infra/constructs/webhooks.ts): `receive` reads the
   * signing secrets, archives the raw payload and enqueues it; `replay` reads archived payloads.
   */
  readonly webhooks?: "receive" | "replay";
  /**
   * Files of npm packages the handler reads at run time (paths under node_modules): the CDK copies them
   * beside its bundle, into the folder PACKAGE_FILES_DIR names; locally they are read where npm put them.
   */
  readonly packageFiles?: readonly string[];
}

export const ROUTES: readonly RouteDefinition[] = [
  {
    operationId: "getOpenApi",
    method: "GET",
    path: "/v1/openapi.json",
    handler: "http/get-openapi",
    access: "none",
    anonymous: true,
  },
  {
    operationId: "getDocs",
    method: "GET",
    path: "/docs",
    handler: "http/get-docs",
    access: "none",
    anonymous: true,
  },
  {
    operationId: "getDocsAsset",
    method: "GET",
    path: "/docs/{asset}",
    handler: "http/get-docs-asset",
    access: "none",
    anonymous: true,
    packageFiles: ["swagger-ui-dist/swagger-ui.css", "swagger-ui-dist/swagger-ui-bundle.js"],
  },
  {
    operationId: "listPhases",
    method: "GET",
    path: "/v1/phases",
    handler: "http/list-phases",
    access: "none",
  },
  {
    operationId: "listExercises",
    method: "GET",
    path: "/v1/exercises",
    handler: "http/list-exercises",
    access: "none",
  },
  {
    operationId: "registerClient",
    method: "POST",
    path: "/v1/clients",
    handler: "http/register-client",
    access: "read-write",
  },
  {
    operationId: "getClient",
    method: "GET",
    path: "/v1/clients/{clientId}",
    handler: "http/get-client",
    access: "read-with-settings",
  },
  {
    operationId: "getHistory",
    method: "GET",
    path: "/v1/clients/{clientId}/history",
    handler: "http/get-history",
    access: "read",
  },
  {
    operationId: "getTimeline",
    method: "GET",
    path: "/v1/clients/{clientId}/timeline.svg",
    handler: "http/get-timeline",
    access: "read-with-settings",
  },
  {
    operationId: "setGoal",
    method: "PUT",
    path: "/v1/clients/{clientId}/goal",
    handler: "http/set-goal",
    access: "read-write",
  },
  {
    operationId: "recordAssessment",
    method: "POST",
    path: "/v1/clients/{clientId}/assessments",
    handler: "http/record-assessment",
    access: "read-write",
  },
  {
    operationId: "startPhase",
    method: "POST",
    path: "/v1/clients/{clientId}/phases",
    handler: "http/start-phase",
    access: "read-write",
  },
  {
    operationId: "recordSession",
    method: "POST",
    path: "/v1/clients/{clientId}/sessions",
    handler: "http/record-session",
    access: "read-write",
  },
  {
    operationId: "previewNextSession",
    method: "GET",
    path: "/v1/clients/{clientId}/next-session",
    handler: "http/next-session",
    access: "read-with-settings",
  },
  {
    operationId: "planSession",
    method: "POST",
    path: "/v1/clients/{clientId}/session-plans",
    handler: "http/plan-session",
    access: "read-write",
  },
  {
    operationId: "createPlan",
    method: "POST",
    path: "/v1/clients/{clientId}/plans",
    handler: "http/create-plan",
    access: "read-write",
  },
  {
    operationId: "getPlan",
    method: "GET",
    path: "/v1/clients/{clientId}/plan",
    handler: "http/get-plan",
    access: "read-with-settings",
  },
  {
    operationId: "clearClient",
    method: "POST",
    path: "/v1/clients/{clientId}/clearance",
    handler: "http/clear-client",
    access: "read-write",
  },
  {
    operationId: "exportClient",
    method: "GET",
    path: "/v1/clients/{clientId}/export",
    handler: "http/export-client",
    access: "read-with-settings",
  },
  {
    operationId: "eraseClient",
    method: "POST",
    path: "/v1/clients/{clientId}/erasure",
    handler: "http/erase-client",
    access: "read-write",
    erasesPersonalData: true,
  },
  {
    operationId: "getSettings",
    method: "GET",
    path: "/v1/settings",
    handler: "http/get-settings",
    access: "settings-read",
  },
  {
    operationId: "putSettings",
    method: "PUT",
    path: "/v1/settings",
    handler: "http/put-settings",
    access: "settings-write",
  },
  {
    operationId: "listRoster",
    method: "GET",
    path: "/v1/locations/{locationId}/clients",
    handler: "http/list-roster",
    access: "read-roster",
  },
  {
    operationId: "linkWearable",
    method: "POST",
    path: "/v1/clients/{clientId}/wearables",
    handler: "http/link-wearable",
    access: "wearable-links",
  },
  {
    operationId: "unlinkWearable",
    method: "DELETE",
    path: "/v1/clients/{clientId}/wearables/{provider}",
    handler: "http/unlink-wearable",
    access: "wearable-links",
  },
  {
    operationId: "receiveWebhook",
    method: "POST",
    path: "/v1/webhooks/{tenantId}/{provider}",
    handler: "webhooks/receive",
    access: "none",
    anonymous: true,
    webhooks: "receive",
  },
  {
    operationId: "listParkedSessions",
    method: "GET",
    path: "/v1/webhooks/{provider}/parked",
    handler: "http/list-parked-sessions",
    access: "webhook-parked",
  },
  {
    operationId: "replayParkedSession",
    method: "POST",
    path: "/v1/webhooks/{provider}/parked/{parkedId}/replay",
    handler: "http/replay-parked-session",
    access: "webhook-processing",
    webhooks: "replay",
  },
  {
    operationId: "getWebhookReceipt",
    method: "GET",
    path: "/v1/webhooks/{provider}/receipts/{receiptId}",
    handler: "http/get-webhook-receipt",
    access: "webhook-receipts",
  },
];

export function keyAccessOf(route: RouteDefinition): KeyAccess {
  if (route.erasesPersonalData) return "erase";
  switch (route.access) {
    case "read-write":
    case "wearable-links":
    case "webhook-processing":
      return "seal";
    case "read":
    case "read-with-settings":
    case "read-roster":
      return "open";
    default:
      return "none";
  }
}

/** The stream projector's entry point (DynamoDB Streams → read models). */
export const PROJECTOR_HANDLER = "functions/streams/projector.ts";
