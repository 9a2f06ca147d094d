// "Мои записи" gathers a series' upcoming dates where its nearest one stands.
import { describe, expect, it } from "vitest";
import type { Booking } from "../../worker/contracts/bookings";
import { groupSeries, isSeriesGroup } from "../../web/src/data/series";
import { groupVisits } from "../../web/src/data/visits";
import { listedBooking } from "./booking-fixture";

const booking = listedBooking;

describe("series in the bookings list", () => {
  it("gathers a series' bookings at the place of its first one, leaving single bookings and visits where they are", () => {
    const s = (id: number, start: string, position: number) => booking(id, start, { series: { id: 7, position, count: 3 } });
    const list = [s(1, "2026-12-01T15:00:00Z", 1), booking(2, "2026-12-03T10:00:00Z"), booking(3, "2026-12-04T10:00:00Z", { visit_id: 9 }), booking(4, "2026-12-04T11:00:00Z", { visit_id: 9 }), s(5, "2026-12-08T15:00:00Z", 2), s(6, "2026-12-15T15:00:00Z", 3)];

    const grouped = groupSeries(groupVisits(list), (b): b is Booking => !Array.isArray(b));

    expect(grouped).toHaveLength(3);
    expect(isSeriesGroup(grouped[0]) && grouped[0].bookings.map((b) => b.id)).toEqual([1, 5, 6]);
    expect((grouped[1] as Booking).id).toBe(2);
    expect((grouped[2] as Booking[]).map((b) => b.id)).toEqual([3, 4]);
  });

  it("keeps bookings saved before series existed (no series field) as they were", () => {
    const { series: _none, ...old } = booking(1, "2026-12-01T15:00:00Z");
    expect(groupSeries([old as Booking], (b): b is Booking => true)).toEqual([old]);
  });
});
