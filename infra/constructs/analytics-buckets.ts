import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";

export interface AnalyticsBuckets {
  /** Firehose's Parquet output (events/) and its error output (errors/). */
  readonly data: s3.Bucket;
  /** Athena query results. */
  readonly queryResults: s3.Bucket;
}

/**
 * The analytics buckets, with server access logs to a third bucket. Created directly in `scope` (the
 * Analytics construct) so that their logical IDs stay those already deployed.
 *
 * Buckets are retained in every environment: CloudFormation cannot delete a non-empty bucket, and
 * the alternative (auto-delete custom resource) adds a Lambda we would rather not run.
 */
export function addAnalyticsBuckets(scope: Construct): AnalyticsBuckets {
  const accessLogsBucket = addAccessLogsBucket(scope, "AccessLogsBucket");
  const bucketProps = (logPrefix: string): s3.BucketProps => ({
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    serverAccessLogsBucket: accessLogsBucket,
    serverAccessLogsPrefix: logPrefix,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const data = new s3.Bucket(scope, "DataBucket", {
    ...bucketProps("data/"),
    lifecycleRules: [
      { prefix: "errors/", expiration: Duration.days(30) },
      { abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
  });
  const queryResults = new s3.Bucket(scope, "QueryResultsBucket", {
    ...bucketProps("query-results/"),
    lifecycleRules: [{ expiration: Duration.days(30) }],
  });
  return { data, queryResults };
}

/**
 * A bucket for S3 server access logs (who read or wrote which object, kept 90 days), retained like the
 * buckets it logs. Server access logging is delivered with a bucket policy (the feature flag
 * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy`), which the logged buckets add to it.
 */
export function addAccessLogsBucket(scope: Construct, id: string): s3.Bucket {
  return new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
