import { describe, expect, it } from "vitest";
import { phaseDistributionSvg } from "../../../pictures/phase-distribution.ts";
import { render, texts } from "./render.ts";

const rows = [
  { location: "downtown", phase: 1, clients: 12 },
  { location: "downtown", phase: 2, clients: 5 },
  { location: "downtown", phase: null, clients: 2 },
  { location: "uptown", phase: 1, clients: 3 },
  { location: "uptown", phase: 4, clients: 1 },
  { location: "harbor & pier", phase: 5, clients: 7 },
] as const;
const svg = phaseDistributionSvg(rows, { title: "Clients by phase and location" });

describe("the phase distribution chart", () => {
  it("is valid markup, 1200 wide, with nothing drawn outside it", () => {
    const { width, height, drawn } = render(svg);
    expect(width).toBe(1200);
    expect((drawn?.x ?? -1) >= 0 && (drawn?.y ?? -1) >= 0).toBe(true);
    expect((drawn?.x ?? 0) + (drawn?.width ?? Infinity)).toBeLessThanOrEqual(width);
    expect((drawn?.y ?? 0) + (drawn?.height ?? Infinity)).toBeLessThanOrEqual(height);
  });

  it("draws a bar per location with its counts, and names every phase present in the legend", () => {
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(["downtown", "uptown", "harbor & pier", "12", "5", "7"]));
    expect(labels).toEqual(
      expect.arrayContaining(["No phase yet", "Phase 1", "Phase 2", "Phase 4", "Phase 5"]),
    );
    expect(labels).not.toContain("Phase 3");
  });

  it("describes itself in words for screen readers", () => {
    expect(svg).toContain("downtown: 19 clients (No phase yet 2, Phase 1 12, Phase 2 5)");
  });

  it("says so when there is no one on the roster", () => {
    const empty = phaseDistributionSvg([], { title: "Clients by phase and location" });
    expect(texts(empty)).toContain("No clients on the roster yet");
    expect(render(empty).width).toBe(1200);
  });
});

describe("the count axis", () => {
  it("has whole-number ticks only, even for a handful of clients", () => {
    const few = phaseDistributionSvg([{ location: "uptown", phase: 1, clients: 3 }], { title: "Few" });
    const ticks = [...few.matchAll(/<text[^>]*font-size="11"[^>]*>([^<]*)<\/text>/g)].map(([, tick]) => tick);
    expect(ticks).toEqual(["0", "1", "2", "3"]);
  });
});
