/*
 * The little SVG these pictures need, as strings: escaped text and attributes, rounded numbers, and a
 * text-width estimate. No DOM: pictures are drawn in a Lambda and in a CLI alike.
 */

export type Attributes = Readonly<Record<string, string | number | null | undefined>>;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** One decimal is sub-pixel at any size these pictures are drawn, and keeps the markup small. */
const number = (value: number): string => String(Math.round(value * 10) / 10);

const attributes = (attrs: Attributes): string =>
  Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === "number" ? number(value) : escapeXml(value)}"`)
    .join("");

/** An element; children are markup already (from `el` or `text`). */
export const el = (name: string, attrs: Attributes = {}, ...children: string[]): string =>
  children.length === 0
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${children.join("")}</${name}>`;

/** Character data, escaped. */
export const text = (content: string): string => escapeXml(content);

/** A tooltip and an accessible name for the element it is the first child of. */
export const tooltip = (content: string): string => el("title", {}, text(content));

export const FONT_FAMILY = "'DejaVu Sans', 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/**
 * A generous estimate of a sans-serif line's width (DejaVu Sans, the widest common face, averages about
 * 0.6 em a character): labels are laid out with it, so erring wide keeps them inside the picture.
 */
export const textWidth = (content: string, fontSize: number): number => [...content].length * fontSize * 0.62;

/** The text cut to fit a width, with an ellipsis; empty when not even one character and the ellipsis fit. */
export function fitText(content: string, fontSize: number, width: number): string {
  if (textWidth(content, fontSize) <= width) return content;
  const characters = [...content];
  for (let length = characters.length - 1; length > 0; length--) {
    const cut = `${characters.slice(0, length).join("").trimEnd()}…`;
    if (textWidth(cut, fontSize) <= width) return cut;
  }
  return "";
}

/** The whole picture: an accessible image (title and description) of a given size in user units. */
export function svgDocument(
  size: { width: number; height: number },
  accessible: { title: string; description: string },
  ...children: string[]
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width: size.width,
      height: size.height,
      viewBox: `0 0 ${number(size.width)} ${number(size.height)}`,
      role: "img",
      "aria-labelledby": "picture-title picture-desc",
      "font-family": FONT_FAMILY,
    },
    el("title", { id: "picture-title" }, text(accessible.title)),
    el("desc", { id: "picture-desc" }, text(accessible.description)),
    el("rect", { id: "background", width: size.width, height: size.height, fill: "#ffffff" }),
    ...children,
  )}\n`;
}
