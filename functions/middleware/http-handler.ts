import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import type { z } from "zod";
import { toHttpProblem } from "./errors.ts";
import { fieldIssues } from "./issues.ts";
import { logger, metrics } from "./observability.ts";
import { type Principal, principalOf } from "./principal.ts";
import { HttpProblem, invalidInput, problemResponse } from "./problem.ts";

export interface HttpRequest {
  readonly principal: Principal;
  /** The edge's clock: the only place a handler reads time (store time, defaults). */
  readonly now: Date;
  readonly correlationId: string;
  pathParameter(name: string): string;
  header(name: string): string | undefined;
  query<Schema extends z.ZodType>(schema: Schema): z.infer<Schema>;
  body<Schema extends z.ZodType>(schema: Schema): z.infer<Schema>;
  /** The body's bytes as sent (what a webhook's signature covers), refused over maxBytes. */
  rawBody(maxBytes: number): Buffer;
}

export interface HttpResult {
  readonly status: number;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as it is (a picture, a page), under the content type `headers` gives. */
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
const MAX_BODY_BYTES = 256 * 1024;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function request(event: Event, principal: Principal, correlationId: string): HttpRequest {
  const headers = event.headers ?? {};
  return {
    principal,
    now: new Date(),
    correlationId,
    pathParameter: (name) => event.pathParameters?.[name] ?? "",
    header: (name) => headers[name.toLowerCase()],
    query(schema) {
      const parsed = schema.safeParse(event.queryStringParameters ?? {});
      if (!parsed.success)
        throw invalidInput(fieldIssues(parsed.error), "query string", parsed.error.issues.length);
      return parsed.data;
    },
    rawBody: (maxBytes) => rawBodyOf(event, maxBytes),
    body(schema) {
      const raw = rawBodyOf(event, MAX_BODY_BYTES).toString("utf8");
      const type = headers["content-type"] ?? "";
      if (!/^application\/json\b/i.test(type)) {
        throw new HttpProblem(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "send the body as application/json",
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new HttpProblem(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON");
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success)
        throw invalidInput(fieldIssues(parsed.error), "request body", parsed.error.issues.length);
      return parsed.data;
    },
  };
}

function rawBodyOf(event: Event, maxBytes: number): Buffer {
  const bytes = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
    : Buffer.alloc(0);
  if (bytes.length > maxBytes)
    throw new HttpProblem(413, "too-large", "Too large", `the body exceeds ${maxBytes} bytes`);
  return bytes;
}

/**
 * Wraps a route's logic: verified principal, correlation id, JSON in and (but for pictures and pages) out,
 * every failure as application/problem+json, structured logs and EMF metrics.
 */
export function httpHandler(
  operationId: string,
  handle: (request: HttpRequest) => Promise<HttpResult>,
  options: { anonymous?: boolean } = {},
) {
  const run = async (event: Event): Promise<APIGatewayProxyStructuredResultV2> => {
    const supplied = event.headers?.["x-correlation-id"];
    const correlationId =
      supplied && CORRELATION_ID.test(supplied) ? supplied : (event.requestContext?.requestId ?? "local");
    logger.setCorrelationId(correlationId);
    logger.appendKeys({ operationId });
    metrics.addDimension("operation", operationId);
    try {
      const principal = options.anonymous
        ? { tenantId: "", subject: "anonymous", role: "analyst" as const, locations: [] }
        : principalOf(event);
      const result = await handle(request(event, principal, correlationId));
      metrics.addMetric(`Http${result.status}`, MetricUnit.Count, 1);
      return {
        statusCode: result.status,
        headers: { "content-type": "application/json", "x-correlation-id": correlationId, ...result.headers },
        ...(result.text !== undefined
          ? { body: result.text }
          : result.body === undefined
            ? {}
            : { body: JSON.stringify(result.body) }),
      };
    } catch (error) {
      const problem = toHttpProblem(error);
      if (!problem) {
        logger.error("unhandled error", { error: error as Error });
        metrics.addMetric("UnhandledError", MetricUnit.Count, 1);
        return problemResponse(
          new HttpProblem(500, "internal", "Internal error", "an unexpected error occurred"),
          event.rawPath,
        );
      }
      if (problem.status >= 500)
        logger.warn("request failed", { status: problem.status, detail: problem.message });
      metrics.addMetric(`Http${problem.status}`, MetricUnit.Count, 1);
      const response = problemResponse(problem, event.rawPath);
      return { ...response, headers: { ...response.headers, "x-correlation-id": correlationId } };
    }
  };
  return middy<Event, APIGatewayProxyStructuredResultV2, Error, Context>(run)
    .use(httpHeaderNormalizer())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
