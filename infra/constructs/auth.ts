import { Aws, CfnOutput, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import {
  RESOURCE_SERVER_ID,
  type Role,
  roleScopeName,
  tenantScopeName,
} from "../../functions/auth/claims.ts";
import type { EnvironmentConfig } from "../config.ts";
import { OptFunction } from "./node-function.ts";

export interface AuthProps {
  readonly config: EnvironmentConfig;
}

/**
 * Who may call the API, and the claims their tokens carry (`tenant_id`, `role`, `locations`).
 *
 * - Staff of the gym chains sign in through the web app client (authorization code + PKCE, no secret).
 *   Their tenant, role and locations are custom attributes only administrators can write.
 * - Each chain's server-to-server integration is its own app client (client credentials), allowed
 *   exactly two scopes: `opt-api/tenant.<tenantId>` and `opt-api/role.<role>`. The scope is what binds
 *   the client to its tenant (see infra/README.md for why not a client-id lookup).
 * - A pre-token-generation trigger (event V3_0: V2_0 plus client-credentials grants) writes the claims
 *   into the access token from whichever of the two applies, or refuses the token. The API accepts
 *   access tokens only (functions/middleware/principal.ts: the JWT authorizer cannot check token_use).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  readonly machineClients: cognito.UserPoolClient[] = [];
  readonly resourceServer: cognito.UserPoolResourceServer;
  readonly domain: cognito.UserPoolDomain;
  readonly preTokenGeneration: OptFunction;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { config } = props;

    this.userPool = new cognito.UserPool(this, "UserPool", {
      // Essentials is the cheapest plan with access-token customisation (trigger V2_0/V3_0).
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      customAttributes: {
        tenant_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        role: new cognito.StringAttribute({ minLen: 1, maxLen: 16, mutable: true }),
        locations: new cognito.StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
      },
      deletionProtection: config.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: config.removalPolicy,
    });

    this.preTokenGeneration = new OptFunction(this, "PreTokenGeneration", {
      config,
      entry: "functions/auth/pre-token-generation.ts",
      description: "Cognito pre-token-generation: tenant, role and locations claims",
      serviceName: "opt-auth",
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    this.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.preTokenGeneration.fn,
      cognito.LambdaVersion.V3_0,
    );

    // The token endpoint for client credentials lives on the user pool domain.
    this.domain = this.userPool.addDomain("Domain", {
      cognitoDomain: { domainPrefix: `${config.authDomainPrefix}-${Aws.ACCOUNT_ID}` },
    });

    const roleScopes = new Map<Role, cognito.ResourceServerScope>();
    for (const role of ["trainer", "manager", "analyst"] as const) {
      roleScopes.set(
        role,
        new cognito.ResourceServerScope({
          scopeName: roleScopeName(role),
          scopeDescription: `act as ${role}`,
        }),
      );
    }
    const tenantScopes = new Map<string, cognito.ResourceServerScope>();
    for (const { tenantId } of config.machineClients) {
      tenantScopes.set(
        tenantId,
        new cognito.ResourceServerScope({
          scopeName: tenantScopeName(tenantId),
          scopeDescription: `act for tenant ${tenantId}`,
        }),
      );
    }
    this.resourceServer = this.userPool.addResourceServer("ResourceServer", {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: "OPT API",
      scopes: [...roleScopes.values(), ...tenantScopes.values()],
    });

    this.webClient = this.userPool.addClient("WebClient", {
      userPoolClientName: `${config.prefix}-web`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...config.callbackUrls],
        logoutUrls: [...config.logoutUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes("tenant_id", "role", "locations"),
      // Users must never write their own tenant, role or locations: only standard attributes here.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    for (const client of config.machineClients) {
      const tenantScope = tenantScopes.get(client.tenantId) as cognito.ResourceServerScope;
      const roleScope = roleScopes.get(client.role ?? "manager") as cognito.ResourceServerScope;
      this.machineClients.push(
        this.userPool.addClient(`Machine-${client.name}`, {
          userPoolClientName: `${config.prefix}-m2m-${client.name}`,
          generateSecret: true,
          authFlows: {},
          oAuth: {
            flows: { clientCredentials: true },
            scopes: [
              cognito.OAuthScope.resourceServer(this.resourceServer, tenantScope),
              cognito.OAuthScope.resourceServer(this.resourceServer, roleScope),
            ],
          },
          supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
          accessTokenValidity: Duration.hours(1),
          enableTokenRevocation: true,
          preventUserExistenceErrors: true,
        }),
      );
    }

    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    new CfnOutput(this, "WebClientId", { value: this.webClient.userPoolClientId });
    new CfnOutput(this, "TokenEndpoint", { value: `${this.domain.baseUrl()}/oauth2/token` });
  }

  /** Every client whose tokens the API accepts (the JWT authorizer's audience). */
  get clients(): cognito.UserPoolClient[] {
    return [this.webClient, ...this.machineClients];
  }
}
