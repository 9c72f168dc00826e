import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The interactive API reference: Swagger UI from the npm package swagger-ui-dist, served from its own
 * files (no CDN), over /v1/openapi.json. In Lambda the files are copied beside the bundle (the route's
 * packageFiles) and PACKAGE_FILES_DIR names them; locally they are read from node_modules.
 */
export const DOCS_ASSETS = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "reference.js": "text/javascript; charset=utf-8",
} as const;
export type DocsAsset = keyof typeof DOCS_ASSETS;

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OPT backend: API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="reference"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/reference.js"></script>
</body>
</html>
`;

// No validator badge (it would call an outside service); the bearer token is kept only for the page.
const REFERENCE_JS = `window.ui = SwaggerUIBundle({
  url: "/v1/openapi.json",
  dom_id: "#reference",
  deepLinking: true,
  validatorUrl: null,
  displayOperationId: true,
  persistAuthorization: false,
});
`;

/** Scripts only from this origin; Swagger UI sets inline styles and shows data: images. */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const cache = new Map<DocsAsset, string>();

export function docsAsset(name: DocsAsset): string {
  let content = cache.get(name);
  if (content === undefined) {
    content = name === "reference.js" ? REFERENCE_JS : readFileSync(join(assetsDir(), name), "utf8");
    cache.set(name, content);
  }
  return content;
}

const assetsDir = (): string =>
  process.env.PACKAGE_FILES_DIR ??
  dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
