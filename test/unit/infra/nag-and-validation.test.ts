import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, type CfnResource, Stack } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { REPORTS } from "../../../analytics/report-catalog.ts";
import { ROUTES } from "../../../functions/http/routes.ts";
import {
  CDK_JSON,
  logicalId,
  prop,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type Synthesized,
  synthesize,
  TEST_MACHINE_CLIENTS,
  TEST_SUBSCRIPTIONS,
} from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  // Throws if cdk-nag (AwsSolutions) or CloudFormation template validation reports any error.
  synth = synthesize("dev");
}, SYNTH_TIMEOUT);

interface Acknowledged {
  logicalId: string;
  type: string;
  id: string;
  reason: string;
}

const acknowledgements = (): Acknowledged[] =>
  Object.entries(synth.json.Resources).flatMap(([logicalId, resource]) => {
    const rules =
      (resource.Metadata?.cdk_nag as { rules_to_suppress?: { id: string; reason: string }[] } | undefined)
        ?.rules_to_suppress ?? [];
    return rules.map((rule) => ({ logicalId, type: resource.Type, ...rule }));
  });

describe("cdk-nag AwsSolutions", () => {
  it("reports no finding at all: every error is fixed or acknowledged, and there are no warnings", () => {
    const report = JSON.parse(
      readFileSync(join(synth.assemblyDirectory, "validation-report.json"), "utf8"),
    ) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    for (const plugin of report.pluginReports) expect(plugin.violations, plugin.pluginName).toEqual([]);
  });

  it("writes each acknowledgement, with its reason, into the template", () => {
    const found = acknowledgements();
    const bucket = resourcesOfType(synth, "AWS::S3::Bucket").find(([id]) =>
      id.startsWith("AnalyticsDataBucket"),
    )?.[0];
    const archive = logicalId(synth, synth.stack.webhooks.archive);
    const secrets =
      "arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:opt-dev/webhooks/*";
    expect(found.map((a) => `${a.type} ${a.id}`).sort()).toEqual(
      [
        "AWS::ApiGatewayV2::Route AwsSolutions-APIG4",
        "AWS::ApiGatewayV2::Route AwsSolutions-APIG4",
        "AWS::ApiGatewayV2::Route AwsSolutions-APIG4",
        "AWS::ApiGatewayV2::Route AwsSolutions-APIG4",
        "AWS::Cognito::UserPool AwsSolutions-COG8",
        // receiver (put), processor, replay function, replay route (get)
        ...Array(4).fill(`AWS::IAM::Policy AwsSolutions-IAM5[Resource::<${archive}.Arn>/*]`),
        `AWS::IAM::Policy AwsSolutions-IAM5[Resource::${secrets}]`,
        "AWS::IAM::Policy AwsSolutions-IAM5[Resource::*]",
        "AWS::IAM::Policy AwsSolutions-IAM5[Resource::*]",
        `AWS::IAM::Policy AwsSolutions-IAM5[Resource::<${bucket}.Arn>/errors/*]`,
        `AWS::IAM::Policy AwsSolutions-IAM5[Resource::<${bucket}.Arn>/events/*]`,
        "AWS::SQS::Queue AwsSolutions-SQS3",
        "AWS::SQS::Queue AwsSolutions-SQS3",
        "AWS::SQS::Queue AwsSolutions-SQS3",
      ].sort(),
    );
    for (const { id, reason } of found) expect(reason.length, id).toBeGreaterThan(80);
  });

  it("acknowledges the anonymous routes only (the contract, its reference page and the signed webhook receiver), and only the policies that need ListStreams", () => {
    const found = acknowledgements();
    const routes = found.filter((a) => a.id === "AwsSolutions-APIG4");
    expect(routes.map((route) => synth.json.Resources[route.logicalId]?.Properties?.RouteKey).sort()).toEqual(
      ["GET /docs", "GET /docs/{asset}", "GET /v1/openapi.json", "POST /v1/webhooks/{tenantId}/{provider}"],
    );
    const listStreams = found
      .filter((a) => a.id === "AwsSolutions-IAM5[Resource::*]")
      .map((a) => a.logicalId);
    expect(listStreams.sort()).toEqual(
      [
        synth.stack.getLogicalId(
          synth.stack.projections.projector.role.node.findChild("DefaultPolicy").node
            .defaultChild as CfnResource,
        ),
        synth.stack.getLogicalId(
          synth.stack.analytics.pipeRole.node.findChild("DefaultPolicy").node.defaultChild as CfnResource,
        ),
      ].sort(),
    );
    for (const logicalId of listStreams) {
      const statements = prop<{ Statement: { Action: string | string[]; Resource: unknown }[] }>(
        synth.json.Resources[logicalId],
        "PolicyDocument",
      ).Statement.filter((statement) => statement.Resource === "*");
      expect(statements.map((statement) => statement.Action)).toEqual(["dynamodb:ListStreams"]);
    }
  });
});

describe("inventory", () => {
  it("creates exactly the resources the tests describe, and nothing else", () => {
    const routes = ROUTES.length;
    // routes, projector, pipe enrichment, Cognito trigger, webhook processor and replay
    const functions = routes + 5;
    const counts: Record<string, number> = {};
    for (const resource of Object.values(synth.json.Resources))
      counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    expect(counts).toEqual({
      "AWS::DynamoDB::Table": 2, // events, clients' data keys
      "AWS::KMS::Key": 2, // clients' data keys, webhook archive
      "AWS::Lambda::Function": functions,
      "AWS::Lambda::Permission": routes + 1,
      "AWS::Lambda::EventSourceMapping": 2, // table stream → projector, webhook queue → processor
      "AWS::Logs::LogGroup": functions + 3, // + API access logs, pipe, Firehose
      "AWS::Logs::LogStream": 1,
      // + pipe, Firehose, rule to Firehose, one per subscription (to the chain's bus)
      "AWS::IAM::Role": functions + 3 + TEST_SUBSCRIPTIONS.length,
      "AWS::IAM::Policy": functions + 3 + TEST_SUBSCRIPTIONS.length,
      "AWS::Cognito::UserPool": 1,
      "AWS::Cognito::UserPoolClient": 1 + TEST_MACHINE_CLIENTS.length,
      "AWS::Cognito::UserPoolDomain": 1,
      "AWS::Cognito::UserPoolResourceServer": 1,
      "AWS::ApiGatewayV2::Api": 1,
      "AWS::ApiGatewayV2::Stage": 1,
      "AWS::ApiGatewayV2::Authorizer": 1,
      "AWS::ApiGatewayV2::Route": routes,
      "AWS::ApiGatewayV2::Integration": routes,
      "AWS::SQS::Queue": 5, // + webhook queue and its DLQ
      "AWS::SQS::QueuePolicy": 5,
      "AWS::Events::EventBus": 1,
      "AWS::Events::Rule": 1 + TEST_SUBSCRIPTIONS.length,
      "AWS::Pipes::Pipe": 1,
      "AWS::KinesisFirehose::DeliveryStream": 1,
      "AWS::S3::Bucket": 5, // + webhook archive and its access logs
      "AWS::S3::BucketPolicy": 5,
      "AWS::Glue::Database": 1,
      "AWS::Glue::Table": 1,
      "AWS::Athena::WorkGroup": 1,
      "AWS::Athena::NamedQuery": REPORTS.length,
      "AWS::SNS::Topic": 1,
      "AWS::SNS::TopicPolicy": 1,
      "AWS::CloudWatch::Alarm": functions * 2 + 12,
      "AWS::CloudWatch::Dashboard": 1,
    });
  });
});

describe("cdk synth settings", () => {
  it("runs the app through tsx and treats CloudFormation template validation findings as errors", () => {
    expect(CDK_JSON.app).toBe("npx tsx infra/app.ts");
    expect(CDK_JSON.context["@aws-cdk/core:validateAgainstDefaultRules"]).toBe(true);
    expect(CDK_JSON.context.env).toBe("dev");
  });

  it("fails synthesis on a template error with the cdk.json context", () => {
    const app = new App({ context: CDK_JSON.context });
    const stack = new Stack(app, "Broken");
    (new sqs.Queue(stack, "Queue").node.defaultChild as CfnResource).addPropertyOverride(
      "VisibilityTimeout",
      "soon",
    );
    expect(() => app.synth()).toThrow(/VisibilityTimeout/);
  });
});
