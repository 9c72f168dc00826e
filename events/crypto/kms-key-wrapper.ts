import type { KMSClient } from "@aws-sdk/client-kms";
import type { KeyOwner, KeyWrapper } from "./key-wrapper.ts";

/**
 * Data keys from AWS KMS: GenerateDataKey at registration, Decrypt on a cold read. The encryption
 * context names the tenant and client, so CloudTrail shows whose key was used and a wrapped key cannot
 * be unwrapped as another client's.
 */
export class KmsKeyWrapper implements KeyWrapper {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async generate(owner: KeyOwner) {
    const { GenerateDataKeyCommand } = await kmsCommands();
    const result = await this.kms.send(
      new GenerateDataKeyCommand({
        KeyId: this.keyId,
        KeySpec: "AES_256",
        EncryptionContext: context(owner),
      }),
    );
    if (!result.Plaintext || !result.CiphertextBlob) throw new Error("KMS returned no data key");
    return { plaintext: result.Plaintext, wrapped: result.CiphertextBlob };
  }

  async unwrap(wrapped: Uint8Array, owner: KeyOwner) {
    const { DecryptCommand } = await kmsCommands();
    const result = await this.kms.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: context(owner) }),
    );
    if (!result.Plaintext) throw new Error("KMS returned no plaintext");
    return result.Plaintext;
  }
}

/**
 * Imported when first needed: a static import would be hoisted to the top of every keyed handler's
 * bundle (the SDK is external), and load the KMS client at cold start (functions/shared/environment.ts).
 */
const kmsCommands = () => import("@aws-sdk/client-kms");

const context = ({ tenantId, clientId }: KeyOwner) => ({
  purpose: "opt-client-data-key",
  tenantId,
  clientId,
});
