import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * An item's size as DynamoDB bills it (the documented rules): attribute names plus values; strings
 * and binaries by length, numbers by significant digits, 3 bytes per map or list plus 1 per element.
 */
export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  );
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+/g, "").length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if (value.M !== undefined)
    return (
      3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueSize(v), 0)
    );
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + Math.ceil(n.length / 2) + 1, 0);
  return 0;
}

/** Transactional writes cost 2 WCU per KB of each item; strongly consistent reads 1 RCU per 4 KB. */
export const transactionalWriteUnits = (bytes: number) => 2 * Math.max(1, Math.ceil(bytes / 1024));
export const consistentReadUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096));
