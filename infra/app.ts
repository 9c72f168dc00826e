#!/usr/bin/env -S npx tsx
/**
 * CDK entry (cdk.json: "npx tsx infra/app.ts"). Choose the environment with `-c env=dev|prod`.
 * Synthesis is offline: no lookups, no account needed; bundling uses the local esbuild.
 */
import { createOptApp } from "./stack.ts";

const { app } = createOptApp();
app.synth();
