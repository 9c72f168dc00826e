import { scaleBand, scaleLinear } from "d3-scale";
import { chartHeading, countTicks, INK, MUTED } from "./style.ts";
import { el, fitText, svgDocument, text, textWidth, tooltip } from "./svg.ts";

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Written after the value (e.g. "3.2 per 100 client-months"). */
  readonly note?: string;
}

const WIDTH = 1200;
const LEFT = 300;
const RIGHT = 40;
const BAR = 30;
const FILL = "#0072B2";

/** One value per category as horizontal bars, each with its value written beside it. */
export function barChartSvg(
  bars: readonly Bar[],
  options: { title: string; subtitle?: string; axis: string; empty: string },
): string {
  const top = 80;
  const y = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([top, top + Math.max(bars.length, 1) * (BAR + 12)])
    .paddingInner(0.3);
  const x = scaleLinear()
    .domain([0, Math.max(1, ...bars.map((bar) => bar.value))])
    .nice()
    .range([LEFT, WIDTH - RIGHT]);
  const bottom = y.range()[1];
  const rows = bars.map((bar, i) => {
    const middle = (y(i) ?? 0) + y.bandwidth() / 2 + 4;
    const value = `${bar.value}${bar.note ? ` (${bar.note})` : ""}`;
    const end = x(bar.value);
    // The value sits after the bar, or inside its end when the bar reaches the edge.
    const outside = end + 6 + textWidth(value, 12) <= WIDTH - 8;
    return el(
      "g",
      { class: "bar" },
      tooltip(`${bar.label}: ${value}`),
      el(
        "text",
        { x: LEFT - 10, y: middle, "font-size": 13, "text-anchor": "end", fill: INK },
        text(fitText(bar.label, 13, LEFT - 24)),
      ),
      el("rect", {
        x: LEFT,
        y: y(i) ?? 0,
        width: Math.max(end - LEFT, 1),
        height: y.bandwidth(),
        fill: FILL,
      }),
      el(
        "text",
        {
          x: outside ? end + 6 : end - 6,
          y: middle,
          "font-size": 12,
          "text-anchor": outside ? "start" : "end",
          fill: outside ? INK : "#ffffff",
        },
        text(value),
      ),
    );
  });
  const ticks = countTicks(x, top, bottom);
  return svgDocument(
    { width: WIDTH, height: bottom + 52 },
    {
      title: options.title,
      description: bars.length
        ? bars.map((bar) => `${bar.label}: ${bar.value}${bar.note ? ` (${bar.note})` : ""}`).join("; ")
        : options.empty,
    },
    ...chartHeading(options.title, options.subtitle, WIDTH),
    el("g", { class: "grid" }, ...ticks),
    ...rows,
    bars.length
      ? el(
          "text",
          {
            x: (LEFT + WIDTH - RIGHT) / 2,
            y: bottom + 38,
            "font-size": 12,
            "text-anchor": "middle",
            fill: MUTED,
          },
          text(options.axis),
        )
      : el("text", { x: LEFT, y: top + 20, "font-size": 13, fill: MUTED }, text(options.empty)),
  );
}
