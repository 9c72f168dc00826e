import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  parseSecretValue,
  SecretsManagerSigningSecrets,
} from "../../../functions/webhooks/signing-secrets.ts";

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

describe("a tenant's signing secrets for a provider", () => {
  it("reads {secrets: [current, previous]} or one secret as plain text", () => {
    expect(parseSecretValue('{"secrets":["new","old"]}')).toEqual(["new", "old"]);
    expect(parseSecretValue("whsec_plain")).toEqual(["whsec_plain"]);
    expect(parseSecretValue('{"secrets":["ok", 7, ""]}')).toEqual(["ok"]);
    expect(parseSecretValue("")).toEqual([]);
  });

  it("reads <prefix>/<tenant>/<provider> from Secrets Manager once per container within the cache age", async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"secrets":["s1","s0"]}' });
    const secrets = new SecretsManagerSigningSecrets("opt-dev/webhooks");
    expect(await secrets.secretsFor("gym-a", "garmin")).toEqual(["s1", "s0"]);
    expect(await secrets.secretsFor("gym-a", "garmin")).toEqual(["s1", "s0"]);
    const calls = secretsManager.commandCalls(GetSecretValueCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.SecretId).toBe("opt-dev/webhooks/gym-a/garmin");
  });

  it("given no secret for the tenant and provider, then none (every post refused), and the miss is remembered", async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
    const secrets = new SecretsManagerSigningSecrets("opt-dev/webhooks");
    expect(await secrets.secretsFor("nobody", "terra")).toEqual([]);
    expect(await secrets.secretsFor("nobody", "terra")).toEqual([]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it("given Secrets Manager failing otherwise (throttled), then the failure surfaces: no post is refused for it", async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error("slow down"), { name: "ThrottlingException" }));
    await expect(new SecretsManagerSigningSecrets("p").secretsFor("gym-a", "garmin")).rejects.toThrow();
  });
});
