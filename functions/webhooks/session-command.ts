import { createHash } from "node:crypto";
import type { RecordSession } from "../../domain/client/commands.ts";
import type { Provider, WearableSession } from "./mappers/types.ts";

/**
 * A wearable session's id, derived from its provider and the provider's id for it: every delivery of
 * one session, whenever and however often it comes, is the same session (recorded once: events/claims.ts).
 */
export const wearableSessionId = (provider: Provider, externalSessionId: string): string =>
  `${provider}-${createHash("sha256").update(`${provider}\n${externalSessionId}`).digest("hex").slice(0, 40)}`;

/** The same RecordSession the API builds, from what the provider reported. */
export function recordSessionOf(provider: Provider, session: WearableSession): RecordSession {
  const minutes = (Date.parse(session.end) - Date.parse(session.start)) / 60_000;
  return {
    type: "RecordSession",
    data: {
      sessionId: wearableSessionId(provider, session.externalSessionId),
      performedAt: session.start,
      durationMinutes: Math.round(minutes * 10) / 10,
      exercises: (session.exercises ?? []).map((exercise) => ({ ...exercise, sets: [...exercise.sets] })),
      ...(session.avgHeartRate === undefined ? {} : { avgHeartRate: session.avgHeartRate }),
      ...(session.maxHeartRate === undefined ? {} : { maxHeartRate: session.maxHeartRate }),
      pain: false,
      source: {
        provider,
        externalSessionId: session.externalSessionId,
        activityType: session.activityType,
        ...(session.calories === undefined ? {} : { calories: session.calories }),
      },
      ...(session.heartRateSamples?.length ? { heartRateSamples: session.heartRateSamples } : {}),
    },
  };
}
