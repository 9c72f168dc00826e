import { describe, expect, it } from "vitest";
import type { MappedItem } from "../../../functions/webhooks/mappers/types.ts";
import { refuseImplausibleSessions } from "../../../functions/webhooks/plausible-sessions.ts";

const receivedAt = new Date("2026-12-01T12:00:00Z");
const mapped = (id: string, start: string, end: string): MappedItem => ({
  status: "mapped",
  session: { externalUserId: "u-1", externalSessionId: id, start, end, activityType: "running" },
});

describe("implausible sessions in a post", () => {
  it("keeps sessions that started before the post arrived (within 5 minutes of clock skew) and last at most a day", () => {
    const items = [
      mapped("ok", "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z"),
      mapped("skewed", "2026-12-01T12:04:00.000Z", "2026-12-01T12:04:00.000Z"),
      mapped("a-day", "2026-11-30T11:00:00.000Z", "2026-12-01T11:00:00.000Z"),
    ];
    expect(refuseImplausibleSessions(items, receivedAt)).toEqual(items);
  });

  it("refuses a session starting after the post arrived, and one lasting more than 24 hours, each alone", () => {
    const [future, long, fine] = refuseImplausibleSessions(
      [
        mapped("future", "2026-12-01T12:06:00.000Z", "2026-12-01T12:30:00.000Z"),
        mapped("long", "2026-11-20T00:00:00.000Z", "2026-11-21T00:00:01.000Z"),
        mapped("fine", "2026-12-01T09:00:00.000Z", "2026-12-01T09:30:00.000Z"),
      ],
      receivedAt,
    );
    expect(future).toEqual({
      status: "invalid",
      externalSessionId: "future",
      problems: [{ path: "", message: "session future starts after the post arrived" }],
    });
    expect(long).toMatchObject({
      status: "invalid",
      problems: [{ message: "session long lasts more than 24 hours" }],
    });
    expect(fine?.status).toBe("mapped");
  });
});
