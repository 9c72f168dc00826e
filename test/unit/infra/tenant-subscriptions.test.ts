import { App, Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import { describe, expect, it } from "vitest";
import { EVENT_DETAIL_TYPE, EVENT_SOURCE } from "../../../infra/constructs/analytics-catalog.ts";
import {
  requireTenantFilters,
  TenantRule,
  tenantPattern,
} from "../../../infra/constructs/tenant-subscription.ts";
import { SYNTH_TIMEOUT } from "./synth.ts";

/** A bus with our own all-tenant rule, exempted as the Analytics construct exempts its rule to Firehose. */
function busStack() {
  const app = new App();
  const stack = new Stack(app, "Bus");
  const bus = new events.EventBus(stack, "Bus");
  const ours = new events.Rule(stack, "ToFirehose", {
    eventBus: bus,
    eventPattern: { source: [EVENT_SOURCE], detailType: [EVENT_DETAIL_TYPE] },
  });
  requireTenantFilters(bus, [ours]);
  return { app, stack, bus };
}

// The first synthesis of a test file loads the CDK: seconds on a busy machine.
describe("subscribing to the shared event bus", { timeout: SYNTH_TIMEOUT }, () => {
  it("builds a rule that matches one tenant's events, optionally of some types", () => {
    expect(tenantPattern("acme", ["CycleBackTriggered"])).toEqual({
      source: [EVENT_SOURCE],
      detailType: [EVENT_DETAIL_TYPE],
      detail: { tenant_id: ["acme"], event_type: ["CycleBackTriggered"] },
    });
    expect(tenantPattern("acme")).toEqual({
      source: [EVENT_SOURCE],
      detailType: [EVENT_DETAIL_TYPE],
      detail: { tenant_id: ["acme"] },
    });
  });

  it("refuses to build a tenant rule without a tenant id", () => {
    const { stack, bus } = busStack();
    expect(() => new TenantRule(stack, "NoTenant", { bus, tenantId: "" })).toThrow(/tenant id/);
    expect(() => new TenantRule(stack, "Wildcard", { bus, tenantId: "*" })).toThrow(/tenant id/);
  });

  it("synthesizes tenant rules next to our own exempted rule", () => {
    const { app, stack, bus } = busStack();
    new TenantRule(stack, "Acme", { bus, tenantId: "acme" });
    expect(() => app.synth()).not.toThrow();
  });

  it("fails synthesis for a hand-written rule on the bus that does not name one tenant", () => {
    const { app, stack, bus } = busStack();
    new events.Rule(stack, "EveryTenant", {
      eventBus: bus,
      eventPattern: { source: [EVENT_SOURCE], detail: { event_type: ["ClientReferred"] } },
    });
    expect(() => app.synth()).toThrow(
      /Bus\/EveryTenant\/Resource: a rule on the shared bus must filter on one tenant/,
    );
  });

  it("fails synthesis for a rule that names two tenants", () => {
    const { app, stack, bus } = busStack();
    new events.Rule(stack, "TwoTenants", {
      eventBus: bus,
      eventPattern: { source: [EVENT_SOURCE], detail: { tenant_id: ["acme", "globex"] } },
    });
    expect(() => app.synth()).toThrow(/must filter on one tenant/);
  });

  it("leaves rules on other buses alone", () => {
    const { app, stack } = busStack();
    new events.Rule(stack, "DefaultBus", { eventPattern: { source: ["aws.s3"] } });
    expect(() => app.synth()).not.toThrow();
  });
});
