// Statistics against figures worked out by hand on a small fixed week of one
// master of this file's own (the shared database holds other files' data).
import { beforeAll, describe, expect, it } from "vitest";
import * as v from "valibot";
import { Stats } from "../../worker/contracts/stats.js";
import { call, freshPhone } from "./client.js";
import { adminToken, moscow, newMaster, sql } from "./scenario.js";

let admin: string;
let staffId: number;
const phones = { a: freshPhone(), b: freshPhone(), c: freshPhone(), d: freshPhone() };

async function row(b: { phone: string; date: string; start: string; end: string; status: string; price: number; channel?: string; cancelReason?: string }) {
  const { rows } = await sql(
    `insert into bookings (service_id, staff_id, start_at, end_at, status, channel, phone, price_total_minor, currency, cancel_reason)
     values (3, ?, ?, ?, ?, ?, ?, ?, 'RUB', ?) returning id`,
    [staffId, moscow(b.date, b.start), moscow(b.date, b.end), b.status, b.channel ?? "internal", b.phone, b.price, b.cancelReason ?? null],
  );
  return Number(rows[0]!.id);
}

async function payment(bookingId: number, amount: number, status: string, refunded: number, at: string) {
  const { rows } = await sql(
    `insert into payments (booking_id, provider, status, amount_minor, currency, refunded_minor, idempotency_key, created_at)
     values (?, 'test', ?, ?, 'RUB', ?, ?, ?) returning id`,
    [bookingId, status, amount, refunded, `stats-${bookingId}-${Math.random()}`, at],
  );
  return Number(rows[0]!.id);
}

beforeAll(async () => {
  admin = await adminToken();
  // Every day 10:00–19:00 with a 14:00–15:00 break: 480 working minutes a day.
  staffId = (await newMaster()).id;
  await sql(`insert into schedule_exceptions (staff_id, kind, start_date, end_date) values (?, 'day_off', '2025-03-05', '2025-03-05')`, [staffId]);
  // Custom hours 12:00–16:00 keep the 14:00–15:00 break inside them: 180 minutes.
  await sql(`insert into schedule_exceptions (staff_id, kind, start_date, end_date, start_time, end_time) values (?, 'custom_hours', '2025-03-06', '2025-03-06', '12:00', '16:00')`, [staffId]);
  await row({ phone: phones.a, date: "2025-02-01", start: "10:00", end: "11:00", status: "completed", price: 99_000 }); // before the range: a is returning
  await row({ phone: phones.a, date: "2025-03-03", start: "10:00", end: "11:00", status: "completed", price: 150_000 });
  const noShow = await row({ phone: phones.b, date: "2025-03-03", start: "12:00", end: "13:00", status: "no_show", price: 200_000 });
  await payment(noShow, 50_000, "succeeded", 0, "2025-03-02T10:00:00.000Z"); // a deposit kept, paid before the range
  const cancelled = await row({ phone: phones.c, date: "2025-03-04", start: "10:00", end: "11:30", status: "cancelled", price: 300_000 });
  const refundedPayment = await payment(cancelled, 100_000, "refunded", 100_000, "2025-03-03T09:00:00.000Z");
  await sql(`insert into refunds (payment_id, amount_minor, currency, status, reason, idempotency_key, created_at) values (?, 100000, 'RUB', 'succeeded', 'cancelled', ?, '2025-03-04T09:00:00.000Z')`, [refundedPayment, `stats-refund-${refundedPayment}`]);
  await row({ phone: phones.b, date: "2025-03-06", start: "12:00", end: "13:00", status: "confirmed", price: 100_000, channel: "yclients" });
  await row({ phone: phones.d, date: "2025-03-08", start: "10:00", end: "10:45", status: "completed", price: 120_000 });
  // Neither a live hold nor a hold that lapsed unpaid is a booking.
  await row({ phone: phones.d, date: "2025-03-07", start: "10:00", end: "11:00", status: "held", price: 500_000 });
  await row({ phone: phones.d, date: "2025-03-07", start: "12:00", end: "13:00", status: "cancelled", price: 500_000, cancelReason: "hold_expired" });
});

const get = (query: string) => call("GET", `/api/v1/admin/stats?${query}`, { token: admin });

describe("statistics", () => {
  it("adds up a week of one master as worked out by hand", async () => {
    const res = await get(`from=2025-03-03&to=2025-03-09&group=week&staff_id=${staffId}`);
    expect(res.status).toBe(200);
    const stats = v.parse(Stats, res.body);
    expect(stats.totals).toEqual({
      bookings: 5,
      completed: 2,
      cancelled: 1,
      no_show: 1,
      revenue_paid_minor: 150_000 + 120_000 + 50_000,
      revenue_expected_minor: 150_000 + 100_000 + 120_000,
      average_check_minor: 135_000,
      cancellation_rate: 0.2,
      no_show_rate: 0.2,
      new_clients: 3,
      returning_clients: 1,
      prepayments_minor: 100_000,
      refunds_minor: 100_000,
    });
    expect(stats.series).toEqual([
      { period: "2025-03-03", bookings: 5, completed: 2, cancelled: 1, no_show: 1, revenue_paid_minor: 320_000, revenue_expected_minor: 370_000, average_check_minor: 135_000 },
    ]);
    // 5 × 480 + a day off + 180 custom; booked: 60 + 60 (no-show) + 60 + 45, the cancelled visit not.
    expect(stats.staff).toEqual([
      { staff_id: staffId, name: expect.any(String), bookings: 5, revenue_expected_minor: 370_000, booked_min: 225, working_min: 2580, occupancy: 0.0872 },
    ]);
    expect(stats.top_services).toEqual([{ service_id: 3, name: expect.any(String), bookings: 5, revenue_expected_minor: 370_000 }]);
    expect(stats.channels).toEqual([
      { channel: "internal", bookings: 4, revenue_expected_minor: 270_000 },
      { channel: "yclients", bookings: 1, revenue_expected_minor: 100_000 },
    ]);
  });

  it("splits by day, leaving out days without bookings", async () => {
    const stats = v.parse(Stats, (await get(`from=2025-03-03&to=2025-03-09&group=day&staff_id=${staffId}`)).body);
    expect(stats.series.map((p) => [p.period, p.bookings, p.revenue_paid_minor, p.revenue_expected_minor])).toEqual([
      ["2025-03-03", 2, 200_000, 150_000],
      ["2025-03-04", 1, 0, 0],
      ["2025-03-06", 1, 0, 100_000],
      ["2025-03-08", 1, 120_000, 120_000],
    ]);
  });

  it("labels months by their first day and counts a client new only in the range of their first visit", async () => {
    const stats = v.parse(Stats, (await get(`from=2025-02-01&to=2025-03-31&group=month&staff_id=${staffId}`)).body);
    expect(stats.series.map((p) => [p.period, p.bookings])).toEqual([["2025-02-01", 1], ["2025-03-01", 5]]);
    expect(stats.totals).toMatchObject({ new_clients: 4, returning_clients: 0 });
  });

  it("exports the same figures as CSV", async () => {
    const res = await get(`from=2025-03-03&to=2025-03-09&group=week&staff_id=${staffId}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = String(res.body).split("\r\n");
    expect(lines[0]).toBe("period,bookings,completed,cancelled,no_show,revenue_paid_minor,revenue_expected_minor,average_check_minor");
    expect(lines).toContain("total,5,2,1,1,320000,370000,135000");
    expect(lines.some((l) => l.startsWith(`${staffId},`) && l.endsWith(",225,2580,0.0872"))).toBe(true);
  });

  it("neutralises a master's name that a spreadsheet would run as a formula", async () => {
    const original = String((await sql("select name from staff where id = ?", [staffId])).rows[0]!.name);
    await sql("update staff set name = ? where id = ?", ['=HYPERLINK("https://evil.example","Анна")', staffId]);
    try {
      const res = await get(`from=2025-03-03&to=2025-03-09&group=week&staff_id=${staffId}&format=csv`);
      const line = String(res.body).split("\r\n").find((l) => l.startsWith(`${staffId},`));
      expect(line).toBe(`${staffId},"'=HYPERLINK(""https://evil.example"",""Анна"")",5,370000,225,2580,0.0872`);
    } finally {
      await sql("update staff set name = ? where id = ?", [original, staffId]);
    }
  });

  it.each([
    ["from=2025-03-09&to=2025-03-03", 400],
    ["from=2025-03-03&to=2025-03-09&group=year", 400],
    ["from=2024-01-01&to=2025-12-31", 400],
    ["from=2025-02-30&to=2025-03-09", 400],
    ["to=2025-03-09", 400],
    ["from=2025-03-03&to=2025-03-09&staff_id=abc", 400],
  ])("refuses %s with %i", async (query, status) => {
    const res = await get(query);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe("validation_failed");
  });
});
