import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAPPERS } from "../../functions/webhooks/mappers/index.ts";
import { PROVIDERS } from "../../functions/webhooks/mappers/types.ts";
import { wearableSessionId } from "../../functions/webhooks/session-command.ts";
import { signatureHeader } from "../../functions/webhooks/signature.ts";
import { replayReceipt } from "../../local/replay.ts";
import {
  day,
  type E2e,
  fullHistory,
  isProblem,
  phase1Session,
  postWebhook,
  registerClient,
  registration,
  startE2e,
} from "../support/e2e.ts";

/*
 * Wearable sessions end to end on the local stack: signed posts, linking, exactly-once recording whatever
 * the deliveries, per-item answers, parking and replay, and a layoff cycle-back triggered by a wearable.
 */

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.stop();
});

interface GenericSession {
  externalUserId: string;
  externalSessionId: string;
  start: string;
  end: string;
  activityType: string;
  avgHeartRate?: number;
  heartRateSamples?: { at: string; bpm: number }[];
}

const session = (
  user: string,
  id: string,
  start: string,
  extra: Partial<GenericSession> = {},
): GenericSession => ({
  externalUserId: user,
  externalSessionId: id,
  start,
  end: new Date(Date.parse(start) + 45 * 60_000).toISOString(),
  activityType: "strength_training",
  ...extra,
});
const post = (...sessions: GenericSession[]) => JSON.stringify({ sessions });

/** A client registered at day(0), in Phase 1 from day(1), with the user linked at the provider. */
async function linkedClient(user: string, provider = "generic"): Promise<string> {
  const clientId = await registerClient(e2e, { registeredAt: day(0) });
  const started = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
    body: { phase: 1, startedAt: day(1) },
  });
  expect(started.status, started.text).toBe(201);
  const linked = await e2e.call("POST", `/v1/clients/${clientId}/wearables`, {
    body: { provider, externalUserId: user },
  });
  expect(linked.status, linked.text).toBe(201);
  return clientId;
}

const completedSessions = async (clientId: string) =>
  (await fullHistory(e2e, clientId)).filter((event) => event.type === "SessionCompleted");

async function receipt(provider: string, receiptId: string) {
  await e2e.stack.webhooksIdle();
  const response = await e2e.call("GET", `/v1/webhooks/${provider}/receipts/${receiptId}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

describe("a signed post of a linked user's session", () => {
  it("given the README's signed curl, then 202 with a receipt, and the session appears once in the client's history with its source", async () => {
    const clientId = await linkedClient("readme-user");
    const body = post(session("readme-user", "run-1", day(2), { avgHeartRate: 142 }));
    const accepted = await postWebhook(e2e, "generic", body);
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.body).toMatchObject({
      accepted: 1,
      items: [{ index: 0, status: "accepted", externalSessionId: "run-1" }],
    });
    expect((await receipt("generic", accepted.body.receiptId)).items).toEqual([
      {
        index: 0,
        status: "recorded",
        externalSessionId: "run-1",
        clientId,
        sessionId: wearableSessionId("generic", "run-1"),
      },
    ]);
    const sessions = await completedSessions(clientId);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.data).toMatchObject({
      sessionId: wearableSessionId("generic", "run-1"),
      avgHeartRate: 142,
      durationMinutes: 45,
      source: { provider: "generic", externalSessionId: "run-1", activityType: "strength_training" },
    });
    expect(sessions[0]?.occurredAt).toBe(day(2));
  });

  it("given the same post 5 times at once, then one SessionCompleted: one receipt says recorded, four say duplicate", async () => {
    const clientId = await linkedClient("burst-user");
    const body = post(session("burst-user", "burst-1", day(3)));
    const posts = await Promise.all(Array.from({ length: 5 }, () => postWebhook(e2e, "generic", body)));
    expect(posts.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
    const statuses = await Promise.all(
      posts.map(async (response) => (await receipt("generic", response.body.receiptId)).items[0].status),
    );
    expect(statuses.sort()).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "recorded"]);
    expect(await completedSessions(clientId)).toHaveLength(1);
  });

  it("given a re-delivery after 25 more sessions (past what the client's state remembers), then still no second SessionCompleted", async () => {
    const clientId = await linkedClient("late-user");
    const body = post(session("late-user", "redelivered-1", day(2)));
    const first = await postWebhook(e2e, "generic", body);
    await receipt("generic", first.body.receiptId);
    for (let n = 0; n < 25; n++) {
      const logged = await e2e.call("POST", `/v1/clients/${clientId}/sessions`, {
        body: phase1Session(day(3, n / 2)),
      });
      expect(logged.status, logged.text).toBe(201);
    }
    // A day later the provider delivers it again, signed anew.
    const again = await postWebhook(e2e, "generic", body);
    expect((await receipt("generic", again.body.receiptId)).items[0]).toMatchObject({ status: "duplicate" });
    const ids = (await completedSessions(clientId)).map((event) => event.data.sessionId);
    expect(ids.filter((id) => id === wearableSessionId("generic", "redelivered-1"))).toHaveLength(1);
  });

  it("given a batch with some bad items, then 202 answering per item: the good ones are recorded, the bad ones named", async () => {
    const clientId = await linkedClient("batch-user");
    const good = session("batch-user", "b-ok-1", day(2));
    const body = JSON.stringify({
      sessions: [
        good,
        { ...session("batch-user", "b-bad-1", day(2)), end: day(1) },
        session("batch-user", "b-ok-2", day(4)),
        { ...session("batch-user", "b-bad-2", day(2)), avgHeartRate: 400 },
      ],
    });
    const accepted = await postWebhook(e2e, "generic", body);
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.body.accepted).toBe(2);
    expect(accepted.body.items.map((item: { status: string }) => item.status)).toEqual([
      "accepted",
      "invalid",
      "accepted",
      "invalid",
    ]);
    expect(accepted.body.items[3].problems[0].path).toBe("sessions.3.avgHeartRate");
    const outcomes = (await receipt("generic", accepted.body.receiptId)).items;
    expect(outcomes.map((item: { status: string }) => item.status)).toEqual([
      "recorded",
      "invalid",
      "recorded",
      "invalid",
    ]);
    expect(await completedSessions(clientId)).toHaveLength(2);
  });

  it("given a session starting in the future, then that item is invalid and nothing of it is written", async () => {
    const clientId = await linkedClient("future-user");
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const body = post(session("future-user", "f-1", day(2)), session("future-user", "f-2", future));
    const accepted = await postWebhook(e2e, "generic", body);
    expect(accepted.body.items[1]).toMatchObject({ status: "invalid", externalSessionId: "f-2" });
    await e2e.stack.webhooksIdle();
    expect(await completedSessions(clientId)).toHaveLength(1);
  });
});

describe("every provider's sample payloads, posted as the provider would", () => {
  const fixtures = PROVIDERS.flatMap((provider) =>
    readdirSync(join("test/fixtures/webhooks", provider)).map((file) => [provider, file] as const),
  );

  // A tenant per sample: samples of one provider share users (and Garmin's summary and details one activity).
  it.each(fixtures.map(([provider, file], n) => [provider, file, `samples-${n}`] as const))(
    "%s %s: each valid session is recorded once for its linked client, and once only when posted again",
    async (provider, file, tenant) => {
      const token = await e2e.token({ tenant, role: "admin" });
      const body = readFileSync(join("test/fixtures/webhooks", provider, file), "utf8");
      const sessions = MAPPERS[provider](JSON.parse(body)).flatMap((item) =>
        item.status === "mapped" ? [item.session] : [],
      );
      expect(sessions.length).toBeGreaterThan(0);
      const earliest = Math.min(...sessions.map((mapped) => Date.parse(mapped.start)));
      const daysBefore = (days: number) => new Date(earliest - days * 86_400_000).toISOString();
      const clients = new Map<string, string>();
      for (const user of new Set(sessions.map((mapped) => mapped.externalUserId))) {
        const registered = await e2e.call("POST", "/v1/clients", {
          token,
          body: registration({ registeredAt: daysBefore(2) }),
        });
        const clientId = registered.body.clientId as string;
        await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
          token,
          body: { phase: 1, startedAt: daysBefore(1) },
        });
        const linked = await e2e.call("POST", `/v1/clients/${clientId}/wearables`, {
          token,
          body: { provider, externalUserId: user },
        });
        expect(linked.status, linked.text).toBe(201);
        clients.set(user, clientId);
      }
      const statuses = async (response: { body: { receiptId: string } }) => {
        await e2e.stack.webhooksIdle();
        const read = await e2e.call("GET", `/v1/webhooks/${provider}/receipts/${response.body.receiptId}`, {
          token,
        });
        return read.body.items
          .filter((item: { status: string }) => item.status !== "invalid")
          .map((item: { status: string }) => item.status);
      };

      const first = await postWebhook(e2e, provider, body, { tenant });
      expect(first.status, first.text).toBe(202);
      expect(await statuses(first)).toEqual(sessions.map(() => "recorded"));
      const again = await postWebhook(e2e, provider, body, { tenant });
      expect(await statuses(again)).toEqual(sessions.map(() => "duplicate"));
      for (const [user, clientId] of clients) {
        const history = await fullHistory(e2e, clientId, 100, token);
        const recorded = history.flatMap((event) =>
          event.type === "SessionCompleted" ? [event.data.source] : [],
        );
        const expected = sessions.filter((mapped) => mapped.externalUserId === user);
        expect(recorded).toEqual(
          expected.map((mapped) =>
            expect.objectContaining({ provider, externalSessionId: mapped.externalSessionId }),
          ),
        );
      }
    },
  );
});

describe("a wearable session that changes the client's journey", () => {
  it("given a Phase 2 client idle for 40 days, when their watch posts a session, then the client cycles back to Phase 1 before it", async () => {
    const clientId = await linkedClient("idle-user");
    const phase2 = await e2e.call("POST", `/v1/clients/${clientId}/phases`, {
      body: { phase: 2, startedAt: day(30), overrideReason: "test: straight to Phase 2" },
    });
    expect(phase2.status, phase2.text).toBe(201);
    const accepted = await postWebhook(e2e, "generic", post(session("idle-user", "comeback-1", day(70))));
    expect((await receipt("generic", accepted.body.receiptId)).items[0].status).toBe("recorded");
    const history = await fullHistory(e2e, clientId);
    const types = history.slice(-3).map((event) => event.type);
    expect(types).toEqual(["CycleBackTriggered", "PhaseStarted", "SessionCompleted"]);
    expect(history.at(-3)?.data).toMatchObject({ reason: "layoff", fromPhase: 2, toPhase: 1 });
  });
});

describe("sessions that cannot be recorded yet are parked, then replayed", () => {
  it("given an unknown user, then parked (listed to admins only); once linked, an admin replays it and it is recorded once", async () => {
    const accepted = await postWebhook(e2e, "generic", post(session("stranger", "s-stranger-1", day(2))));
    const [outcome] = (await receipt("generic", accepted.body.receiptId)).items;
    expect(outcome).toMatchObject({ status: "parked", reason: "unlinked-user" });
    const parked = await e2e.call("GET", "/v1/webhooks/generic/parked");
    expect(parked.status).toBe(200);
    expect(parked.body.items).toContainEqual(
      expect.objectContaining({
        parkedId: outcome.parkedId,
        externalUserId: "stranger",
        reason: "unlinked-user",
      }),
    );
    const trainer = await e2e.token({ tenant: "gym-a", role: "trainer", locations: ["downtown"] });
    expect((await e2e.call("GET", "/v1/webhooks/generic/parked", { token: trainer })).status).toBe(403);

    const clientId = await linkedClient("stranger");
    const replayed = await e2e.call("POST", `/v1/webhooks/generic/parked/${outcome.parkedId}/replay`);
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.body.outcome).toMatchObject({ status: "recorded", clientId });
    expect(await completedSessions(clientId)).toHaveLength(1);
    const after = await e2e.call("GET", "/v1/webhooks/generic/parked");
    expect(after.body.items.map((item: { parkedId: string }) => item.parkedId)).not.toContain(
      outcome.parkedId,
    );
    expect((await e2e.call("POST", `/v1/webhooks/generic/parked/${outcome.parkedId}/replay`)).status).toBe(
      404,
    );
  });

  it("given a client with no phase yet, then parked naming the OPT rule; once the phase is started, the replay records it", async () => {
    const clientId = await registerClient(e2e, { registeredAt: day(0) });
    await e2e.call("POST", `/v1/clients/${clientId}/wearables`, {
      body: { provider: "generic", externalUserId: "no-phase" },
    });
    const accepted = await postWebhook(e2e, "generic", post(session("no-phase", "np-1", day(5))));
    const [outcome] = (await receipt("generic", accepted.body.receiptId)).items;
    expect(outcome).toMatchObject({ status: "parked", reason: "opt-rule", rule: "session-requires-phase" });
    await e2e.call("POST", `/v1/clients/${clientId}/phases`, { body: { phase: 1, startedAt: day(1) } });
    const replayed = await e2e.call("POST", `/v1/webhooks/generic/parked/${outcome.parkedId}/replay`);
    expect(replayed.body.outcome.status).toBe("recorded");
    expect((await receipt("generic", accepted.body.receiptId)).runs).toBe(2);
  });

  it("given an archived post, when `npm run replay -- --receipt <id>` re-runs it, then parked items are recorded and recorded ones stay recorded once", async () => {
    const clientId = await linkedClient("replay-user");
    const body = post(session("replay-user", "r-1", day(2)), session("not-yet-linked", "r-2", day(2)));
    const accepted = await postWebhook(e2e, "generic", body);
    expect(
      (await receipt("generic", accepted.body.receiptId)).items.map((i: { status: string }) => i.status),
    ).toEqual(["recorded", "parked"]);
    const other = await linkedClient("not-yet-linked");
    const replayed = await replayReceipt(accepted.body.receiptId, e2e.stack.dataDir);
    expect(replayed.runs).toBe(2);
    expect(replayed.items.map((item) => item.status)).toEqual(["duplicate", "recorded"]);
    expect(await completedSessions(clientId)).toHaveLength(1);
    expect(await completedSessions(other)).toHaveLength(1);
  });
});

describe("signatures: nothing unsigned, stale or altered is stored", () => {
  const archived = () => {
    try {
      return readdirSync(join(e2e.stack.dataDir, "webhooks", "gym-a", "generic")).length;
    } catch {
      return 0;
    }
  };
  const body = post(session("sig-user", "sig-1", day(2)));
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ["no signature", { signature: null }],
    ["a malformed signature header", { signature: "v1=deadbeef" }],
    ["a signature made with another secret", { secrets: ["whsec_not_ours"] }],
    ["a signature 10 minutes old", { signedAt: now() - 600 }],
    ["a signature 10 minutes ahead", { signedAt: now() + 600 }],
  ] as const)("given %s, then 401 invalid-signature, nothing archived or written", async (_, options) => {
    const [items, files] = [await e2e.itemCount(), archived()];
    const response = await postWebhook(e2e, "generic", body, options);
    expect(response.status, response.text).toBe(401);
    expect(isProblem(response)).toBe(true);
    expect(response.body.type).toBe("urn:opt:problem:invalid-signature");
    await e2e.stack.webhooksIdle();
    expect([await e2e.itemCount(), archived()]).toEqual([items, files]);
  });

  it("given the body re-serialized under the original signature, then 401", async () => {
    const signature = signatureHeader([e2e.stack.webhookSecret], now(), Buffer.from(body));
    const reserialized = JSON.stringify(JSON.parse(body), null, 2);
    const response = await postWebhook(e2e, "generic", reserialized, { signature });
    expect(response.status).toBe(401);
  });

  it("given another tenant's path with this signature, then 401: a secret signs for its tenant", async () => {
    const secrets = JSON.stringify({ "*": [e2e.stack.webhookSecret] });
    expect(secrets).toContain("whsec_dev_");
    const signature = signatureHeader(["whsec_tenant_b_secret"], now(), Buffer.from(body));
    expect((await postWebhook(e2e, "generic", body, { tenant: "gym-b", signature })).status).toBe(401);
  });

  it("given two v1 values during a rotation (old and current), then accepted", async () => {
    const response = await postWebhook(e2e, "generic", body, {
      secrets: ["whsec_retired", e2e.stack.webhookSecret],
    });
    expect(response.status, response.text).toBe(202);
  });

  it("given a signed body that is not JSON, or no session at all valid, then 400 and nothing archived", async () => {
    const files = archived();
    expect((await postWebhook(e2e, "generic", "{oops")).status).toBe(400);
    const none = await postWebhook(e2e, "generic", post({ ...session("u", "x", day(2)), end: day(0) }));
    expect(none.status, none.text).toBe(400);
    expect(none.body.errors[0].path).toBe("sessions.0.end");
    expect(archived()).toBe(files);
  });
});

describe("links: one provider user is one client's", () => {
  it("given a user linked to one client, when linked to another, then 409 and nothing written; unlinked first, then it moves", async () => {
    const first = await linkedClient("shared-user");
    const second = await registerClient(e2e, { registeredAt: day(0) });
    const items = await e2e.itemCount();
    const refused = await e2e.call("POST", `/v1/clients/${second}/wearables`, {
      body: { provider: "generic", externalUserId: "shared-user" },
    });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body).toMatchObject({
      type: "urn:opt:problem:wearable-linked-elsewhere",
      provider: "generic",
    });
    expect(await e2e.itemCount()).toBe(items);

    const unlinked = await e2e.call("DELETE", `/v1/clients/${first}/wearables/generic`);
    expect(unlinked.status, unlinked.text).toBe(200);
    expect(unlinked.body.events).toEqual([{ type: "WearableUnlinked" }]);
    const moved = await e2e.call("POST", `/v1/clients/${second}/wearables`, {
      body: { provider: "generic", externalUserId: "shared-user" },
    });
    expect(moved.status, moved.text).toBe(201);
  });

  it("given a user's session recorded for one client, when the user is relinked to another and the session redelivered, then it is not recorded again: a wearable session is once per tenant", async () => {
    const first = await linkedClient("moving-user");
    const body = post(session("moving-user", "moved-1", day(3)));
    await receipt("generic", (await postWebhook(e2e, "generic", body)).body.receiptId);
    await e2e.call("DELETE", `/v1/clients/${first}/wearables/generic`);
    const second = await linkedClient("moving-user");
    const again = await postWebhook(e2e, "generic", body);
    expect((await receipt("generic", again.body.receiptId)).items[0]).toMatchObject({ status: "duplicate" });
    expect(await completedSessions(first)).toHaveLength(1);
    expect(await completedSessions(second)).toHaveLength(0);
  });

  it("given two clients linking one user at once, then exactly one wins", async () => {
    const clients = await Promise.all([0, 1, 2].map(() => registerClient(e2e, { registeredAt: day(0) })));
    const answers = await Promise.all(
      clients.map((clientId) =>
        e2e.call("POST", `/v1/clients/${clientId}/wearables`, {
          body: { provider: "terra", externalUserId: "race-user" },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
  });

  it("given a linked client, then its user id is sealed personal data: in its export, never in plain text in the table", async () => {
    const clientId = await linkedClient("private-user-7731");
    const exported = await e2e.call("GET", `/v1/clients/${clientId}/export`);
    expect(exported.body.personalData.values).toContainEqual(
      expect.objectContaining({
        type: "WearableLinked",
        field: "externalUserId",
        value: "private-user-7731",
      }),
    );
    expect(JSON.stringify(await e2e.rawItems())).not.toContain("private-user-7731");
  });

  it("given an erased client, then its links are gone: its watch's later sessions are parked as unlinked", async () => {
    const clientId = await linkedClient("erased-user");
    const erased = await e2e.call("POST", `/v1/clients/${clientId}/erasure`, {
      body: { reason: "client-request" },
    });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body.events.map((event: { type: string }) => event.type)).toEqual([
      "WearableUnlinked",
      "PersonalDataErased",
    ]);
    const accepted = await postWebhook(e2e, "generic", post(session("erased-user", "after-erasure", day(3))));
    expect((await receipt("generic", accepted.body.receiptId)).items[0]).toMatchObject({
      status: "parked",
      reason: "unlinked-user",
    });
    expect(await completedSessions(clientId)).toHaveLength(0);
  });
});
