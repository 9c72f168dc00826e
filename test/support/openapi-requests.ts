import fc from "fast-check";
import type { openApiDocument } from "../../functions/http/openapi.ts";

/*
 * Requests derived from the OpenAPI document: valid ones from each operation's parameter and body
 * schemas, and mutations of them (wrong types, boundary numbers, empty and huge strings, empty keys,
 * control and bidirectional characters, odd Unicode, unknown and duplicated fields). Generic over the
 * document, so a route added later is fuzzed too.
 */

type Document = ReturnType<typeof openApiDocument>;
// biome-ignore lint/suspicious/noExplicitAny: OpenAPI schemas are walked generically, keyword by keyword.
type Schema = Record<string, any>;
type Json = unknown;

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required?: boolean;
  readonly schema: Schema;
}

export interface FuzzOperation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: Schema | null;
}

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  /** The raw JSON text sent, or undefined for no body. */
  readonly raw?: string;
  /** What was done to the valid request, for the failure message. */
  readonly mutation: string;
}

/** Every operation of the document, with its path and query parameters and its JSON body schema. */
export function operationsOf(document: Document): FuzzOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    (["get", "post", "put", "patch", "delete"] as const).flatMap((method) => {
      const operation = (item as Record<string, Schema | undefined>)[method];
      if (!operation) return [];
      return [
        {
          id: String(operation.operationId ?? `${method} ${path}`),
          method: method.toUpperCase(),
          path,
          parameters: (operation.parameters ?? []) as Parameter[],
          body: operation.requestBody?.content?.["application/json"]?.schema ?? null,
        },
      ];
    }),
  );
}

export class RequestArbitraries {
  private readonly numbers: number[];

  constructor(
    private readonly document: Document,
    /** Values for path parameters of a given format or name (e.g. the uuid of a registered client). */
    private readonly pathValues: (parameter: Parameter) => string | undefined,
  ) {
    this.numbers = boundaryNumbers(document);
  }

  private deref(schema: Schema): Schema {
    const ref = schema.$ref as string | undefined;
    if (!ref) return schema;
    const name = ref.replace("#/components/schemas/", "");
    const target = (this.document.components?.schemas as Record<string, Schema> | undefined)?.[name];
    if (!target) throw new Error(`unresolved ${ref}`);
    return this.deref(target);
  }

  /** Values the schema accepts (constraints the document cannot state, such as refinements, aside). */
  valid(input: Schema): fc.Arbitrary<Json> {
    const schema = this.deref(input);
    const choices = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
    if (schema.enum) return fc.constantFrom(...(schema.enum as Json[]));
    if (choices?.length) return fc.oneof(...choices.map((choice) => this.valid(choice)));
    switch (schema.type) {
      case "object":
        return this.validObject(schema);
      case "array": {
        const minLength = schema.minItems ?? 0;
        const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
        return fc.array(this.valid(schema.items ?? {}), { minLength, maxLength });
      }
      case "integer":
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
      case "number":
        return fc.double({
          min: schema.minimum ?? -1000,
          max: schema.maximum ?? 1000,
          minExcluded: schema.exclusiveMinimum === true,
          maxExcluded: schema.exclusiveMaximum === true,
          noNaN: true,
        });
      case "boolean":
        return fc.boolean();
      case "string":
        return validString(schema);
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  }

  private validObject(schema: Schema): fc.Arbitrary<Json> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const extra = schema.additionalProperties;
    if (Object.keys(properties).length === 0 && extra && typeof extra === "object") {
      const maxKeys = Math.min(schema.maxProperties ?? 3, 3);
      return fc.dictionary(fc.stringMatching(/^[a-z]{1,12}$/), this.valid(extra), { maxKeys });
    }
    const record = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, this.valid(value)]),
    );
    return fc.record(record, { requiredKeys: (schema.required ?? []) as string[] });
  }

  /** A valid request to the operation: path and query parameters, and a body if it takes one. */
  request(
    operation: FuzzOperation,
  ): fc.Arbitrary<{ path: string; query: Record<string, string>; body?: Json }> {
    const path = fc.constant(this.fillPath(operation));
    // Only required query parameters and those whose values the document enumerates or bounds are
    // generated: an opaque one (a cursor) is valid only when it came from a previous page.
    const query = fc.record(
      Object.fromEntries(
        operation.parameters
          .filter((p) => p.in === "query" && (p.required || p.schema.enum || p.schema.type === "integer"))
          .map((p) => [p.name, this.valid(p.schema).map(String)]),
      ),
      { requiredKeys: operation.parameters.filter((p) => p.in === "query" && p.required).map((p) => p.name) },
    ) as fc.Arbitrary<Record<string, string>>;
    return operation.body
      ? fc.record({ path, query, body: this.valid(operation.body) })
      : fc.record({ path, query });
  }

  private fillPath(operation: FuzzOperation): string {
    return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const parameter = operation.parameters.find((p) => p.in === "path" && p.name === name);
      const value = parameter ? this.pathValues(parameter) : undefined;
      return encodeURIComponent(
        value ?? (fc.sample(this.valid(parameter?.schema ?? { type: "string" }), 1)[0] as string),
      );
    });
  }

  /** Hostile JSON values: wrong types, boundary numbers of the document, empty, huge and odd strings. */
  hostile(): fc.Arbitrary<Json> {
    return fc.oneof(
      fc.constantFrom<Json>(null, true, false, [], {}, [[]], { "": 1 }, JSON.parse('{"__proto__":{"x":1}}')),
      fc.constantFrom(...this.numbers),
      fc.constantFrom(0, -0, 1.5, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 2, -(2 ** 31)),
      fc.constantFrom(...HOSTILE_STRINGS),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.jsonValue({ maxDepth: 2 }),
    );
  }

  /** A valid request with one thing done wrong. */
  mutated(operation: FuzzOperation): fc.Arbitrary<FuzzRequest> {
    const kinds = [
      ...(operation.body
        ? ["replace", "delete", "unknown field", "empty key", "duplicate field", "whole body"]
        : []),
      ...(operation.parameters.some((p) => p.in === "query") ? ["query value", "unknown query"] : []),
      ...(operation.parameters.some((p) => p.in === "path") ? ["path value"] : []),
    ];
    if (kinds.length === 0) kinds.push("unknown query");
    return fc
      .record({
        valid: this.request(operation),
        kind: fc.constantFrom(...kinds),
        hostile: this.hostile(),
        at: fc.nat(),
      })
      .map(({ valid, kind, hostile, at }) => {
        const query = { ...valid.query };
        let path = valid.path;
        let raw = valid.body === undefined ? undefined : JSON.stringify(valid.body);
        let mutation = kind;
        // In a URL, a hostile value is clipped: API Gateway refuses long URLs before any handler runs.
        const inUrl = (typeof hostile === "string" ? hostile : (JSON.stringify(hostile) ?? "")).slice(
          0,
          MAX_URL_VALUE,
        );
        if (kind === "query value" || kind === "unknown query") {
          const names = operation.parameters.filter((p) => p.in === "query").map((p) => p.name);
          const name = kind === "unknown query" ? "unexpected" : (names[at % names.length] ?? "unexpected");
          query[name] = inUrl;
          mutation = `${kind} ${name}`;
        } else if (kind === "path value") {
          const segments = path.split("/");
          const variable = operation.path.split("/").findIndex((segment) => segment.startsWith("{"));
          segments[variable] = encodeSegment(inUrl);
          path = segments.join("/") || "/";
        } else if (kind === "whole body") {
          raw = JSON.stringify(hostile) ?? "";
        } else if (valid.body !== undefined) {
          const [mutated, where] = mutateBody(valid.body, kind, hostile, at);
          raw = mutated;
          mutation = `${kind} at ${where || "(root)"}`;
        }
        const search = new URLSearchParams(query).toString();
        return {
          method: operation.method,
          path: search ? `${path}?${search}` : path,
          ...(raw === undefined ? {} : { raw }),
          mutation,
        };
      });
  }
}

const MAX_URL_VALUE = 2_000;

const HOSTILE_STRINGS = [
  "",
  " ",
  "x".repeat(70_000),
  "\u0000",
  "a\u0007b",
  "\u001b[31mred",
  "a\u202Eevil",
  "\u2066isolated\u2069",
  "\u200F",
  "\uD800",
  "\uDC00x",
  "\uFEFF",
  "\uFFFF",
  "e\u0301\u0301\u0301",
  "😀".repeat(300),
  "1",
  "true",
  "null",
  "NaN",
  "-1",
  "2026-13-45T99:99:99Z",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59-23:59",
  "1899-12-31",
  "2026-06-01T09:00:00+14:00",
  "../../etc/passwd",
  "%00",
  "T#other#C#x",
  "<script>",
];

/** Percent-encodes every byte, so even a lone surrogate (sent as U+FFFD) makes a path. */
const encodeSegment = (value: string): string =>
  [...Buffer.from(value, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");

/** Every bound the document states (minimum, maximum, lengths, counts), with its neighbours. */
function boundaryNumbers(document: Document): number[] {
  const bounds = new Set<number>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (/^(minimum|maximum|minLength|maxLength|minItems|maxItems|maxProperties)$/.test(key)) {
        const bound = Number(child);
        for (const near of [bound - 1, bound, bound + 1, bound + 0.5]) bounds.add(near);
      } else walk(child);
    }
  };
  walk(document);
  return [...bounds];
}

function validString(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === "date-time")
    return fc
      .date({
        min: new Date("2020-01-01T00:00:00Z"),
        max: new Date("2026-05-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  if (schema.format === "date")
    return fc
      .date({
        min: new Date("1940-01-01T00:00:00Z"),
        max: new Date("2008-01-01T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
  if (schema.format === "uuid") return fc.uuid();
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 24, 24));
  const plain = fc.string({ unit: fc.constantFrom(..."abcdefgxyz0129-_"), minLength, maxLength });
  if (!schema.pattern) return plain;
  const pattern = new RegExp(schema.pattern as string);
  // Our plain alphabet fits most patterns; others get fast-check's generator for the pattern itself.
  return pattern.test("ab-1") ? plain.filter((value) => pattern.test(value)) : fc.stringMatching(pattern);
}

/** Paths (as key lists) of every object and array inside a JSON value, the root first. */
function containers(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => containers(item, [...at, i]))];
  if (value && typeof value === "object")
    return [at, ...Object.entries(value).flatMap(([key, item]) => containers(item, [...at, key]))];
  return [];
}

function mutateBody(body: Json, kind: string, hostile: Json, at: number): [string, string] {
  const copy = structuredClone(body) as Record<string, unknown>;
  const places = containers(copy).filter((path) => path.length > 0 || (copy && typeof copy === "object"));
  const place = places[at % places.length] ?? [];
  const target = place.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown>)[key],
    copy,
  ) as Record<string, unknown> | unknown[];
  const where = place.join(".");
  const keys = Object.keys(target);
  const key = keys[at % Math.max(keys.length, 1)];
  switch (kind) {
    case "replace":
      if (key === undefined) return [JSON.stringify(hostile) ?? "", where];
      (target as Record<string, unknown>)[key] = hostile;
      return [JSON.stringify(copy), `${where}.${key}`];
    case "delete":
      if (key !== undefined) delete (target as Record<string, unknown>)[key];
      return [JSON.stringify(copy), `${where}.${key}`];
    case "unknown field":
      (target as Record<string, unknown>).unexpected = hostile;
      return [JSON.stringify(copy), `${where}.unexpected`];
    case "empty key":
      (target as Record<string, unknown>)[""] = hostile;
      return [JSON.stringify(copy), `${where}.""`];
    default: {
      // "duplicate field": the root's first key sent twice, the hostile value first (JSON.parse keeps the last).
      const text = JSON.stringify(copy);
      const first = Object.keys(copy)[0];
      if (!text.startsWith("{") || first === undefined) return [text, where];
      return [`{${JSON.stringify(first)}:${JSON.stringify(hostile) ?? "null"},${text.slice(1)}`, first];
    }
  }
}
