import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/** What the local runtime hands a handler as Lambda's context: a function name, and time to spare. */
export const localLambdaContext = (name: string, remainingMs: number): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: `opt-local-${name}`,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:opt-local-${name}`,
  memoryLimitInMB: "256",
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/opt-local-${name}`,
  logStreamName: "local",
  getRemainingTimeInMillis: () => remainingMs,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
