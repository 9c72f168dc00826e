import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Node } from "constructs";
import { ID_PATTERN, isRole, type Role } from "../functions/auth/claims.ts";
import type { EventSubscription } from "./constructs/tenant-subscription.ts";

/**
 * Everything that differs between dev and prod, chosen with `-c env=dev|prod` (default dev).
 * Per-environment overrides live in cdk.json under `context.opt.<env>` (e.g. the machine clients of
 * the gym chains); everything else is a reviewed default here.
 */
export type EnvName = "dev" | "prod";

/** A server-to-server integration of one gym chain: one Cognito app client (client credentials). */
export interface MachineClient {
  /** App client name, e.g. "acme-crm". */
  readonly name: string;
  /** The tenant (gym chain) the client acts for; bound through a scope, see infra/README.md. */
  readonly tenantId: string;
  /** Role the integration acts as (default "manager"). */
  readonly role?: Exclude<Role, "admin">;
}

export interface EnvironmentConfig {
  readonly envName: EnvName;
  /** CloudFormation stack name. */
  readonly stackName: string;
  /** Prefix of the physical names we set (log groups, pipe, bus, stream, Glue database). */
  readonly prefix: string;
  /** Stateful resources other than the event table (which is always retained). */
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  readonly logLevel: "DEBUG" | "INFO";
  /** Stage-wide throttling of the HTTP API (steady requests per second and burst). */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly corsOrigins: readonly string[];
  /** OAuth callback/logout URLs of the web app client (authorization code + PKCE). */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /** Cognito hosted domain prefix (token endpoint for client credentials); the account id is appended. */
  readonly authDomainPrefix: string;
  readonly machineClients: readonly MachineClient[];
  /** Gym chains' subscriptions to their own events on the bus (see infra/README.md). */
  readonly subscriptions: readonly EventSubscription[];
  /** Firehose buffering: how long analytics may lag behind the table. */
  readonly analyticsBufferInterval: Duration;
  /** Athena per-query scan limit (cost guard). */
  readonly athenaBytesScannedCutoff: number;
  /** Where alarms are e-mailed (optional; the SNS topic exists regardless). */
  readonly alarmEmail?: string;
}

const DEFAULTS: Record<EnvName, EnvironmentConfig> = {
  dev: {
    envName: "dev",
    stackName: "OptBackend-dev",
    prefix: "opt-dev",
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    logLevel: "DEBUG",
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    corsOrigins: ["http://localhost:5173"],
    callbackUrls: ["http://localhost:5173/auth/callback"],
    logoutUrls: ["http://localhost:5173/"],
    authDomainPrefix: "opt-dev",
    machineClients: [],
    subscriptions: [],
    analyticsBufferInterval: Duration.seconds(60),
    athenaBytesScannedCutoff: 1024 ** 3, // 1 GiB
  },
  prod: {
    envName: "prod",
    stackName: "OptBackend-prod",
    prefix: "opt-prod",
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.ONE_YEAR,
    logLevel: "INFO",
    apiThrottle: { rateLimit: 500, burstLimit: 1000 },
    corsOrigins: [],
    callbackUrls: ["https://app.example.com/auth/callback"],
    logoutUrls: ["https://app.example.com/"],
    authDomainPrefix: "opt-prod",
    machineClients: [],
    subscriptions: [],
    analyticsBufferInterval: Duration.seconds(300),
    athenaBytesScannedCutoff: 10 * 1024 ** 3, // 10 GiB
  },
};

/** Keys of `context.opt.<env>` that may override the defaults (plain JSON values only). */
type Overrides = Partial<
  Pick<
    EnvironmentConfig,
    | "corsOrigins"
    | "callbackUrls"
    | "logoutUrls"
    | "authDomainPrefix"
    | "machineClients"
    | "subscriptions"
    | "alarmEmail"
  > & { apiThrottle: EnvironmentConfig["apiThrottle"] }
>;

export function loadConfig(node: Node): EnvironmentConfig {
  const envName = String(node.tryGetContext("env") ?? "dev");
  if (envName !== "dev" && envName !== "prod") {
    throw new Error(`context "env" must be "dev" or "prod", got "${envName}"`);
  }
  const overrides = ((node.tryGetContext("opt") ?? {}) as Record<string, Overrides>)[envName] ?? {};
  const alarmEmail = node.tryGetContext("alarmEmail") ?? overrides.alarmEmail;
  const config: EnvironmentConfig = {
    ...DEFAULTS[envName],
    ...overrides,
    ...(alarmEmail ? { alarmEmail } : {}),
  };
  validateMachineClients(config.machineClients);
  validateSubscriptions(config.subscriptions);
  return config;
}

const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._\-/]+$/;

function validateSubscriptions(subscriptions: readonly EventSubscription[]): void {
  const names = new Set<string>();
  for (const subscription of subscriptions) {
    if (!ID_PATTERN.test(subscription.name) || !ID_PATTERN.test(subscription.tenantId)) {
      throw new Error(
        `subscription ${JSON.stringify(subscription)}: name and tenantId must match ${ID_PATTERN}`,
      );
    }
    if (!EVENT_BUS_ARN.test(subscription.eventBusArn)) {
      throw new Error(`subscription ${subscription.name}: eventBusArn must be an event bus ARN`);
    }
    if (names.has(subscription.name)) throw new Error(`subscription ${subscription.name} is listed twice`);
    names.add(subscription.name);
  }
}

function validateMachineClients(clients: readonly MachineClient[]): void {
  const names = new Set<string>();
  for (const client of clients) {
    if (!ID_PATTERN.test(client.name) || !ID_PATTERN.test(client.tenantId)) {
      throw new Error(`machine client ${JSON.stringify(client)}: name and tenantId must match ${ID_PATTERN}`);
    }
    if (client.role !== undefined && !isRole(client.role)) {
      throw new Error(`machine client ${client.name}: unknown role ${client.role}`);
    }
    if ((client.role as string | undefined) === "admin") {
      throw new Error(`machine client ${client.name}: integrations cannot be admins`);
    }
    if (names.has(client.name)) throw new Error(`machine client ${client.name} is listed twice`);
    names.add(client.name);
  }
}
