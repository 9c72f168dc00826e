import { Resvg } from "@resvg/resvg-js";

/**
 * Renders an SVG without a browser (resvg parses strictly: invalid markup throws) and measures what is
 * drawn, background aside, with the fonts a browser would use.
 */
export function render(svg: string) {
  const picture = new Resvg(svg, { font: { loadSystemFonts: true } });
  const background = /<rect id="background"[^>]*\/>/;
  if (!background.test(svg)) throw new Error("the picture has no background rectangle to leave out");
  const drawn = new Resvg(svg.replace(background, ""), { font: { loadSystemFonts: true } });
  return {
    width: picture.width,
    height: picture.height,
    png: picture.render().asPng(),
    drawn: drawn.getBBox(),
  };
}

/** The text content of every <text> element, unescaped. */
export const texts = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, content]) =>
    (content ?? "")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&quot;", '"')
      .replaceAll("&apos;", "'")
      .replaceAll("&amp;", "&"),
  );
