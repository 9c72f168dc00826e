import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { distinct, type FieldIssue } from "./issues.ts";

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

/**
 * 400 naming the failing fields in `errors` (each once, at most MAX_ISSUES); the detail only counts them,
 * so a request with many bad fields cannot make a response many times its size.
 */
export function invalidInput(errors: readonly FieldIssue[], what = "request body", total = errors.length) {
  const listed = distinct(errors);
  const more = total > listed.length ? `; the first ${listed.length} are listed in errors` : "";
  const count = total === 1 ? "1 issue" : `${total} issues`;
  return new HttpProblem(400, "invalid-input", "Invalid input", `The ${what} is invalid (${count})${more}`, {
    errors: listed,
  });
}
