import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../../functions/http/routes.ts";
import { THRESHOLDS } from "../../../infra/constructs/monitoring.ts";
import {
  first,
  logicalId,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type Synthesized,
  single,
  synthesize,
} from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize("dev");
}, SYNTH_TIMEOUT);

const alarmsWith = (predicate: (properties: Record<string, unknown>) => boolean) =>
  resourcesOfType(synth, "AWS::CloudWatch::Alarm").filter(([, alarm]) => predicate(alarm.Properties ?? {}));

describe("alarms", () => {
  // routes, projector, pipe enrichment, Cognito trigger, webhook processor and replay
  const functionCount = ROUTES.length + 5;

  it("watches errors and throttles of every function", () => {
    for (const metric of ["Errors", "Throttles"]) {
      const alarms = alarmsWith((p) => p.Namespace === "AWS/Lambda" && p.MetricName === metric);
      expect(alarms, metric).toHaveLength(functionCount);
    }
    const fnIds = resourcesOfType(synth, "AWS::Lambda::Function").map(([id]) => id);
    const watched = alarmsWith((p) => p.MetricName === "Errors").map(([, alarm]) =>
      JSON.stringify(alarm.Properties?.Dimensions),
    );
    for (const id of fnIds)
      expect(
        watched.some((dimensions) => dimensions.includes(id)),
        id,
      ).toBe(true);
  });

  it("watches the projector's stream iterator age", () => {
    synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "IteratorAge",
      Statistic: "Maximum",
      Threshold: THRESHOLDS.iteratorAgeMs,
      Dimensions: [
        { Name: "FunctionName", Value: { Ref: logicalId(synth, synth.stack.projections.projector.fn) } },
      ],
    });
  });

  it("watches the events the projector parks (its RecordsParked metric, one is enough)", () => {
    const [alarm, ...others] = alarmsWith((p) => p.MetricName === "RecordsParked");
    expect(others).toHaveLength(0);
    expect(alarm?.[1].Properties).toMatchObject({
      Namespace: "OPT",
      Dimensions: [{ Name: "service", Value: "opt-projector" }],
      Statistic: "Sum",
      Threshold: 1,
    });
  });

  it("watches the depth of every dead-letter queue", () => {
    const queues = [
      synth.stack.projections.deadLetterQueue,
      synth.stack.analytics.pipeDeadLetterQueue,
      synth.stack.analytics.ruleDeadLetterQueue,
      synth.stack.webhooks.deadLetterQueue,
    ].map((queue) => logicalId(synth, queue));
    // Every queue but the webhook work queue is a dead-letter queue.
    expect(
      resourcesOfType(synth, "AWS::SQS::Queue")
        .map(([id]) => id)
        .sort(),
    ).toEqual([...queues, logicalId(synth, synth.stack.webhooks.queue)].sort());
    for (const queue of queues) {
      synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Threshold: 1,
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }],
      });
    }
  });

  it("watches the age of the webhook queue's oldest message (a backlog), and no other queue's", () => {
    const ages = alarmsWith((p) => p.MetricName === "ApproximateAgeOfOldestMessage");
    expect(ages).toHaveLength(1);
    expect(ages[0]?.[1].Properties).toMatchObject({
      Namespace: "AWS/SQS",
      Statistic: "Maximum",
      Threshold: THRESHOLDS.queueOldestMessageSeconds,
      Dimensions: [
        {
          Name: "QueueName",
          Value: { "Fn::GetAtt": [logicalId(synth, synth.stack.webhooks.queue), "QueueName"] },
        },
      ],
    });
  });

  it("watches DynamoDB throttling on the table and both indexes", () => {
    const alarm = first(alarmsWith((p) => JSON.stringify(p.Metrics ?? "").includes("ThrottleEvents")));
    const metrics = JSON.stringify(alarm?.Properties?.Metrics);
    for (const name of ["ReadThrottleEvents", "WriteThrottleEvents", '"gsi1"', '"gsi2"'])
      expect(metrics).toContain(name);
  });

  it("watches API 5xx and p99 latency", () => {
    const api = logicalId(synth, synth.stack.api.httpApi);
    synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/ApiGateway",
      MetricName: "5xx",
      Threshold: THRESHOLDS.api5xxPerFiveMinutes,
      Dimensions: [{ Name: "ApiId", Value: { Ref: api } }],
    });
    synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/ApiGateway",
      MetricName: "Latency",
      ExtendedStatistic: "p99",
      Threshold: THRESHOLDS.apiP99LatencyMs,
    });
  });

  it("watches pipe failures and Firehose data freshness", () => {
    const pipe = first(alarmsWith((p) => JSON.stringify(p.Metrics ?? "").includes("AWS/EventBridge/Pipes")));
    expect(JSON.stringify(pipe?.Properties?.Metrics)).toContain("ExecutionFailed");
    synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Firehose",
      MetricName: "DeliveryToS3.DataFreshness",
      Threshold: 60 + THRESHOLDS.freshnessSlackSeconds,
      Dimensions: [
        {
          Name: "DeliveryStreamName",
          Value: { Ref: logicalId(synth, synth.stack.analytics.deliveryStream) },
        },
      ],
    });
  });

  it("notifies one TLS-only topic from every alarm", () => {
    const topic = logicalId(synth, synth.stack.monitoring.topic);
    synth.template.allResourcesProperties("AWS::CloudWatch::Alarm", {
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
    synth.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    // functions, iterator age, parked, DLQs, DynamoDB, API 5xx + p99, pipe, Firehose, webhook queue age
    const expected = functionCount * 2 + 1 + 1 + 4 + 1 + 2 + 1 + 1 + 1;
    synth.template.resourceCountIs("AWS::CloudWatch::Alarm", expected);
  });
});

describe("dashboard", () => {
  it("is one dashboard showing every alarm", () => {
    synth.template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    const dashboard = single(synth, "AWS::CloudWatch::Dashboard");
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);
    for (const [id] of resourcesOfType(synth, "AWS::CloudWatch::Alarm")) expect(body).toContain(id);
  });
});
