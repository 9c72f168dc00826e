import { fileURLToPath } from "node:url";
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { type ICommandHooks, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config.ts";

/** Repository root: entries, the lock file and esbuild's working directory. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where every function's Powertools metrics go (EMF), with the `service` dimension. */
export const METRICS_NAMESPACE = "OPT";

export const repoPath = (relative: string): string =>
  fileURLToPath(new URL(relative, new URL("../../", import.meta.url)));

export interface OptFunctionProps {
  readonly config: EnvironmentConfig;
  /** Entry file relative to the repository root, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Powertools service name. */
  readonly serviceName: string;
  readonly environment?: Record<string, string>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Concurrency set aside for this function alone (and its ceiling). */
  readonly reservedConcurrency?: number;
  /** Files under node_modules the handler reads at run time, copied into PACKAGE_FILES_DIR. */
  readonly packageFiles?: readonly string[];
}

/** Where packageFiles land in the function's code. */
export const PACKAGE_FILES_DIR = "/var/task/package-files";

/**
 * One Lambda handler with the project's defaults: Node.js 24 on arm64, bundled by the local esbuild
 * (no Docker) to minified ESM with source maps, its own log group with the environment's retention,
 * and its own role whose only managed permission is writing to that log group (grants are added by the
 * caller, per handler).
 */
export class OptFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: OptFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.serviceName = props.serviceName;

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.description} (${config.envName})`,
    });
    // Instead of the AWS managed AWSLambdaBasicExecutionRole (logs:* on every log group).
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new NodejsFunction(this, "Function", {
      entry: repoPath(props.entry),
      handler: "handler",
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath("package-lock.json"),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        NODE_OPTIONS: "--enable-source-maps",
        // functions/middleware/observability.ts puts it on every metric as the `stage` dimension.
        STAGE: config.envName,
        ...(props.packageFiles?.length ? { PACKAGE_FILES_DIR } : {}),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: "node24",
        platform: "node",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ["module", "main"],
        // Some dependencies are CommonJS and call require(): give the ESM bundle one.
        banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
        // The Node.js 24 runtime ships AWS SDK v3; keep it out of the bundle.
        externalModules: ["@aws-sdk/*"],
        forceDockerBundling: false,
        ...(props.packageFiles?.length ? { commandHooks: copyAfterBundling(props.packageFiles) } : {}),
      },
    });
    // The role exists before the function; make sure the log group policy is in place first.
    this.fn.node.addDependency(this.role);
  }

  /** A metric the handler publishes itself through Powertools (not one of Lambda's). */
  appMetric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: this.serviceName },
      ...props,
    });
  }
}

/** Shell commands (local bundling) that copy package files beside the bundle. */
function copyAfterBundling(files: readonly string[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      `mkdir -p "${outputDir}/package-files"`,
      ...files.map((file) => `cp "${inputDir}/node_modules/${file}" "${outputDir}/package-files/"`),
    ],
  };
}
