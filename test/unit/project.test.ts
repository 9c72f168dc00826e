import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );

describe("the project", () => {
  it("runs its tests on Node.js 24, the Lambda runtime it targets", () => {
    expect(process.versions.node.split(".")[0]).toBe("24");
  });

  it("keeps domain/ pure: no I/O modules, no AWS, no clock", () => {
    const impure =
      /from ["'](node:|@aws-sdk|aws-cdk-lib|@middy|@aws-lambda-powertools)|Date\.now\(|new Date\(\)|process\.|Math\.random/;
    const offenders = sources("domain").filter((file) => impure.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
