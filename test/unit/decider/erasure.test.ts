import { describe, expect, it } from "vitest";
import type { ClientEvent } from "../../../domain/client/events.ts";
import { ERASED } from "../../../domain/client/personal-data.ts";
import { fold } from "../../../domain/client/state.ts";
import { DEFAULT_SETTINGS } from "../../../domain/settings.ts";
import { day, recordSession, registered, started } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const erase = { type: "ErasePersonalData", data: { erasedAt: day(3), reason: "client-request" } } as const;
const erased: ClientEvent = {
  type: "PersonalDataErased",
  occurredAt: day(3),
  data: { reason: "client-request" },
};

describe("erasing a client's personal data", () => {
  it("given a registered client, when erased, then PersonalDataErased with its reason", () => {
    given(registered()).when(erase).then([erased]);
  });

  it("given an erased client, when erased again, then nothing: erasure is idempotent", () => {
    given([...registered(), erased])
      .when(erase)
      .thenNothing();
  });

  it("given no client, when erased, then refused: there is nothing to erase", () => {
    given([]).when(erase).thenRefused("client-must-be-registered");
  });

  it("given an erasure, then the state's name reads as erased and no age can be derived", () => {
    const state = fold([...registered(), erased]);
    expect(state).toMatchObject({
      name: ERASED,
      dateOfBirth: null,
      erasure: { at: day(3), reason: "client-request" },
    });
  });

  it("given a registration read back after erasure (its values erased), then the state has no date of birth", () => {
    const [registration, ...rest] = registered();
    const unreadable = {
      ...registration,
      data: { ...registration?.data, name: ERASED, dateOfBirth: ERASED },
    };
    expect(fold([unreadable as ClientEvent, ...rest])).toMatchObject({ name: ERASED, dateOfBirth: null });
  });

  it("given an erased client of a tenant that keeps erased clients training, when a session is recorded, then it is", () => {
    given([...registered(), started(1, day(1)), erased])
      .when(recordSession("s-1", day(4)))
      .thenMatches([{ type: "SessionCompleted" }]);
  });

  it("given an erased client of a tenant that closes erased clients, when a session is recorded, then refused", () => {
    given([...registered(), started(1, day(1)), erased], { ...DEFAULT_SETTINGS, erasedClients: "closed" })
      .when(recordSession("s-1", day(4)))
      .thenRefused("erased-client-closed");
  });
});
