import { describe, expect, it } from "vitest";
import { NASM_GOAL_PATHS } from "../../domain/goals.ts";
import { DEFAULT_SETTINGS, withOverrides } from "../../domain/settings.ts";

describe("a tenant's settings", () => {
  it("keeps every default the tenant did not change", () => {
    expect(withOverrides(DEFAULT_SETTINGS, {})).toEqual(DEFAULT_SETTINGS);
  });

  it("replaces only the goal paths the tenant names", () => {
    const settings = withOverrides(DEFAULT_SETTINGS, { layoffDays: 10, goalPaths: { "fat-loss": [1, 2] } });
    expect(settings.layoffDays).toBe(10);
    expect(settings.goalPaths).toEqual({ ...NASM_GOAL_PATHS, "fat-loss": [1, 2] });
  });
});
