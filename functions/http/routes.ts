/**
 * Every HTTP route, once: the local server, the CDK API and the OpenAPI document read this table.
 * `handler` names a file in this folder exporting `handler`; `access` is what it needs of the table
 * (least privilege in IAM, by item type: see infra/constructs/data.ts):
 * - `read`: a client's stream (its partition); `read-with-settings`: + the tenant's settings item (reads
 *   shaped by the settings: reassessment cadence, equipment per location); `read-write`: + appending
 * - `read-roster`: the roster index and the read-model pointer
 * - `settings-read`, `settings-write`: the tenant's settings item only
 */
export type TableAccess =
  | "none"
  | "read"
  | "read-with-settings"
  | "read-write"
  | "read-roster"
  | "settings-read"
  | "settings-write";

/**
 * What a route does with the clients' data keys (events/crypto/): `open` reads them (personal values in
 * what it reads), `seal` may also create one (a registration, a client from before encryption), `erase`
 * may also destroy one.
 */
export type KeyAccess = "none" | "open" | "seal" | "erase";

export interface RouteDefinition {
  readonly operationId: string;
  readonly method: "GET" | "POST" | "PUT";
  readonly path: string;
  readonly handler: string;
  readonly access: TableAccess;
  /** Only erasure destroys keys; every other route's key access follows from its table access. */
  readonly erasesPersonalData?: boolean;
  /** Served without a token (the API contract itself and its reference page). */
  readonly anonymous?: boolean;
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
    handler: "get-openapi",
    access: "none",
    anonymous: true,
  },
  {
    operationId: "getDocs",
    method: "GET",
    path: "/docs",
    handler: "get-docs",
    access: "none",
    anonymous: true,
  },
  {
    operationId: "getDocsAsset",
    method: "GET",
    path: "/docs/{asset}",
    handler: "get-docs-asset",
    access: "none",
    anonymous: true,
    packageFiles: ["swagger-ui-dist/swagger-ui.css", "swagger-ui-dist/swagger-ui-bundle.js"],
  },
  { operationId: "listPhases", method: "GET", path: "/v1/phases", handler: "list-phases", access: "none" },
  {
    operationId: "listExercises",
    method: "GET",
    path: "/v1/exercises",
    handler: "list-exercises",
    access: "none",
  },
  {
    operationId: "registerClient",
    method: "POST",
    path: "/v1/clients",
    handler: "register-client",
    access: "read-write",
  },
  {
    operationId: "getClient",
    method: "GET",
    path: "/v1/clients/{clientId}",
    handler: "get-client",
    access: "read-with-settings",
  },
  {
    operationId: "getHistory",
    method: "GET",
    path: "/v1/clients/{clientId}/history",
    handler: "get-history",
    access: "read",
  },
  {
    operationId: "getTimeline",
    method: "GET",
    path: "/v1/clients/{clientId}/timeline.svg",
    handler: "get-timeline",
    access: "read-with-settings",
  },
  {
    operationId: "setGoal",
    method: "PUT",
    path: "/v1/clients/{clientId}/goal",
    handler: "set-goal",
    access: "read-write",
  },
  {
    operationId: "recordAssessment",
    method: "POST",
    path: "/v1/clients/{clientId}/assessments",
    handler: "record-assessment",
    access: "read-write",
  },
  {
    operationId: "startPhase",
    method: "POST",
    path: "/v1/clients/{clientId}/phases",
    handler: "start-phase",
    access: "read-write",
  },
  {
    operationId: "recordSession",
    method: "POST",
    path: "/v1/clients/{clientId}/sessions",
    handler: "record-session",
    access: "read-write",
  },
  {
    operationId: "previewNextSession",
    method: "GET",
    path: "/v1/clients/{clientId}/next-session",
    handler: "next-session",
    access: "read-with-settings",
  },
  {
    operationId: "planSession",
    method: "POST",
    path: "/v1/clients/{clientId}/session-plans",
    handler: "plan-session",
    access: "read-write",
  },
  {
    operationId: "createPlan",
    method: "POST",
    path: "/v1/clients/{clientId}/plans",
    handler: "create-plan",
    access: "read-write",
  },
  {
    operationId: "getPlan",
    method: "GET",
    path: "/v1/clients/{clientId}/plan",
    handler: "get-plan",
    access: "read-with-settings",
  },
  {
    operationId: "clearClient",
    method: "POST",
    path: "/v1/clients/{clientId}/clearance",
    handler: "clear-client",
    access: "read-write",
  },
  {
    operationId: "exportClient",
    method: "GET",
    path: "/v1/clients/{clientId}/export",
    handler: "export-client",
    access: "read-with-settings",
  },
  {
    operationId: "eraseClient",
    method: "POST",
    path: "/v1/clients/{clientId}/erasure",
    handler: "erase-client",
    access: "read-write",
    erasesPersonalData: true,
  },
  {
    operationId: "getSettings",
    method: "GET",
    path: "/v1/settings",
    handler: "get-settings",
    access: "settings-read",
  },
  {
    operationId: "putSettings",
    method: "PUT",
    path: "/v1/settings",
    handler: "put-settings",
    access: "settings-write",
  },
  {
    operationId: "listRoster",
    method: "GET",
    path: "/v1/locations/{locationId}/clients",
    handler: "list-roster",
    access: "read-roster",
  },
];

export function keyAccessOf(route: RouteDefinition): KeyAccess {
  if (route.erasesPersonalData) return "erase";
  switch (route.access) {
    case "read-write":
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
