// Pure parts of the visit screens: the visit kept in the address, and a
// bookings list with each visit's bookings gathered.
import { describe, expect, it } from "vitest";
import type { Booking } from "../../worker/contracts/bookings";
import { groupVisits, readItems, visitDue, visitPaid, writeItems } from "../../web/src/data/visits";
import { listedBooking } from "./booking-fixture";

const booking = (id: number, start: string, visitId: number | null): Booking => listedBooking(id, start, { visit_id: visitId });

describe("the visit in the address", () => {
  it("reads back what it wrote, masters and 'any' included", () => {
    const items = [{ service_id: 3, staff_id: 1 as const }, { service_id: 6, staff_id: "any" as const }];
    expect(writeItems(items)).toBe("3:1,6:any");
    expect(readItems(writeItems(items))).toEqual(items);
  });

  it("reads a service without a master as 'any' and anything unreadable as no items", () => {
    expect(readItems("3,6:2")).toEqual([{ service_id: 3, staff_id: "any" }, { service_id: 6, staff_id: 2 }]);
    expect(readItems("3;drop")).toEqual([]);
    expect(readItems(undefined)).toEqual([]);
  });
});

describe("groupVisits", () => {
  it("gathers a visit's bookings where its first one stands, in time order, and leaves single bookings alone", () => {
    const list = [
      booking(1, "2026-12-01T07:00:00.000Z", null),
      booking(3, "2026-12-02T07:45:00.000Z", 9),
      booking(2, "2026-12-02T07:00:00.000Z", 9),
      booking(4, "2026-12-03T07:00:00.000Z", null),
    ];
    const grouped = groupVisits(list);
    expect(grouped.map((g) => (Array.isArray(g) ? g.map((b) => b.id) : g.id))).toEqual([1, [2, 3], 4]);
  });
});

describe("a visit paid once", () => {
  const rub = (n: number) => ({ amount_minor: n, currency: "RUB" });
  const money = (paid: number) => ({ paid: rub(paid), points_used: 0, left_to_pay: rub(0), last_payment: null, refund: null });

  it("asks for one payment of the held items' prepayments together, and nothing once none is held", () => {
    const items: Booking[] = [
      { ...booking(1, "2026-12-20T07:00:00.000Z", 9), status: "held", prepayment: rub(100000) },
      { ...booking(2, "2026-12-20T08:00:00.000Z", 9), status: "held", prepayment: rub(550000) },
      booking(3, "2026-12-20T10:00:00.000Z", 9),
    ];
    expect(visitDue(items)).toEqual({ items: [items[0], items[1]], total: rub(650000) });
    expect(visitDue(items.map((b) => ({ ...b, status: "confirmed" as const })))).toBeNull();
  });

  it("shows what the items paid together, and nothing before the payment", () => {
    const items = [{ ...booking(1, "2026-12-20T07:00:00.000Z", 9), money: money(100000) }, { ...booking(2, "2026-12-20T08:00:00.000Z", 9), money: money(550000) }];
    expect(visitPaid(items)).toEqual(rub(650000));
    expect(visitPaid([booking(1, "2026-12-20T07:00:00.000Z", 9)])).toBeNull();
  });
});
