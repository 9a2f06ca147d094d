// The statistics range in UTC and the zone's offsets over it: what lets the
// SQL put each booking on its salon date across a DST change.
import { describe, expect, it } from "vitest";
import { offsetSegments, scopeOf } from "../../worker/stats/periods.js";

describe("statistics range", () => {
  it("bounds salon dates by the salon's midnights", () => {
    expect(scopeOf({ from: "2026-03-02", to: "2026-03-08", group: "week", staffId: null }, "Europe/Moscow")).toMatchObject({
      start: "2026-03-01T21:00:00.000Z",
      end: "2026-03-08T21:00:00.000Z",
      offsets: [{ from: "2026-03-01T21:00:00.000Z", offsetMin: 180 }],
    });
  });

  it("finds a spring-forward and a fall-back to the minute", () => {
    const year = scopeOf({ from: "2026-01-01", to: "2026-12-31", group: "month", staffId: null }, "Europe/Berlin");
    expect(year.offsets).toEqual([
      { from: "2025-12-31T23:00:00.000Z", offsetMin: 60 },
      { from: "2026-03-29T01:00:00.000Z", offsetMin: 120 },
      { from: "2026-10-25T01:00:00.000Z", offsetMin: 60 },
    ]);
  });

  it("has one segment for a zone without DST and for a range between changes", () => {
    expect(offsetSegments("2026-04-01T00:00:00.000Z", "2026-09-01T00:00:00.000Z", "Europe/Berlin")).toEqual([{ from: "2026-04-01T00:00:00.000Z", offsetMin: 120 }]);
    expect(offsetSegments("2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "Asia/Yekaterinburg")).toHaveLength(1);
  });
});
