import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { ROUTES, type RouteDefinition } from "../functions/http/routes.ts";
import { HttpProblem, problemResponse } from "../functions/middleware/problem.ts";
import { localLambdaContext } from "./lambda-context.ts";

export type HttpLambda = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
type Verify = (token: string) => Promise<Record<string, string> | null>;

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: HttpLambda;
}

/** Lambda's limit for a synchronous invocation's request. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

/** Serves the route table by invoking the same Lambda handlers with API Gateway v2 (HTTP API) events. */
export async function startApiServer(options: {
  port: number;
  verify: Verify;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const routes = await Promise.all(ROUTES.map(compile));
  // Handlers still running when the server closes finish before stop() resolves (they need the table).
  const inFlight = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const served = serve(routes, options.verify, request, response).catch((error: unknown) => {
      // Only the emulator itself can land here: handlers map their own failures.
      console.error("local API server error", error);
      if (!response.headersSent) send(response, problem(500, "internal", "Internal error", "emulator error"));
    });
    inFlight.add(served);
    void served.finally(() => inFlight.delete(served));
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const stop = async () => {
    await close(server);
    await Promise.all(inFlight);
  };
  return { url: `http://127.0.0.1:${port}`, stop };
}

async function compile(route: RouteDefinition): Promise<CompiledRoute> {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  // One variable per path segment: vitest's import analysis resolves no deeper.
  const [folder, file] = route.handler.split("/");
  const module = (await import(`../functions/${folder}/${file}.ts`)) as { handler: HttpLambda };
  return { route, pattern: new RegExp(`^${source}$`), names, handler: module.handler };
}

async function serve(
  routes: CompiledRoute[],
  verify: Verify,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const url = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  const onPath = routes.filter((candidate) => candidate.pattern.test(url.pathname));
  const match = onPath.find((candidate) => candidate.route.method === method);
  if (!match)
    return send(
      response,
      onPath.length > 0
        ? problem(405, "method-not-allowed", "Method not allowed", `${method} is not allowed here`)
        : problem(404, "not-found", "Not found", "no such route"),
    );

  const body = await readBody(request);
  if (body === null) {
    // The body was drained, but a client that sent this much starts afresh on a new connection.
    const tooLarge = problem(413, "too-large", "Too large", `the body exceeds ${MAX_BODY_BYTES} bytes`);
    return send(response, { ...tooLarge, headers: { ...tooLarge.headers, connection: "close" } });
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join(",") : (value ?? ""),
    ]),
  );
  let claims: Record<string, string> | null = null;
  if (!match.route.anonymous) {
    const token = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
    claims = token ? await verify(token) : null;
    // As API Gateway's JWT authorizer: no valid token, no invocation.
    if (!claims)
      return send(response, {
        statusCode: 401,
        headers: { "content-type": "application/json", "www-authenticate": "Bearer" },
        body: '{"message":"Unauthorized"}',
      });
  }
  const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
  const pathParameters = decodePathParameters(match.names, values);
  // API Gateway answers a malformed escape in the path before any integration runs.
  if (!pathParameters)
    return send(
      response,
      problem(400, "invalid-input", "Invalid input", "the path has a malformed percent-encoding"),
    );
  const event = apiGatewayEvent(match.route, method, url, headers, pathParameters, body, claims);
  send(response, await match.handler(event, localLambdaContext(match.route.operationId, 10_000)));
}

/** The event API Gateway's HTTP API (payload 2.0) hands a route's Lambda, its JWT claims verified. */
export function apiGatewayEvent(
  route: RouteDefinition,
  method: string,
  url: URL,
  headers: Record<string, string>,
  pathParameters: Record<string, string>,
  bytes: Buffer,
  claims: Record<string, string> | null,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  // As API Gateway: text as it is, bytes that are not UTF-8 in base64 (a signature covers the exact bytes).
  const text = bytes.toString("utf8");
  const binary = !Buffer.from(text, "utf8").equals(bytes);
  const body = binary ? bytes.toString("base64") : text;
  const now = Date.now();
  const query = [...url.searchParams.keys()];
  return {
    version: "2.0",
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(query.length > 0
      ? {
          queryStringParameters: Object.fromEntries(
            query.map((k) => [k, url.searchParams.getAll(k).join(",")]),
          ),
        }
      : {}),
    ...(match(pathParameters) ? { pathParameters } : {}),
    ...(body ? { body, isBase64Encoded: binary } : { isBase64Encoded: false }),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: "localhost",
      domainPrefix: "localhost",
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: "$default",
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: { principalId: "", integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function decodePathParameters(names: string[], values: string[]): Record<string, string> | null {
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] ?? "")]));
  } catch {
    return null;
  }
}

const match = (parameters: Record<string, string>) => Object.keys(parameters).length > 0;

/** The body, or null when it is too large: read to its end either way, so the connection stays usable. */
async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks);
}

/** The emulator's own answers (API Gateway's, in AWS) as the same problems the handlers send. */
const problem = (status: number, slug: string, title: string, detail: string) =>
  problemResponse(new HttpProblem(status, slug, title, detail));

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2) {
  response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  response.end(result.body ?? "");
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
