import { describe, expect, it } from "vitest";
import { fold } from "../../../domain/client/state.ts";
import { placeLabel, TIMELINE_WIDTH, timelineSvg } from "../../../pictures/timeline.ts";
import { day, longJourney, pictureOf, play, scriptedJourney } from "../../support/journeys.ts";
import { render, texts } from "./render.ts";

const journey = play(scriptedJourney());
const today = day(95);
const svg = timelineSvg(pictureOf(journey.events, journey.state, today));

describe("a client's timeline as SVG", () => {
  it("is valid markup, 1200 wide, with nothing drawn outside its view box", () => {
    const { width, height, drawn } = render(svg);
    expect(width).toBe(TIMELINE_WIDTH);
    expect(drawn).toBeDefined();
    expect(drawn?.x).toBeGreaterThanOrEqual(0);
    expect(drawn?.y).toBeGreaterThanOrEqual(0);
    expect((drawn?.x ?? 0) + (drawn?.width ?? Infinity)).toBeLessThanOrEqual(width);
    expect((drawn?.y ?? 0) + (drawn?.height ?? Infinity)).toBeLessThanOrEqual(height);
  });

  it("is an accessible image: a title naming the client (escaped), and a description in words", () => {
    expect(svg).toMatch(/<svg[^>]* role="img" aria-labelledby="picture-title picture-desc"/);
    expect(svg).toContain(
      '<title id="picture-title">Ada &lt;Client&gt; &amp; Co: progression timeline as of 10 Apr 2026</title>',
    );
    const description = /<desc id="picture-desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? "";
    expect(description).toContain("Lived blocks: P1 Stabilization Endurance from 6 Jan 2026 to 9 Feb 2026");
    expect(description).toContain("Cycle-back: layoff.");
    expect(description).toContain("Referred: pain in a session.");
    expect(description).toContain("Today is 10 Apr 2026.");
  });

  it("names every phase of the journey, lived and planned, in words", () => {
    const labels = texts(svg);
    for (const phase of ["P1 Stabilization Endurance", "P2 Strength Endurance", "P3 Muscular Development"])
      expect(labels).toContain(phase);
  });

  it("labels the cycle-back, the referral and the clearance with their reasons, and today", () => {
    const labels = texts(svg);
    expect(labels).toContain("Cycle-back: layoff");
    expect(labels).toContain("Referred: pain in a session");
    expect(labels).toContain("Cleared to train");
    expect(labels).toContain("Ready to advance from P1 to P2");
    expect(labels).toContain("Today, 10 Apr 2026");
  });

  it("marks each assessment with its number of compensations and each session with its compliance", () => {
    expect(svg.match(/<g class="assessments">.*?<\/g><\/g>/)?.[0]).toContain(">2</text>");
    const sessions = [...svg.matchAll(/<title>Session [^<]*<\/title>/g)];
    expect(sessions).toHaveLength(journey.events.filter((e) => e.type === "SessionCompleted").length);
    expect(svg).toMatch(/<title>Session 7 Jan 2026 in P1: compliance \d+ %<\/title>/);
  });

  it("hatches the referred span, from the referral to the clearance", () => {
    expect(svg).toContain(
      "<title>Referred from 9 Mar 2026 to 16 Mar 2026: no programming until clearance</title>",
    );
  });

  it("is a pure function of the read models and the day: the same input draws the same picture", () => {
    expect(timelineSvg(pictureOf(journey.events, journey.state, today))).toBe(svg);
    expect(timelineSvg(pictureOf(journey.events, journey.state, day(120)))).toContain("Today, 5 May 2026");
  });

  it("draws a client without a phase yet", () => {
    const registered = play(scriptedJourney().slice(0, 1));
    const empty = timelineSvg(pictureOf(registered.events, registered.state, day(3)));
    expect(texts(empty)).toContain("No phase started yet");
    expect(render(empty).width).toBe(TIMELINE_WIDTH);
  });

  it("stays readable at 500 events: every block and label inside the picture, no taller than a screen", () => {
    const events = longJourney(500);
    const long = timelineSvg(pictureOf(events, fold(events), events.at(-1)?.occurredAt ?? today));
    const { width, height, drawn } = render(long);
    expect(events.length).toBeGreaterThanOrEqual(500);
    expect(height).toBeLessThan(700);
    expect((drawn?.x ?? -1) >= 0 && (drawn?.x ?? 0) + (drawn?.width ?? Infinity) <= width).toBe(true);
    expect(texts(long).filter((label) => label === "Cycle-back: layoff").length).toBeGreaterThan(3);
  });
});

describe("placing a milestone's label", () => {
  const width = 100;

  it("starts under its marker in the first row when the row is free", () => {
    expect(placeLabel([], 500, width)).toEqual({ row: 0, start: 496 });
  });

  it("moves right a little to stay in a row whose last label ends just past the marker", () => {
    const rows = [[{ start: 300, end: 505 }]];
    expect(placeLabel(rows, 510, width)).toEqual({ row: 0, start: 515 });
    expect(rows[0]).toHaveLength(2);
  });

  it("goes a row down when its leader would run into a label of the row", () => {
    expect(placeLabel([[{ start: 300, end: 505 }]], 480, width)?.row).toBe(1);
  });

  it("prefers a row whose leader crosses no label above", () => {
    const rows = [[{ start: 300, end: 505 }], [{ start: 200, end: 380 }]];
    // Row 1 has room at 476, but the leader down from 480 would cross row 0's label there: none is free of
    // that, so the highest row with room is taken.
    expect(placeLabel(rows, 480, width)?.row).toBe(1);
    expect(placeLabel([[{ start: 300, end: 400 }], [{ start: 600, end: 800 }]], 450, width)).toEqual({
      row: 0,
      start: 446,
    });
  });

  it("keeps the label inside the picture at the right edge", () => {
    expect(placeLabel([], TIMELINE_WIDTH - 10, width)?.start).toBe(TIMELINE_WIDTH - 24 - width);
  });

  it("gives up (marker and tooltip only) when every row is taken there", () => {
    const full = Array.from({ length: 8 }, () => [{ start: 130, end: 1100 }]);
    expect(placeLabel(full, 500, width)).toBeNull();
  });
});
