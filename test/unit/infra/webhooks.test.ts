import { beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_RETENTION_DAYS } from "../../../events/store/webhook-items.ts";
import { ROUTES } from "../../../functions/http/routes.ts";
import {
  MAX_RECEIVE_COUNT,
  PROCESSOR_BATCH_SIZE,
  PROCESSOR_MAX_CONCURRENCY,
} from "../../../infra/constructs/webhooks.ts";
import {
  actionsOf,
  type IamStatement,
  logicalId,
  prop,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type Synthesized,
  single,
  statementsOfRole,
  synthesize,
} from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize("dev");
}, SYNTH_TIMEOUT);

const resource = (construct: { node: { defaultChild?: unknown } }) => {
  const found = synth.json.Resources[logicalId(synth, construct)];
  if (!found) throw new Error("no such resource");
  return found;
};
const getAtt = (construct: { node: { defaultChild?: unknown } }, attribute: string) => ({
  "Fn::GetAtt": [logicalId(synth, construct), attribute],
});
const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: logicalId(synth, construct) });
const archiveObjects = () => ({ "Fn::Join": ["", [getAtt(synth.stack.webhooks.archive, "Arn"), "/*"]] });
const viaS3 = {
  StringEquals: { "kms:ViaService": { "Fn::Join": ["", ["s3.", { Ref: "AWS::Region" }, ".amazonaws.com"]] } },
};
const secretsArn = {
  "Fn::Join": [
    "",
    [
      "arn:",
      { Ref: "AWS::Partition" },
      ":secretsmanager:",
      { Ref: "AWS::Region" },
      ":",
      { Ref: "AWS::AccountId" },
      ":secret:opt-dev/webhooks/*",
    ],
  ],
};

/** A role's statements other than writing its own log group, in a comparable shape. */
const grantsOf = (role: { node: { defaultChild?: unknown } }) =>
  statementsOfRole(synth, logicalId(synth, role))
    .filter((statement) => !actionsOf(statement).every((action) => action.startsWith("logs:")))
    .map((statement: IamStatement) => ({
      actions: actionsOf(statement).sort(),
      resource: statement.Resource,
      ...(statement.Condition ? { condition: statement.Condition } : {}),
    }));
const allActions = (role: { node: { defaultChild?: unknown } }) =>
  statementsOfRole(synth, logicalId(synth, role)).flatMap(actionsOf);

const apiFunction = (operationId: string) => {
  const handler = synth.stack.api.functions.get(operationId);
  if (!handler) throw new Error(`no function for ${operationId}`);
  return handler;
};

describe("webhook queue", () => {
  it("is encrypted and TLS-only, with an encrypted, TLS-only dead-letter queue after 5 receives, kept 14 days", () => {
    const { queue, deadLetterQueue } = synth.stack.webhooks;
    expect(MAX_RECEIVE_COUNT).toBe(5);
    expect(resource(queue).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: getAtt(deadLetterQueue, "Arn"), maxReceiveCount: 5 },
    });
    expect(resource(deadLetterQueue).Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(resource(deadLetterQueue).Properties?.RedrivePolicy).toBeUndefined();
    for (const construct of [queue, deadLetterQueue]) {
      const policies = resourcesOfType(synth, "AWS::SQS::QueuePolicy").filter(([, policy]) =>
        JSON.stringify(policy.Properties?.Queues).includes(logicalId(synth, construct)),
      );
      expect(policies).toHaveLength(1);
      expect(JSON.stringify(policies[0]?.[1].Properties)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("keeps a received message invisible at least six times as long as the processor may run", () => {
    const timeout = prop<number>(resource(synth.stack.webhooks.processor.fn), "Timeout");
    const visibility = prop<number>(resource(synth.stack.webhooks.queue), "VisibilityTimeout");
    expect(timeout).toBeGreaterThanOrEqual(30);
    expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    // The dead-letter queue outlives the queue: a moved message keeps its first enqueue time.
    expect(
      prop<number>(resource(synth.stack.webhooks.deadLetterQueue), "MessageRetentionPeriod"),
    ).toBeGreaterThan(prop<number>(resource(synth.stack.webhooks.queue), "MessageRetentionPeriod"));
  });

  it("feeds the processor batches of 10 with partial batch responses, under a concurrency bound", () => {
    const mappings = resourcesOfType(synth, "AWS::Lambda::EventSourceMapping").filter(
      ([, mapping]) =>
        JSON.stringify(mapping.Properties?.EventSourceArn) ===
        JSON.stringify(getAtt(synth.stack.webhooks.queue, "Arn")),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toMatchObject({
      FunctionName: ref(synth.stack.webhooks.processor.fn),
      BatchSize: PROCESSOR_BATCH_SIZE,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: PROCESSOR_MAX_CONCURRENCY },
    });
    expect(PROCESSOR_BATCH_SIZE).toBe(10);
    expect(PROCESSOR_MAX_CONCURRENCY).toBeGreaterThanOrEqual(2); // SQS's minimum
    // A bound on the mapping, not reserved concurrency (which would throttle messages into the DLQ).
    expect(
      resource(synth.stack.webhooks.processor.fn).Properties?.ReservedConcurrentExecutions,
    ).toBeUndefined();
  });
});

describe("webhook archive", () => {
  it("is KMS-encrypted with its own rotating key, private, unversioned and expires objects after 90 days", () => {
    const { archive, archiveKey } = synth.stack.webhooks;
    const bucket = resource(archive);
    expect(prop(bucket, "BucketEncryption")).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: "aws:kms",
            KMSMasterKeyID: getAtt(archiveKey, "Arn"),
          },
        },
      ],
    });
    expect(prop(bucket, "PublicAccessBlockConfiguration")).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(WEBHOOK_RETENTION_DAYS).toBe(90);
    expect(prop<{ Rules: unknown[] }>(bucket, "LifecycleConfiguration").Rules).toContainEqual({
      ExpirationInDays: 90,
      Status: "Enabled",
    });
    expect(bucket.Properties?.VersioningConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe("Retain");
    expect(resource(archiveKey).Properties?.EnableKeyRotation).toBe(true);
  });

  it("refuses requests without TLS and logs every access to its own log bucket", () => {
    const { archive, accessLogs } = synth.stack.webhooks;
    const policies = resourcesOfType(synth, "AWS::S3::BucketPolicy").filter(
      ([, policy]) => JSON.stringify(policy.Properties?.Bucket) === JSON.stringify(ref(archive)),
    );
    expect(policies).toHaveLength(1);
    const statements = prop<{ Statement: IamStatement[] }>(policies[0]?.[1], "PolicyDocument").Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    expect(prop(resource(archive), "LoggingConfiguration")).toEqual({
      DestinationBucketName: ref(accessLogs),
      LogFilePrefix: "webhook-archive/",
    });
  });
});

describe("webhook functions", () => {
  it("tells the receiver where the secrets, the archive and the queue are", () => {
    const receiver = resource(apiFunction("receiveWebhook").fn);
    const variables = prop<{ Variables: Record<string, unknown> }>(receiver, "Environment").Variables;
    expect(variables).toMatchObject({
      WEBHOOK_SECRETS_PREFIX: "opt-dev/webhooks",
      ARCHIVE_BUCKET: ref(synth.stack.webhooks.archive),
      WEBHOOK_QUEUE_URL: ref(synth.stack.webhooks.queue),
    });
    // Access "none": no data keys.
    expect(variables.KMS_KEY_ID).toBeUndefined();
  });

  it("lets the receiver read the signing secrets, write archive objects and enqueue, and nothing else", () => {
    expect(grantsOf(apiFunction("receiveWebhook").role)).toEqual([
      { actions: ["secretsmanager:GetSecretValue"], resource: secretsArn },
      { actions: ["s3:PutObject"], resource: archiveObjects() },
      {
        actions: ["kms:GenerateDataKey"],
        resource: getAtt(synth.stack.webhooks.archiveKey, "Arn"),
        condition: viaS3,
      },
      { actions: ["sqs:SendMessage"], resource: getAtt(synth.stack.webhooks.queue, "Arn") },
    ]);
    expect(allActions(apiFunction("receiveWebhook").role).filter((a) => a.startsWith("dynamodb:"))).toEqual(
      [],
    );
  });

  it("gives the processor and the replay function the table, keys and archive location, and the same grants", () => {
    const { processor, replay } = synth.stack.webhooks;
    for (const handler of [processor, replay]) {
      const variables = prop<{ Variables: Record<string, unknown> }>(
        resource(handler.fn),
        "Environment",
      ).Variables;
      expect(variables).toMatchObject({
        TABLE_NAME: ref(synth.stack.store.table),
        KEYS_TABLE_NAME: ref(synth.stack.store.keyTable),
        KMS_KEY_ID: getAtt(synth.stack.store.dataKeys, "Arn"),
        ARCHIVE_BUCKET: ref(synth.stack.webhooks.archive),
        POWERTOOLS_SERVICE_NAME: "opt-webhooks",
      });
      expect(variables.WEBHOOK_QUEUE_URL).toBeUndefined();
    }
    const queueActions = (actions: string[]) => actions.filter((a) => a.startsWith("sqs:"));
    const withoutQueue = (role: { node: { defaultChild?: unknown } }) =>
      grantsOf(role).filter((grant) => queueActions(grant.actions).length === 0);
    expect(withoutQueue(replay.role)).toEqual(withoutQueue(processor.role));
    expect(grantsOf(replay.role).flatMap((grant) => queueActions(grant.actions))).toEqual([]);
    expect(grantsOf(processor.role).filter((grant) => queueActions(grant.actions).length > 0)).toEqual([
      {
        actions: [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ReceiveMessage",
        ],
        resource: getAtt(synth.stack.webhooks.queue, "Arn"),
      },
    ]);
  });

  it("lets the processor, the replay function and the replay route read the archive, never write it or read secrets", () => {
    const readers = [
      synth.stack.webhooks.processor.role,
      synth.stack.webhooks.replay.role,
      apiFunction("replayParkedSession").role,
    ];
    for (const role of readers) {
      const grants = grantsOf(role);
      expect(grants).toContainEqual({ actions: ["s3:GetObject"], resource: archiveObjects() });
      // A missing (expired) payload is then NoSuchKey, not AccessDenied.
      expect(grants).toContainEqual({
        actions: ["s3:ListBucket"],
        resource: getAtt(synth.stack.webhooks.archive, "Arn"),
      });
      expect(grants).toContainEqual({
        actions: ["kms:Decrypt"],
        resource: getAtt(synth.stack.webhooks.archiveKey, "Arn"),
        condition: viaS3,
      });
      const actions = allActions(role);
      expect(actions.filter((a) => a.startsWith("s3:")).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
      expect(actions.filter((a) => a.startsWith("secretsmanager:"))).toEqual([]);
      expect(actions).not.toContain("sqs:SendMessage");
      expect(actions).not.toContain("kms:GenerateDataKey*");
    }
  });

  it("lets no other function touch the archive, the secrets or the queue", () => {
    const allowed = new Set(
      [
        apiFunction("receiveWebhook").role,
        apiFunction("replayParkedSession").role,
        synth.stack.webhooks.processor.role,
        synth.stack.webhooks.replay.role,
      ].map((role) => logicalId(synth, role)),
    );
    const archive = logicalId(synth, synth.stack.webhooks.archive);
    const queue = logicalId(synth, synth.stack.webhooks.queue);
    for (const [id, policy] of resourcesOfType(synth, "AWS::IAM::Policy")) {
      const roles = prop<{ Ref: string }[]>(policy, "Roles").map((role) => role.Ref);
      if (roles.some((role) => allowed.has(role))) continue;
      const document = JSON.stringify(policy.Properties?.PolicyDocument);
      expect(document, id).not.toContain(archive);
      expect(document, id).not.toContain(queue);
      expect(document, id).not.toContain("secretsmanager");
    }
  });
});

describe("webhook routes", () => {
  it("serves the webhook receiver without an authorizer and every other wearable and webhook route with the JWT", () => {
    const routeKey = (operationId: string) => {
      const route = ROUTES.find((r) => r.operationId === operationId);
      if (!route) throw new Error(`no route ${operationId}`);
      return `${route.method} ${route.path}`;
    };
    const byKey = new Map(
      resourcesOfType(synth, "AWS::ApiGatewayV2::Route").map(([, route]) => [
        prop<string>(route, "RouteKey"),
        route.Properties,
      ]),
    );
    const receiver = byKey.get(routeKey("receiveWebhook"));
    expect(receiver?.AuthorizationType).toBe("NONE");
    expect(receiver?.AuthorizerId).toBeUndefined();
    const [[authorizer]] = resourcesOfType(synth, "AWS::ApiGatewayV2::Authorizer") as [[string, unknown]];
    for (const id of [
      "linkWearable",
      "unlinkWearable",
      "listParkedSessions",
      "replayParkedSession",
      "getWebhookReceipt",
    ]) {
      expect(byKey.get(routeKey(id))?.AuthorizationType, id).toBe("JWT");
      expect(byKey.get(routeKey(id))?.AuthorizerId, id).toEqual({ Ref: authorizer });
    }
  });

  it("has the DELETE route for unlinking, and CORS allows DELETE", () => {
    const routeKeys = resourcesOfType(synth, "AWS::ApiGatewayV2::Route").map(([, route]) =>
      prop<string>(route, "RouteKey"),
    );
    expect(routeKeys).toContain("DELETE /v1/clients/{clientId}/wearables/{provider}");
    const api = single(synth, "AWS::ApiGatewayV2::Api");
    expect(prop<{ AllowMethods: string[] }>(api, "CorsConfiguration").AllowMethods).toContain("DELETE");
  });
});
