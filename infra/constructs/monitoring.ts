import { Duration } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config.ts";
import type { OptFunction } from "./node-function.ts";

export interface MonitoringProps {
  readonly config: EnvironmentConfig;
  /** Every Lambda function, by a readable name. */
  readonly functions: ReadonlyMap<string, OptFunction>;
  /** The function fed by the table's stream (iterator age). */
  readonly streamConsumer: OptFunction;
  /** Every dead-letter / on-failure queue, by a readable name. */
  readonly deadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
  /** Queues a consumer works through, by a readable name (age of the oldest message). */
  readonly workQueues?: ReadonlyMap<string, sqs.IQueue>;
  readonly table: dynamodb.ITable;
  readonly indexNames: readonly string[];
  readonly httpApi: apigw.IHttpApi;
  readonly pipeName: string;
  readonly deliveryStreamName: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Thresholds, in one place so the README and the tests can name them. */
export const THRESHOLDS = {
  iteratorAgeMs: 5 * 60 * 1000,
  api5xxPerFiveMinutes: 5,
  apiP99LatencyMs: 3000,
  /** Added to the Firehose buffering interval before data counts as stale. */
  freshnessSlackSeconds: 600,
  /**
   * A work queue's oldest message. Past three receives SQS stops counting a failing message (it goes to
   * the dead-letter queue after its last), so this is a backlog: the consumer is not keeping up.
   */
  queueOldestMessageSeconds: 30 * 60,
} as const;

/**
 * Alarms (all notify one SNS topic) and one dashboard: Lambda errors and throttles per function,
 * stream iterator age, parked events, every DLQ's depth, work queues' oldest message, DynamoDB throttling (table and indexes), API 5xx and p99
 * latency, pipe failures and Firehose data freshness.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config } = props;

    this.topic = new sns.Topic(this, "AlarmTopic", {
      displayName: `OPT ${config.envName} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    const lambdaWidgets: cloudwatch.IWidget[] = [];
    const errorMetrics: cloudwatch.IMetric[] = [];
    const throttleMetrics: cloudwatch.IMetric[] = [];
    for (const [name, { fn }] of props.functions) {
      // Labels only on the dashboard: a labelled metric turns an alarm into a metric-math alarm.
      const errors = fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" });
      const throttles = fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" });
      errorMetrics.push(errors.with({ label: name }));
      throttleMetrics.push(throttles.with({ label: name }));
      this.alarm(`${name}Errors`, errors, 1, `${name}: Lambda errors`);
      this.alarm(`${name}Throttles`, throttles, 1, `${name}: Lambda throttles`);
    }
    lambdaWidgets.push(
      new cloudwatch.GraphWidget({ title: "Lambda errors", left: errorMetrics, width: 12 }),
      new cloudwatch.GraphWidget({ title: "Lambda throttles", left: throttleMetrics, width: 12 }),
    );

    const iteratorAge = props.streamConsumer.fn.metric("IteratorAge", {
      period: Duration.minutes(1),
      statistic: "Maximum",
    });
    this.alarm(
      "StreamIteratorAge",
      iteratorAge,
      THRESHOLDS.iteratorAgeMs,
      "Projector is behind the table stream",
      5,
    );

    // Each parked event is kept out of the read models until someone looks: one is enough to alarm.
    const parked = props.streamConsumer.appMetric("RecordsParked", {
      period: FIVE_MINUTES,
      statistic: "Sum",
    });
    this.alarm(
      "RecordsParked",
      parked,
      1,
      "Projector parked undecodable events (items under T#<tenant>#PARKED)",
    );

    const queueDepths: cloudwatch.IMetric[] = [];
    for (const [name, queue] of props.deadLetterQueues) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: "Maximum",
      });
      queueDepths.push(depth.with({ label: name }));
      this.alarm(`${name}Depth`, depth, 1, `${name}: messages waiting in a dead-letter queue`);
    }
    const queueAges: cloudwatch.IMetric[] = [];
    for (const [name, queue] of props.workQueues ?? []) {
      const age = queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: "Maximum" });
      queueAges.push(age.with({ label: name }));
      this.alarm(
        `${name}OldestMessage`,
        age,
        THRESHOLDS.queueOldestMessageSeconds,
        `${name}: its consumer is falling behind (oldest message age)`,
      );
    }

    const throttleEvents: Record<string, cloudwatch.IMetric> = {};
    const dimensionsList: Record<string, string>[] = [
      { TableName: props.table.tableName },
      ...props.indexNames.map((index) => ({
        TableName: props.table.tableName,
        GlobalSecondaryIndexName: index,
      })),
    ];
    dimensionsList.forEach((dimensionsMap, i) => {
      for (const metricName of ["ReadThrottleEvents", "WriteThrottleEvents"]) {
        throttleEvents[`${metricName === "ReadThrottleEvents" ? "r" : "w"}${i}`] = new cloudwatch.Metric({
          namespace: "AWS/DynamoDB",
          metricName,
          dimensionsMap,
          period: FIVE_MINUTES,
          statistic: "Sum",
        });
      }
    });
    const tableThrottles = new cloudwatch.MathExpression({
      expression: Object.keys(throttleEvents).join("+"),
      usingMetrics: throttleEvents,
      period: FIVE_MINUTES,
      label: "DynamoDB throttle events (table + indexes)",
    });
    this.alarm(
      "DynamoDbThrottles",
      tableThrottles,
      1,
      "DynamoDB throttled requests on the event table or its indexes",
    );

    const api5xx = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" });
    const apiP99 = props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: "p99" });
    this.alarm("Api5xx", api5xx, THRESHOLDS.api5xxPerFiveMinutes, "HTTP API 5xx responses");
    this.alarm("ApiLatencyP99", apiP99, THRESHOLDS.apiP99LatencyMs, "HTTP API p99 latency", 3);

    const pipeFailures = new cloudwatch.MathExpression({
      expression: "failed + targetFailed",
      usingMetrics: {
        failed: this.pipeMetric(props.pipeName, "ExecutionFailed"),
        targetFailed: this.pipeMetric(props.pipeName, "TargetStageFailed"),
      },
      period: FIVE_MINUTES,
      label: "Pipe failures",
    });
    this.alarm(
      "PipeFailures",
      pipeFailures,
      1,
      "EventBridge Pipe failed to deliver stream records to the bus",
    );

    const freshness = new cloudwatch.Metric({
      namespace: "AWS/Firehose",
      metricName: "DeliveryToS3.DataFreshness",
      dimensionsMap: { DeliveryStreamName: props.deliveryStreamName },
      period: FIVE_MINUTES,
      statistic: "Maximum",
    });
    const freshnessThreshold = config.analyticsBufferInterval.toSeconds() + THRESHOLDS.freshnessSlackSeconds;
    this.alarm("FirehoseFreshness", freshness, freshnessThreshold, "Analytics delivery to S3 is lagging");

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `${config.prefix}-overview`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "API requests and errors",
        left: [props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: "Sum" })],
        right: [props.httpApi.metricClientError({ period: FIVE_MINUTES, statistic: "Sum" }), api5xx],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: "API latency",
        left: [props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: "p50" }), apiP99],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(...lambdaWidgets);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Projector iterator age (ms), parked events",
        left: [iteratorAge],
        right: [parked],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Dead-letter queues; oldest work queue message (s, right)",
        left: queueDepths,
        right: queueAges,
        width: 8,
      }),
      new cloudwatch.GraphWidget({ title: "DynamoDB throttling", left: [tableThrottles], width: 8 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "DynamoDB consumed capacity",
        left: [
          props.table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES, statistic: "Sum" }),
          props.table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES, statistic: "Sum" }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Pipe",
        left: [this.pipeMetric(props.pipeName, "Invocations"), pipeFailures],
        width: 8,
      }),
      new cloudwatch.GraphWidget({ title: "Firehose data freshness (s)", left: [freshness], width: 8 }),
    );
  }

  private pipeMetric(pipeName: string, metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: "AWS/EventBridge/Pipes",
      metricName,
      dimensionsMap: { PipeName: pipeName },
      period: FIVE_MINUTES,
      statistic: "Sum",
    });
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    description: string,
    periods = 1,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
