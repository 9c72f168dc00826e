import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { WEBHOOK_RETENTION_DAYS } from "../../events/store/webhook-items.ts";
import type { EnvironmentConfig } from "../config.ts";
import { addAccessLogsBucket } from "./analytics-buckets.ts";
import type { EventStore } from "./data.ts";
import { OptFunction } from "./node-function.ts";

export interface WebhooksProps {
  readonly config: EnvironmentConfig;
  readonly store: EventStore;
}

/**
 * How long one batch of (up to 10) posts may take: the posts run side by side, each read from S3 and
 * its (up to 100) sessions appended one after another, with retries on a busy client.
 */
export const PROCESSOR_TIMEOUT = Duration.seconds(120);
/**
 * A received message stays invisible this long. Six times the function's timeout, as AWS advises for
 * Lambda consumers: the poller's own retries when invoking it must not make a message visible again
 * (and so processed twice at the same time) while a batch holding it is still running.
 */
export const QUEUE_VISIBILITY_TIMEOUT = Duration.seconds(PROCESSOR_TIMEOUT.toSeconds() * 6);
/** Receives before a message goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
export const PROCESSOR_BATCH_SIZE = 10;
/**
 * Concurrent processor invocations the queue's event source may run. A vendor's backfill (thousands of
 * posts after a device syncs) waits in the queue instead of taking the table's capacity and the
 * account's concurrency from the API. A bound on the event source, not reserved concurrency: with
 * reserved concurrency the poller keeps receiving, Lambda throttles, and throttled messages use up
 * their receives and land in the dead-letter queue.
 */
export const PROCESSOR_MAX_CONCURRENCY = 5;

/**
 * Wearable webhooks: a vendor posts to the anonymous route `POST /v1/webhooks/{tenantId}/{provider}`;
 * its function (functions/webhooks/receive.ts, wired by the Api) checks the HMAC with the tenant's
 * signing secret from Secrets Manager, archives the raw body in S3 and enqueues a reference to it. The
 * processor (functions/webhooks/process.ts) reads the archived body, maps it to sessions and appends
 * them to the linked clients' streams, parking what it cannot place and recording a receipt. Operators
 * replay one archived post with the replay function (functions/webhooks/replay.ts), invoked directly.
 *
 * Signing secrets are created by operators, per tenant and provider, under `secretsPrefix`
 * (infra/README.md); the stack creates none, so no secret value ever passes through a template.
 */
export class Webhooks extends Construct {
  /** Raw payloads, object key `<tenantId>/<provider>/<receiptId>`, deleted after WEBHOOK_RETENTION_DAYS. */
  readonly archive: s3.Bucket;
  /** Encrypts the archive (and nothing else). */
  readonly archiveKey: kms.Key;
  /** The archive's server access logs. */
  readonly accessLogs: s3.Bucket;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly processor: OptFunction;
  readonly eventSource: SqsEventSource;
  readonly replay: OptFunction;
  /** Secrets Manager names of the signing secrets: `<secretsPrefix>/<tenantId>/<provider>`. */
  readonly secretsPrefix: string;
  private readonly store: EventStore;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);
    const { config, store } = props;
    this.store = store;
    this.secretsPrefix = `${config.prefix}/webhooks`;

    // SSE-KMS with a key of our own rather than S3-managed keys: the payloads hold people's heart-rate
    // data. Reading one then takes kms:Decrypt on this key besides s3:GetObject, so an S3 read granted
    // elsewhere (or a bucket policy mistake) does not expose them; every use of the key is in CloudTrail;
    // and disabling the key makes the whole archive unreadable at once. The Bucket Key keeps KMS requests
    // (and their cost) to a few per object batch instead of one per object.
    this.archiveKey = new kms.Key(this, "ArchiveKey", {
      description: `Encrypts the raw wearable webhook payloads (${config.envName})`,
      enableKeyRotation: true,
      // Retained with the bucket: a retained archive must stay readable until its objects expire.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessLogs = addAccessLogsBucket(this, "AccessLogsBucket");
    this.archive = new s3.Bucket(this, "ArchiveBucket", {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.archiveKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Versioning off: every object is written once under its own receipt id and never overwritten,
      // so versions would protect nothing; and with versioning the expiry below would leave noncurrent
      // versions behind, keeping health data past the retention it promises.
      versioned: false,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "webhook-archive/",
      lifecycleRules: [
        { expiration: Duration.days(WEBHOOK_RETENTION_DAYS) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Retained in every environment, like the analytics buckets: CloudFormation cannot delete a
      // non-empty bucket (a dev teardown would fail), and an auto-delete custom resource is a Lambda we
      // would rather not run. The expiry above keeps emptying a retained bucket.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Holds the failed messages (references to archived payloads) after MAX_RECEIVE_COUNT receives.
    // Longer than the queue's retention: a moved message keeps its first enqueue time.
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: config.removalPolicy,
    });
    this.queue = new sqs.Queue(this, "Queue", {
      // Messages name an archived object (no payload, no personal data): SQS-managed keys suffice.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: QUEUE_VISIBILITY_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      removalPolicy: config.removalPolicy,
    });

    const environment = {
      TABLE_NAME: store.table.tableName,
      ...store.keyEnvironment("seal"),
      ...this.environment("replay"),
    };
    this.processor = new OptFunction(this, "Processor", {
      config,
      entry: "functions/webhooks/process.ts",
      description: "Wearable webhook processor: archived payloads to client sessions",
      serviceName: "opt-webhooks",
      timeout: PROCESSOR_TIMEOUT,
      environment,
    });
    this.grantProcessing(this.processor.role);
    this.eventSource = new SqsEventSource(this.queue, {
      batchSize: PROCESSOR_BATCH_SIZE,
      // Only the failed posts of a batch come back (the processor returns batchItemFailures).
      reportBatchItemFailures: true,
      maxConcurrency: PROCESSOR_MAX_CONCURRENCY,
    });
    this.processor.fn.addEventSource(this.eventSource);

    this.replay = new OptFunction(this, "Replay", {
      config,
      entry: "functions/webhooks/replay.ts",
      description: "Wearable webhook replay of one archived post (invoked by operators)",
      serviceName: "opt-webhooks",
      timeout: PROCESSOR_TIMEOUT,
      environment,
    });
    this.grantProcessing(this.replay.role);

    new CfnOutput(this, "ReplayFunctionName", {
      value: this.replay.fn.functionName,
      description: "aws lambda invoke --function-name <this> --payload '{tenantId, provider, receiptId}'",
    });
    new CfnOutput(this, "SecretsPrefix", {
      value: `${this.secretsPrefix}/`,
      description: 'Signing secrets: <prefix><tenantId>/<provider>, value {"secrets": [current, previous?]}',
    });
  }

  /** Environment variables of a function that receives posts, or reads them back to replay them. */
  environment(kind: "receive" | "replay"): Record<string, string> {
    return kind === "receive"
      ? {
          WEBHOOK_SECRETS_PREFIX: this.secretsPrefix,
          ARCHIVE_BUCKET: this.archive.bucketName,
          WEBHOOK_QUEUE_URL: this.queue.queueUrl,
        }
      : { ARCHIVE_BUCKET: this.archive.bucketName };
  }

  /**
   * The receiving function: read any tenant's signing secret (tenants are dynamic, so the name is a
   * prefix; secret ARNs also end in a random suffix), write new archive objects, enqueue. Nothing else:
   * no table, no reads of the archive.
   */
  grantReceive(grantee: iam.IGrantable): void {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.secretsArnPattern],
      }),
    );
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [this.archive.arnForObjects("*")] }),
    );
    // SSE-KMS: a PutObject asks KMS for a data key under the archive key, through S3 only.
    principal.addToPrincipalPolicy(this.archiveKeyStatement("kms:GenerateDataKey"));
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [this.queue.queueArn] }),
    );
  }

  /**
   * Reading archived payloads back (the processor, the replay function and the replay route). ListBucket
   * makes S3 answer a missing (expired) payload with NoSuchKey, which the code reads as "not archived",
   * instead of AccessDenied.
   */
  grantReplayReads(grantee: iam.IGrantable): void {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [this.archive.arnForObjects("*")] }),
    );
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [this.archive.bucketArn] }),
    );
    principal.addToPrincipalPolicy(this.archiveKeyStatement("kms:Decrypt"));
  }

  /** `arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/webhooks/*` */
  get secretsArnPattern(): string {
    return Stack.of(this).formatArn({
      service: "secretsmanager",
      resource: "secret",
      resourceName: `${this.secretsPrefix}/*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** What the processor and the replay function share: appending, parking, receipts, keys, reads. */
  private grantProcessing(grantee: iam.IGrantable): void {
    this.store.grantAccess(grantee, "webhook-processing");
    this.store.grantKeys(grantee, "seal");
    this.grantReplayReads(grantee);
  }

  private archiveKeyStatement(action: string): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: [action],
      resources: [this.archiveKey.keyArn],
      conditions: { StringEquals: { "kms:ViaService": `s3.${Stack.of(this).region}.amazonaws.com` } },
    });
  }
}
