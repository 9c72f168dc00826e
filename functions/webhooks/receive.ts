import * as z from "zod";
import { ID_PATTERN } from "../auth/claims.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { logger } from "../middleware/observability.ts";
import { HttpProblem, invalidInput } from "../middleware/problem.ts";
import { payloadArchive } from "./environment.ts";
import { MAPPERS } from "./mappers/index.ts";
import { type MappedItem, PayloadRejected, PROVIDERS } from "./mappers/types.ts";
import { refuseImplausibleSessions } from "./plausible-sessions.ts";
import { receiptIdAt } from "./receipt-id.ts";
import { signingSecrets, webhookQueue } from "./receive-environment.ts";
import { SIGNATURE_HEADER, verifySignature } from "./signature.ts";

/** A post of 100 sessions with a heart-rate series each fits; Lambda's own limit is 6 MB. */
export const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

const WebhookParams = z.object({ tenantId: z.string().regex(ID_PATTERN), provider: z.enum(PROVIDERS) });

/**
 * A provider's post, signed with the tenant's secret: verified over the raw bytes before anything reads
 * them, checked by the provider's mapper (a post with no usable session is refused whole), archived as it
 * came, and queued for the processor. Answers 202 with the receipt and each item's status; what became of
 * each item is at GET /v1/webhooks/{provider}/receipts/{receiptId}.
 */
export const handler = httpHandler(
  "receiveWebhook",
  async (request) => {
    const path = WebhookParams.safeParse({
      tenantId: request.pathParameter("tenantId"),
      provider: request.pathParameter("provider"),
    });
    if (!path.success)
      throw new HttpProblem(
        404,
        "not-found",
        "Not found",
        `no such webhook; providers: ${PROVIDERS.join(", ")}`,
      );
    const { tenantId, provider } = path.data;
    const body = request.rawBody(MAX_WEBHOOK_BYTES);
    const check = verifySignature({
      header: request.header(SIGNATURE_HEADER),
      rawBody: body,
      secrets: await signingSecrets()
        .secretsFor(tenantId, provider)
        .catch((error: unknown) => {
          logger.warn("signing secrets unavailable", { tenantId, provider, error });
          throw new HttpProblem(
            503,
            "unavailable",
            "Service unavailable",
            "retry shortly",
            {},
            { "retry-after": "1" },
          );
        }),
      now: request.now,
    });
    if (!check.valid) throw new HttpProblem(401, "invalid-signature", "Invalid signature", check.reason);

    const items = refuseImplausibleSessions(
      mapPost(provider, body, request.header("content-type")),
      request.now,
    );
    if (!items.some((item) => item.status === "mapped"))
      throw invalidInput(
        items.flatMap((item, index) =>
          item.status === "invalid"
            ? item.problems.map((p) => ({ path: p.path || String(index), message: p.message }))
            : [],
        ),
        "post (no session in it can be recorded)",
      );
    const receiptId = receiptIdAt(request.now);
    const ref = { tenantId, provider, receiptId };
    await payloadArchive()
      .put({ ...ref, signedAt: check.signedAt.toISOString(), receivedAt: request.now.toISOString(), body })
      .catch(unavailable("the archive"));
    // Archived but not queued (the queue failing now) is answered 503: the sender's retry is a new
    // receipt, its sessions recorded once; the orphaned payload expires with the archive's retention.
    await webhookQueue().send(ref).catch(unavailable("the queue"));
    return {
      status: 202,
      body: {
        receiptId,
        accepted: items.filter((item) => item.status === "mapped").length,
        items: items.map((item, index) =>
          item.status === "mapped"
            ? { index, status: "accepted", externalSessionId: item.session.externalSessionId }
            : { index, status: "invalid", ...externalIdOf(item), problems: item.problems },
        ),
      },
    };
  },
  { anonymous: true },
);

function mapPost(
  provider: (typeof PROVIDERS)[number],
  body: Buffer,
  contentType: string | undefined,
): MappedItem[] {
  if (!/^application\/json\b/i.test(contentType ?? ""))
    throw new HttpProblem(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      "send the post as application/json",
    );
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpProblem(400, "malformed-json", "Malformed JSON", "the post is not valid JSON");
  }
  try {
    return MAPPERS[provider](payload);
  } catch (error) {
    if (error instanceof PayloadRejected) throw invalidInput(error.problems, `${provider} post`);
    throw error;
  }
}

/** A dependency failing (Secrets Manager, S3, SQS): the sender retries, as providers do on a 5xx. */
const unavailable = (what: string) => (error: unknown) => {
  logger.warn(`${what} unavailable`, { error });
  throw new HttpProblem(
    503,
    "unavailable",
    "Service unavailable",
    `${what} is unavailable; retry shortly`,
    {},
    {
      "retry-after": "1",
    },
  );
};

const externalIdOf = (item: Extract<MappedItem, { status: "invalid" }>) =>
  item.externalSessionId === undefined ? {} : { externalSessionId: item.externalSessionId };
