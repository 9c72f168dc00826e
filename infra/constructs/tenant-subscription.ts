import { Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import { EventBus as EventBusTarget } from "aws-cdk-lib/aws-events-targets";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { ID_PATTERN } from "../../functions/auth/claims.ts";
import { EVENT_DETAIL_TYPE, EVENT_SOURCE } from "./analytics-catalog.ts";

/** A gym chain's subscription to its own events: a rule on our bus forwarding them to the chain's bus. */
export interface EventSubscription {
  /** Names the rule, e.g. "acme-crm". */
  readonly name: string;
  /** The only tenant whose events the rule matches. */
  readonly tenantId: string;
  /** The chain's event bus (in its own account), which must allow our account to put events. */
  readonly eventBusArn: string;
  /** Event types to forward (default: all). */
  readonly eventTypes?: readonly string[];
}

/** The pattern of every integration rule: our source and detail-type, one tenant, maybe some types. */
export function tenantPattern(tenantId: string, eventTypes?: readonly string[]): events.EventPattern {
  if (!ID_PATTERN.test(tenantId)) throw new Error(`a tenant rule needs a tenant id matching ${ID_PATTERN}`);
  return {
    source: [EVENT_SOURCE],
    detailType: [EVENT_DETAIL_TYPE],
    detail: { tenant_id: [tenantId], ...(eventTypes?.length ? { event_type: [...eventTypes] } : {}) },
  };
}

export interface TenantRuleProps {
  readonly bus: events.IEventBus;
  readonly tenantId: string;
  readonly eventTypes?: readonly string[];
  readonly description?: string;
}

/**
 * The one way to subscribe to the shared bus: a rule that cannot be built without a tenant, so an
 * integration sees its chain's events and no other's. requireTenantFilters refuses any other rule.
 */
export class TenantRule extends events.Rule {
  constructor(scope: Construct, id: string, props: TenantRuleProps) {
    super(scope, id, {
      eventBus: props.bus,
      description: props.description ?? `Events of tenant ${props.tenantId}`,
      eventPattern: tenantPattern(props.tenantId, props.eventTypes),
    });
  }
}

/** A subscription as a tenant rule targeting the chain's bus, its failures to our dead-letter queue. */
export function addSubscription(
  scope: Construct,
  bus: events.IEventBus,
  subscription: EventSubscription,
  deadLetterQueue: sqs.IQueue,
): TenantRule {
  const rule = new TenantRule(scope, `Subscription-${subscription.name}`, {
    bus,
    tenantId: subscription.tenantId,
    ...(subscription.eventTypes ? { eventTypes: subscription.eventTypes } : {}),
    description: `Events of tenant ${subscription.tenantId} to ${subscription.name}`,
  });
  rule.addTarget(
    new EventBusTarget(
      events.EventBus.fromEventBusArn(scope, `SubscriberBus-${subscription.name}`, subscription.eventBusArn),
      {
        deadLetterQueue,
      },
    ),
  );
  return rule;
}

const namesOneTenant = (pattern: unknown): boolean => {
  const tenants = (pattern as { detail?: { tenant_id?: unknown } } | undefined)?.detail?.tenant_id;
  return Array.isArray(tenants) && tenants.length === 1 && typeof tenants[0] === "string";
};

/**
 * Fails synthesis if a rule on `bus` other than the exempted ones (our own, e.g. to Firehose) does not
 * name exactly one tenant in its pattern: a rule written by hand cannot leak every chain's events.
 */
export function requireTenantFilters(bus: events.IEventBus, exempt: readonly events.Rule[]): void {
  const stack = Stack.of(bus);
  bus.node.addValidation({
    validate: () =>
      stack.node
        .findAll()
        .filter((node): node is events.CfnRule => node instanceof events.CfnRule)
        .filter((rule) => rule.eventBusName === bus.eventBusName)
        .filter((rule) => !exempt.some((allowed) => allowed.node.defaultChild === rule))
        .filter((rule) => !namesOneTenant(stack.resolve(rule.eventPattern)))
        .map(
          (rule) => `${rule.node.path}: a rule on the shared bus must filter on one tenant (use TenantRule)`,
        ),
  });
}
