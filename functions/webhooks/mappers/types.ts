import type { LoggedExercise } from "../../../domain/client/events.ts";
import type { Instant } from "../../../domain/time.ts";

/** The providers whose payloads we map, by the name in the webhook's path. */
export const PROVIDERS = ["generic", "terra", "openmhealth", "healthkit", "garmin"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A post holds at most this many sessions (one queue message, one processor run). */
export const MAX_SESSIONS_PER_POST = 100;
/** Heart-rate samples kept per session: 1 Hz for 6 hours; denser series are refused, not truncated. */
export const MAX_HEART_RATE_SAMPLES = 21_600;

export interface HeartRateSample {
  /** ISO-8601 instant in UTC (`toISOString()`). */
  readonly at: Instant;
  /** Whole beats per minute, 20–250. */
  readonly bpm: number;
}

/** One completed session as a provider reported it, in our terms: what RecordSession is built from. */
export interface WearableSession {
  /** The provider's id of the person (linked to a client by POST /v1/clients/{id}/wearables). */
  readonly externalUserId: string;
  /** The provider's id of the session: with the provider, the session's identity for ever. */
  readonly externalSessionId: string;
  /** ISO-8601 instants in UTC (`toISOString()`), start not after end. */
  readonly start: Instant;
  readonly end: Instant;
  /** The provider's own activity label (e.g. "STRENGTH_TRAINING", "HKWorkoutActivityTypeRunning"). */
  readonly activityType: string;
  /** Whole bpm, 20–250. */
  readonly avgHeartRate?: number;
  readonly maxHeartRate?: number;
  /** Active kilocalories, 0–10 000, whole. */
  readonly calories?: number;
  /** In time order. */
  readonly heartRateSamples?: readonly HeartRateSample[];
  readonly exercises?: readonly LoggedExercise[];
}

/** Where in the payload something is wrong, and what. */
export interface PayloadProblem {
  /** A JSON pointer-like dotted path from the payload's root, e.g. "data.2.metadata.start_time". */
  readonly path: string;
  readonly message: string;
}

/** One item of a post: mapped, or refused with the reasons (the rest of the post still counts). */
export type MappedItem =
  | { readonly status: "mapped"; readonly session: WearableSession }
  | {
      readonly status: "invalid";
      /** When the item still names its session. */
      readonly externalSessionId?: string;
      readonly problems: readonly PayloadProblem[];
    };

/** The payload as a whole is not this provider's format (or holds more than MAX_SESSIONS_PER_POST). */
export class PayloadRejected extends Error {
  constructor(readonly problems: readonly PayloadProblem[]) {
    super(problems.map((problem) => `${problem.path || "(root)"}: ${problem.message}`).join("; "));
  }
}

/**
 * A provider's payload to sessions: pure, total over JSON (never throws but PayloadRejected), the items in
 * the payload's order.
 */
export type PayloadMapper = (payload: unknown) => MappedItem[];
