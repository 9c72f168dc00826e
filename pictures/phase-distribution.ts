import { scaleBand, scaleLinear } from "d3-scale";
import type { Phase } from "../domain/phases.ts";
import { chartHeading, countTicks, INK, legend, MUTED, PHASE_COLOURS } from "./style.ts";
import { el, fitText, svgDocument, text, textWidth, tooltip } from "./svg.ts";

/** One bar segment: how many clients of a location are in a phase (null: no phase yet). */
export interface PhaseCount {
  readonly location: string;
  readonly phase: Phase | null;
  readonly clients: number;
}

const WIDTH = 1200;
const LEFT = 180;
const RIGHT = 40;
const BAR = 34;
const NO_PHASE = "#BBBBBB";
const order: (Phase | null)[] = [null, 1, 2, 3, 4, 5];
const label = (phase: Phase | null) => (phase === null ? "No phase yet" : `Phase ${phase}`);

/**
 * Clients per phase as a stacked horizontal bar per location, counts written in the segments that have
 * room. Plain rows in, SVG out: the roster read model and an analytics report can both feed it.
 */
export function phaseDistributionSvg(
  rows: readonly PhaseCount[],
  options: { title: string; subtitle?: string; empty?: string },
) {
  const locations = [...new Set(rows.map((row) => row.location))].sort();
  const count = (location: string, phase: Phase | null) =>
    rows
      .filter((row) => row.location === location && row.phase === phase)
      .reduce((sum, row) => sum + row.clients, 0);
  const totals = new Map(
    locations.map((location) => [location, order.reduce((sum, p) => sum + count(location, p), 0)]),
  );
  const top = 80;
  const y = scaleBand<string>()
    .domain(locations)
    .range([top, top + Math.max(locations.length, 1) * (BAR + 14)])
    .paddingInner(0.3);
  const x = scaleLinear()
    .domain([0, Math.max(1, ...totals.values())])
    .nice()
    .range([LEFT, WIDTH - RIGHT]);
  const bottom = y.range()[1];

  const bars = locations.map((location) => {
    let start = 0;
    const segments = order.flatMap((phase) => {
      const clients = count(location, phase);
      if (clients === 0) return [];
      const [from, to] = [x(start), x(start + clients)];
      start += clients;
      const inside = textWidth(String(clients), 12) + 6 <= to - from ? String(clients) : "";
      return [
        el(
          "g",
          {},
          tooltip(`${location}, ${label(phase)}: ${clients} client${clients === 1 ? "" : "s"}`),
          el("rect", {
            x: from,
            y: y(location) ?? 0,
            width: to - from,
            height: y.bandwidth(),
            fill: phase === null ? NO_PHASE : PHASE_COLOURS[phase],
            stroke: "#ffffff",
          }),
          inside
            ? el(
                "text",
                {
                  x: (from + to) / 2,
                  y: (y(location) ?? 0) + y.bandwidth() / 2 + 4,
                  "font-size": 12,
                  "font-weight": 600,
                  "text-anchor": "middle",
                  fill: INK,
                },
                text(inside),
              )
            : "",
        ),
      ];
    });
    return el(
      "g",
      { class: "location" },
      el(
        "text",
        {
          x: LEFT - 10,
          y: (y(location) ?? 0) + y.bandwidth() / 2 + 4,
          "font-size": 13,
          "text-anchor": "end",
          fill: INK,
        },
        text(fitText(location, 13, LEFT - 24)),
      ),
      ...segments,
    );
  });

  const ticks = countTicks(x, top, bottom);
  const present = order.filter((phase) => locations.some((location) => count(location, phase) > 0));
  const key = legend(
    present.map((phase) => ({
      symbol: el("rect", {
        x: 0,
        y: 1,
        width: 16,
        height: 14,
        fill: phase === null ? NO_PHASE : PHASE_COLOURS[phase],
      }),
      label: label(phase),
    })),
    LEFT,
    bottom + 48,
    WIDTH - LEFT - RIGHT,
  );
  const description = locations.length
    ? locations
        .map(
          (location) =>
            `${location}: ${totals.get(location)} clients (${order
              .filter((phase) => count(location, phase) > 0)
              .map((phase) => `${label(phase)} ${count(location, phase)}`)
              .join(", ")})`,
        )
        .join("; ")
    : "No clients.";
  return svgDocument(
    { width: WIDTH, height: bottom + 48 + key.height + 8 },
    { title: options.title, description },
    ...chartHeading(options.title, options.subtitle, WIDTH),
    el("g", { class: "grid" }, ...ticks),
    ...bars,
    locations.length
      ? el(
          "text",
          {
            x: (LEFT + WIDTH - RIGHT) / 2,
            y: bottom + 36,
            "font-size": 12,
            "text-anchor": "middle",
            fill: MUTED,
          },
          text("clients"),
        )
      : el(
          "text",
          { x: LEFT, y: top + 20, "font-size": 13, fill: MUTED },
          text(options.empty ?? "No clients on the roster yet"),
        ),
    key.markup,
  );
}
