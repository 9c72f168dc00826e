import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { pointerKey } from "../../../events/projections/roster-store.ts";
import { claimKey, streamPk, TENANT_CLAIM_PREFIX } from "../../../events/store/items.ts";
import { linkKey, parkedSessionKey, receiptKey } from "../../../events/store/webhook-items.ts";
import { createTableInput, EVENT_TABLE } from "../../../events/table.ts";
import { type KeyAccess, keyAccessOf, ROUTES, type TableAccess } from "../../../functions/http/routes.ts";
import { KEY_BACKUP_DAYS, ROSTER_POINTER_KEYS } from "../../../infra/constructs/data.ts";
import {
  actionsOf,
  type IamStatement,
  logicalId,
  prop,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize("dev");
}, SYNTH_TIMEOUT);

describe("event table", () => {
  it("mirrors events/table.ts: keys, attribute types and both GSIs projecting ALL", () => {
    const local = createTableInput("unused");
    synth.template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: local.KeySchema,
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions ?? []),
      GlobalSecondaryIndexes: local.GlobalSecondaryIndexes,
    });
    const table = synth.json.Resources[logicalId(synth, synth.stack.store.table)];
    expect(prop<unknown[]>(table, "AttributeDefinitions")).toHaveLength(
      local.AttributeDefinitions?.length ?? 0,
    );
  });

  it("is on-demand, recoverable, protected, streamed with new images, TTL'd and encrypted", () => {
    synth.template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: "NEW_IMAGE" },
      TimeToLiveSpecification: { AttributeName: EVENT_TABLE.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it("is retained when the stack is deleted, even in dev", () => {
    synth.template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });
});

describe("functions", () => {
  const functionFor = (description: string) => {
    const found = resourcesOfType(synth, "AWS::Lambda::Function").filter(([, fn]) =>
      String(fn.Properties?.Description).includes(description),
    );
    expect(found, description).toHaveLength(1);
    return found[0] as [string, { Properties: Record<string, unknown> }];
  };

  it("has one function per route, plus the projector, the pipe's enrichment, the Cognito trigger and the webhook processor and replay", () => {
    synth.template.resourceCountIs("AWS::Lambda::Function", ROUTES.length + 5);
    for (const route of ROUTES) functionFor(`(${route.operationId})`);
  });

  it("runs every function on Node.js 24, arm64, with its own log group and Powertools settings", () => {
    for (const [, fn] of resourcesOfType(synth, "AWS::Lambda::Function")) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: {
            POWERTOOLS_METRICS_NAMESPACE: "OPT",
            POWERTOOLS_LOG_LEVEL: "DEBUG",
            NODE_OPTIONS: "--enable-source-maps",
            STAGE: "dev",
          },
        },
      });
    }
    synth.template.allResourcesProperties("AWS::Logs::LogGroup", { RetentionInDays: 7 });
  });

  it("names the service and the table in the environment of API and projector functions", () => {
    const tableRef = { Ref: logicalId(synth, synth.stack.store.table) };
    for (const route of ROUTES) {
      const [, fn] = functionFor(`(${route.operationId})`);
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { TABLE_NAME: tableRef, POWERTOOLS_SERVICE_NAME: "opt-api" },
      });
    }
    const [, projector] = functionFor("DynamoDB Streams projector");
    expect(projector.Properties.Environment).toMatchObject({
      Variables: { TABLE_NAME: tableRef, POWERTOOLS_SERVICE_NAME: "opt-projector" },
    });
  });

  it("uses no AWS managed policies: each role may only write its own log group", () => {
    for (const [, role] of resourcesOfType(synth, "AWS::IAM::Role")) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe("least-privilege table access", () => {
  const tableArn = () => ({ "Fn::GetAtt": [logicalId(synth, synth.stack.store.table), "Arn"] });
  const keyTableArn = () => ({ "Fn::GetAtt": [logicalId(synth, synth.stack.store.keyTable), "Arn"] });
  /** Statements on the event table (the key table's are checked with the keys, below). */
  const dynamoStatements = (roleConstruct: { node: { defaultChild?: unknown } }) =>
    statementsOfRole(synth, logicalId(synth, roleConstruct)).filter(
      (statement) =>
        actionsOf(statement).some((action) => action.startsWith("dynamodb:")) &&
        JSON.stringify(statement.Resource) !== JSON.stringify(keyTableArn()),
    );

  const rosterIndexArn = () => ({ "Fn::Join": ["", [tableArn(), `/index/${EVENT_TABLE.rosterIndex.name}`]] });
  const read = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"];
  const onKeys = (...patterns: string[]) => ({
    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": patterns },
  });
  const clients = onKeys("T#*#C#*");
  const settings = onKeys("T#*#CONFIG");
  const links = onKeys("T#*#WL#*");
  const parked = onKeys("T#*#WP#*");
  const receipts = onKeys("T#*#WR#*");
  const sessionClaims = onKeys("T#*#WS#*");
  const readWrite = () => [
    {
      actions: [...read, "dynamodb:ConditionCheckItem", "dynamodb:PutItem"].sort(),
      resource: tableArn(),
      condition: clients,
    },
    { actions: ["dynamodb:GetItem"], resource: tableArn(), condition: settings },
    { actions: ["dynamodb:UpdateItem"], resource: tableArn(), condition: onKeys("T#*#BUDGET") },
  ];
  /** Per access level: the statements (actions on a resource, and their condition) a route's role holds. */
  const expected: Record<TableAccess, () => { actions: string[]; resource: unknown; condition?: unknown }[]> =
    {
      none: () => [],
      read: () => [{ actions: read, resource: tableArn(), condition: clients }],
      "read-with-settings": () => [
        { actions: read, resource: tableArn(), condition: clients },
        { actions: ["dynamodb:GetItem"], resource: tableArn(), condition: settings },
      ],
      "read-write": () => readWrite(),
      "settings-read": () => [{ actions: ["dynamodb:GetItem"], resource: tableArn(), condition: settings }],
      "settings-write": () => [
        { actions: ["dynamodb:GetItem", "dynamodb:PutItem"], resource: tableArn(), condition: settings },
      ],
      "read-roster": () => [
        { actions: ["dynamodb:Query"], resource: rosterIndexArn() },
        {
          actions: ["dynamodb:GetItem"],
          resource: tableArn(),
          condition: onKeys(ROSTER_POINTER_KEYS),
        },
      ],
      "wearable-links": () => [
        ...readWrite(),
        {
          actions: ["dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem"],
          resource: tableArn(),
          condition: links,
        },
      ],
      "webhook-parked": () => [{ actions: ["dynamodb:Query"], resource: tableArn(), condition: parked }],
      "webhook-receipts": () => [
        { actions: ["dynamodb:GetItem"], resource: tableArn(), condition: receipts },
      ],
      "webhook-processing": () => webhookProcessing(),
    };
  const webhookProcessing = () => [
    ...readWrite(),
    { actions: ["dynamodb:GetItem"], resource: tableArn(), condition: links },
    {
      actions: [
        "dynamodb:BatchGetItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
      ],
      resource: tableArn(),
      condition: sessionClaims,
    },
    {
      actions: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
      resource: tableArn(),
      condition: parked,
    },
    {
      actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
      resource: tableArn(),
      condition: receipts,
    },
  ];

  it("gives client routes the client partitions, settings routes the settings item, and UpdateItem only on budget counters and receipts", () => {
    const accessOf = (operationId: string) =>
      ROUTES.find((route) => route.operationId === operationId)?.access;
    for (const id of [
      "registerClient",
      "setGoal",
      "recordAssessment",
      "startPhase",
      "recordSession",
      "clearClient",
      "planSession",
    ])
      expect(accessOf(id), id).toBe("read-write");
    expect(accessOf("getHistory")).toBe("read");
    // The summary shows the reassessment due date and the preview the location's equipment: both settings.
    for (const id of ["getClient", "previewNextSession"]) expect(accessOf(id), id).toBe("read-with-settings");
    expect(accessOf("getSettings")).toBe("settings-read");
    expect(accessOf("putSettings")).toBe("settings-write");
    for (const [, policy] of resourcesOfType(synth, "AWS::IAM::Policy")) {
      const statements = prop<{ Statement: IamStatement[] }>(policy, "PolicyDocument").Statement.filter(
        (s) => JSON.stringify(s.Resource) === JSON.stringify(tableArn()),
      );
      for (const statement of statements.filter((s) => actionsOf(s).includes("dynamodb:UpdateItem"))) {
        // A receipt is updated item by item as the processor gets through one post.
        if (JSON.stringify(statement.Condition) === JSON.stringify(receipts)) continue;
        expect(actionsOf(statement)).toEqual(["dynamodb:UpdateItem"]);
        expect(statement.Condition).toEqual(onKeys("T#*#BUDGET"));
      }
    }
  });

  it("matches every key shape a route writes with the pattern it is granted, and nothing else", () => {
    const like = (pattern: string) => new RegExp(`^${pattern.replaceAll("*", ".*")}$`);
    expect("T#acme#C#3f1c2a9e-0000-4000-8000-000000000000").toMatch(like("T#*#C#*"));
    for (const other of ["T#acme#CONFIG", "T#acme#RM", "T#acme#PARKED", "T#acme#STREAMS"])
      expect(other).not.toMatch(like("T#*#C#*"));
    expect("T#acme#CONFIG").toMatch(like("T#*#CONFIG"));
    // The webhook items: each matches its own pattern and no other, nor does a client's partition.
    const shapes: Record<string, string> = {
      "T#*#C#*": streamPk({ tenantId: "acme", clientId: "3f1c2a9e-0000-4000-8000-000000000000" }),
      "T#*#WL#*": linkKey("acme", "garmin", "user-1").pk,
      "T#*#WP#*": parkedSessionKey("acme", "garmin", "p-1").pk,
      "T#*#WR#*": receiptKey("acme", "3f1c2a9e-0000-4000-8000-000000000001").pk,
      "T#*#WS#*": claimKey({ tenantId: "acme", clientId: "c-1" }, `${TENANT_CLAIM_PREFIX}garmin-1f2e`).pk,
    };
    for (const [pattern, key] of Object.entries(shapes))
      for (const other of Object.keys(shapes))
        if (other === pattern) expect(key, pattern).toMatch(like(other));
        else expect(key, `${key} vs ${other}`).not.toMatch(like(other));
  });

  it.each(ROUTES.map((route) => [route.operationId, route.access, route.erasesPersonalData] as const))(
    "%s gets exactly %s (and, erasing, the removal of the client's wearable links)",
    (id, access, erases) => {
      const handler = synth.stack.api.functions.get(id);
      if (!handler) throw new Error(`no function for ${id}`);
      const actual = dynamoStatements(handler.role).map((statement) => ({
        actions: actionsOf(statement).sort(),
        resource: statement.Resource,
        ...(statement.Condition ? { condition: statement.Condition } : {}),
      }));
      const linkRemoval = { actions: ["dynamodb:DeleteItem"], resource: tableArn(), condition: links };
      expect(actual).toEqual([...expected[access](), ...(erases ? [linkRemoval] : [])]);
    },
  );

  it("lets the roster read only the tenants' read-model pointer items of the base table", () => {
    expect(ROSTER_POINTER_KEYS).toBe("T#*#RM");
    expect(pointerKey("acme").pk).toMatch(/^T#.*#RM$/);
  });

  it("never grants Scan or anything on every table, DeleteItem only on wearable links and parked sessions; only erasure may update a key item", () => {
    const erasure = logicalId(synth, synth.stack.api.functions.get("eraseClient")?.role ?? synth.stack);
    const keyUpdates: string[] = [];
    for (const [, policy] of resourcesOfType(synth, "AWS::IAM::Policy")) {
      const statements = prop<{ Statement: IamStatement[] }>(policy, "PolicyDocument").Statement;
      const actions = statements.flatMap(actionsOf);
      expect(actions).not.toContain("dynamodb:Scan");
      for (const statement of statements.filter((s) => actionsOf(s).includes("dynamodb:DeleteItem"))) {
        expect(statement.Resource).toEqual(tableArn());
        expect([JSON.stringify(links), JSON.stringify(parked)]).toContain(
          JSON.stringify(statement.Condition),
        );
      }
      expect(actions.filter((a) => a === "dynamodb:*")).toEqual([]);
      const onKeys = statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(keyTableArn()));
      if (onKeys.some((s) => actionsOf(s).includes("dynamodb:UpdateItem")))
        keyUpdates.push(JSON.stringify(prop(policy, "Roles")));
    }
    expect(keyUpdates).toHaveLength(1);
    expect(keyUpdates[0]).toContain(erasure);
  });

  describe("the clients' data keys", () => {
    const kmsKeyArn = () => ({ "Fn::GetAtt": [logicalId(synth, synth.stack.store.dataKeys), "Arn"] });
    const keyStatements = (roleConstruct: { node: { defaultChild?: unknown } }) =>
      statementsOfRole(synth, logicalId(synth, roleConstruct))
        .filter((statement) =>
          [JSON.stringify(keyTableArn()), JSON.stringify(kmsKeyArn())].includes(
            JSON.stringify(statement.Resource),
          ),
        )
        .map((statement) => ({ actions: actionsOf(statement).sort(), condition: statement.Condition }));
    const keyRead = ["dynamodb:BatchGetItem", "dynamodb:GetItem"];
    const purpose = { StringEquals: { "kms:EncryptionContext:purpose": "opt-client-data-key" } };
    const expectedKeys: Record<KeyAccess, { actions: string[]; condition: unknown }[]> = {
      none: [],
      open: [
        { actions: keyRead, condition: clients },
        { actions: ["kms:Decrypt"], condition: purpose },
      ],
      seal: [
        { actions: [...keyRead, "dynamodb:PutItem"], condition: clients },
        { actions: ["kms:Decrypt", "kms:GenerateDataKey"], condition: purpose },
      ],
      erase: [
        { actions: [...keyRead, "dynamodb:PutItem", "dynamodb:UpdateItem"].sort(), condition: clients },
        { actions: ["kms:Decrypt", "kms:GenerateDataKey"], condition: purpose },
      ],
    };

    it("keeps them in their own table, backed up for 7 days only, protected and retained", () => {
      const table = synth.json.Resources[logicalId(synth, synth.stack.store.keyTable)];
      expect(prop(table, "PointInTimeRecoverySpecification")).toEqual({
        PointInTimeRecoveryEnabled: true,
        RecoveryPeriodInDays: KEY_BACKUP_DAYS,
      });
      expect(prop(table, "DeletionProtectionEnabled")).toBe(true);
      expect(table?.DeletionPolicy).toBe("Retain");
      expect(prop(table, "KeySchema")).toEqual([{ AttributeName: "pk", KeyType: "HASH" }]);
    });

    it("wraps them with a customer-managed KMS key that rotates and is retained", () => {
      const key = synth.json.Resources[logicalId(synth, synth.stack.store.dataKeys)];
      expect(prop(key, "EnableKeyRotation")).toBe(true);
      expect(key?.DeletionPolicy).toBe("Retain");
    });

    it.each(ROUTES.map((route) => [route.operationId, keyAccessOf(route)] as const))(
      "%s may %s them, and nothing more",
      (id, access) => {
        const handler = synth.stack.api.functions.get(id);
        if (!handler) throw new Error(`no function for ${id}`);
        expect(keyStatements(handler.role)).toEqual(expectedKeys[access]);
      },
    );

    it("lets only erasure destroy a key, and the projector only open them", () => {
      expect(ROUTES.filter((route) => keyAccessOf(route) === "erase").map((r) => r.operationId)).toEqual([
        "eraseClient",
      ]);
      expect(keyStatements(synth.stack.projections.projector.role)).toEqual(expectedKeys.open);
    });
  });

  it("lets the projector read client partitions and pointers, write only client partitions and parked events, and read the table's stream", () => {
    const statements = statementsOfRole(synth, logicalId(synth, synth.stack.projections.projector.role));
    const onTable = statements
      .filter((s) => JSON.stringify(s.Resource) === JSON.stringify(tableArn()))
      .map((s) => ({ actions: actionsOf(s).sort(), condition: s.Condition }));
    expect(onTable).toEqual([
      { actions: ["dynamodb:GetItem", "dynamodb:Query"], condition: onKeys("T#*#C#*", "T#*#RM") },
      { actions: ["dynamodb:PutItem"], condition: onKeys("T#*#C#*", "T#*#PARKED", "PARKED") },
    ]);
    const onStream = statements.filter((s) => JSON.stringify(s.Resource).includes("StreamArn"));
    expect(onStream.flatMap(actionsOf).sort()).toEqual([
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
    ]);
  });

  it("gives the Cognito trigger no table access", () => {
    expect(dynamoStatements(synth.stack.auth.preTokenGeneration.role)).toEqual([]);
  });
});
