import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/http/routes.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { day, type E2e, phase1Session, registerClient, startE2e } from "../support/e2e.ts";

/*
 * The pictures checked as a person would see them: a client's journey seeded over HTTP, then /docs and
 * the client's timeline opened in headless Chromium, asserting on what is rendered, with screenshots
 * under test/artifacts/. Erased, the journey is still drawn, under the summary's placeholder for the name.
 */

/** The page's DOM, as far as the checks read it (the tests compile without the DOM library). */
interface PageNode {
  readonly tagName: string;
  readonly textContent: string | null;
  closest(selector: string): unknown;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number };
}
interface PageSvg extends PageNode {
  readonly viewBox: { baseVal: { width: number; height: number } };
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): Iterable<PageNode>;
}

let e2e: E2e;
let browser: Browser;
let clientId: string;

beforeAll(async () => {
  e2e = await startE2e();
  browser = await launchChromium();
  clientId = await registerClient(e2e, { registeredAt: day(0), goal: "hypertrophy", name: "Ada Client" });
  const steps: [string, unknown][] = [
    [
      "assessments",
      { type: "overhead-squat", performedAt: day(0, 1), findings: [{ compensation: "knees-move-inward" }] },
    ],
    ["plans", { startsOn: "2026-06-01", weeks: 26 }],
    ["phases", { phase: 1, startedAt: day(0, 2) }],
    ...Array.from({ length: 9 }, (_, i): [string, unknown] => ["sessions", phase1Session(day(2 + i * 3))]),
    ["assessments", { type: "overhead-squat", performedAt: day(31), findings: [] }],
    ["phases", { phase: 2, startedAt: day(35) }],
    ["sessions", phase1Session(day(37))],
    // Three weeks without a session in Phase 2: the layoff rule cycles the client back to Phase 1.
    ["sessions", phase1Session(day(60))],
    ["sessions", phase1Session(day(63), { pain: true })],
    ["clearance", { clearedAt: day(70) }],
    ...Array.from({ length: 5 }, (_, i): [string, unknown] => ["sessions", phase1Session(day(72 + i * 3))]),
  ];
  for (const [path, body] of steps) {
    const response = await e2e.call("POST", `/v1/clients/${clientId}/${path}`, { body });
    expect(response.status, `${path}: ${response.text}`).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

describe("GET /docs in a browser", () => {
  it("shows the interactive reference listing every operation, served without a CDN", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(e2e.stack.url) && !request.url().startsWith("data:"))
        outside.push(request.url());
    });
    await page.setViewport({ width: 1280, height: 900 });
    const response = await page.goto(`${e2e.stack.url}/docs`, { waitUntil: "networkidle0" });
    expect(response?.headers()["content-type"]).toMatch(/^text\/html/);
    await page.waitForSelector(".opblock-summary-operation-id");
    const shown = await page.$$eval(".opblock-summary-operation-id", (nodes) =>
      nodes.map((node) => node.textContent?.trim()),
    );
    expect(shown.sort()).toEqual(ROUTES.map((route) => route.operationId).sort());
    expect(await page.$eval(".info .title", (node) => node.textContent)).toContain("OPT backend");
    expect(outside).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, "docs.png"), fullPage: true });

    // An operation opened: its description, its parameters and its examples are on the page.
    await page.click("#operations-default-getTimeline .opblock-summary-control");
    await page.waitForSelector("#operations-default-getTimeline .opblock-description-wrapper");
    const opened = await page.$eval("#operations-default-getTimeline", (node) => node.textContent ?? "");
    expect(opened).toContain("The client's journey drawn as an SVG picture");
    expect(opened).toContain("image/svg+xml");
    const operation = await page.$("#operations-default-getTimeline");
    await operation?.screenshot({ path: join(ARTIFACTS, "docs-timeline-operation.png") });
    await page.close();
  });

  it("lets a user authorize and try an operation: the client's timeline comes back as SVG", async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${e2e.stack.url}/docs`, { waitUntil: "networkidle0" });
    await page.click(".auth-wrapper .authorize");
    // The token pasted, not typed key by key.
    await page.focus(".modal-ux input[type=text]");
    await page.keyboard.sendCharacter(e2e.admin);
    await page.click(".modal-ux .auth-btn-wrapper .authorize");
    await page.click(".modal-ux .close-modal");

    const operation = "#operations-default-getTimeline";
    await page.click(`${operation} .opblock-summary-control`);
    await page.click(`${operation} .try-out__btn`);
    // The field starts with the documented example id: replace it with the seeded client's.
    await page.click(`${operation} input[placeholder=clientId]`);
    await page.keyboard.down("Control");
    await page.keyboard.press("KeyA");
    await page.keyboard.up("Control");
    await page.keyboard.press("Backspace");
    await page.keyboard.sendCharacter(clientId);
    const answered = page.waitForResponse((response) => response.url().endsWith("/timeline.svg"));
    await page.click(`${operation} .execute`);
    expect((await answered).status()).toBe(200);
    await page.waitForSelector(`${operation} .live-responses-table .response-col_status`);
    const live = await page.$eval(`${operation} .live-responses-table`, (node) => node.textContent ?? "");
    expect(live).toContain("200");
    expect(live).toContain("Ada Client: progression timeline");
    await (await page.$(operation))?.screenshot({ path: join(ARTIFACTS, "docs-timeline-tried.png") });
    await page.close();
  });
});

describe("a client's timeline in a browser", () => {
  it("shows every phase of the journey, the cycle-back and its reason, today, and nothing outside the picture", async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 800 });
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${e2e.admin}` });
    const response = await page.goto(`${e2e.stack.url}/v1/clients/${clientId}/timeline.svg`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-type"]).toMatch(/^image\/svg\+xml/);

    const rendered = await page.evaluate(() => {
      const svg = (globalThis as unknown as { document: { documentElement: PageSvg } }).document
        .documentElement;
      const box = svg.viewBox.baseVal;
      const root = svg.getBoundingClientRect();
      const scale = root.width / box.width;
      const outside = [...svg.querySelectorAll("rect, circle, path, line, text")]
        .filter((node) => !node.closest("defs"))
        .map((node) => {
          const r = node.getBoundingClientRect();
          return {
            what: `${node.tagName} ${node.textContent ?? ""}`.trim(),
            left: (r.left - root.left) / scale,
            top: (r.top - root.top) / scale,
            right: (r.right - root.left) / scale,
            bottom: (r.bottom - root.top) / scale,
          };
        })
        .filter(
          (r) => r.left < -0.5 || r.top < -0.5 || r.right > box.width + 0.5 || r.bottom > box.height + 0.5,
        )
        .map((r) => r.what);
      return {
        title: svg.querySelector("title")?.textContent ?? "",
        description: svg.querySelector("desc")?.textContent ?? "",
        labels: [...svg.querySelectorAll("text")].map((node) => node.textContent ?? ""),
        width: box.width,
        height: box.height,
        outside,
      };
    });
    expect(rendered.width).toBe(1200);
    expect(rendered.title).toMatch(/^Ada Client: progression timeline as of /);
    expect(rendered.labels).toEqual(
      expect.arrayContaining([
        "P1 Stabilization Endurance",
        "P2 Strength Endurance",
        "P3 Muscular Development",
        "Cycle-back: layoff",
        "Referred: pain in a session",
        "Cleared to train",
      ]),
    );
    expect(rendered.labels.some((label) => label.startsWith("Today, "))).toBe(true);
    expect(rendered.description).toContain("Cycle-back: layoff.");
    expect(rendered.outside).toEqual([]);
    await page.setViewport({ width: 1200, height: Math.ceil(rendered.height) });
    await page.screenshot({ path: join(ARTIFACTS, "timeline.png") });
    await page.close();
  });
});

describe("an erased client's timeline", () => {
  it("draws the journey under the summary's placeholder, never the name", async () => {
    const erased = await e2e.call("POST", `/v1/clients/${clientId}/erasure`, {
      body: { reason: "client-request" },
    });
    expect(erased.status, erased.text).toBe(200);
    const response = await e2e.call("GET", `/v1/clients/${clientId}/timeline.svg`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('<title id="picture-title">[erased]: progression timeline as of ');
    expect(response.text).not.toContain("Ada Client");
    expect(response.text).toContain("Cycle-back: layoff");
  });
});
