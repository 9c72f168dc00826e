import { App, Duration, RemovalPolicy } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../infra/config.ts";
import { resourcesOfType, SYNTH_TIMEOUT, type Synthesized, synthesize } from "./synth.ts";

const configFor = (context: Record<string, unknown>) => loadConfig(new App({ context }).node);

describe("environment config from context", () => {
  it("defaults to dev", () => {
    expect(configFor({})).toMatchObject({ envName: "dev", stackName: "OptBackend-dev", logLevel: "DEBUG" });
  });

  it("differs between dev and prod in names, removal policies, log retention and log level", () => {
    const dev = configFor({ env: "dev" });
    const prod = configFor({ env: "prod" });
    expect(dev.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(prod.removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(prod.stackName).toBe("OptBackend-prod");
    expect(prod.prefix).toBe("opt-prod");
    expect(prod.logLevel).toBe("INFO");
    expect(prod.logRetention).toBeGreaterThan(dev.logRetention);
  });

  it("rejects an unknown environment", () => {
    expect(() => configFor({ env: "staging" })).toThrow(/dev" or "prod/);
  });

  it("takes machine clients and the alarm e-mail from the context of its environment", () => {
    const config = configFor({
      env: "prod",
      alarmEmail: "ops@example.com",
      opt: {
        prod: { machineClients: [{ name: "acme-crm", tenantId: "acme" }] },
        dev: { machineClients: [] },
      },
    });
    expect(config.machineClients).toEqual([{ name: "acme-crm", tenantId: "acme" }]);
    expect(config.alarmEmail).toBe("ops@example.com");
  });

  it.each([
    ["an admin integration", { name: "x", tenantId: "acme", role: "admin" }],
    ["a tenant id with a key separator", { name: "x", tenantId: "ac#me" }],
    ["an unknown role", { name: "x", tenantId: "acme", role: "owner" }],
  ])("rejects %s", (_, client) => {
    expect(() => configFor({ opt: { dev: { machineClients: [client] } } })).toThrow(/machine client/);
  });
});

describe("prod stack", () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize("prod");
  }, SYNTH_TIMEOUT);

  it("keeps a year of logs and retains log groups, queues and the user pool", () => {
    synth.template.allResourcesProperties("AWS::Logs::LogGroup", { RetentionInDays: 365 });
    for (const type of [
      "AWS::Logs::LogGroup",
      "AWS::SQS::Queue",
      "AWS::Cognito::UserPool",
      "AWS::Glue::Table",
    ]) {
      for (const [id, resource] of resourcesOfType(synth, type))
        expect(resource.DeletionPolicy, id).toBe("Retain");
    }
    synth.template.hasResourceProperties("AWS::Cognito::UserPool", { DeletionProtection: "ACTIVE" });
  });

  it("logs at INFO and throttles the API at prod rates", () => {
    for (const [, fn] of resourcesOfType(synth, "AWS::Lambda::Function")) {
      expect(fn.Properties).toMatchObject({ Environment: { Variables: { POWERTOOLS_LOG_LEVEL: "INFO" } } });
    }
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    });
  });

  it("names prod resources and buffers analytics for longer", () => {
    expect(synth.stack.stackName).toBe("OptBackend-prod");
    expect(synth.stack.terminationProtection).toBe(true);
    synth.template.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", {
      DeliveryStreamName: "opt-prod-progression-events",
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BufferingHints: { IntervalInSeconds: Duration.minutes(5).toSeconds(), SizeInMBs: 64 },
      }),
    });
    synth.template.hasResourceProperties("AWS::Pipes::Pipe", { Name: "opt-prod-events" });
    synth.template.hasResourceProperties("AWS::Glue::Table", { DatabaseName: "opt_prod_analytics" });
  });

  it("still retains and protects the event table", () => {
    synth.template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });
});
