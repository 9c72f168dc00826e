import { httpHandler } from "../middleware/http-handler.ts";
import { DOCS_ASSETS, docsAsset } from "./docs-page.ts";
import { parsePath } from "./params.ts";
import { DocsAssetParams, NoQuery } from "./schemas.ts";

/** The reference page's script and style sheet, from the swagger-ui-dist package. */
export const handler = httpHandler(
  "getDocsAsset",
  async (request) => {
    const { asset } = parsePath(request, DocsAssetParams());
    request.query(NoQuery());
    return {
      status: 200,
      text: docsAsset(asset),
      headers: {
        "content-type": DOCS_ASSETS[asset],
        "cache-control": "public, max-age=86400",
        "x-content-type-options": "nosniff",
      },
    };
  },
  { anonymous: true },
);
