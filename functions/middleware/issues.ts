import type { z } from "zod";

/** One failing field of a request: where (a dotted path) and what is wrong with it. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** A 400 lists at most this many issues: enough to fix a request, never a response larger than it. */
export const MAX_ISSUES = 20;
// A path or message quotes what the client sent (a record key, an unknown field): bounded so an
// oversized key cannot make an oversized answer.
const MAX_SEGMENT = 64;
const MAX_MESSAGE = 200;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

function messageOf(issue: z.core.$ZodIssue): string {
  // A record key's own failure says more than zod's "Invalid key in record".
  if (issue.code === "invalid_key") return `key: ${issue.issues[0]?.message ?? issue.message}`;
  return issue.message;
}

/** Zod issues as field issues: paths dotted, long quotes clipped, duplicates dropped, at most MAX_ISSUES. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return distinct(
    error.issues.map((issue) => ({
      path: issue.path.map((segment) => clip(String(segment), MAX_SEGMENT)).join("."),
      message: clip(messageOf(issue), MAX_MESSAGE),
    })),
  );
}

/** The first MAX_ISSUES distinct issues. */
export function distinct(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Map<string, FieldIssue>();
  for (const issue of issues) {
    if (seen.size >= MAX_ISSUES) break;
    seen.set(`${issue.path}\n${issue.message}`, issue);
  }
  return [...seen.values()];
}
