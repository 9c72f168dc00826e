import { describe, expect, it } from "vitest";
import { ensureJava, JavaMissing } from "../../local/java.ts";

/** A machine: whether java is there (before and after any install), who runs, what was run and said. */
function machine(options: { java: boolean; uid: number; installs?: boolean; aptFails?: boolean }) {
  let installed = false;
  const commands: string[] = [];
  const said: string[] = [];
  return {
    commands,
    said,
    check: {
      hasJava: () => options.java || installed,
      exec: (command: string) => {
        commands.push(command);
        if (options.aptFails) throw new Error("E: Unable to locate package");
        installed = options.installs ?? true;
      },
      uid: options.uid,
      log: (line: string) => said.push(line),
    },
  };
}

describe("the Java check before DynamoDB Local starts", () => {
  it("given java on PATH, then it runs nothing and says nothing", () => {
    const m = machine({ java: true, uid: 0 });
    ensureJava(m.check);
    expect(m.commands).toEqual([]);
    expect(m.said).toEqual([]);
  });

  it("given no java and root (as .ci/run), then it installs Java 17 with apt-get and says so", () => {
    const m = machine({ java: false, uid: 0 });
    ensureJava(m.check);
    expect(m.commands).toEqual(["apt-get update -qq && apt-get install -y openjdk-17-jre-headless -qq"]);
    expect(m.said.join("\n")).toMatch(/installing Java 17.*apt-get install -y openjdk-17-jre-headless/);
  });

  it("given no java and not root, then it installs nothing and names the exact command", () => {
    const m = machine({ java: false, uid: 1000 });
    expect(() => ensureJava(m.check)).toThrow(JavaMissing);
    expect(() => ensureJava(m.check)).toThrow("sudo apt-get install -y openjdk-17-jre-headless");
    expect(m.commands).toEqual([]);
  });

  it("given root but apt-get fails, then it fails naming the command", () => {
    const m = machine({ java: false, uid: 0, aptFails: true });
    expect(() => ensureJava(m.check)).toThrow(
      /Installing Java 17 failed.*apt-get install -y openjdk-17-jre-headless/,
    );
  });

  it("given root and an install that leaves no java on PATH, then it fails instead of starting", () => {
    const m = machine({ java: false, uid: 0, installs: false });
    expect(() => ensureJava(m.check)).toThrow(/still not on PATH/);
  });
});
