import { Stack, Validations } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import type { IConstruct } from "constructs";
import type { OptStack } from "./stack.ts";

/**
 * Every cdk-nag (AwsSolutions) finding we accept, on the narrowest construct, each with its reason.
 * With `writeSuppressionsToCloudFormation` the reasons land in the template's Metadata (cdk_nag).
 * Anything not listed here fails synthesis.
 */
export function acknowledgeFindings(stack: OptStack): void {
  // On the CloudFormation resource itself, so that children (clients of a pool, the policy of a role)
  // never inherit an acknowledgement meant for their parent.
  const ack = (construct: IConstruct, id: string, reason: string) =>
    Validations.of(construct.node.defaultChild ?? construct).acknowledge({
      id: `AwsSolutions-${id}`,
      reason,
    });
  const policyOf = (role: iam.Role): IConstruct => role.node.findChild("DefaultPolicy");

  ack(
    stack.auth.userPool,
    "COG8",
    "Essentials is the cheapest feature plan with access-token customisation (pre-token-generation V2/V3), " +
      "which the API's claims need. Plus adds threat protection at a higher price per MAU; the pool holds staff " +
      "accounts only, with self sign-up disabled and TOTP MFA required. Revisit if clients get accounts.",
  );

  // The anonymous routes of functions/http/routes.ts: the contract and its reference page.
  const anonymous: Record<string, string> = {
    "GET--v1--openapi.json": "GET /v1/openapi.json is the API's public contract",
    "GET--docs": "GET /docs is the contract's interactive reference page",
    "GET--docs--{asset}":
      "GET /docs/{asset} serves the reference page's script and style sheet (an enumerated set)",
  };
  for (const [id, what] of Object.entries(anonymous)) {
    const route = stack.api.httpApi.node.tryFindChild(id);
    if (route)
      ack(
        route,
        "APIG4",
        `${what} (anonymous in functions/http/routes.ts): it serves no tenant data and its function has no ` +
          "table access. Every other route requires a Cognito JWT.",
      );
  }

  const receiver = stack.api.functions.get("receiveWebhook");
  const receiveRoute = stack.api.httpApi.node.tryFindChild("POST--v1--webhooks--{tenantId}--{provider}");
  if (receiveRoute)
    ack(
      receiveRoute,
      "APIG4",
      "POST /v1/webhooks/{tenantId}/{provider} is called by wearable vendors, which cannot obtain a Cognito JWT. " +
        "Its function authenticates every post itself: an HMAC over the raw body with the tenant's signing secret " +
        "(Secrets Manager), within a timestamp window, before anything is archived or enqueued. It has no table access.",
    );

  // The archive's objects are named <tenantId>/<provider>/<receiptId> at run time, for any tenant.
  const archive = stack.webhooks.archive.node.defaultChild as CfnBucket;
  const archiveObjects = `Resource::<${Stack.of(archive).getLogicalId(archive)}.Arn>/*`;
  const archiveUsers: [IConstruct | undefined, string][] = [
    [receiver?.role, "writes each verified post (s3:PutObject only, no reads)"],
    [stack.webhooks.processor.role, "reads the post a queue message names (s3:GetObject only)"],
    [stack.webhooks.replay.role, "reads the post an operator replays (s3:GetObject only)"],
    [
      stack.api.functions.get("replayParkedSession")?.role,
      "reads a parked session's post (s3:GetObject only)",
    ],
  ];
  for (const [role, what] of archiveUsers) {
    if (!role) continue;
    ack(
      policyOf(role as iam.Role),
      `IAM5[${archiveObjects}]`,
      `The webhook archive's object keys are <tenantId>/<provider>/<receiptId>, made per post for any tenant, so ` +
        `the grant is on the objects of that one bucket: this function ${what}. Reading also needs kms:Decrypt ` +
        "on the archive's own key, through S3 only.",
    );
  }
  if (receiver)
    ack(
      policyOf(receiver.role),
      `IAM5[Resource::${secretsArnPattern(stack)}]`,
      "Signing secrets are created by operators per tenant and provider (tenants are dynamic), named " +
        `${stack.webhooks.secretsPrefix}/<tenantId>/<provider>, and Secrets Manager appends a random suffix to ` +
        "every secret ARN: the receiver may read (GetSecretValue only) the secrets under that prefix, nothing else.",
    );

  const listStreams =
    "dynamodb:ListStreams has no resource-level permissions (it must be Resource '*'). Every stream action that " +
    "reads records (DescribeStream, GetRecords, GetShardIterator) is scoped to the event table's stream ARN.";
  ack(
    policyOf(stack.projections.projector.role),
    "IAM5[Resource::*]",
    `Event source mapping of the projector: ${listStreams}`,
  );
  ack(policyOf(stack.analytics.pipeRole), "IAM5[Resource::*]", `EventBridge Pipe source: ${listStreams}`);

  const bucket = stack.analytics.dataBucket.node.defaultChild as CfnBucket;
  const bucketArn = `<${Stack.of(bucket).getLogicalId(bucket)}.Arn>`;
  for (const prefix of ["events", "errors"]) {
    ack(
      policyOf(stack.analytics.firehoseRole),
      `IAM5[Resource::${bucketArn}/${prefix}/*]`,
      `Firehose names objects at delivery time (dynamic partitions tenant=/dt=, error output), so it needs ` +
        `object access under the ${prefix}/ prefix of the analytics bucket; nothing outside that prefix.`,
    );
  }

  const dlq = (what: string) =>
    `This queue is itself a dead-letter destination (${what}). It is wired through that service's failure ` +
    "configuration, not an SQS redrive policy, which is the only DLQ wiring cdk-nag recognises. Its depth is alarmed.";
  ack(
    stack.projections.deadLetterQueue,
    "SQS3",
    dlq("on-failure destination of the projector's stream mapping"),
  );
  ack(stack.analytics.pipeDeadLetterQueue, "SQS3", dlq("dead-letter config of the EventBridge Pipe"));
  ack(
    stack.analytics.ruleDeadLetterQueue,
    "SQS3",
    dlq("dead-letter config of the bus-to-Firehose rule target"),
  );
}

/** The secrets' ARN pattern as cdk-nag spells it (pseudo parameters in angle brackets). */
const secretsArnPattern = (stack: OptStack): string =>
  `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${stack.webhooks.secretsPrefix}/*`;
