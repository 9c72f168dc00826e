import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import type { EnvironmentConfig, MachineClient } from "../../../infra/config.ts";
import { repoPath } from "../../../infra/constructs/node-function.ts";
import type { EventSubscription } from "../../../infra/constructs/tenant-subscription.ts";
import { createOptApp, type OptStack } from "../../../infra/stack.ts";

/** The context the CLI uses (cdk.json), so tests see the same feature flags and validation settings. */
export const CDK_JSON = JSON.parse(readFileSync(repoPath("cdk.json"), "utf8")) as {
  app: string;
  context: Record<string, unknown>;
};

/** A full synth takes seconds, more when test files synthesize in parallel on two cores. */
export const SYNTH_TIMEOUT = 180_000;

export const TEST_MACHINE_CLIENTS: readonly MachineClient[] = [
  { name: "acme-crm", tenantId: "acme", role: "manager" },
  { name: "globex-bi", tenantId: "globex", role: "analyst" },
];

export const TEST_SUBSCRIPTIONS: readonly EventSubscription[] = [
  {
    name: "acme-crm",
    tenantId: "acme",
    eventBusArn: "arn:aws:events:eu-west-1:111122223333:event-bus/acme-opt",
  },
];

export interface Synthesized {
  readonly template: Template;
  /** The raw template, for walking resources. */
  readonly json: { Resources: Record<string, CfnResourceJson> };
  readonly stack: OptStack;
  readonly config: EnvironmentConfig;
  readonly assemblyDirectory: string;
}

export interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/**
 * Synthesizes the whole app once (call it in `beforeAll`): cdk-nag runs as a validation plugin, so a
 * returned value means zero unacknowledged findings. Bundling is skipped (no esbuild per test).
 */
export function synthesize(env: "dev" | "prod" = "dev"): Synthesized {
  // Environment-agnostic, whatever credentials the machine running the tests has.
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  const outdir = mkdtempSync(join(tmpdir(), `opt-cdk-${env}-`));
  const { app, stack, config } = createOptApp({
    outdir,
    context: {
      ...CDK_JSON.context,
      env,
      "aws:cdk:bundling-stacks": [],
      opt: { [env]: { machineClients: TEST_MACHINE_CLIENTS, subscriptions: TEST_SUBSCRIPTIONS } },
    },
  });
  const assembly = app.synth();
  const json = assembly.getStackByName(stack.stackName).template;
  return { template: Template.fromJSON(json), json, stack, config, assemblyDirectory: assembly.directory };
}

/** A property of a resource, which must be there. */
export function prop<T>(resource: CfnResourceJson | undefined, name: string): T {
  const value = resource?.Properties?.[name];
  if (value === undefined) throw new Error(`resource has no ${name}`);
  return value as T;
}

/** Resources of one type, by logical id. */
export function resourcesOfType(synth: Synthesized, type: string): [string, CfnResourceJson][] {
  return Object.entries(synth.json.Resources).filter(([, resource]) => resource.Type === type);
}

/** The one resource of a type (fails unless there is exactly one). */
export function single(synth: Synthesized, type: string): CfnResourceJson {
  const found = resourcesOfType(synth, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return (found[0] as [string, CfnResourceJson])[1];
}

/** The first of a list of resources (fails if empty). */
export function first(found: [string, CfnResourceJson][]): CfnResourceJson {
  if (found.length === 0) throw new Error("no such resource");
  return (found[0] as [string, CfnResourceJson])[1];
}

/** The logical id of the resource behind a construct (itself if it is one, else its default child). */
export function logicalId(synth: Synthesized, construct: { node: { defaultChild?: unknown } }): string {
  return synth.stack.getLogicalId((construct.node.defaultChild ?? construct) as never);
}

/** IAM statements of the policies attached to a role, by the role's logical id. */
export function statementsOfRole(synth: Synthesized, roleLogicalId: string): IamStatement[] {
  return resourcesOfType(synth, "AWS::IAM::Policy")
    .filter(([, policy]) =>
      (policy.Properties?.Roles as { Ref: string }[] | undefined)?.some((role) => role.Ref === roleLogicalId),
    )
    .flatMap(([, policy]) => prop<{ Statement: IamStatement[] }>(policy, "PolicyDocument").Statement);
}

export interface IamStatement {
  Action: string | string[];
  Effect: string;
  Resource: unknown;
  Condition?: unknown;
}

export const actionsOf = (statement: IamStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
