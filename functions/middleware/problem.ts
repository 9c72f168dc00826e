import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** RFC 9457 problem details; `type` is a stable URN clients can branch on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

/** An HTTP failure raised by handlers and mapped once, in the handler wrapper. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toProblem(instance?: string): Problem {
    return {
      type: `urn:opt:problem:${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const problemResponse = (
  problem: HttpProblem,
  instance?: string,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { "content-type": "application/problem+json", ...problem.headers },
  body: JSON.stringify(problem.toProblem(instance)),
});

/** 400 naming every failing field (zod issues flattened to paths). */
export const invalidInput = (errors: { path: string; message: string }[], what = "request body") =>
  new HttpProblem(
    400,
    "invalid-input",
    "Invalid input",
    `The ${what} is invalid: ${errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; ")}`,
    { errors },
  );
