import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { parkedPk } from "../../events/projections/roster-projector.ts";
import { pointerKey } from "../../events/projections/roster-store.ts";
import { streamPk } from "../../events/store/items.ts";
import { settingsKey } from "../../events/store/settings-store.ts";
import { budgetPk } from "../../events/store/tenant-budget.ts";
import { WEBHOOK_KEY_PATTERNS } from "../../events/store/webhook-items.ts";
import { EVENT_TABLE, KEY_TABLE } from "../../events/table.ts";
import type { KeyAccess, TableAccess } from "../../functions/http/routes.ts";

/**
 * How long the key table's backups keep a client's key after erasure: the one window in which an
 * erasure could be undone (by restoring the key table). The event table's backups hold ciphertext only.
 */
export const KEY_BACKUP_DAYS = 7;

/** Every data-key request names this purpose in its encryption context (events/crypto/kms-key-wrapper.ts). */
const DATA_KEY_CONTEXT = { "kms:EncryptionContext:purpose": "opt-client-data-key" };

/**
 * IAM cannot look at a sort key, so access is granted per partition type with `dynamodb:LeadingKeys`;
 * tenants are dynamic, so each pattern fixes the key's shape and leaves the tenant (and client) open.
 */
export const KEY_PATTERNS = {
  /** A client's partition: its events, snapshot, idempotency records, claims and read-model rows. */
  client: streamPk({ tenantId: "*", clientId: "*" }),
  settings: settingsKey("*").pk,
  /** A tenant's command budget counters (taken with one conditional UpdateItem per command). */
  budget: budgetPk("*"),
  /** Partition keys of the roster's read-model pointers, any tenant (`T#<tenant>#RM`). */
  rosterPointer: pointerKey("*").pk,
  parked: [parkedPk("*"), parkedPk(undefined)],
  /** Which client a provider's user is linked to (`T#<tenant>#WL#<provider>#<hash>`). */
  wearableLink: WEBHOOK_KEY_PATTERNS.link,
  /** A tenant's parked wearable sessions, per provider (`T#<tenant>#WP#<provider>`). */
  parkedSessions: WEBHOOK_KEY_PATTERNS.parked,
  /** What became of one webhook post (`T#<tenant>#WR#<receiptId>`). */
  webhookReceipt: WEBHOOK_KEY_PATTERNS.receipt,
  /** A wearable session recorded once in the tenant (`T#<tenant>#WS#<sessionId>`). */
  wearableSessionClaim: WEBHOOK_KEY_PATTERNS.sessionClaim,
} as const;

export const ROSTER_POINTER_KEYS = KEY_PATTERNS.rosterPointer;

/** BatchGetItem: loading a stream reads its snapshot and idempotency record in one call. */
const READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"];
/**
 * TransactWriteItems has no IAM action of its own: each Put/ConditionCheck inside it is authorised as
 * PutItem/ConditionCheckItem. UpdateItem only on budget counters (and webhook receipts), DeleteItem only
 * on wearable links and parked sessions (never on a client's partition: append-only), no Scan.
 */
const APPEND = ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"];

const onKeys = (...patterns: string[]) => ({
  "ForAllValues:StringLike": { "dynamodb:LeadingKeys": patterns },
});

/**
 * The event store: one append-only DynamoDB table (events, snapshots, idempotency records and read
 * models of a client live in its partition), mirroring events/table.ts exactly.
 *
 * It is the system of record, so it outlives the stack in every environment: retained on stack
 * deletion, deletion protection on, point-in-time recovery on. The physical name is left to
 * CloudFormation so a retained dev table never blocks a fresh deploy.
 */
export class EventStore extends Construct {
  readonly table: dynamodb.Table;
  /** One item per client: its data key, wrapped by `dataKeys`. Deleting the item is the erasure. */
  readonly keyTable: dynamodb.Table;
  /** Wraps the clients' data keys; it never leaves KMS. */
  readonly dataKeys: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { partitionKey, sortKey, timeToLiveAttribute, rosterIndex, streamsIndex } = EVENT_TABLE;

    this.table = new dynamodb.Table(this, "EventTable", {
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // KMS at rest with the AWS managed key (aws/dynamodb): audited in CloudTrail, no key to pay for.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      timeToLiveAttribute,
    });

    this.keyTable = new dynamodb.Table(this, "KeyTable", {
      partitionKey: { name: KEY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Short on purpose: a restore can bring an erased client's key back only within these days.
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: KEY_BACKUP_DAYS,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
    });
    this.dataKeys = new kms.Key(this, "ClientDataKeys", {
      description: "Wraps each client's data key (personal data, crypto-shredded on erasure)",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const index of [rosterIndex, streamsIndex]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /** Grants exactly the table access a route declares (functions/http/routes.ts), by item type. */
  grantAccess(grantee: iam.IGrantable, access: TableAccess): void {
    const table = [this.table.tableArn];
    const allow = (actions: string[], resources: string[], patterns?: string[]) =>
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions,
          resources,
          ...(patterns ? { conditions: onKeys(...patterns) } : {}),
        }),
      );
    switch (access) {
      case "none":
        return;
      case "read":
        // A read that folds cannot write the healed snapshot back: the next command does.
        allow(READ, table, [KEY_PATTERNS.client]);
        return;
      case "read-with-settings":
        allow(READ, table, [KEY_PATTERNS.client]);
        allow(["dynamodb:GetItem"], table, [KEY_PATTERNS.settings]);
        return;
      case "read-write":
        allow([...READ, ...APPEND], table, [KEY_PATTERNS.client]);
        // Every command decides with the tenant's settings, after taking from the tenant's budget.
        allow(["dynamodb:GetItem"], table, [KEY_PATTERNS.settings]);
        allow(["dynamodb:UpdateItem"], table, [KEY_PATTERNS.budget]);
        return;
      case "settings-read":
        allow(["dynamodb:GetItem"], table, [KEY_PATTERNS.settings]);
        return;
      case "settings-write":
        allow(["dynamodb:GetItem", "dynamodb:PutItem"], table, [KEY_PATTERNS.settings]);
        return;
      case "read-roster":
        allow(["dynamodb:Query"], [this.indexArn(EVENT_TABLE.rosterIndex.name)]);
        // The roster query first reads which model is live: the tenant's read-model pointer item, only.
        allow(["dynamodb:GetItem"], table, [KEY_PATTERNS.rosterPointer]);
        return;
      case "wearable-links":
        // Linking and unlinking are commands; the link item is put or deleted (with a condition) inside
        // the append's TransactWriteItems, so that a link never exists without its event, or the reverse.
        this.grantAccess(grantee, "read-write");
        allow(["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"], table, [
          KEY_PATTERNS.wearableLink,
        ]);
        return;
      case "webhook-parked":
        allow(["dynamodb:Query"], table, [KEY_PATTERNS.parkedSessions]);
        return;
      case "webhook-receipts":
        allow(["dynamodb:GetItem"], table, [KEY_PATTERNS.webhookReceipt]);
        return;
      case "webhook-processing":
        // Appends a client's sessions (a command), after looking up which client a provider's user is;
        // parks sessions it cannot place yet (and removes them once replayed); records the receipt.
        this.grantAccess(grantee, "read-write");
        allow(["dynamodb:GetItem"], table, [KEY_PATTERNS.wearableLink]);
        // A wearable session's claim is tenant-wide: read with the stream's BatchGetItem, put in its append.
        allow(
          ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"],
          table,
          [KEY_PATTERNS.wearableSessionClaim],
        );
        allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"], table, [
          KEY_PATTERNS.parkedSessions,
        ]);
        allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], table, [
          KEY_PATTERNS.webhookReceipt,
        ]);
        return;
    }
  }

  /**
   * An erasure drops the client's wearable links (WearableUnlinked) in its transaction: a conditional
   * Delete of each link item, which nothing else of the erasure route may touch.
   */
  grantLinkRemoval(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:DeleteItem"],
        resources: [this.table.tableArn],
        conditions: onKeys(KEY_PATTERNS.wearableLink),
      }),
    );
  }

  /**
   * The stream projector: consistent reads of a client's partition (its row, gap re-reads) and of the
   * read-model pointer; writes of read-model rows (in the client's partition, conditional on lastVersion)
   * and of parked events. IAM cannot tell a row from an event in one partition: the writes are kept to
   * those two partition types, and the code writes rows only with a condition on lastVersion.
   */
  grantProjector(grantee: iam.IGrantable): void {
    const table = [this.table.tableArn];
    const allow = (actions: string[], patterns: string[]) =>
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions, resources: table, conditions: onKeys(...patterns) }),
      );
    allow(["dynamodb:GetItem", "dynamodb:Query"], [KEY_PATTERNS.client, KEY_PATTERNS.rosterPointer]);
    allow(["dynamodb:PutItem"], [KEY_PATTERNS.client, ...KEY_PATTERNS.parked]);
  }

  /**
   * The pipe's enrichment: single events of a client's partition (its registration), read with GetItem;
   * nothing else of the partition is asked for, and nothing is written.
   */
  grantEventReads(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:GetItem"],
        resources: [this.table.tableArn],
        conditions: onKeys(KEY_PATTERNS.client),
      }),
    );
  }

  /**
   * What a function may do with the clients' data keys (functions/http/routes.ts keyAccessOf): read and
   * unwrap them, create them, destroy them. Key items are keyed like a client's partition.
   */
  grantKeys(grantee: iam.IGrantable, access: KeyAccess): void {
    if (access === "none") return;
    const keyActions = {
      open: ["dynamodb:GetItem", "dynamodb:BatchGetItem"],
      seal: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem"],
      // Erasure turns the key item into a tombstone (the wrapped key removed) with an UpdateItem.
      erase: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
    }[access];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: keyActions,
        resources: [this.keyTable.tableArn],
        conditions: onKeys(KEY_PATTERNS.client),
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: access === "open" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [this.dataKeys.keyArn],
        conditions: { StringEquals: DATA_KEY_CONTEXT },
      }),
    );
  }

  /** Where a function with key access finds them. */
  keyEnvironment(access: KeyAccess): Record<string, string> {
    return access === "none"
      ? {}
      : { KEYS_TABLE_NAME: this.keyTable.tableName, KMS_KEY_ID: this.dataKeys.keyArn };
  }

  /** ARN of one index, for grants that must not reach the base table or other indexes. */
  indexArn(indexName: string): string {
    return `${this.table.tableArn}/index/${indexName}`;
  }

  get streamArn(): string {
    const arn = this.table.tableStreamArn;
    if (!arn) throw new Error("the event table has no stream");
    return arn;
  }
}
