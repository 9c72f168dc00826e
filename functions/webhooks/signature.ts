import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a sender signs with: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`. */
export const SIGNATURE_HEADER = "x-opt-signature";
/** How far a signature's time may be from ours, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { readonly valid: true; readonly signedAt: Date }
  | { readonly valid: false; readonly reason: string };

/** The v1 signature of a body at a time: what a sender computes, and what we compare with. */
export const signatureOf = (secret: string, timestamp: number, rawBody: Uint8Array): string =>
  createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");

/** The header for a body signed now with each of the secrets (a sender mid-rotation sends several). */
export const signatureHeader = (secrets: readonly string[], timestamp: number, rawBody: Uint8Array): string =>
  [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signatureOf(secret, timestamp, rawBody)}`)].join(",");

/**
 * Checks a signature over the raw bytes, before anything parses them. Any `v1` value made with any of our
 * secrets passes (either side may be rotating); other schemes are ignored, so no downgrade is possible.
 * Comparisons are constant-time.
 */
export function verifySignature(input: {
  readonly header: string | undefined;
  readonly rawBody: Uint8Array;
  readonly secrets: readonly string[];
  readonly now: Date;
}): SignatureCheck {
  const { header, rawBody, secrets, now } = input;
  if (!header) return { valid: false, reason: `the ${SIGNATURE_HEADER} header is missing` };
  const parsed = parseHeader(header);
  if (!parsed) return { valid: false, reason: `the ${SIGNATURE_HEADER} header is not t=<seconds>,v1=<hex>` };
  const skew = Math.abs(now.getTime() / 1000 - parsed.timestamp);
  if (skew > SIGNATURE_TOLERANCE_SECONDS)
    return {
      valid: false,
      reason: `the signature's time is more than ${SIGNATURE_TOLERANCE_SECONDS} s from ours`,
    };
  const expected = secrets.map((secret) =>
    Buffer.from(signatureOf(secret, parsed.timestamp, rawBody), "hex"),
  );
  const matches = parsed.signatures.some((candidate) =>
    expected.some((mine) => mine.length === candidate.length && timingSafeEqual(mine, candidate)),
  );
  return matches
    ? { valid: true, signedAt: new Date(parsed.timestamp * 1000) }
    : { valid: false, reason: "no signature matches the body" };
}

function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | null {
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const separator = part.indexOf("=");
    if (separator < 0) return null;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === "t") {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (name === "v1") {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(Buffer.from(value, "hex"));
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}
