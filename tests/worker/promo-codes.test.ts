// Promo codes end to end: the admin defines them, POST /bookings applies them
// on the server (the 201's price is after the discount), codes that do not
// apply are a 422 that books nothing, limits hold under races, a cancel gives
// the use back, the quote shows the price before and after, and the receipt
// of the discounted prepayment adds up to the kopeck.
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, book, newCustomer, newMaster, salonDate, slot, sql } from "./scenario.js";
import { expireHold, newPayer, pay, providerCalls, providerIdOf, settleAtProvider } from "./payments-helpers.js";

const HAIRCUT = 3; // 1500 ₽, no prepayment
const MASSAGE = 8; // 3500 ₽, 1000 ₽ deposit
const SPA = 9; // 5000 ₽, paid in full ahead
const AROMA = 10; // add-on, 500 ₽

let admin: string;
let master: { id: number; phone: string };
let other: { id: number; phone: string };
let codeCounter = 0;
/** A code no other test (or run) uses; mixed case, to show matching ignores case. */
const freshCode = () => `Promo${Date.now().toString(36)}${++codeCounter}`;

async function createPromo(body: Record<string, unknown>) {
  const res = await call("POST", "/api/v1/admin/promo-codes", { token: admin, body: { code: freshCode(), ...body } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.promo_code as { id: number; code: string };
}

const bookingsOf = async (userId: number) => Number((await sql("select count(*) as n from bookings where user_id = ?", [userId])).rows[0]!.n);
const usesOf = async (promoId: number) => Number((await sql("select count(*) as n from promo_uses where promo_code_id = ? and released_at is null", [promoId])).rows[0]!.n);

beforeAll(async () => {
  admin = await adminToken();
  master = await newMaster({ services: [HAIRCUT, MASSAGE, SPA, AROMA] });
  other = await newMaster({ services: [HAIRCUT, MASSAGE] });
});

describe("discounts on POST /bookings", () => {
  it("takes a percent off the price, whatever the case the customer types the code in", async () => {
    const promo = await createPromo({ percent_off: 20 });
    const customer = await quickCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(3), "10:00"), promo_code: promo.code.toLowerCase() });
    expect(res.status).toBe(201);
    expect(res.body.booking.price).toEqual({ amount_minor: 120_000, currency: "RUB" });
    expect(res.body.booking.discount).toEqual({ promo_code: promo.code, amount: { amount_minor: 30_000, currency: "RUB" }, price_before: { amount_minor: 150_000, currency: "RUB" } });
    // The booking read back later shows the same discount.
    const read = await call("GET", `/api/v1/bookings/${res.body.booking.id}`, { token: customer.token });
    expect(read.body.booking.discount.amount.amount_minor).toBe(30_000);
    expect(read.body.booking.money.left_to_pay.amount_minor).toBe(120_000);
  });

  it("shows the admin's money summary with the price before the code, its discount and a gift certificate's part", async () => {
    const promo = await createPromo({ percent_off: 20 });
    const certificate = await call("POST", "/api/v1/admin/certificates", { token: admin, body: { amount_minor: 50_000 } });
    expect(certificate.status).toBe(201);
    const customer = await quickCustomer();
    const res = await book(customer.token, {
      service_id: HAIRCUT,
      staff_id: master.id,
      appointment_datetime: slot(salonDate(8), "15:00"),
      promo_code: promo.code,
      certificate_code: certificate.body.certificate.code,
    });
    expect(res.status).toBe(201);
    const detail = await call("GET", `/api/v1/admin/bookings/${res.body.booking.id}`, { token: admin });
    expect(detail.status).toBe(200);
    // 1500 ₽ − 20 % = 1200 ₽, of which the certificate pays 500 ₽: 700 ₽ left for the desk.
    expect(detail.body.money_summary).toMatchObject({ price_minor: 150_000, discount_minor: 30_000, certificate_minor: 50_000, paid_online_minor: 0, left_to_pay_minor: 70_000 });
  });

  it("takes a fixed amount off, never past the price, and the prepayment follows the discounted price", async () => {
    const promo = await createPromo({ amount_off_minor: 50_000 });
    const customer = await quickCustomer();
    const res = await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(3), "11:00"), promo_code: promo.code });
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({ status: "held", price: { amount_minor: 300_000 }, prepayment: { amount_minor: 100_000 } });
    const all = await createPromo({ amount_off_minor: 10_000_000 });
    const free = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(3), "12:00"), promo_code: all.code });
    expect(free.body.booking).toMatchObject({ price: { amount_minor: 0 }, discount: { amount: { amount_minor: 150_000 } } });
  });

  it("prices the master's own price and discounts that", async () => {
    await sql("update staff_services set price_minor = 200000 where staff_id = ? and service_id = ?", [other.id, HAIRCUT]);
    const promo = await createPromo({ percent_off: 10 });
    const res = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: other.id, appointment_datetime: slot(salonDate(3), "10:00"), promo_code: promo.code });
    expect(res.body.booking).toMatchObject({ price: { amount_minor: 180_000 }, discount: { price_before: { amount_minor: 200_000 }, amount: { amount_minor: 20_000 } } });
  });

  it("answers 422 promo_code_invalid naming the code and the reason, and books nothing", async () => {
    const yesterday = salonDate(-1);
    const cases: [Record<string, unknown> | null, string, Record<string, unknown>?][] = [
      [null, "unknown"],
      [{ percent_off: 10, active: false }, "inactive"],
      [{ percent_off: 10, valid_to: yesterday }, "expired"],
      [{ percent_off: 10, valid_from: salonDate(30) }, "not_started"],
      [{ percent_off: 10, service_ids: [MASSAGE] }, "service_not_covered"],
      [{ percent_off: 10, staff_ids: [other.id] }, "master_not_covered"],
    ];
    for (const [definition, reason] of cases) {
      const code = definition ? (await createPromo(definition)).code : "NOSUCHCODE1";
      const customer = await quickCustomer();
      const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(4), "10:00"), promo_code: code });
      expect(res.status, reason).toBe(422);
      expect(res.body.error).toMatchObject({ code: "promo_code_invalid", details: { promo_code: code, reason } });
      expect(await bookingsOf(customer.id)).toBe(0);
    }
  });

  it("applies a code limited to a service and master only there, and a dated code within its dates", async () => {
    const promo = await createPromo({ percent_off: 50, service_ids: [HAIRCUT], staff_ids: [master.id], valid_from: salonDate(0), valid_to: salonDate(10) });
    const res = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: "any", appointment_datetime: slot(salonDate(5), "10:00"), promo_code: promo.code });
    expect(res.status).toBe(201);
    // "any master" goes to the master the code covers.
    expect(res.body.booking).toMatchObject({ staff: { id: master.id }, price: { amount_minor: 75_000 } });
    const late = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(11), "10:00"), promo_code: promo.code });
    expect(late.body.error).toMatchObject({ code: "promo_code_invalid", details: { reason: "expired" } });
  });

  it("gives a first-visit code only to a customer with no visit yet", async () => {
    const promo = await createPromo({ percent_off: 15, first_visit_only: true });
    const regular = await quickCustomer();
    expect((await book(regular.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(6), "10:00") })).status).toBe(201);
    const refused = await book(regular.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(6), "11:00"), promo_code: promo.code });
    expect(refused.body.error).toMatchObject({ code: "promo_code_invalid", details: { reason: "not_first_visit" } });
    const first = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(6), "12:00"), promo_code: promo.code });
    expect(first.status).toBe(201);
  });
});

describe("a promo code on a visit of several services", () => {
  const visit = (token: string, body: Record<string, unknown>) => call("POST", "/api/v1/visits", { token, body, headers: { "idempotency-key": `promo-visit-${Date.now()}-${Math.random()}` } });

  it("takes it off the first service the code covers, once per visit", async () => {
    const promo = await createPromo({ percent_off: 10, service_ids: [MASSAGE] });
    const customer = await quickCustomer();
    const res = await visit(customer.token, { items: [{ service_id: HAIRCUT, staff_id: master.id }, { service_id: MASSAGE, staff_id: master.id }], appointment_datetime: slot(salonDate(24), "10:00"), promo_code: promo.code });
    expect(res.status).toBe(201);
    const [haircut, massage] = res.body.visit.bookings;
    expect(haircut).toMatchObject({ price: { amount_minor: 150_000 }, discount: null });
    expect(massage).toMatchObject({ price: { amount_minor: 315_000 }, discount: { promo_code: promo.code, amount: { amount_minor: 35_000 } } });
    expect(res.body.visit.total.amount_minor).toBe(465_000);
    expect(await usesOf(promo.id)).toBe(1);
  });

  it("refuses a code that covers none of its services and books nothing", async () => {
    const promo = await createPromo({ percent_off: 10, service_ids: [SPA] });
    const customer = await quickCustomer();
    const res = await visit(customer.token, { items: [{ service_id: HAIRCUT, staff_id: master.id }, { service_id: MASSAGE, staff_id: master.id }], appointment_datetime: slot(salonDate(25), "10:00"), promo_code: promo.code });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "promo_code_invalid", details: { reason: "service_not_covered" } });
    expect(await bookingsOf(customer.id)).toBe(0);
  });
});

describe("limits under races", () => {
  it("gives exactly the uses left to 20 racing bookings; the rest are refused and not booked", async () => {
    const promo = await createPromo({ percent_off: 30, total_limit: 4 });
    // One use is taken first: 3 are left for the race.
    expect((await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: other.id, appointment_datetime: slot(salonDate(7), "10:00"), promo_code: promo.code })).status).toBe(201);
    const racers = await Promise.all(Array.from({ length: 20 }, () => quickCustomer()));
    const answers = await Promise.all(
      racers.map((c, i) => book(c.token, { service_id: HAIRCUT, staff_id: i % 2 ? master.id : other.id, appointment_datetime: slot(salonDate(8 + Math.floor(i / 2)), "16:00"), promo_code: promo.code })),
    );
    const won = answers.filter((a) => a.status === 201);
    expect(won).toHaveLength(3);
    for (const a of won) {
      const { discount, price } = a.body.booking;
      expect(discount.amount.amount_minor).toBe(Math.floor(discount.price_before.amount_minor * 0.3));
      expect(price.amount_minor).toBe(discount.price_before.amount_minor - discount.amount.amount_minor);
    }
    for (const a of answers.filter((x) => x.status !== 201)) expect(a.body.error).toMatchObject({ code: "promo_code_invalid", details: { reason: "exhausted" } });
    expect(await usesOf(promo.id)).toBe(4);
    const booked = await Promise.all(racers.map((c) => bookingsOf(c.id)));
    expect(booked.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("gives one customer racing themself only their per-customer uses", async () => {
    const promo = await createPromo({ amount_off_minor: 10_000, per_customer_limit: 1 });
    const customer = await quickCustomer();
    const answers = await Promise.all(
      [10, 11, 12, 13].map((hour) => book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(20), `${hour}:00`), promo_code: promo.code })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422).every((a) => ["customer_limit", "exhausted"].includes(a.body.error.details.reason))).toBe(true);
    expect(await bookingsOf(customer.id)).toBe(1);
  });

  it("gives the use back when the booking is cancelled", async () => {
    const promo = await createPromo({ percent_off: 10, total_limit: 1 });
    const first = await quickCustomer();
    const booked = await book(first.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(21), "10:00"), promo_code: promo.code });
    expect(booked.status).toBe(201);
    const second = await quickCustomer();
    const refused = await book(second.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(21), "11:00"), promo_code: promo.code });
    expect(refused.body.error.details.reason).toBe("exhausted");
    expect((await call("PATCH", `/api/v1/bookings/${booked.body.booking.id}`, { token: first.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);
    const again = await book(second.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(21), "11:00"), promo_code: promo.code });
    expect(again.status).toBe(201);
  });
});

describe("a lapsed hold", () => {
  it("gives the use back when the unpaid hold runs out", async () => {
    const promo = await createPromo({ amount_off_minor: 10_000, total_limit: 1 });
    const first = await quickCustomer();
    const held = await book(first.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(26), "10:00"), promo_code: promo.code });
    expect(held.body.booking.status).toBe("held");
    await expireHold(master.id, held.body.booking.id);
    expect(await usesOf(promo.id)).toBe(0);
    const next = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(26), "12:00"), promo_code: promo.code });
    expect(next.status).toBe(201);
  });

  it("takes the use again when a late payment brings the hold back, since the customer paid the discounted price", async () => {
    const promo = await createPromo({ amount_off_minor: 10_000, total_limit: 5 });
    const payer = await newPayer();
    const held = await book(payer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(27), "10:00"), promo_code: promo.code });
    expect(held.body.booking.status).toBe("held");
    const payment = await pay(payer.token, { booking_id: held.body.booking.id });
    expect(payment.status).toBe(201);
    await expireHold(master.id, held.body.booking.id);
    expect(await usesOf(promo.id)).toBe(0);
    expect((await settleAtProvider(await providerIdOf(payment.body.payment.id), "succeed")).status).toBe(200);
    expect((await sql("select status from bookings where id = ?", [held.body.booking.id])).rows[0]).toMatchObject({ status: "confirmed" });
    expect(await usesOf(promo.id)).toBe(1);
  });
});

describe("quote, receipts and the back office", () => {
  it("quotes the price before and after the code, with the master's own price", async () => {
    const promo = await createPromo({ percent_off: 25 });
    const customer = await newCustomer();
    const res = await call("POST", "/api/v1/bookings/quote", { token: customer.token, body: { service_id: HAIRCUT, staff_id: other.id, promo_code: promo.code, date: salonDate(3) } });
    expect(res.status).toBe(200);
    expect(res.body.quote).toMatchObject({ staff_id: other.id, price_before: { amount_minor: 200_000 }, discount: { promo_code: promo.code, amount: { amount_minor: 50_000 } }, price: { amount_minor: 150_000 }, prepayment: null });
    const plain = await call("POST", "/api/v1/bookings/quote", { token: customer.token, body: { service_id: HAIRCUT, staff_id: "any" } });
    expect(plain.body.quote).toMatchObject({ price_before: { amount_minor: 150_000 }, discount: null, price: { amount_minor: 150_000 } });
    const bad = await call("POST", "/api/v1/bookings/quote", { token: customer.token, body: { service_id: HAIRCUT, staff_id: "any", promo_code: "NOPE-NOPE" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual({ promo_code: "NOPE-NOPE", reason: "unknown" });
  });

  it("sends a receipt of the discounted prepayment whose items add up to the kopeck", async () => {
    const promo = await createPromo({ percent_off: 33 });
    const customer = await newPayer();
    const res = await book(customer.token, { service_id: SPA, staff_id: master.id, appointment_datetime: slot(salonDate(22), "10:00"), additional_services: [AROMA], promo_code: promo.code });
    // 5500 ₽ less 33 % (1815 ₽) = 3685 ₽, all of it paid ahead.
    expect(res.body.booking).toMatchObject({ price: { amount_minor: 368_500 }, prepayment: { amount_minor: 368_500 } });
    const paid = await pay(customer.token, { booking_id: res.body.booking.id });
    expect(paid.status).toBe(201);
    expect(paid.body.payment.amount.amount_minor).toBe(368_500);
    const receipt = (await providerCalls(res.body.booking.id)).find((c) => c.kind === "create")!.body.receipt;
    const cents = receipt.items.reduce((sum: number, i: { amount: { value: string } }) => sum + Math.round(Number(i.amount.value) * 100), 0);
    expect(cents).toBe(368_500);
  });

  it("lists codes with uses and revenue given away, switches one off (audited) and reports a range", async () => {
    const promo = await createPromo({ amount_off_minor: 20_000, total_limit: 10 });
    const day = salonDate(23);
    for (const time of ["10:00", "11:00"]) {
      expect((await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, time), promo_code: promo.code })).status).toBe(201);
    }
    const list = await call("GET", "/api/v1/admin/promo-codes", { token: admin });
    expect(list.body.promo_codes.find((p: { id: number }) => p.id === promo.id)).toMatchObject({ uses: 2, given_away: { amount_minor: 40_000 } });
    const stats = await call("GET", `/api/v1/admin/promo-codes/stats?from=${day}&to=${day}`, { token: admin });
    expect(stats.body.codes.find((p: { id: number }) => p.id === promo.id)).toMatchObject({ uses: 2, given_away: { amount_minor: 40_000 } });
    const off = await call("PATCH", `/api/v1/admin/promo-codes/${promo.id}`, { token: admin, body: { active: false } });
    expect(off.body.promo_code.active).toBe(false);
    const audit = await call("GET", `/api/v1/admin/audit?entity=promo_code&entity_id=${promo.id}`, { token: admin });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["create", "update"]));
    const refused = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "12:00"), promo_code: promo.code });
    expect(refused.body.error.details.reason).toBe("inactive");
  });

  it("changes a used code's discount for new bookings only: the booking made before keeps its price and its use the discount stored with it", async () => {
    const promo = await createPromo({ percent_off: 10 });
    const customer = await quickCustomer();
    const booked = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(26), "10:00"), promo_code: promo.code });
    expect(booked.body.booking.price.amount_minor).toBe(135_000);
    const changed = await call("PATCH", `/api/v1/admin/promo-codes/${promo.id}`, { token: admin, body: { amount_off_minor: 40_000 } });
    expect(changed.status).toBe(200);
    expect(changed.body.promo_code).toMatchObject({ percent_off: null, amount_off: { amount_minor: 40_000, currency: "RUB" }, uses: 1, given_away: { amount_minor: 15_000 } });
    const read = await call("GET", `/api/v1/bookings/${booked.body.booking.id}`, { token: customer.token });
    expect(read.body.booking).toMatchObject({ price: { amount_minor: 135_000 }, discount: { amount: { amount_minor: 15_000 } } });
    expect((await sql("select discount_minor from promo_uses where booking_id = ?", [booked.body.booking.id])).rows[0]!.discount_minor).toBe(15_000);
    const quote = await call("POST", "/api/v1/bookings/quote", { token: (await newCustomer()).token, body: { service_id: HAIRCUT, staff_id: master.id, promo_code: promo.code, date: salonDate(26) } });
    expect(quote.body.quote).toMatchObject({ discount: { amount: { amount_minor: 40_000 } }, price: { amount_minor: 110_000 } });
    const back = await call("PATCH", `/api/v1/admin/promo-codes/${promo.id}`, { token: admin, body: { percent_off: 50 } });
    expect(back.body.promo_code).toMatchObject({ percent_off: 50, amount_off: null });
  });

  it("refuses a change to both discounts at once and changes nothing", async () => {
    const promo = await createPromo({ percent_off: 15 });
    const res = await call("PATCH", `/api/v1/admin/promo-codes/${promo.id}`, { token: admin, body: { percent_off: 5, amount_off_minor: 100, active: false } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    const list = await call("GET", "/api/v1/admin/promo-codes", { token: admin });
    expect(list.body.promo_codes.find((p: { id: number }) => p.id === promo.id)).toMatchObject({ percent_off: 15, amount_off: null, active: true });
  });

  it("refuses a second code with the same text in another case, and a code with both or neither discount", async () => {
    const promo = await createPromo({ percent_off: 5 });
    expect((await call("POST", "/api/v1/admin/promo-codes", { token: admin, body: { code: promo.code.toLowerCase(), percent_off: 5 } })).status).toBe(409);
    expect((await call("POST", "/api/v1/admin/promo-codes", { token: admin, body: { code: freshCode(), percent_off: 5, amount_off_minor: 100 } })).status).toBe(400);
    expect((await call("POST", "/api/v1/admin/promo-codes", { token: admin, body: { code: freshCode() } })).status).toBe(400);
    expect((await call("POST", "/api/v1/admin/promo-codes", { token: admin, body: { code: freshCode(), percent_off: 101 } })).status).toBe(400);
  });
});
