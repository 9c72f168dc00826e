import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { RESOURCE_SERVER_ID } from "../../../functions/auth/claims.ts";
import { ROUTES } from "../../../functions/http/routes.ts";
import { commandThrottle, webhookThrottle } from "../../../infra/constructs/api.ts";
import { PROJECTOR_RESERVED_CONCURRENCY } from "../../../infra/constructs/projections.ts";
import {
  logicalId,
  prop,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type Synthesized,
  single,
  synthesize,
  TEST_MACHINE_CLIENTS,
} from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize("dev");
}, SYNTH_TIMEOUT);

describe("HTTP API", () => {
  it("has one route per entry of functions/http/routes.ts, JWT-authorized unless anonymous", () => {
    synth.template.resourceCountIs("AWS::ApiGatewayV2::Route", ROUTES.length);
    const authorizerId = Object.keys(
      Object.fromEntries(resourcesOfType(synth, "AWS::ApiGatewayV2::Authorizer")),
    )[0];
    for (const route of ROUTES) {
      synth.template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.anonymous ? "NONE" : "JWT",
        ...(route.anonymous ? {} : { AuthorizerId: { Ref: authorizerId } }),
      });
    }
  });

  it("proxies every route to its own Lambda with payload format 2.0", () => {
    synth.template.resourceCountIs("AWS::ApiGatewayV2::Integration", ROUTES.length);
    synth.template.allResourcesProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
    });
  });

  it("validates Cognito JWTs from the user pool for the web client and every chain's machine client", () => {
    const pool = logicalId(synth, synth.stack.auth.userPool);
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Issuer: {
          "Fn::Join": [
            "",
            ["https://cognito-idp.", { Ref: "AWS::Region" }, ".amazonaws.com/", { Ref: pool }],
          ],
        },
        Audience: synth.stack.auth.clients.map((client) => ({ Ref: logicalId(synth, client) })),
      },
    });
    expect(synth.stack.auth.clients).toHaveLength(1 + TEST_MACHINE_CLIENTS.length);
  });

  it("throttles the stage and writes JSON access logs with the tenant and client of each call", () => {
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { "Fn::GetAtt": [logicalId(synth, synth.stack.api.accessLogs), "Arn"] },
        Format: Match.stringLikeRegexp("authorizer\\.claims\\.tenant_id"),
      },
    });
    const stage = single(synth, "AWS::ApiGatewayV2::Stage");
    const format = JSON.parse(prop<{ Format: string }>(stage, "AccessLogSettings").Format);
    expect(Object.keys(format)).toEqual(
      expect.arrayContaining(["requestId", "routeKey", "status", "tenantId", "clientId", "latencyMs"]),
    );
  });
});

describe("fairness", () => {
  it("gives every command route half the stage's throttle, and leaves reads to the stage's", () => {
    const stage = single(synth, "AWS::ApiGatewayV2::Stage");
    const settings = prop<Record<string, unknown>>(stage, "RouteSettings");
    const commands = ROUTES.filter((route) => route.method !== "GET");
    expect(Object.keys(settings).sort()).toEqual(commands.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of commands.filter((r) => r.webhooks !== "receive"))
      expect(settings[`${route.method} ${route.path}`], route.operationId).toEqual({
        ThrottlingRateLimit: 25,
        ThrottlingBurstLimit: 50,
      });
    expect(commandThrottle(synth.config.apiThrottle)).toEqual({
      ThrottlingRateLimit: 25,
      ThrottlingBurstLimit: 50,
    });
  });

  it("gives the anonymous webhook receiver half the stage's rate but its whole burst (vendors deliver in bursts)", () => {
    const stage = single(synth, "AWS::ApiGatewayV2::Stage");
    const settings = prop<Record<string, unknown>>(stage, "RouteSettings");
    expect(settings["POST /v1/webhooks/{tenantId}/{provider}"]).toEqual({
      ThrottlingRateLimit: 25,
      ThrottlingBurstLimit: 100,
    });
    expect(webhookThrottle(synth.config.apiThrottle)).toEqual({
      ThrottlingRateLimit: 25,
      ThrottlingBurstLimit: 100,
    });
  });

  it("reserves concurrency for the projector so API bursts cannot starve the read models", () => {
    const projector = resourcesOfType(synth, "AWS::Lambda::Function").filter(([, fn]) =>
      String(fn.Properties?.Description).includes("projector"),
    );
    expect(projector).toHaveLength(1);
    expect(projector[0]?.[1].Properties?.ReservedConcurrentExecutions).toBe(PROJECTOR_RESERVED_CONCURRENCY);
  });
});

describe("Cognito", () => {
  it("is on the Essentials plan with MFA, a strong password policy and admin-created users only", () => {
    synth.template.hasResourceProperties("AWS::Cognito::UserPool", {
      UserPoolTier: "ESSENTIALS",
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
  });

  it("declares the tenant, role and locations attributes (tenant immutable)", () => {
    synth.template.hasResourceProperties("AWS::Cognito::UserPool", {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: "tenant_id", Mutable: false, AttributeDataType: "String" }),
        Match.objectLike({ Name: "role", Mutable: true }),
        Match.objectLike({ Name: "locations", Mutable: true }),
      ]),
    });
  });

  it("runs the pre-token-generation trigger with event version V3_0 (access tokens, including client credentials)", () => {
    synth.template.hasResourceProperties("AWS::Cognito::UserPool", {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaVersion: "V3_0",
          LambdaArn: { "Fn::GetAtt": [logicalId(synth, synth.stack.auth.preTokenGeneration.fn), "Arn"] },
        },
      },
    });
    synth.template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "cognito-idp.amazonaws.com",
      FunctionName: { "Fn::GetAtt": [logicalId(synth, synth.stack.auth.preTokenGeneration.fn), "Arn"] },
    });
  });

  it("never lets people write their own tenant, role or locations", () => {
    synth.template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      ClientName: "opt-dev-web",
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      WriteAttributes: ["name"],
    });
    for (const [, client] of resourcesOfType(synth, "AWS::Cognito::UserPoolClient")) {
      const write = (client.Properties?.WriteAttributes as string[] | undefined) ?? [];
      expect(write.filter((attribute) => attribute.startsWith("custom:"))).toEqual([]);
    }
  });

  it("gives each chain a client-credentials app client holding exactly its tenant and role scopes", () => {
    const server = logicalId(synth, synth.stack.auth.resourceServer);
    for (const client of TEST_MACHINE_CLIENTS) {
      synth.template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
        ClientName: `opt-dev-m2m-${client.name}`,
        GenerateSecret: true,
        AllowedOAuthFlows: ["client_credentials"],
        AllowedOAuthScopes: [
          { "Fn::Join": ["", [{ Ref: server }, `/tenant.${client.tenantId}`]] },
          { "Fn::Join": ["", [{ Ref: server }, `/role.${client.role}`]] },
        ],
      });
    }
    synth.template.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", {
      Identifier: RESOURCE_SERVER_ID,
      Scopes: Match.arrayWith([
        Match.objectLike({ ScopeName: "role.manager" }),
        Match.objectLike({ ScopeName: "tenant.acme" }),
        Match.objectLike({ ScopeName: "tenant.globex" }),
      ]),
    });
    const resourceServer = single(synth, "AWS::Cognito::UserPoolResourceServer");
    const scopes = prop<{ ScopeName: string }[]>(resourceServer, "Scopes").map((scope) => scope.ScopeName);
    expect(scopes).not.toContain("role.admin");
  });

  it("has a hosted domain for the token endpoint", () => {
    synth.template.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: { "Fn::Join": ["", ["opt-dev-", { Ref: "AWS::AccountId" }]] },
    });
  });
});
