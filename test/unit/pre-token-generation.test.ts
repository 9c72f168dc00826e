import { describe, expect, it } from "vitest";
import {
  claimsForMachine,
  claimsForUser,
  handler,
  normaliseLocations,
  type PreTokenGenerationEvent,
  TokenRefused,
} from "../../functions/auth/pre-token-generation.ts";

const baseEvent = {
  version: "2",
  region: "eu-west-1",
  userPoolId: "eu-west-1_pool",
  userName: "user",
  callerContext: { awsSdkVersion: "aws-sdk-unknown", clientId: "client" },
  response: { claimsAndScopeOverrideDetails: {} },
};

const userEvent = (userAttributes: Record<string, string>): PreTokenGenerationEvent =>
  ({
    ...baseEvent,
    triggerSource: "TokenGeneration_Authentication",
    request: { userAttributes, groupConfiguration: { groupsToOverride: [] }, scopes: ["openid"] },
  }) as PreTokenGenerationEvent;

const machineEvent = (scopes: string[]): PreTokenGenerationEvent =>
  ({
    ...baseEvent,
    version: "3",
    triggerSource: "TokenGeneration_ClientCredentials",
    request: { userAttributes: {}, groupConfiguration: {}, scopes },
  }) as PreTokenGenerationEvent;

describe("pre-token generation: people", () => {
  it("copies tenant, role and locations from the custom attributes into both tokens", async () => {
    const result = await handler(
      userEvent({
        sub: "u-1",
        "custom:tenant_id": "acme",
        "custom:role": "trainer",
        "custom:locations": "loc-1, loc-2",
      }),
    );
    const expected = { tenant_id: "acme", role: "trainer", locations: "loc-1,loc-2" };
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: expected },
      accessTokenGeneration: { claimsToAddOrOverride: expected },
    });
  });

  it("keeps '*' as every location", () => {
    expect(
      claimsForUser({ "custom:tenant_id": "acme", "custom:role": "manager", "custom:locations": "*" }),
    ).toEqual({
      tenant_id: "acme",
      role: "manager",
      locations: "*",
    });
  });

  it("gives a user without locations an empty list, never all of them", () => {
    expect(claimsForUser({ "custom:tenant_id": "acme", "custom:role": "analyst" }).locations).toBe("");
  });

  it.each([
    ["no tenant", { "custom:role": "trainer" }],
    ["a tenant with a key separator", { "custom:tenant_id": "acme#C#x", "custom:role": "trainer" }],
    ["no role", { "custom:tenant_id": "acme" }],
    ["an unknown role", { "custom:tenant_id": "acme", "custom:role": "owner" }],
    [
      "a bad location id",
      { "custom:tenant_id": "acme", "custom:role": "trainer", "custom:locations": "a#b" },
    ],
  ])("refuses a token to a user with %s", async (_, attributes) => {
    await expect(handler(userEvent(attributes))).rejects.toBeInstanceOf(TokenRefused);
  });
});

describe("pre-token generation: machine clients (client credentials)", () => {
  it("binds the tenant and role from the client's scopes, with every location, in the access token only", async () => {
    const result = await handler(machineEvent(["opt-api/tenant.acme", "opt-api/role.manager"]));
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant_id: "acme", role: "manager", locations: "*" },
      },
    });
  });

  it.each([
    ["no tenant scope", ["opt-api/role.manager"]],
    ["two tenant scopes", ["opt-api/tenant.acme", "opt-api/tenant.globex", "opt-api/role.manager"]],
    ["no role scope", ["opt-api/tenant.acme"]],
    ["an admin role scope", ["opt-api/tenant.acme", "opt-api/role.admin"]],
    ["a scope of another resource server", ["other/tenant.acme", "opt-api/role.manager"]],
  ])("refuses a token to a client with %s", (_, scopes) => {
    expect(() => claimsForMachine(scopes)).toThrow(TokenRefused);
  });

  it("ignores user attributes for client credentials", async () => {
    const event = machineEvent(["opt-api/tenant.acme", "opt-api/role.analyst"]);
    event.request.userAttributes = { "custom:tenant_id": "globex", "custom:role": "admin" };
    const result = await handler(event);
    expect(
      result.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride,
    ).toMatchObject({
      tenant_id: "acme",
      role: "analyst",
    });
  });
});

describe("normaliseLocations", () => {
  it("trims, drops empties and duplicates", () => {
    expect(normaliseLocations(" a, b,,a ")).toBe("a,b");
  });
});
