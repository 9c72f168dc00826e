import { httpHandler } from "../middleware/http-handler.ts";
import { openApiDocument } from "./openapi.ts";

let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = httpHandler(
  "getOpenApi",
  async () => {
    document ??= openApiDocument();
    return { status: 200, body: document, headers: { "cache-control": "public, max-age=3600" } };
  },
  { anonymous: true },
);
