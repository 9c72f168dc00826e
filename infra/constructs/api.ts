import { CfnOutput, Duration } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { keyAccessOf, ROUTES, type RouteDefinition } from "../../functions/http/routes.ts";
import type { EnvironmentConfig } from "../config.ts";
import type { Auth } from "./auth.ts";
import type { EventStore } from "./data.ts";
import { OptFunction } from "./node-function.ts";
import type { Webhooks } from "./webhooks.ts";

export interface ApiProps {
  readonly config: EnvironmentConfig;
  readonly store: EventStore;
  readonly auth: Auth;
  /** The archive, queue and signing secrets the webhook routes use. */
  readonly webhooks: Webhooks;
}

/** The access log line: who (tenant, client, subject), what, and how it went. */
const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  time: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  tenantId: "$context.authorizer.claims.tenant_id",
  clientId: "$context.authorizer.claims.client_id",
  sub: "$context.authorizer.claims.sub",
};

/**
 * The HTTP API: one Lambda per route of functions/http/routes.ts, each granted exactly the table access
 * its route declares, behind a Cognito JWT authorizer (except routes marked anonymous), with stage-wide
 * throttling and JSON access logs.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** By operationId. */
  readonly functions = new Map<string, OptFunction>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, store, auth, webhooks } = props;

    this.httpApi = new apigw.HttpApi(this, "HttpApi", {
      apiName: `${config.prefix}-api`,
      description: `OPT backend (${config.envName})`,
      createDefaultStage: false,
      corsPreflight:
        config.corsOrigins.length > 0
          ? {
              allowOrigins: [...config.corsOrigins],
              allowMethods: [
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.PUT,
                apigw.CorsHttpMethod.DELETE,
              ],
              allowHeaders: ["authorization", "content-type", "idempotency-key", "if-match"],
              exposeHeaders: ["etag", "location", "retry-after"],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new apigw.HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: { ...config.apiThrottle },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer("CognitoJwt", auth.userPool, {
      authorizerName: "cognito-jwt",
      userPoolClients: auth.clients,
      identitySource: ["$request.header.Authorization"],
    });

    for (const route of ROUTES) {
      const handler = this.routeFunction(route, config, store, webhooks);
      this.functions.set(route.operationId, handler);
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.operationId}Integration`, handler.fn),
        authorizer: route.anonymous ? new apigw.HttpNoneAuthorizer() : authorizer,
      });
      // Route settings name route keys: the routes must exist before the stage refers to them.
      for (const created of routes) this.stage.node.addDependency(created);
    }

    // Commands cost a write each: they get a share of the stage's limits, so a burst of them cannot
    // use up what reads need. (The per-tenant budget in the functions keeps tenants apart.) The webhook
    // receiver writes no table item: it gets its own limits (webhookThrottle).
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      ROUTES.filter((route) => route.method !== "GET").map((route) => [
        `${route.method} ${route.path}`,
        route.webhooks === "receive"
          ? webhookThrottle(config.apiThrottle)
          : commandThrottle(config.apiThrottle),
      ]),
    );

    new CfnOutput(this, "ApiUrl", { value: this.stage.url, description: "Base URL of the HTTP API" });
  }

  private routeFunction(
    route: RouteDefinition,
    config: EnvironmentConfig,
    store: EventStore,
    webhooks: Webhooks,
  ): OptFunction {
    const handler = new OptFunction(this, pascal(route.operationId), {
      config,
      entry: `functions/${route.handler}.ts`,
      description: `${route.method} ${route.path} (${route.operationId})`,
      serviceName: "opt-api",
      environment: {
        TABLE_NAME: store.table.tableName,
        ...store.keyEnvironment(keyAccessOf(route)),
        ...(route.webhooks ? webhooks.environment(route.webhooks) : {}),
      },
      ...(route.packageFiles ? { packageFiles: route.packageFiles } : {}),
    });
    store.grantAccess(handler.role, route.access);
    store.grantKeys(handler.role, keyAccessOf(route));
    if (route.erasesPersonalData) store.grantLinkRemoval(handler.role);
    if (route.webhooks === "receive") webhooks.grantReceive(handler.role);
    if (route.webhooks === "replay") webhooks.grantReplayReads(handler.role);
    return handler;
  }
}

/** A command route's limits: half the stage's rate and burst. */
export const commandThrottle = (stage: EnvironmentConfig["apiThrottle"]) => ({
  ThrottlingRateLimit: stage.rateLimit / 2,
  ThrottlingBurstLimit: Math.floor(stage.burstLimit / 2),
});

/**
 * The webhook receiver's limits: half the stage's steady rate (the route is anonymous, so an
 * unauthenticated flood costs at most that many invocations before the HMAC check turns it away), but
 * the stage's whole burst: vendors deliver in bursts (a device syncing a day of sessions), and the
 * function only archives and enqueues; the queue and the processor's concurrency bound smooth what
 * reaches the table. Over the limit a vendor gets 429 and retries, as their webhook delivery does.
 */
export const webhookThrottle = (stage: EnvironmentConfig["apiThrottle"]) => ({
  ThrottlingRateLimit: stage.rateLimit / 2,
  ThrottlingBurstLimit: stage.burstLimit,
});

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
