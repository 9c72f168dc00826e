import { execSync, spawnSync } from "node:child_process";

/** What DynamoDB Local needs, and the one command that installs it on Debian. */
export const JAVA_PACKAGE = "openjdk-17-jre-headless";
export const INSTALL_COMMAND = `apt-get install -y ${JAVA_PACKAGE}`;

export interface JavaCheck {
  /** Whether `java` runs. */
  readonly hasJava: () => boolean;
  /** Runs a shell command, inheriting the output; throws if it fails. */
  readonly exec: (command: string) => void;
  /** The effective user id (0: root, as CI runs). */
  readonly uid: number;
  readonly log: (line: string) => void;
}

export class JavaMissing extends Error {}

const defaults = (): JavaCheck => ({
  hasJava: () => {
    const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
    return !probe.error && probe.status === 0;
  },
  exec: (command) => {
    execSync(command, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  },
  uid: process.getuid?.() ?? -1,
  log: (line) => console.error(line),
});

/**
 * Makes sure `java` is there for DynamoDB Local: as root (a fresh CI machine, a container) it installs
 * Java 17 with apt-get and says so; otherwise it fails with the exact command to run.
 */
export function ensureJava(overrides: Partial<JavaCheck> = {}): void {
  const { hasJava, exec, uid, log } = { ...defaults(), ...overrides };
  if (hasJava()) return;
  if (uid !== 0) {
    throw new JavaMissing(
      `DynamoDB Local needs a Java 17 runtime and \`java\` was not found on PATH. Install it with:\n  sudo ${INSTALL_COMMAND}`,
    );
  }
  log(`\`java\` was not found: installing Java 17 for DynamoDB Local (${INSTALL_COMMAND})`);
  try {
    exec(`apt-get update -qq && ${INSTALL_COMMAND} -qq`);
  } catch (error) {
    throw new JavaMissing(`Installing Java 17 failed (${String(error)}). Run: ${INSTALL_COMMAND}`);
  }
  if (!hasJava()) throw new JavaMissing(`${INSTALL_COMMAND} ran, but \`java\` is still not on PATH`);
}
