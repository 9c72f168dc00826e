import { scaleLinear, scaleUtc } from "d3-scale";
import { utcFormat } from "d3-time-format";
import type { Phase } from "../domain/phases.ts";
import type { PlanView } from "../domain/read-models/plan-view.ts";
import type { ClientSummary } from "../domain/read-models/summary.ts";
import type {
  MomentEntry,
  PhaseBlockEntry,
  SessionEntry,
  TimelineEntry,
} from "../domain/read-models/timeline.ts";
import type { Instant } from "../domain/time.ts";
import { GRID, INK, type LegendItem, legend, MUTED, PHASE_COLOURS, phaseLabel } from "./style.ts";
import { el, fitText, svgDocument, text, textWidth, tooltip } from "./svg.ts";

/** What a client's timeline is drawn from: the read models, and the day it is drawn on. */
export interface TimelinePicture {
  readonly summary: ClientSummary;
  readonly entries: readonly TimelineEntry[];
  readonly plan: Pick<PlanView, "blocks"> | null;
  /** Names of the phases for the planned blocks (the client's pinned guideline version). */
  readonly phaseNames: Readonly<Record<Phase, string>>;
  readonly today: Instant;
}

export const TIMELINE_WIDTH = 1200;
const LEFT = 124;
const RIGHT = 24;
const DAY = 86_400_000;
const LABEL_FONT = 11;
const LABEL_ROW = 16;
/** Rows of milestone labels at most; a label that finds no room keeps its marker and its tooltip. */
const MAX_LABEL_ROWS = 8;

const formatDay = utcFormat("%-d %b %Y");
const dayOf = (at: number) => formatDay(new Date(at));
const humanize = (slug: string) => slug.replaceAll("-", " ");

type Milestone = MomentEntry & { kind: "cycle-back" | "referral" | "clearance" | "recommendation" };
const isMilestone = (entry: TimelineEntry): entry is Milestone =>
  entry.kind === "cycle-back" ||
  entry.kind === "referral" ||
  entry.kind === "clearance" ||
  entry.kind === "recommendation";

/** One shape per kind of milestone, centred on (0, 0), so a print in grey still tells them apart. */
const MARKERS: Record<Milestone["kind"], { shape: string; fill: string; legend: string }> = {
  "cycle-back": { shape: "M-7,-6 L7,-6 L0,6 Z", fill: "#B00020", legend: "Cycle-back (reason)" },
  referral: { shape: "M-6,-6 H6 V6 H-6 Z", fill: "#6A3D9A", legend: "Referral (where pain was reported)" },
  clearance: {
    shape: "M-6,0 A6,6 0 1,0 6,0 A6,6 0 1,0 -6,0 Z",
    fill: "#1B7837",
    legend: "Clearance",
  },
  recommendation: { shape: "M-7,6 L7,6 L0,-6 Z", fill: "#2166AC", legend: "Advance recommended" },
};

function milestoneLabel(entry: Milestone): string {
  switch (entry.kind) {
    case "cycle-back":
      return `Cycle-back: ${humanize(entry.reason ?? "")}`;
    case "referral":
      return `Referred: ${entry.reason ?? "pain reported"}`;
    case "clearance":
      return "Cleared to train";
    case "recommendation":
      return entry.text;
  }
}

interface Band {
  readonly phase: Phase;
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** The client's journey on a time axis: planned and lived blocks, sessions, assessments, milestones, today. */
export function timelineSvg(picture: TimelinePicture): string {
  const today = Date.parse(picture.today);
  const blocks = picture.entries.filter((e): e is PhaseBlockEntry => e.kind === "phase-block");
  const sessions = picture.entries.filter((e): e is SessionEntry => e.kind === "session");
  const assessments = picture.entries.filter((e): e is MomentEntry => e.kind === "assessment");
  const milestones = picture.entries.filter(isMilestone);
  const lived: Band[] = blocks.map((b) => ({
    phase: b.phase,
    name: b.name,
    from: Date.parse(b.from),
    to: b.to === null ? Math.max(today, Date.parse(b.from)) : Date.parse(b.to),
  }));
  const planned: Band[] = (picture.plan?.blocks ?? []).map((b) => {
    const from = Date.parse(`${b.startsOn}T00:00:00Z`);
    return { phase: b.phase, name: picture.phaseNames[b.phase], from, to: from + b.weeks * 7 * DAY };
  });

  const times = [
    today,
    ...picture.entries.map((e) => Date.parse(e.kind === "phase-block" ? e.from : e.at)),
    ...planned.flatMap((b) => [b.from, b.to]),
  ];
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const pad = Math.max((last - first) * 0.02, 3 * DAY);
  const x = scaleUtc()
    .domain([new Date(first - pad), new Date(last + pad)])
    .range([LEFT, TIMELINE_WIDTH - RIGHT]);
  const at = (instant: string | number) => x(new Date(instant));

  const parts: string[] = [];
  const lanesTop = 96;
  let y = lanesTop;
  const lane = (label: string, height: number) => {
    parts.push(
      el(
        "text",
        { x: 16, y: y + height / 2 + 4, "font-size": 12, "font-weight": 600, fill: INK },
        text(label),
      ),
    );
    const top = y;
    y += height + 6;
    return top;
  };

  if (planned.length > 0) parts.push(bands(planned, lane("Planned", 28), 28, x, "planned"));
  const livedTop = lane("Lived phases", 34);
  parts.push(
    lived.length > 0
      ? bands(lived, livedTop, 34, x, "lived")
      : el(
          "text",
          { x: LEFT + 8, y: livedTop + 21, "font-size": 12, fill: MUTED },
          text("No phase started yet"),
        ),
  );
  parts.push(referrals(milestones, today, livedTop, 34, x));
  parts.push(sessionMarks(sessions, lane("Sessions", 30), at));
  parts.push(assessmentMarks(assessments, lane("Assessments", 26), at));
  const milestoneLane = milestoneMarks(milestones, y, at);
  lane("Milestones", milestoneLane.height);
  parts.push(milestoneLane.markup);
  const lanesBottom = y;

  const ticks = x.ticks(Math.floor((TIMELINE_WIDTH - LEFT - RIGHT) / 110));
  const tickFormat = x.tickFormat();
  const grid = ticks.map((tick) =>
    el("line", { x1: x(tick), x2: x(tick), y1: lanesTop - 4, y2: lanesBottom, stroke: GRID }),
  );
  const axis = ticks.map((tick) => {
    const label = tickFormat(tick);
    const half = textWidth(label, LABEL_FONT) / 2;
    const labelX = Math.min(Math.max(x(tick), half + 2), TIMELINE_WIDTH - half - 2);
    return el(
      "g",
      {},
      el("line", { x1: x(tick), x2: x(tick), y1: lanesBottom, y2: lanesBottom + 5, stroke: INK }),
      el(
        "text",
        { x: labelX, y: lanesBottom + 19, "font-size": LABEL_FONT, "text-anchor": "middle", fill: INK },
        text(label),
      ),
    );
  });
  const axisLine = el("line", {
    x1: LEFT,
    x2: TIMELINE_WIDTH - RIGHT,
    y1: lanesBottom,
    y2: lanesBottom,
    stroke: INK,
  });

  const legendTop = lanesBottom + 36;
  const key = legend(legendItems(lived, planned, picture), 16, legendTop, TIMELINE_WIDTH - 32);
  const height = legendTop + key.height + 8;

  return svgDocument(
    { width: TIMELINE_WIDTH, height },
    {
      title: `${picture.summary.name}: progression timeline as of ${dayOf(today)}`,
      description: describe(picture, lived, planned, milestones, today),
    },
    patterns(),
    header(picture, today),
    el("g", { class: "grid" }, ...grid),
    ...parts,
    todayLine(at(today), today, lanesTop, lanesBottom),
    el("g", { class: "axis" }, axisLine, ...axis),
    key.markup,
  );
}

function header(picture: TimelinePicture, today: number): string {
  const { summary } = picture;
  const current =
    summary.currentPhase === null
      ? "no phase yet"
      : `Phase ${summary.currentPhase} ${picture.phaseNames[summary.currentPhase]}, week ${summary.weekInPhase}`;
  const goal = summary.goal
    ? `goal ${summary.goal} (${summary.path.map((p) => `P${p}`).join(" → ")})`
    : "no goal set";
  const status = summary.status === "referred" ? "referred: programming waits for clearance" : "active";
  const asOf = `as of ${dayOf(today)}`;
  const width = TIMELINE_WIDTH - 32;
  return el(
    "g",
    { class: "header" },
    el(
      "text",
      { x: 16, y: 30, "font-size": 20, "font-weight": 700, fill: INK },
      text(fitText(`${summary.name}: progression timeline`, 20, width - textWidth(asOf, 13) - 24)),
    ),
    el(
      "text",
      { x: TIMELINE_WIDTH - 16, y: 30, "font-size": 13, "text-anchor": "end", fill: MUTED },
      text(asOf),
    ),
    el(
      "text",
      { x: 16, y: 54, "font-size": 13, fill: MUTED },
      text(fitText(`Now: ${current} · ${goal} · ${status}`, 13, width)),
    ),
  );
}

function bands(
  list: readonly Band[],
  top: number,
  height: number,
  x: (date: Date) => number,
  kind: "planned" | "lived",
): string {
  const planned = kind === "planned";
  return el(
    "g",
    { class: `${kind}-blocks` },
    ...list.map((band) => {
      const left = x(new Date(band.from));
      const width = Math.max(x(new Date(band.to)) - left, 1);
      const label = phaseLabel(band.phase, band.name);
      // The name cut short, while a few of its letters still show; then the phase number alone.
      const fitted = fitText(label, 12, width - 8);
      const short = textWidth(`P${band.phase}`, 12) <= width - 6 ? `P${band.phase}` : "";
      const inside = [...fitted].length >= 7 ? fitted : short;
      return el(
        "g",
        { class: "phase-block", "data-phase": band.phase },
        tooltip(
          `${planned ? "Planned" : "Lived"} ${label}: ${dayOf(band.from)} to ${dayOf(band.to)} (${Math.round((band.to - band.from) / DAY)} days)`,
        ),
        el("rect", {
          x: left,
          y: top,
          width,
          height,
          fill: PHASE_COLOURS[band.phase],
          "fill-opacity": planned ? 0.35 : 1,
          stroke: planned ? PHASE_COLOURS[band.phase] : "#ffffff",
          "stroke-dasharray": planned ? "4 3" : null,
        }),
        inside
          ? el(
              "text",
              {
                x: left + 4,
                y: top + height / 2 + 4,
                "font-size": 12,
                "font-weight": planned ? 400 : 600,
                fill: INK,
              },
              text(inside),
            )
          : "",
      );
    }),
  );
}

/** Referred spans (referral to clearance, or to today) hatched over the lived blocks: programming stops. */
function referrals(
  milestones: readonly Milestone[],
  today: number,
  top: number,
  height: number,
  x: (date: Date) => number,
) {
  const spans: { from: number; to: number }[] = [];
  for (const entry of milestones) {
    if (entry.kind === "referral") spans.push({ from: Date.parse(entry.at), to: today });
    const open = spans.at(-1);
    if (entry.kind === "clearance" && open && open.to === today) open.to = Date.parse(entry.at);
  }
  return el(
    "g",
    { class: "referred" },
    ...spans.map(({ from, to }) =>
      el(
        "g",
        {},
        tooltip(`Referred from ${dayOf(from)} to ${dayOf(to)}: no programming until clearance`),
        el("rect", {
          x: x(new Date(from)),
          y: top,
          width: Math.max(x(new Date(to)) - x(new Date(from)), 2),
          height,
          fill: "url(#referred-hatch)",
          stroke: "#6A3D9A",
        }),
      ),
    ),
  );
}

const complianceShade = scaleLinear<string>().domain([0, 1]).range(["#c6dbef", "#08306b"]);

/** Sessions as dots: bigger and darker for higher compliance; hollow when nothing was graded. */
function sessionMarks(sessions: readonly SessionEntry[], top: number, at: (instant: string) => number) {
  return el(
    "g",
    { class: "sessions" },
    ...sessions.map((session) => {
      const score = session.compliance;
      const graded = score === null ? "not graded" : `compliance ${Math.round(score * 100)} %`;
      return el(
        "circle",
        {
          cx: at(session.at),
          cy: top + 15,
          r: score === null ? 3.5 : 2.5 + 4.5 * score,
          fill: score === null ? "none" : complianceShade(score),
          "fill-opacity": 0.85,
          stroke: "#08306b",
          "stroke-width": 0.75,
        },
        tooltip(`Session ${dayOf(Date.parse(session.at))} in P${session.phase}: ${graded}`),
      );
    }),
  );
}

/** Assessments as diamonds with the number of compensations found inside. */
function assessmentMarks(assessments: readonly MomentEntry[], top: number, at: (instant: string) => number) {
  return el(
    "g",
    { class: "assessments" },
    ...assessments.map((assessment) =>
      el(
        "g",
        { transform: `translate(${at(assessment.at).toFixed(1)} ${top + 13})` },
        tooltip(`${dayOf(Date.parse(assessment.at))}: ${assessment.text}`),
        el("path", { d: "M0,-10 L10,0 L0,10 L-10,0 Z", fill: "#ffffff", stroke: INK, "stroke-width": 1.25 }),
        el(
          "text",
          { y: 4, "font-size": 11, "font-weight": 700, "text-anchor": "middle", fill: INK },
          text(String(assessment.compensations ?? 0)),
        ),
      ),
    ),
  );
}

/** Milestone markers in a row, their labels stacked beneath in the first row where each fits. */
function milestoneMarks(milestones: readonly Milestone[], top: number, at: (instant: string) => number) {
  const rows: Span[][] = [];
  const parts: string[] = [];
  for (const entry of milestones) {
    const marker = MARKERS[entry.kind];
    const mx = at(entry.at);
    const label = milestoneLabel(entry);
    const place = placeLabel(rows, mx, textWidth(label, LABEL_FONT));
    const labelY = top + 36 + (place?.row ?? 0) * LABEL_ROW;
    // Down from the marker to the label's middle, then across when the label had to move right.
    const leader =
      place && `M${mx.toFixed(1)},${top + 17} V${labelY - 4} H${Math.max(mx, place.start - 2).toFixed(1)}`;
    parts.push(
      el(
        "g",
        { class: `milestone ${entry.kind}` },
        tooltip(`${dayOf(Date.parse(entry.at))}: ${entry.text}`),
        leader ? el("path", { d: leader, fill: "none", stroke: MUTED, "stroke-width": 0.75 }) : "",
        el("path", {
          d: marker.shape,
          transform: `translate(${mx.toFixed(1)} ${top + 10})`,
          fill: marker.fill,
          stroke: "#ffffff",
        }),
        place
          ? el("text", { x: place.start, y: labelY, "font-size": LABEL_FONT, fill: INK }, text(label))
          : "",
      ),
    );
  }
  return {
    markup: el("g", { class: "milestones" }, ...parts),
    height: 24 + Math.max(rows.length, 1) * LABEL_ROW,
  };
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

const LABEL_GAP = 10;

/**
 * The row and start of a label for a marker at `mx`: the highest row where it fits (moved right past the
 * row's last label when that ends just short of the marker) and whose leader crosses no label above;
 * failing that, the highest row where it fits; null when every row is full. Records the label's span.
 */
export function placeLabel(rows: Span[][], mx: number, width: number): { row: number; start: number } | null {
  const rightmost = TIMELINE_WIDTH - RIGHT - width;
  const candidates: { row: number; start: number; crosses: boolean }[] = [];
  for (let row = 0; row < MAX_LABEL_ROWS; row++) {
    const spans = rows[row] ?? [];
    const after = Math.max(0, ...spans.map((span) => span.end + LABEL_GAP));
    const start = Math.max(LEFT, Math.min(Math.max(mx - 4, after), rightmost));
    // Clear of the row's labels, and so is the leader's turn towards it.
    const fits =
      spans.every((span) => start + width + LABEL_GAP <= span.start || start >= span.end + LABEL_GAP) &&
      spans.every((span) => mx < span.start - 3 || mx > span.end + 3);
    if (!fits) continue;
    const crosses = rows
      .slice(0, row)
      .some((above) => above.some((span) => span.start - 3 <= mx && mx <= span.end + 3));
    candidates.push({ row, start, crosses });
  }
  const chosen = candidates.find((candidate) => !candidate.crosses) ?? candidates[0];
  if (!chosen) return null;
  while (rows.length <= chosen.row) rows.push([]);
  rows[chosen.row]?.push({ start: chosen.start, end: chosen.start + width });
  return { row: chosen.row, start: chosen.start };
}

function todayLine(position: number, today: number, top: number, bottom: number): string {
  const label = `Today, ${dayOf(today)}`;
  const fits = position + textWidth(label, 12) + 4 <= TIMELINE_WIDTH - 8;
  return el(
    "g",
    { class: "today" },
    el("line", {
      x1: position,
      x2: position,
      y1: top - 12,
      y2: bottom,
      stroke: INK,
      "stroke-dasharray": "5 3",
    }),
    el(
      "text",
      {
        x: fits ? position + 4 : position - 4,
        y: top - 14,
        "font-size": 12,
        "font-weight": 600,
        "text-anchor": fits ? "start" : "end",
        fill: INK,
      },
      text(label),
    ),
  );
}

function patterns(): string {
  return el(
    "defs",
    {},
    el(
      "pattern",
      {
        id: "referred-hatch",
        width: 8,
        height: 8,
        patternUnits: "userSpaceOnUse",
        patternTransform: "rotate(45)",
      },
      el("rect", { width: 8, height: 8, fill: "#ffffff", "fill-opacity": 0.55 }),
      el("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: "#6A3D9A", "stroke-width": 3 }),
    ),
  );
}

function legendItems(
  lived: readonly Band[],
  planned: readonly Band[],
  picture: TimelinePicture,
): LegendItem[] {
  const names = new Map<Phase, string>();
  for (const band of [...lived, ...planned]) if (!names.has(band.phase)) names.set(band.phase, band.name);
  const phases = [...names].sort(([a], [b]) => a - b);
  const swatch = (fill: string, extra: Record<string, string | number> = {}) =>
    el("rect", { x: 0, y: 1, width: 16, height: 14, fill, ...extra });
  return [
    ...phases.map(([phase, name]) => ({
      symbol: swatch(PHASE_COLOURS[phase]),
      label: phaseLabel(phase, name),
    })),
    ...(planned.length > 0
      ? [
          {
            symbol: swatch("#999999", { "fill-opacity": 0.35, stroke: "#999999", "stroke-dasharray": "4 3" }),
            label: "Planned block (dashed)",
          },
        ]
      : []),
    ...(picture.entries.some((e) => e.kind === "referral")
      ? [{ symbol: swatch("url(#referred-hatch)", { stroke: "#6A3D9A" }), label: "Referred: no programming" }]
      : []),
    {
      symbol: `${el("circle", { cx: 5, cy: 8, r: 3, fill: complianceShade(0.2), stroke: "#08306b", "stroke-width": 0.75 })}${el("circle", { cx: 12, cy: 8, r: 6, fill: complianceShade(1), stroke: "#08306b", "stroke-width": 0.75 })}`,
      label: "Session: bigger and darker = higher compliance, hollow = not graded",
    },
    {
      symbol: el("path", { d: "M8,0 L16,8 L8,16 L0,8 Z", fill: "#ffffff", stroke: INK }),
      label: "Assessment: compensations found",
    },
    ...Object.entries(MARKERS)
      .filter(([kind]) => picture.entries.some((entry) => entry.kind === kind))
      .map(([, marker]) => ({
        symbol: el("path", { d: marker.shape, transform: "translate(8 8)", fill: marker.fill }),
        label: marker.legend,
      })),
  ];
}

/** The picture in words, for screen readers and for anyone who would rather read. */
function describe(
  picture: TimelinePicture,
  lived: readonly Band[],
  planned: readonly Band[],
  milestones: readonly Milestone[],
  today: number,
): string {
  const sessions = picture.entries.filter((e) => e.kind === "session").length;
  const assessments = picture.entries.filter((e) => e.kind === "assessment").length;
  const blocks = lived.map(
    (b, i) =>
      `${phaseLabel(b.phase, b.name)} from ${dayOf(b.from)} to ${i === lived.length - 1 && b.to === today ? "today" : dayOf(b.to)}`,
  );
  return [
    `${sessions} sessions and ${assessments} assessments.`,
    blocks.length > 0 ? `Lived blocks: ${blocks.join("; ")}.` : "No phase started yet.",
    planned.length > 0
      ? `Planned blocks: ${planned.map((b) => `${phaseLabel(b.phase, b.name)} from ${dayOf(b.from)} for ${Math.round((b.to - b.from) / (7 * DAY))} weeks`).join("; ")}.`
      : "No plan.",
    ...milestones.map((m) => `${dayOf(Date.parse(m.at))}: ${milestoneLabel(m)}.`),
    `Today is ${dayOf(today)}.`,
  ].join(" ");
}
