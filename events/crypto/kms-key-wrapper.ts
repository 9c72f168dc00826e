import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
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
    const result = await this.kms.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: context(owner) }),
    );
    if (!result.Plaintext) throw new Error("KMS returned no plaintext");
    return result.Plaintext;
  }
}

const context = ({ tenantId, clientId }: KeyOwner) => ({
  purpose: "opt-client-data-key",
  tenantId,
  clientId,
});
