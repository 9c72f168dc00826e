import type { ScaleLinear } from "d3-scale";
import type { Phase } from "../domain/phases.ts";
import { el, fitText, text, textWidth } from "./svg.ts";

/**
 * Phase colours from the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies),
 * each dark text-safe. Colour is never the only cue: every band and legend entry names its phase.
 */
export const PHASE_COLOURS: Readonly<Record<Phase, string>> = {
  1: "#56B4E9",
  2: "#009E73",
  3: "#E69F00",
  4: "#CC79A7",
  5: "#D55E00",
};

export const INK = "#1a1a1a";
export const MUTED = "#555555";
export const GRID = "#e6e6e6";

/** A chart's title and, under it, its subtitle, fitted to the picture's width. */
export const chartHeading = (title: string, subtitle: string | undefined, width: number): string[] => [
  el(
    "text",
    { x: 16, y: 30, "font-size": 20, "font-weight": 700, fill: INK },
    text(fitText(title, 20, width - 32)),
  ),
  subtitle
    ? el("text", { x: 16, y: 54, "font-size": 13, fill: MUTED }, text(fitText(subtitle, 13, width - 32)))
    : "",
];

/** A count axis's gridlines and labels: whole numbers only (half a client reads as a bug). */
export const countTicks = (x: ScaleLinear<number, number>, top: number, bottom: number): string[] =>
  x
    .ticks(8)
    .filter(Number.isInteger)
    .map((tick) =>
      el(
        "g",
        {},
        el("line", { x1: x(tick), x2: x(tick), y1: top - 6, y2: bottom, stroke: GRID }),
        el(
          "text",
          { x: x(tick), y: bottom + 18, "font-size": 11, "text-anchor": "middle", fill: INK },
          text(String(tick)),
        ),
      ),
    );

export const phaseLabel = (phase: Phase, name: string): string => `P${phase} ${name}`;

export interface LegendItem {
  /** A 16 × 16 symbol drawn with its top-left corner at (0, 0). */
  readonly symbol: string;
  readonly label: string;
}

const LEGEND_FONT = 12;
const LEGEND_ROW = 22;

/**
 * Legend items left to right, wrapping onto new rows within `width`, from (left, top).
 * Returns the markup and the height it takes.
 */
export function legend(items: readonly LegendItem[], left: number, top: number, width: number) {
  let x = left;
  let row = 0;
  const parts: string[] = [];
  for (const item of items) {
    const itemWidth = 16 + 6 + textWidth(item.label, LEGEND_FONT) + 18;
    if (x > left && x + itemWidth > left + width) {
      x = left;
      row += 1;
    }
    const y = top + row * LEGEND_ROW;
    parts.push(
      el(
        "g",
        { transform: `translate(${Math.round(x)} ${y})` },
        item.symbol,
        el("text", { x: 22, y: 12.5, "font-size": LEGEND_FONT, fill: INK }, text(item.label)),
      ),
    );
    x += itemWidth;
  }
  return { markup: el("g", { class: "legend" }, ...parts), height: (row + 1) * LEGEND_ROW };
}
