import { GUIDELINES } from "../../domain/guidelines/catalogue.ts";
import { DEFAULT_GUIDELINE_VERSION } from "../../domain/guidelines/types.ts";
import { PHASES } from "../../domain/phases.ts";
import { httpHandler } from "../middleware/http-handler.ts";
import { PhasesQuery } from "./schemas.ts";

/** The guideline catalogue of one version (CPT7 unless asked): acute variables per phase, with sources. */
export const handler = httpHandler("listPhases", async (request) => {
  const { version = DEFAULT_GUIDELINE_VERSION } = request.query(PhasesQuery());
  return {
    status: 200,
    body: { guidelineVersion: version, phases: PHASES.map((phase) => GUIDELINES[version][phase]) },
    headers: { "cache-control": "public, max-age=3600" },
  };
});
