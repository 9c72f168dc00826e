import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../functions/http/openapi.ts";
import { type CheckedResponse, Contract } from "../support/contract.ts";

/* The response checker every end-to-end call goes through: it must catch each kind of drift. */

const contract = new Contract();
const CLIENT = "6f1c2d4e-8a9b-4c3d-9e8f-0123456789ab";
const json = (status: number, body: unknown, contentType = "application/json"): CheckedResponse => ({
  status,
  contentType,
  body,
  text: JSON.stringify(body),
});
const problem = (status: number) =>
  json(status, { type: "urn:opt:problem:x", title: "X", status, detail: "x" }, "application/problem+json");
const summary = {
  clientId: CLIENT,
  name: "Ada",
  locationId: "downtown",
  status: "active",
  goal: null,
  currentPhase: null,
  phaseStartedAt: null,
  weekInPhase: null,
  activeCompensations: [],
  correctiveProtocol: null,
  recommendation: null,
  nextReassessmentDue: null,
  lastPlan: null,
  plannedPhase: null,
  nextBlockDue: null,
  erasure: null,
  version: 2,
};

describe("the OpenAPI contract checker", () => {
  it("accepts a documented response, nullable fields null", () => {
    expect(contract.violation("GET", `/v1/clients/${CLIENT}`, json(200, summary))).toBeNull();
  });

  it("refuses a status the operation does not document", () => {
    expect(contract.violation("GET", `/v1/clients/${CLIENT}`, problem(500))).toMatch(/does not document/);
    expect(
      contract.violation("PUT", `/v1/clients/${CLIENT}/goal`, json(201, { clientId: CLIENT, version: 3 })),
    ).toMatch(/setGoal answered 201/);
  });

  it("refuses a content type the status does not document", () => {
    expect(contract.violation("GET", "/v1/phases", json(400, problem(400).body))).toMatch(
      /application\/json/,
    );
    expect(contract.violation("GET", "/v1/phases", json(503, { message: "Service Unavailable" }))).toMatch(
      /503 answered application\/json/,
    );
  });

  it("refuses a body that breaks the schema", () => {
    const { clientId: _, ...withoutId } = summary;
    expect(contract.violation("GET", `/v1/clients/${CLIENT}`, json(200, withoutId))).toMatch(/clientId/);
    expect(contract.violation("GET", `/v1/clients/${CLIENT}`, json(200, { ...summary, goal: 7 }))).toMatch(
      /goal/,
    );
  });

  it("accepts API Gateway's own 401 and a 304 without a body", () => {
    expect(contract.violation("GET", "/v1/phases", json(401, { message: "Unauthorized" }))).toBeNull();
    const notModified = { status: 304, contentType: "application/json", body: undefined, text: "" };
    expect(contract.violation("GET", `/v1/clients/${CLIENT}`, notModified)).toBeNull();
  });

  it("outside the document, accepts only a 4xx problem", () => {
    expect(contract.violation("DELETE", `/v1/clients/${CLIENT}`, problem(405))).toBeNull();
    expect(contract.violation("GET", "/v2/nothing", json(404, { message: "Not Found" }))).toMatch(
      /not in the document/,
    );
  });
});

describe("pictures and pages", () => {
  const picture = (contentType: string, text: string): CheckedResponse => ({
    status: 200,
    contentType,
    body: undefined,
    text,
  });

  it("accepts the timeline as image/svg+xml and the reference as text/html", () => {
    expect(
      contract.violation("GET", `/v1/clients/${CLIENT}/timeline.svg`, picture("image/svg+xml", "<svg/>")),
    ).toBeNull();
    expect(
      contract.violation("GET", "/docs", picture("text/html; charset=utf-8", "<!doctype html>")),
    ).toBeNull();
  });

  it("flags a picture under another media type, or an empty one", () => {
    expect(
      contract.violation("GET", `/v1/clients/${CLIENT}/timeline.svg`, picture("text/html", "<svg/>")),
    ).toMatch(/getTimeline 200 answered text\/html, documented: image\/svg\+xml/);
    expect(
      contract.violation("GET", `/v1/clients/${CLIENT}/timeline.svg`, picture("image/svg+xml", "")),
    ).toMatch(/an empty image\/svg\+xml/);
  });
});

describe("the OpenAPI document", () => {
  const schemas = openApiDocument().components?.schemas as Record<
    string,
    { properties: Record<string, unknown> }
  >;

  it("documents every phase, 1 to 5", () => {
    expect(schemas.StartPhase?.properties.phase).toMatchObject({ type: "integer", enum: [1, 2, 3, 4, 5] });
  });
});
