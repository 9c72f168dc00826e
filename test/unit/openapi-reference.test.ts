import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../functions/http/openapi.ts";
import { ROUTES } from "../../functions/http/routes.ts";

/*
 * What the interactive reference shows for each operation: a summary and a description, examples of its
 * request and of its responses, and the problems it answers. (Redocly checks each example against its
 * schema: npm run lint:openapi.)
 */

interface Media {
  example?: unknown;
}
interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: { in: string; name: string; example?: unknown; schema?: { example?: unknown } }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}

const operations = Object.values(openApiDocument().paths ?? {}).flatMap((item) =>
  Object.values(item as Record<string, Operation>),
);

describe("every operation of the reference", () => {
  it.each(operations.map((operation) => [operation.operationId, operation] as const))(
    "%s has a summary, a description and examples of its request and its responses",
    (_, operation) => {
      expect(operation.summary?.length).toBeGreaterThan(5);
      expect(operation.description?.length).toBeGreaterThan(40);
      for (const media of Object.values(operation.requestBody?.content ?? {}))
        expect(media.example).toBeDefined();
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === "path"))
        expect(parameter.example ?? parameter.schema?.example, parameter.name).toBeDefined();
      const [status, success] =
        Object.entries(operation.responses).find(([code]) => code.startsWith("2")) ?? [];
      expect(status).toBeDefined();
      for (const [type, media] of Object.entries(success?.content ?? {}))
        if (type.endsWith("json")) expect(media.example, `${status} ${type}`).toBeDefined();
    },
  );

  it.each(operations.map((operation) => [operation.operationId, operation] as const))(
    "%s documents its problems, each with an example",
    (_, operation) => {
      const problems = Object.entries(operation.responses).flatMap(([status, response]) =>
        Object.entries(response.content ?? {})
          .filter(([type]) => type === "application/problem+json")
          .map(([, media]) => [status, media.example] as const),
      );
      expect(problems.map(([status]) => status)).toEqual(expect.arrayContaining(["400", "404", "503"]));
      for (const [status, example] of problems)
        expect(example, status).toMatchObject({
          status: Number(status),
          type: expect.stringMatching(/^urn:opt:problem:/),
        });
    },
  );

  it("has a request body, with its example, for every command of the route table but deletions and replays", () => {
    const commands = operations.filter((operation) => operation.requestBody).map((o) => o.operationId);
    expect(commands.sort()).toEqual(
      ROUTES.filter((route) => route.method === "POST" || route.method === "PUT")
        .filter((route) => route.operationId !== "replayParkedSession")
        .map((route) => route.operationId)
        .sort(),
    );
  });
});
