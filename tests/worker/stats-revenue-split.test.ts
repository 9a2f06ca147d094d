// The statistics' revenue split on a week of one master of this file's own,
// worked out by hand: a visit with each kind of payment (promo discount, a
// partial certificate, loyalty points, an abonement, an online prepayment
// partly refunded, a share of a visit payment, the desk), and visits and
// uses that must not count.
import { beforeAll, describe, expect, it } from "vitest";
import * as v from "valibot";
import { Stats } from "../../worker/contracts/stats.js";
import { call, freshPhone } from "./client.js";
import { adminToken, moscow, newMaster, sql } from "./scenario.js";

let admin: string;
let staffId: number;
let otherStaffId: number;
const phone = freshPhone();

async function booking(b: { staff?: number; service?: number; date: string; start: string; status: string; price: number; certificate?: number }) {
  const { rows } = await sql(
    `insert into bookings (service_id, staff_id, start_at, end_at, status, channel, phone, price_total_minor, certificate_minor, currency)
     values (?, ?, ?, ?, ?, 'internal', ?, ?, ?, 'RUB') returning id`,
    [b.service ?? 3, b.staff ?? staffId, moscow(b.date, b.start), moscow(b.date, `${String(Number(b.start.slice(0, 2)) + 1).padStart(2, "0")}:00`), b.status, phone, b.price, b.certificate ?? 0],
  );
  return Number(rows[0]!.id);
}

async function payment(bookingId: number, p: { amount: number; points?: number; refunded?: number; status?: string; visitId?: number }) {
  const { rows } = await sql(
    `insert into payments (booking_id, visit_id, provider, status, amount_minor, currency, refunded_minor, points_used, idempotency_key, created_at)
     values (?, ?, 'test', ?, ?, 'RUB', ?, ?, ?, '2025-04-01T10:00:00.000Z') returning id`,
    [bookingId, p.visitId ?? null, p.status ?? "succeeded", p.amount, p.refunded ?? 0, p.points ?? 0, `split-${bookingId}-${Math.random()}`],
  );
  return Number(rows[0]!.id);
}

async function promoUse(bookingId: number, discount: number, priceBefore: number) {
  const code = `SPLIT${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const promo = await sql(`insert into promo_codes (code, amount_off_minor) values (?, ?) returning id`, [code, discount]);
  await sql(`insert into promo_uses (promo_code_id, booking_id, discount_minor, price_before_minor, currency) values (?, ?, ?, ?, 'RUB')`, [Number(promo.rows[0]!.id), bookingId, discount, priceBefore]);
}

async function abonementUse(bookingId: number, status: string, covered: number, value: number) {
  const user = Number((await sql(`select id from users order by id limit 1`)).rows[0]!.id);
  const sold = await sql(
    `insert into abonements (holder_user_id, name, kind, service_ids, price_minor, currency, status, sold_by) values (?, 'Пять стрижек', 'visits', '[3]', 400000, 'RUB', 'active', 'desk') returning id`,
    [user],
  );
  await sql(`insert into abonement_uses (abonement_id, booking_id, visit_date, status, covered_minor, value_minor, currency) values (?, ?, '2025-04-08', ?, ?, ?, 'RUB')`, [
    Number(sold.rows[0]!.id),
    bookingId,
    status,
    covered,
    value,
  ]);
}

beforeAll(async () => {
  admin = await adminToken();
  staffId = (await newMaster()).id;
  otherStaffId = (await newMaster({ services: [8] })).id;
  // 1. Promo: 100 000 listed, 20 000 off, the rest (80 000) paid at the desk.
  const promo = await booking({ date: "2025-04-07", start: "10:00", status: "completed", price: 80_000 });
  await promoUse(promo, 20_000, 100_000);
  // 2. A partial certificate: 30 000 of a 90 000 price, 60 000 at the desk.
  await booking({ date: "2025-04-07", start: "12:00", status: "completed", price: 90_000, certificate: 30_000 });
  // 3. Points and a prepayment partly refunded: 70 000 = 5 000 points + 65 000 money, of which 45 000 paid online less 15 000 refunded; the desk takes 35 000.
  const prepaid = await booking({ date: "2025-04-08", start: "10:00", status: "completed", price: 70_000 });
  await payment(prepaid, { amount: 45_000, points: 5_000, refunded: 15_000, status: "refunded" });
  // 4. An abonement's spent visit pays the service (100 000, worth 80 000 of the abonement's price); the 20 000 add-on is paid at the desk.
  const byAbonement = await booking({ date: "2025-04-08", start: "12:00", status: "completed", price: 120_000 });
  await abonementUse(byAbonement, "spent", 100_000, 80_000);
  // A use given back does not pay: all 50 000 at the desk.
  const returned = await booking({ date: "2025-04-08", start: "14:00", status: "completed", price: 50_000 });
  await abonementUse(returned, "returned", 50_000, 80_000);
  // 5. A share of a visit payment (onepay): 40 000 of the payment and 2 000 points are this booking's, 60 000 price, on the other master's service 8.
  const shared = await booking({ staff: otherStaffId, service: 8, date: "2025-04-09", start: "11:00", status: "completed", price: 60_000 });
  const user = Number((await sql(`select id from users order by id limit 1`)).rows[0]!.id);
  const visitRow = await sql(`insert into visits (user_id, idempotency_key, request_hash, status, item_count) values (?, ?, 'x', 'booked', 2) returning id`, [user, `split-${Math.random()}`]);
  const visit = Number(visitRow.rows[0]!.id);
  const visitPayment = await payment(shared, { amount: 100_000, points: 2_000, visitId: visit });
  await sql(`insert into payment_items (payment_id, booking_id, amount_minor, points) values (?, ?, 40000, 2000)`, [visitPayment, shared]);
  // Not completed: neither a confirmed visit, nor a no-show with its deposit, nor a failed payment counts.
  await booking({ date: "2025-04-10", start: "10:00", status: "confirmed", price: 50_000, certificate: 50_000 });
  const noShow = await booking({ date: "2025-04-10", start: "12:00", status: "no_show", price: 50_000 });
  await payment(noShow, { amount: 10_000 });
  const failed = await booking({ date: "2025-04-11", start: "10:00", status: "completed", price: 30_000 });
  await payment(failed, { amount: 30_000, status: "canceled" });
});

const get = (query: string) => call("GET", `/api/v1/admin/stats?${query}`, { token: admin });
const parts = (p: { discount_minor: number; certificate_minor: number; points_minor: number; abonement_minor: number; money_minor: number }) =>
  p.discount_minor + p.certificate_minor + p.points_minor + p.abonement_minor + p.money_minor;

describe("statistics: revenue split", () => {
  it("splits a master's completed visits into discount, certificate, points, abonement and money, and the parts add up to the list price", async () => {
    const res = await get(`from=2025-04-07&to=2025-04-13&group=day&staff_id=${staffId}`);
    expect(res.status).toBe(200);
    const split = v.parse(Stats, res.body).revenue_split!;
    expect(split.total).toEqual({
      list_price_minor: 100_000 + 90_000 + 70_000 + 120_000 + 50_000 + 30_000,
      discount_minor: 20_000,
      certificate_minor: 30_000,
      points_minor: 5_000,
      abonement_minor: 100_000,
      abonement_value_minor: 80_000,
      money_minor: 80_000 + 60_000 + 65_000 + 20_000 + 50_000 + 30_000,
      online_minor: 30_000,
      desk_minor: 80_000 + 60_000 + 35_000 + 20_000 + 50_000 + 30_000,
      refunds_minor: 15_000,
    });
    expect(parts(split.total)).toBe(split.total.list_price_minor);
    expect(split.total.online_minor + split.total.desk_minor).toBe(split.total.money_minor);
    expect(split.series.map((p) => [p.period, p.list_price_minor, parts(p)])).toEqual([
      ["2025-04-07", 190_000, 190_000],
      ["2025-04-08", 240_000, 240_000],
      ["2025-04-11", 30_000, 30_000],
    ]);
    expect(split.staff.map((m) => [m.staff_id, m.list_price_minor])).toEqual([[staffId, 460_000]]);
    expect(split.services.map((s) => [s.service_id, s.list_price_minor])).toEqual([[3, 460_000]]);
  });

  it("counts a visit payment's share and points for its own booking only, per master and per service", async () => {
    const res = await get(`from=2025-04-07&to=2025-04-13&group=week&staff_id=${otherStaffId}`);
    const split = v.parse(Stats, res.body).revenue_split!;
    expect(split.total).toEqual({
      list_price_minor: 60_000,
      discount_minor: 0,
      certificate_minor: 0,
      points_minor: 2_000,
      abonement_minor: 0,
      abonement_value_minor: 0,
      money_minor: 58_000,
      online_minor: 40_000,
      desk_minor: 18_000,
      refunds_minor: 0,
    });
    expect(split.series).toEqual([{ period: "2025-04-07", ...split.total }]);
    expect(split.staff).toEqual([{ staff_id: otherStaffId, name: expect.any(String), ...split.total }]);
    expect(split.services).toEqual([{ service_id: 8, name: expect.any(String), ...split.total }]);
  });

  it("exports the split in the CSV", async () => {
    const res = await get(`from=2025-04-07&to=2025-04-13&group=week&staff_id=${staffId}&format=csv`);
    const lines = String(res.body).split("\r\n");
    expect(lines).toContain("split,id,name,list_price_minor,discount_minor,certificate_minor,points_minor,abonement_minor,abonement_value_minor,money_minor,online_minor,desk_minor,refunds_minor");
    expect(lines).toContain("total,,,460000,20000,30000,5000,100000,80000,305000,30000,275000,15000");
    expect(lines).toContain("period,2025-04-07,,460000,20000,30000,5000,100000,80000,305000,30000,275000,15000");
  });
});
