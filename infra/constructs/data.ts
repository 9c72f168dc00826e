import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { pointerKey } from "../../events/projections/roster-store.ts";
import { EVENT_TABLE } from "../../events/table.ts";
import type { TableAccess } from "../../functions/http/routes.ts";

/** BatchGetItem: loading a stream reads its snapshot and idempotency record in one call. */
const READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"];
/**
 * TransactWriteItems has no IAM action of its own: each Put/Update/ConditionCheck inside it is
 * authorised as PutItem/UpdateItem/ConditionCheckItem. No DeleteItem (append-only), no Scan.
 */
/** Partition keys of the roster's read-model pointers, any tenant (`T#<tenant>#RM`). */
export const ROSTER_POINTER_KEYS = pointerKey("*").pk;

const WRITE = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"];

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

    for (const index of [rosterIndex, streamsIndex]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /** Grants exactly the table access a route declares (functions/http/routes.ts). */
  grantAccess(grantee: iam.IGrantable, access: TableAccess): void {
    const statement = (actions: string[], resources: string[]) =>
      grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
    switch (access) {
      case "none":
        return;
      case "read":
        statement(READ, [this.table.tableArn]);
        return;
      case "read-write":
        statement([...READ, ...WRITE], [this.table.tableArn]);
        return;
      case "read-roster":
        statement(["dynamodb:Query"], [this.indexArn(EVENT_TABLE.rosterIndex.name)]);
        // The roster query first reads which model is live: the tenant's read-model pointer item, only.
        grantee.grantPrincipal.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ["dynamodb:GetItem"],
            resources: [this.table.tableArn],
            conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [ROSTER_POINTER_KEYS] } },
          }),
        );
        return;
    }
  }

  /**
   * The stream projector: consistent reads of a client's stream (gap re-reads) and writes of its
   * read-model rows (conditional on lastVersion).
   */
  grantProjector(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        resources: [this.table.tableArn],
      }),
    );
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
