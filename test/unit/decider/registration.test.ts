import { describe, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../../domain/settings.ts";
import { day, registered } from "../../support/builders.ts";
import { given } from "../../support/decider-spec.ts";

const register = {
  type: "RegisterClient",
  data: {
    clientId: "c-1",
    name: "Ada Client",
    dateOfBirth: "1990-04-01",
    goal: "power",
    locationId: "loc-1",
    registeredAt: day(0),
  },
} as const;

describe("registering a client", () => {
  it("records the client and its goal with the goal's phase path, with no phase started yet", () => {
    given([])
      .when(register)
      .then([
        {
          type: "ClientRegistered",
          occurredAt: day(0),
          data: {
            clientId: "c-1",
            name: "Ada Client",
            dateOfBirth: "1990-04-01",
            locationId: "loc-1",
            guidelineVersion: "CPT7",
          },
        },
        { type: "GoalSet", occurredAt: day(0), data: { goal: "power", path: [1, 2, 5] } },
      ]);
  });

  it("takes the goal path from the tenant's settings, not from code", () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      goalPaths: { ...DEFAULT_SETTINGS.goalPaths, power: [1, 2, 3, 5] as const },
    };
    given([], settings)
      .when(register)
      .thenMatches([
        { type: "ClientRegistered" },
        { type: "GoalSet", data: { goal: "power", path: [1, 2, 3, 5] } },
      ]);
  });

  it("pins the tenant's guideline version on the client", () => {
    given([], { ...DEFAULT_SETTINGS, guidelineVersion: "CPT6" })
      .when(register)
      .thenMatches([{ type: "ClientRegistered", data: { guidelineVersion: "CPT6" } }, { type: "GoalSet" }]);
  });

  it("appends nothing when the same registration is repeated", () => {
    given(registered()).when(register).thenNothing();
  });

  it("refuses another client's registration on an existing stream", () => {
    given(registered())
      .when({ ...register, data: { ...register.data, name: "Someone Else" } })
      .thenRefused("client-already-registered");
  });

  it("refuses every other command before registration", () => {
    given([])
      .when({ type: "SetGoal", data: { goal: "power", at: day(1) } })
      .thenRefused("client-must-be-registered");
  });
});

describe("setting a goal", () => {
  it("records the new goal with its path", () => {
    given(registered())
      .when({ type: "SetGoal", data: { goal: "max-strength", at: day(3) } })
      .then([{ type: "GoalSet", occurredAt: day(3), data: { goal: "max-strength", path: [1, 2, 4] } }]);
  });

  it("appends nothing when the goal is already set", () => {
    given(registered("general-fitness"))
      .when({ type: "SetGoal", data: { goal: "general-fitness", at: day(3) } })
      .thenNothing();
  });
});
