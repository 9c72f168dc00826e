import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../../functions/http/routes.ts";
import { loadConfig } from "../../../infra/config.ts";
import { OptFunction, PACKAGE_FILES_DIR } from "../../../infra/constructs/node-function.ts";

/**
 * Bundles one real handler with the local esbuild (no Docker), as `cdk synth` does for every function,
 * and checks what lands in the asset: minified ESM with a source map.
 */
let assetDir: string;
beforeAll(() => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "opt-bundle-")) });
  const stack = new Stack(app, "Bundle");
  const handler = new OptFunction(stack, "PreToken", {
    config: loadConfig(app.node),
    entry: "functions/auth/pre-token-generation.ts",
    description: "bundling test",
    serviceName: "opt-auth",
  });
  const assembly = app.synth();
  const assets = readdirSync(assembly.directory).filter((name) => name.startsWith("asset."));
  expect(assets).toHaveLength(1);
  assetDir = join(assembly.directory, assets[0] as string);
  expect(handler.fn.runtime.name).toBe("nodejs24.x");
}, 60_000);

describe("bundled handler", () => {
  it("is one ESM file with a source map beside it", () => {
    expect(existsSync(join(assetDir, "index.mjs"))).toBe(true);
    expect(existsSync(join(assetDir, "index.mjs.map"))).toBe(true);
    const code = readFileSync(join(assetDir, "index.mjs"), "utf8");
    expect(code).toMatch(/export\s*\{/);
    expect(code).toContain("createRequire");
    expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
  });

  it("is minified and ships no sources in its map", () => {
    const code = readFileSync(join(assetDir, "index.mjs"), "utf8");
    expect(code.split("\n").length).toBeLessThan(10);
    const map = JSON.parse(readFileSync(join(assetDir, "index.mjs.map"), "utf8")) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.sources.some((source) => source.includes("pre-token-generation.ts"))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });
});

describe("a handler that reads package files at run time", () => {
  it("gets them copied beside its bundle, and told where they are", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "opt-bundle-")) });
    const stack = new Stack(app, "Docs");
    const files = ROUTES.find((route) => route.operationId === "getDocsAsset")?.packageFiles ?? [];
    const handler = new OptFunction(stack, "DocsAsset", {
      config: loadConfig(app.node),
      entry: "functions/http/get-docs-asset.ts",
      description: "bundling test",
      serviceName: "opt-api",
      packageFiles: files,
    });
    const assembly = app.synth();
    const [asset] = readdirSync(assembly.directory).filter((name) => name.startsWith("asset."));
    const copied = readdirSync(join(assembly.directory, asset as string, "package-files"));
    expect(copied.sort()).toEqual(["swagger-ui-bundle.js", "swagger-ui.css"]);
    const template = assembly.getStackByName("Docs").template as {
      Resources: Record<
        string,
        { Type: string; Properties: { Environment?: { Variables: Record<string, string> } } }
      >;
    };
    const fn = Object.values(template.Resources).find((r) => r.Type === "AWS::Lambda::Function");
    expect(fn?.Properties.Environment?.Variables.PACKAGE_FILES_DIR).toBe(PACKAGE_FILES_DIR);
    expect(handler.fn.runtime.name).toBe("nodejs24.x");
  }, 60_000);
});
