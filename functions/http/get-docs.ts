import { httpHandler } from "../middleware/http-handler.ts";
import { DOCS_CSP, DOCS_HTML } from "./docs-page.ts";
import { NoQuery } from "./schemas.ts";

/** The interactive API reference page (anonymous, as the document it shows). */
export const handler = httpHandler(
  "getDocs",
  async (request) => {
    request.query(NoQuery());
    return {
      status: 200,
      text: DOCS_HTML,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "public, max-age=3600",
        "content-security-policy": DOCS_CSP,
        "x-content-type-options": "nosniff",
      },
    };
  },
  { anonymous: true },
);
