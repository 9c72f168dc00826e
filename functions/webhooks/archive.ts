import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/** Which post: its tenant, provider and receipt. */
export interface ReceiptRef {
  readonly tenantId: string;
  readonly provider: string;
  readonly receiptId: string;
}

/** A webhook post exactly as it arrived, kept for audit and replay. */
export interface ArchivedPayload extends ReceiptRef {
  /** When the sender signed it (the signature's t). */
  readonly signedAt: string;
  readonly receivedAt: string;
  /** The raw bytes the signature covered. */
  readonly body: Uint8Array;
}

export interface PayloadArchive {
  put(payload: ArchivedPayload): Promise<void>;
  get(ref: ReceiptRef): Promise<ArchivedPayload | null>;
}

const objectKey = ({ tenantId, provider, receiptId }: ReceiptRef) => `${tenantId}/${provider}/${receiptId}`;

/** In AWS: one object per post, its times in the object's metadata. */
export class S3PayloadArchive implements PayloadArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(payload: ArchivedPayload): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: objectKey(payload),
        Body: payload.body,
        ContentType: "application/json",
        Metadata: { "signed-at": payload.signedAt, "received-at": payload.receivedAt },
      }),
    );
  }

  async get(ref: ReceiptRef): Promise<ArchivedPayload | null> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey(ref) }));
      const body = await object.Body?.transformToByteArray();
      if (!body) return null;
      return {
        ...ref,
        signedAt: object.Metadata?.["signed-at"] ?? "",
        receivedAt: object.Metadata?.["received-at"] ?? "",
        body,
      };
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }
}

/** In the local stack: a folder per tenant and provider under DATA_DIR, the body and its times side by side. */
export class FilePayloadArchive implements PayloadArchive {
  constructor(private readonly dir: string) {}

  async put(payload: ArchivedPayload): Promise<void> {
    const base = join(this.dir, objectKey(payload));
    await mkdir(join(this.dir, payload.tenantId, payload.provider), { recursive: true });
    await writeFile(`${base}.body`, payload.body, { flag: "wx" });
    const { body: _body, ...meta } = payload;
    await writeFile(`${base}.json`, JSON.stringify(meta, null, 2), { flag: "wx" });
  }

  async get(ref: ReceiptRef): Promise<ArchivedPayload | null> {
    const base = join(this.dir, objectKey(ref));
    try {
      const meta = JSON.parse(await readFile(`${base}.json`, "utf8")) as Omit<ArchivedPayload, "body">;
      return { ...meta, ...ref, body: await readFile(`${base}.body`) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }
}
