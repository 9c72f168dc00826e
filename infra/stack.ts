import { App, type AppProps, Stack, type StackProps, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { Construct } from "constructs";
import { EVENT_TABLE } from "../events/table.ts";
import { acknowledgeFindings } from "./acknowledgements.ts";
import { type EnvironmentConfig, loadConfig } from "./config.ts";
import { Analytics } from "./constructs/analytics.ts";
import { Api } from "./constructs/api.ts";
import { Auth } from "./constructs/auth.ts";
import { EventStore } from "./constructs/data.ts";
import { Monitoring } from "./constructs/monitoring.ts";
import type { OptFunction } from "./constructs/node-function.ts";
import { Projections } from "./constructs/projections.ts";
import { Webhooks } from "./constructs/webhooks.ts";

export interface OptStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** The whole backend of one environment: data, auth, API, projections, analytics, monitoring. */
export class OptStack extends Stack {
  readonly store: EventStore;
  readonly auth: Auth;
  readonly webhooks: Webhooks;
  readonly api: Api;
  readonly projections: Projections;
  readonly analytics: Analytics;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: OptStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add("project", "opt-backend");
    Tags.of(this).add("environment", config.envName);

    this.store = new EventStore(this, "Data");
    this.auth = new Auth(this, "Auth", { config });
    // Before the API: the webhook routes' functions are granted its archive, queue and secrets.
    this.webhooks = new Webhooks(this, "Webhooks", { config, store: this.store });
    this.api = new Api(this, "Api", { config, store: this.store, auth: this.auth, webhooks: this.webhooks });
    this.projections = new Projections(this, "Projections", { config, store: this.store });
    this.analytics = new Analytics(this, "Analytics", { config, store: this.store });

    const functions = new Map<string, OptFunction>(this.api.functions);
    functions.set("projector", this.projections.projector);
    functions.set("analyticsEnrichment", this.analytics.enrichment);
    functions.set("preTokenGeneration", this.auth.preTokenGeneration);
    functions.set("webhookProcessor", this.webhooks.processor);
    functions.set("webhookReplay", this.webhooks.replay);
    this.monitoring = new Monitoring(this, "Monitoring", {
      config,
      functions,
      streamConsumer: this.projections.projector,
      deadLetterQueues: new Map([
        ["ProjectorOnFailure", this.projections.deadLetterQueue],
        ["PipeDeadLetter", this.analytics.pipeDeadLetterQueue],
        ["AnalyticsRuleDeadLetter", this.analytics.ruleDeadLetterQueue],
        ["WebhookDeadLetter", this.webhooks.deadLetterQueue],
      ]),
      workQueues: new Map([["WebhookQueue", this.webhooks.queue]]),
      table: this.store.table,
      indexNames: [EVENT_TABLE.rosterIndex.name, EVENT_TABLE.streamsIndex.name],
      httpApi: this.api.httpApi,
      pipeName: this.analytics.pipe.ref,
      deliveryStreamName: this.analytics.deliveryStreamName,
    });

    acknowledgeFindings(this);
  }
}

/**
 * The app with one environment's stack and cdk-nag's AwsSolutions checks as a validation plugin
 * (acknowledgements are written into the template's Metadata). Used by infra/app.ts and the tests.
 */
export function createOptApp(props: AppProps = {}): { app: App; stack: OptStack; config: EnvironmentConfig } {
  const app = new App(props);
  const config = loadConfig(app.node);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const stack = new OptStack(app, config.stackName, {
    config,
    description: `OPT event-sourced backend (${config.envName})`,
    ...(account && region ? { env: { account, region } } : {}),
    terminationProtection: config.envName === "prod",
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack, config };
}
