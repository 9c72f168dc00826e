import type { z } from "zod";
import type { PayloadProblem } from "./types.ts";

/** Dotted from the payload's root ("data.2.metadata.start_time"); the root itself is "". */
export const pathOf = (segments: readonly PropertyKey[]): string => segments.map(String).join(".");

export const problemAt = (segments: readonly PropertyKey[], message: string): PayloadProblem => ({
  path: pathOf(segments),
  message,
});

/** A zod failure on a part of the payload, its paths made absolute by the part's own path. */
export const problemsOf = (error: z.ZodError, at: readonly PropertyKey[] = []): PayloadProblem[] =>
  error.issues.map((issue) => problemAt([...at, ...issue.path], issue.message));
