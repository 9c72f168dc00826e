import { Ajv, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { openApiDocument } from "../../functions/http/openapi.ts";

/*
 * Checks a response against the OpenAPI document: its status is documented for the operation, its
 * content type is one documented for that status, and its body validates against the schema there.
 * Built from the document itself, so routes added later are checked too.
 */

type Document = ReturnType<typeof openApiDocument>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ??
  addFormatsPlugin) as typeof addFormatsPlugin.default;

/**
 * OpenAPI 3.0 as JSON Schema: `nullable: true` becomes a union with null (ajv refuses `nullable` without a
 * sibling `type`), and 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` beside `minimum`/`maximum`
 * become the numeric bounds of later drafts.
 */
function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const { nullable, example: _, exclusiveMinimum, exclusiveMaximum, ...rest } = schema;
  const converted: Record<string, Json> = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]),
  );
  if (exclusiveMinimum === true) {
    converted.exclusiveMinimum = converted.minimum as Json;
    delete converted.minimum;
  } else if (typeof exclusiveMinimum === "number") converted.exclusiveMinimum = exclusiveMinimum;
  if (exclusiveMaximum === true) {
    converted.exclusiveMaximum = converted.maximum as Json;
    delete converted.maximum;
  } else if (typeof exclusiveMaximum === "number") converted.exclusiveMaximum = exclusiveMaximum;
  return nullable === true ? { anyOf: [converted, { type: "null" }] } : converted;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

interface Operation {
  readonly id: string;
  readonly responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface CheckedResponse {
  readonly status: number;
  readonly contentType: string | null;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly body: unknown;
  readonly text: string;
}

export class Contract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { pattern: RegExp; operations: Partial<Record<string, Operation>> }[];
  private readonly components: Json;

  constructor(document: Document = openApiDocument()) {
    addFormats(this.ajv);
    this.components = toJsonSchema((document.components ?? {}) as Json);
    this.routes = Object.entries(document.paths ?? {}).map(([template, item]) => ({
      pattern: new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`),
      operations: Object.fromEntries(
        METHODS.flatMap((method) => {
          const operation = (item as Record<string, { operationId?: string; responses?: object }>)[method];
          return operation
            ? [
                [
                  method,
                  { id: operation.operationId ?? `${method} ${template}`, responses: operation.responses },
                ],
              ]
            : [];
        }),
      ) as Partial<Record<string, Operation>>,
    }));
  }

  /** The operation a request reaches, or null for a path or method the document does not have. */
  operation(method: string, path: string): Operation | null {
    const pathname = path.split("?")[0] ?? path;
    // As API Gateway: a path may fit several templates (a literal segment or a parameter); the method picks.
    const fitting = this.routes.filter((candidate) => candidate.pattern.test(pathname));
    return fitting.map((route) => route.operations[method.toLowerCase()]).find(Boolean) ?? null;
  }

  /** What is wrong with a response to `method path`, or null when the document describes it. */
  violation(method: string, path: string, response: CheckedResponse): string | null {
    const operation = this.operation(method, path);
    const mediaType = response.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
    if (!operation) {
      // Outside the document (an unknown path, an unserved method): still an error, as every error is.
      return response.status >= 400 && response.status < 500 && mediaType === "application/problem+json"
        ? null
        : `${method} ${path} is not in the document, yet answered ${response.status} ${mediaType}`;
    }
    const documented = operation.responses[String(response.status)];
    if (!documented) return `${operation.id} answered ${response.status}, which it does not document`;
    const content = documented.content;
    if (!content) return response.text === "" ? null : `${operation.id} ${response.status} documents no body`;
    const media = content[mediaType];
    if (!media) {
      return `${operation.id} ${response.status} answered ${mediaType || "no content type"}, documented: ${Object.keys(content).join(", ")}`;
    }
    // A picture, a page or a script is described by its media type; its content is checked by its tests.
    if (!/[/+]json$/.test(mediaType))
      return response.text === "" ? `${operation.id} ${response.status}: an empty ${mediaType}` : null;
    if (response.body === undefined) return `${operation.id} ${response.status}: the body is not JSON`;
    const validate = this.validator(`${operation.id} ${response.status} ${mediaType}`, media.schema ?? {});
    if (validate(response.body)) return null;
    const errors = (validate.errors ?? []).map(
      (error) => `${error.instancePath || "(root)"} ${error.message}`,
    );
    return `${operation.id} ${response.status} ${mediaType}: ${errors.slice(0, 5).join("; ")}`;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      const converted = toJsonSchema(schema) as Record<string, Json>;
      validate = this.ajv.compile({ ...converted, components: this.components });
      this.validators.set(key, validate);
    }
    return validate;
  }
}
