import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  SIGNATURE_TOLERANCE_SECONDS,
  signatureHeader,
  signatureOf,
  verifySignature,
} from "../../../functions/webhooks/signature.ts";

const secret = "whsec_current";
const previous = "whsec_previous";
const now = new Date("2026-12-01T12:00:00Z");
const t = Math.floor(now.getTime() / 1000);
const body = Buffer.from('{"sessions":[{"externalUserId":"u-1","externalSessionId":"s-1"}]}');

const check = (
  header: string | undefined,
  overrides: { rawBody?: Uint8Array; secrets?: string[]; at?: Date } = {},
) =>
  verifySignature({
    header,
    rawBody: overrides.rawBody ?? body,
    secrets: overrides.secrets ?? [secret],
    now: overrides.at ?? now,
  });

describe("webhook signatures: HMAC-SHA256 over t + '.' + the raw body", () => {
  it("signs as the documented recipe does (what a sender computes with openssl or any HMAC library)", () => {
    const expected = createHmac("sha256", secret)
      .update(`${t}.${body.toString("utf8")}`)
      .digest("hex");
    expect(signatureOf(secret, t, body)).toBe(expected);
  });

  it("given a valid signature, then valid, with the time it was signed", () => {
    expect(check(signatureHeader([secret], t, body))).toEqual({ valid: true, signedAt: now });
  });

  it("given a signature made with another secret, then refused", () => {
    expect(check(signatureHeader(["whsec_someone_else"], t, body))).toEqual({
      valid: false,
      reason: "no signature matches the body",
    });
  });

  it("given a tenant with no secret for the provider, then every signature is refused", () => {
    expect(check(signatureHeader([secret], t, body), { secrets: [] }).valid).toBe(false);
  });

  it(`given a signature more than ${SIGNATURE_TOLERANCE_SECONDS} s old, then refused as stale; at the limit it passes`, () => {
    const old = t - SIGNATURE_TOLERANCE_SECONDS - 1;
    expect(check(signatureHeader([secret], old, body))).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/300 s/),
    });
    expect(check(signatureHeader([secret], t - SIGNATURE_TOLERANCE_SECONDS, body)).valid).toBe(true);
  });

  it("given a signature from more than 300 s in the future, then refused", () => {
    expect(check(signatureHeader([secret], t + SIGNATURE_TOLERANCE_SECONDS + 1, body)).valid).toBe(false);
  });

  it("given a captured post replayed within the window, then still authentic (its sessions are recorded once: the ids do that), and refused once the window has passed", () => {
    const header = signatureHeader([secret], t, body);
    expect(check(header, { at: new Date(now.getTime() + 120_000) }).valid).toBe(true);
    expect(check(header, { at: new Date(now.getTime() + 301_000) }).valid).toBe(false);
  });

  it("given the same JSON re-serialized (spaces, key order) under the original signature, then refused: the bytes are signed", () => {
    const header = signatureHeader([secret], t, body);
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8")), null, 1));
    expect(check(header, { rawBody: reserialized }).valid).toBe(false);
    expect(check(header, { rawBody: Buffer.concat([body, Buffer.from("\n")]) }).valid).toBe(false);
  });

  it("given a missing header, then refused naming it", () => {
    expect(check(undefined)).toEqual({ valid: false, reason: "the x-opt-signature header is missing" });
  });

  it.each([
    ["no t", `v1=${signatureOf(secret, t, body)}`],
    ["no v1", `t=${t}`],
    ["a t in words", `t=yesterday,v1=${signatureOf(secret, t, body)}`],
    ["two t values", `t=${t},t=${t},v1=${signatureOf(secret, t, body)}`],
    ["a v1 that is not 64 hex digits", `t=${t},v1=abc`],
    ["a part without =", `t=${t},v1`],
    ["an empty header", ""],
  ])("given a malformed header (%s), then refused", (_, header) => {
    expect(check(header)).toMatchObject({ valid: false });
  });

  it("given only other schemes (v0), then refused: no downgrade", () => {
    const v0 = createHmac("sha1", secret).update(`${t}.${body}`).digest("hex");
    expect(check(`t=${t},v0=${v0}`).valid).toBe(false);
    expect(check(`t=${t},v0=${v0},v1=${signatureOf(secret, t, body)}`).valid).toBe(true);
  });

  describe("secret rotation", () => {
    it("given a sender signing with both its old and new secret, when we know only the new one, then valid", () => {
      expect(check(signatureHeader([previous, secret], t, body), { secrets: [secret] }).valid).toBe(true);
    });

    it("given a sender still on the old secret, when we hold both (current first), then valid; once the old one is retired, refused", () => {
      const header = signatureHeader([previous], t, body);
      expect(check(header, { secrets: [secret, previous] }).valid).toBe(true);
      expect(check(header, { secrets: [secret] }).valid).toBe(false);
    });
  });
});
