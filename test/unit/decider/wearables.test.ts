import { describe, expect, it } from "vitest";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { fold } from "../../../domain/client/state.ts";
import { day, recordSession, registered, sessionCompleted, started } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const link = (provider: string, externalUserId: string, at = day(1)) =>
  ({ type: "LinkWearable", data: { provider, externalUserId, at } }) as const;
const unlink = (provider: string, at = day(2)) =>
  ({ type: "UnlinkWearable", data: { provider, at } }) as const;
const linked = (provider: string, externalUserId: string, at = day(1)): ClientEvent => ({
  type: "WearableLinked",
  occurredAt: at,
  data: { provider, externalUserId },
});

describe("linking a client's wearable accounts", () => {
  it("given a registered client, when a Garmin user is linked, then WearableLinked", () => {
    given(registered())
      .when(link("garmin", "g-user-1"))
      .then([linked("garmin", "g-user-1")]);
  });

  it("given the same user linked, when linked again, then nothing: a retried link changes nothing", () => {
    given([...registered(), linked("garmin", "g-user-1")])
      .when(link("garmin", "g-user-1", day(3)))
      .thenNothing();
  });

  it("given another Garmin user linked, when a new one is linked, then the old one is unlinked first (relinked)", () => {
    given([...registered(), linked("garmin", "g-old")])
      .when(link("garmin", "g-new", day(3)))
      .then([
        {
          type: "WearableUnlinked",
          occurredAt: day(3),
          data: { provider: "garmin", externalUserId: "g-old", reason: "relinked" },
        },
        linked("garmin", "g-new", day(3)),
      ]);
  });

  it("given a Garmin user linked, when a Terra user is linked, then both stay linked", () => {
    const events = [...registered(), linked("garmin", "g-1"), linked("terra", "t-1")];
    expect(fold(events).wearables).toEqual({ garmin: "g-1", terra: "t-1" });
  });

  it("given no client, when a user is linked, then refused", () => {
    given([]).when(link("garmin", "g-1")).thenRefused("client-must-be-registered");
  });

  it("given a linked user, when unlinked, then WearableUnlinked naming the user, and the state has no wearables", () => {
    const history = [...registered(), linked("garmin", "g-1")];
    given(history)
      .when(unlink("garmin"))
      .then([
        {
          type: "WearableUnlinked",
          occurredAt: day(2),
          data: { provider: "garmin", externalUserId: "g-1", reason: "unlinked" },
        },
      ]);
    const after = [...history, ...given(history).when(unlink("garmin")).events()];
    expect(fold(after).wearables).toBeNull();
  });

  it("given nothing linked at the provider, when unlinked, then nothing: unlinking is idempotent", () => {
    given([...registered(), linked("terra", "t-1")])
      .when(unlink("garmin"))
      .thenNothing();
  });

  it("given two linked accounts, when the personal data is erased, then each is unlinked before PersonalDataErased", () => {
    given([...registered(), linked("garmin", "g-1"), linked("terra", "t-1")])
      .when({ type: "ErasePersonalData", data: { erasedAt: day(5), reason: "client-request" } })
      .thenMatches([
        {
          type: "WearableUnlinked",
          data: { provider: "garmin", externalUserId: "g-1", reason: "personal-data-erased" },
        },
        {
          type: "WearableUnlinked",
          data: { provider: "terra", externalUserId: "t-1", reason: "personal-data-erased" },
        },
        { type: "PersonalDataErased" },
      ]);
  });
});

/** Born 1990-04-01, CPT7: HRmax 208 − 0.7 × 35 = 183.5; zone 1 119–138, zone 2 139–156, zone 3 158–174 bpm. */
describe("a session reported by a wearable", () => {
  const source = {
    provider: "garmin",
    externalSessionId: "5001968355",
    activityType: "RUNNING",
    calories: 410,
  };
  const at = (minutes: number) => new Date(Date.parse(day(2)) + minutes * 60_000).toISOString();
  const inPhase1 = [...registered(), started(1, day(1))];

  it("given a Phase 1 client, when a wearable session with samples is recorded, then it keeps its source and its minutes in each zone against the client's HRmax", () => {
    // A sample a minute: 10 below zone 1, 20 in zone 1, 5 in zone 2; the session ends a minute after the last.
    const samples = [
      ...Array.from({ length: 10 }, (_, i) => ({ at: at(i), bpm: 100 })),
      ...Array.from({ length: 20 }, (_, i) => ({ at: at(10 + i), bpm: 130 })),
      ...Array.from({ length: 5 }, (_, i) => ({ at: at(30 + i), bpm: 150 })),
    ];
    const [completed] = given(inPhase1)
      .when(
        recordSession("garmin-abc", at(0), {
          exercises: [],
          durationMinutes: 35,
          avgHeartRate: 126,
          maxHeartRate: 152,
          source,
          heartRateSamples: samples,
        }),
      )
      .events();
    expect(completed).toMatchObject({
      type: "SessionCompleted",
      data: {
        sessionId: "garmin-abc",
        avgHeartRate: 126,
        source,
        heartRate: {
          hrMaxBpm: 183.5,
          prescribedZones: [1],
          samples: 35,
          minutesInZones: { belowZone1: 10, zone1: 20, zone2: 5, zone3: 0, aboveZone3: 0 },
          minutesInPrescribedZones: 20,
        },
      },
    });
    expect(completed?.type === "SessionCompleted" && completed.data.heartRate?.untrustedAverageBpm).toBe(
      undefined,
    );
  });

  it("given a Phase 2 client (cardio stage II), then zones 1 and 2 are prescribed", () => {
    const events = given([...registered(), started(2, day(1))])
      .when(
        recordSession("garmin-p2", at(0), {
          exercises: [],
          durationMinutes: 2,
          source,
          heartRateSamples: [
            { at: at(0), bpm: 130 },
            { at: at(1), bpm: 145 },
          ],
        }),
      )
      .events();
    expect(events.at(-1)).toMatchObject({
      data: { heartRate: { prescribedZones: [1, 2], minutesInPrescribedZones: 2 } },
    });
  });

  it("given an average above the client's HRmax, then it is flagged and not kept as the session's average", () => {
    const [completed] = given(inPhase1)
      .when(recordSession("garmin-hot", at(0), { exercises: [], avgHeartRate: 201, source }))
      .events();
    expect(completed?.type).toBe("SessionCompleted");
    if (completed?.type !== "SessionCompleted") return;
    expect(completed.data.avgHeartRate).toBeUndefined();
    expect(completed.data.heartRate).toEqual({
      hrMaxBpm: 183.5,
      prescribedZones: [1],
      untrustedAverageBpm: 201,
    });
  });

  it("given a trainer's session (no source), then an average above HRmax stays the trainer's record", () => {
    const [completed] = given(inPhase1)
      .when(recordSession("s-1", at(0), { avgHeartRate: 201 }))
      .events();
    expect(completed).toMatchObject({ data: { avgHeartRate: 201 } });
    expect(completed?.type === "SessionCompleted" && completed.data.heartRate).toBeUndefined();
  });

  it("given a client without a date of birth (erased), then the source is kept and no zones can be placed", () => {
    const erased: ClientEvent = {
      type: "PersonalDataErased",
      occurredAt: day(1),
      data: { reason: "client-request" },
    };
    const [completed] = given([...inPhase1, erased])
      .when(
        recordSession("garmin-x", at(0), {
          exercises: [],
          source,
          heartRateSamples: [{ at: at(0), bpm: 130 }],
        }),
      )
      .events();
    expect(completed).toMatchObject({ data: { source } });
    expect(completed?.type === "SessionCompleted" && completed.data.heartRate).toBeUndefined();
  });

  it("given a Phase 2 client idle past the layoff threshold, when a wearable session arrives, then the client cycles back first", () => {
    given([...registered(), started(1, day(1)), started(2, day(30)), sessionCompleted("s-0", day(31), 2)])
      .when(recordSession("garmin-late", day(60), { exercises: [], source }))
      .thenMatches([
        { type: "CycleBackTriggered", data: { reason: "layoff", fromPhase: 2 } },
        { type: "PhaseStarted" },
        { type: "SessionCompleted", data: { source } },
      ]);
  });

  it("given a client with no phase yet, when a wearable session arrives, then refused (it will be parked)", () => {
    given(registered())
      .when(recordSession("garmin-early", day(2), { exercises: [], source }))
      .thenRefused("session-requires-phase");
  });
});
