import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { consistentReadUnits, itemSize, transactionalWriteUnits } from "./item-size.ts";

export interface Sample {
  /** Event items written (sort key E#…, in a transaction or alone): the floor of a command's writes. */
  writtenEvents: number;
  /** Units by DynamoDB's billing rules, from the sizes of the items read and written. */
  readUnits: number;
  writeUnits: number;
  /** What DynamoDB Local reported through ReturnConsumedCapacity (it under-counts transactions). */
  reported: number;
  itemBytes: number[];
  requests: string[];
  ms: number;
}

type Item = Record<string, AttributeValue>;

const ATTRIBUTE_TYPES = new Set(["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]);
/**
 * An item as DynamoDB stores it: lib-dynamodb hands the meter unmarshalled items, a plain client (a peer
 * library's adapter) hands it attribute values, which must not be marshalled a second time.
 */
const stored = (item: Record<string, unknown>): Item =>
  Object.values(item).every((value) => {
    const keys = value && typeof value === "object" ? Object.keys(value) : [];
    return keys.length === 1 && ATTRIBUTE_TYPES.has(keys[0] as string);
  })
    ? (item as Item)
    : marshall(item);
/** Non-transactional writes: 1 WCU per KB of the item. */
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export function billed(commandName: string, input: Record<string, unknown>, output: Record<string, unknown>) {
  if (commandName === "TransactWriteItemsCommand") {
    const entries = input.TransactItems as { Put?: { Item: Item }; Delete?: unknown; Update?: unknown }[];
    const bytes = entries.flatMap((entry) => (entry.Put ? [itemSize(entry.Put.Item)] : []));
    // A Delete or Update is billed on the item's size, which the request does not show: at least 1 KB.
    const unsized = entries.filter((entry) => entry.Delete || entry.Update).length;
    const write = bytes.reduce((sum, b) => sum + transactionalWriteUnits(b), 0) + 2 * unsized;
    return { read: 0, write, bytes };
  }
  if (commandName === "PutItemCommand") {
    const bytes = [itemSize(input.Item as Item)];
    return { read: 0, write: writeUnits(bytes[0] as number), bytes };
  }
  // The updated or deleted item's size is not in the request: these count the minimum (items under 1 KB).
  if (commandName === "UpdateItemCommand" || commandName === "DeleteItemCommand") {
    return { read: 0, write: 1, bytes: [] };
  }
  if (commandName === "BatchGetItemCommand") {
    const requested = Object.values(input.RequestItems as Record<string, { Keys: unknown[] }>).flatMap(
      (r) => r.Keys,
    ).length;
    // lib-dynamodb has already unmarshalled the response here: marshal again to size it as stored.
    const found = Object.values((output.Responses ?? {}) as Record<string, Record<string, unknown>[]>).flat();
    const bytes = found.map((item) => itemSize(stored(item)));
    // A key that is not found still costs the minimum read.
    return {
      read: bytes.reduce((sum, b) => sum + consistentReadUnits(b), 0) + (requested - found.length),
      write: 0,
      bytes,
    };
  }
  if (commandName === "QueryCommand") {
    // A query is billed on the sum of the sizes of the items it returns, rounded up to 4 KB (at least 1).
    const items = (output.Items ?? []) as Record<string, unknown>[];
    const bytes = items.map((item) => itemSize(stored(item)));
    const units = Math.max(1, consistentReadUnits(bytes.reduce((sum, b) => sum + b, 0)));
    return {
      read: input.ConsistentRead ? units : units / 2,
      write: 0,
      bytes: [bytes.reduce((sum, b) => sum + b, 0)],
    };
  }
  if (commandName === "GetItemCommand") {
    const item = output.Item as Record<string, unknown> | undefined;
    const bytes = item ? [itemSize(stored(item))] : [];
    return { read: item ? consistentReadUnits(bytes[0] as number) : 1, write: 0, bytes };
  }
  return { read: 0, write: 0, bytes: [] };
}

/** Sums ConsumedCapacity of every response the client receives while `run` executes. */
export function meter(client: DynamoDBClient) {
  let current: Sample | null = null;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= "TOTAL";
      const result = await next(args);
      const output = result.output as unknown as Record<string, unknown> & {
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      if (current) {
        const commandName = context.commandName ?? "?";
        const units = billed(commandName, input, output);
        current.readUnits += units.read;
        current.writeUnits += units.write;
        current.itemBytes.push(...units.bytes);
        current.reported += [output.ConsumedCapacity ?? []]
          .flat()
          .reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        current.requests.push(commandName.replace(/Command$/, ""));
        if (commandName === "TransactWriteItemsCommand")
          current.writtenEvents += (input.TransactItems as { Put?: { Item: Item } }[]).filter((entry) =>
            entry.Put?.Item.sk?.S?.startsWith("E#"),
          ).length;
        if (commandName === "PutItemCommand" && (input.Item as Item).sk?.S?.startsWith("E#"))
          current.writtenEvents += 1;
      }
      return result;
    },
    // After lib-dynamodb has marshalled the input: the items as DynamoDB stores them.
    { step: "build", name: "capacityMeter" },
  );
  return async (run: () => Promise<unknown>): Promise<Sample> => {
    current = {
      readUnits: 0,
      writeUnits: 0,
      writtenEvents: 0,
      reported: 0,
      itemBytes: [],
      requests: [],
      ms: 0,
    };
    const started = performance.now();
    await run();
    const sample = { ...current, ms: performance.now() - started };
    current = null;
    return sample;
  };
}
