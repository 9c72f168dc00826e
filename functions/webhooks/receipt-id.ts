import { randomBytes } from "node:crypto";

/**
 * A receipt id: a UUID version 7 (RFC 9562), its first 48 bits the receipt's millisecond, so ids sort
 * by arrival and parked sessions list oldest first.
 */
export function receiptIdAt(now: Date): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now.getTime(), 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
