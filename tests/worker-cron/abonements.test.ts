// Abonements end to end: types defined by the admin, sold at the desk and
// online (advance receipt checked at the strict YooKassa fake), booked with
// (service covered, add-ons paid), each refusal, racing bookings on the last
// visits, spent on completion / late cancel / no-show, given back on a cancel
// in policy, the closing receipt of an online-sold visit, and the admin's
// extend / freeze / void. In worker-cron: the salon settings it changes are
// changed while no other file runs.
import { beforeAll, describe, expect, it } from "vitest";
import { call, runCron } from "../worker/client.js";
import { adminToken, book, newCustomer, newKey, newMaster, salonDate, slot, sql } from "../worker/scenario.js";
import { expireHold, fake, newPayer, pay, providerIdOf, settleAtProvider } from "../worker/payments-helpers.js";

const HAIRCUT = 3; // 1 500 ₽, nothing ahead
const STYLING = 4; // add-on of the haircut, 1 200 ₽
const MASSAGE = 8; // 3 500 ₽, deposit 1 000 ₽
const AROMA = 10; // add-on of the massage, 500 ₽

async function newType(body: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/admin/abonement-types", { token: await adminToken(), body: { name: "5 стрижек", kind: "visits", visits_count: 5, validity_days: 60, price_minor: 600_000, service_ids: [HAIRCUT], freeze_max_days: 14, ...body } });
  expect(res.status).toBe(201);
  return res.body.type as { id: number };
}

async function sell(phone: string, typeBody: Record<string, unknown> = {}) {
  const type = await newType(typeBody);
  const res = await call("POST", "/api/v1/admin/abonements", { token: await adminToken(), body: { type_id: type.id, phone } });
  expect(res.status).toBe(201);
  return res.body.abonement as { id: number; status: string; visits: { total: number | null; used: number; reserved: number; left: number | null } };
}

const useOf = async (bookingId: number) => (await sql("select status, value_minor, covered_minor from abonement_uses where booking_id = ?", [bookingId])).rows[0];
const bookingsWithKey = async (key: string) => Number((await sql("select count(*) as n from bookings where idempotency_key = ?", [key])).rows[0]!.n);
const auditOf = async (id: number) => (await call("GET", `/api/v1/admin/audit?entity=abonement&entity_id=${id}`, { token: await adminToken() })).body.entries as { action: string; after: any }[];
/** Puts a booking an hour in the past, as if its visit had happened. */
const intoThePast = (id: number) => sql("update bookings set start_at = ?, end_at = ? where id = ?", [new Date(Date.now() - 7_200_000).toISOString(), new Date(Date.now() - 3_600_000).toISOString(), id]);
const mark = async (id: number, action: string) => call("PATCH", `/api/v1/bookings/${id}`, { token: await adminToken(), body: { action } });

describe("abonement types", () => {
  it("creates, lists and changes a type; a sold abonement keeps the type as sold", async () => {
    const admin = await adminToken();
    const type = await newType({ name: "Безлимит", kind: "unlimited", visits_count: undefined, validity_days: undefined, once_per_day: true, price_minor: 900_000 });
    const listed = (await call("GET", "/api/v1/abonement-types")).body.types as { id: number; services: { id: number; name: string }[] }[];
    expect(listed.find((t) => t.id === type.id)).toMatchObject({ kind: "unlimited", visits_count: null, once_per_day: true, services: [{ id: HAIRCUT, name: "Стрижка мужская" }], staff: [] });
    const patched = await call("PATCH", `/api/v1/admin/abonement-types/${type.id}`, { token: admin, body: { price_minor: 950_000, sold_online: false } });
    expect(patched.status).toBe(200);
    expect(patched.body.type).toMatchObject({ price: { amount_minor: 950_000 }, sold_online: false });
    expect(((await call("GET", "/api/v1/abonement-types")).body.types as { id: number }[]).some((t) => t.id === type.id)).toBe(false);
    // Not sold online: a customer cannot buy it in the app.
    const buyer = await newPayer();
    const refused = await call("POST", "/api/v1/abonements", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { type_id: type.id } });
    expect([refused.status, refused.body.error?.code]).toEqual([422, "abonement_type_unavailable"]);
  });

  it("refuses a type that does not add up, changing nothing", async () => {
    const admin = await adminToken();
    const before = Number((await sql("select count(*) as n from abonement_types")).rows[0]!.n);
    const bad = [
      { name: "x", kind: "visits", price_minor: 100_000, service_ids: [HAIRCUT] },
      { name: "x", kind: "unlimited", visits_count: 3, price_minor: 100_000, service_ids: [HAIRCUT] },
      { name: "x", kind: "visits", visits_count: 3, validity_days: 30, price_minor: 100_000, service_ids: [] },
      { name: "x", kind: "visits", visits_count: 3, validity_days: 30, price_minor: -5, service_ids: [HAIRCUT] },
    ];
    for (const body of bad) expect((await call("POST", "/api/v1/admin/abonement-types", { token: admin, body })).status).toBe(400);
    const unknown = await call("POST", "/api/v1/admin/abonement-types", { token: admin, body: { name: "x", kind: "visits", visits_count: 3, validity_days: 30, price_minor: 100_000, service_ids: [999_999] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe("invalid_reference");
    expect(Number((await sql("select count(*) as n from abonement_types")).rows[0]!.n)).toBe(before);
  });
});

describe("abonements sold at the desk and booked with", () => {
  let master: { id: number };
  let other: { id: number };
  beforeAll(async () => {
    master = await newMaster({ services: [HAIRCUT, MASSAGE] });
    other = await newMaster({ services: [HAIRCUT, MASSAGE] });
  });

  it("sells at the desk, active at once, without an online payment, audited", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    expect(sold).toMatchObject({ status: "active", sold_by: "desk", visits: { total: 5, used: 0, reserved: 0, left: 5 }, holder: { phone: customer.phone } });
    const { rows } = await sql("select provider, receipt from abonements where id = ?", [sold.id]);
    expect(rows[0]).toMatchObject({ provider: null, receipt: null });
    expect((await auditOf(sold.id)).map((e) => e.action)).toContain("sell");
    const mine = (await call("GET", "/api/v1/me/abonements", { token: customer.token })).body.abonements;
    expect(mine[0]).toMatchObject({ id: sold.id, visits: { left: 5 }, services: [{ id: HAIRCUT }] });
  });

  it("pays the service's price; the add-on is left to pay; the visit is reserved with its share of the price", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    const quote = await call("POST", "/api/v1/bookings/quote", { token: customer.token, body: { service_id: HAIRCUT, staff_id: master.id, additional_services: [STYLING], date: salonDate(20), abonement_id: sold.id } });
    expect(quote.status).toBe(200);
    expect(quote.body.quote.abonement).toMatchObject({ abonement_id: sold.id, covered: { amount_minor: 150_000 }, left_to_pay: { amount_minor: 120_000 } });
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(20), "10:00"), additional_services: [STYLING], abonement_id: sold.id });
    expect(res.status).toBe(201);
    expect(res.body.booking.price).toEqual({ amount_minor: 270_000, currency: "RUB" });
    expect(res.body.booking.money).toMatchObject({ abonement_used: { abonement_id: sold.id, name: "5 стрижек", covered: { amount_minor: 150_000 } }, left_to_pay: { amount_minor: 120_000 } });
    expect(await useOf(res.body.booking.id)).toMatchObject({ status: "reserved", value_minor: 120_000, covered_minor: 150_000 });
    const panel = await call("GET", `/api/v1/admin/bookings/${res.body.booking.id}`, { token: await adminToken() });
    expect(panel.body.money_summary).toMatchObject({ abonement: { abonement_id: sold.id, covered_minor: 150_000, value_minor: 120_000, status: "reserved" }, left_to_pay_minor: 120_000 });
    const mine = (await call("GET", "/api/v1/me/abonements", { token: customer.token })).body.abonements[0];
    expect(mine.visits).toEqual({ total: 5, used: 0, reserved: 1, left: 4 });
  });

  it("refuses with a code naming why, and books nothing", async () => {
    const customer = await newCustomer();
    const stranger = await newCustomer();
    const sold = await sell(customer.phone, { staff_ids: [master.id] });
    const date = salonDate(21);
    const refused = async (token: string, body: Record<string, unknown>, code: string) => {
      const key = newKey();
      const res = await book(token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, "11:00"), abonement_id: sold.id, ...body }, key);
      expect([res.status, res.body.error?.code]).toEqual([422, code]);
      expect(await bookingsWithKey(key)).toBe(0);
    };
    await refused(stranger.token, {}, "abonement_not_found");
    await refused(customer.token, { abonement_id: 999_999 }, "abonement_not_found");
    await refused(customer.token, { service_id: MASSAGE }, "abonement_not_covering");
    await refused(customer.token, { staff_id: other.id }, "abonement_not_covering");
    await refused(customer.token, { promo_code: "ANY" }, "abonement_not_combinable");
    const admin = await adminToken();
    const frozen = await call("POST", `/api/v1/admin/abonements/${sold.id}/freeze`, { token: admin, body: { from: date, days: 2, reason: "отпуск" } });
    expect(frozen.status).toBe(200);
    await refused(customer.token, {}, "abonement_frozen");
    await sql("update abonements set expires_at = ? where id = ?", [new Date(Date.now() + 86_400_000).toISOString(), sold.id]);
    await refused(customer.token, {}, "abonement_expired");
    const one = await sell(customer.phone, { visits_count: 1 });
    expect((await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, "12:00"), abonement_id: one.id })).status).toBe(201);
    await refused(customer.token, { abonement_id: one.id }, "abonement_used_up");
    const voided = await sell(customer.phone);
    expect((await call("POST", `/api/v1/admin/abonements/${voided.id}/void`, { token: admin, body: { reason: "ошибка кассира" } })).status).toBe(200);
    await refused(customer.token, { abonement_id: voided.id }, "abonement_not_active");
  });

  it("never books more visits than there are: 12 racing bookings on a 3-visit abonement make exactly 3", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone, { visits_count: 3 });
    const admin = await adminToken();
    const times = ["10:00", "11:00", "12:00", "13:00", "15:00", "16:00"];
    const requests = [salonDate(24), salonDate(25)].flatMap((date) => times.map((time) => slot(date, time)));
    const answers = await Promise.all(requests.map((at) => book(admin, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: at, phone: customer.phone, abonement_id: sold.id })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body.error.code)).toEqual(Array(9).fill("abonement_used_up"));
    const { rows } = await sql("select count(*) as n, sum(value_minor) as total from abonement_uses where abonement_id = ?", [sold.id]);
    // 6 000 ₽ in three shares: 2 000 ₽ each, adding up to the price exactly.
    expect(rows[0]).toMatchObject({ n: 3, total: 600_000 });
    expect(Number((await sql("select count(*) as n from bookings where abonement_id = ? and status <> 'cancelled'", [sold.id])).rows[0]!.n)).toBe(3);
  });

  it("spends the visit on completion", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(22), "10:00"), abonement_id: sold.id });
    await intoThePast(res.body.booking.id);
    expect((await mark(res.body.booking.id, "complete")).status).toBe(200);
    expect((await useOf(res.body.booking.id))!.status).toBe("spent");
    const mine = (await call("GET", "/api/v1/me/abonements", { token: customer.token })).body.abonements[0];
    expect(mine.visits).toEqual({ total: 5, used: 1, reserved: 0, left: 4 });
    expect(mine.recent_uses[0]).toMatchObject({ booking_id: res.body.booking.id, status: "spent" });
  });

  it("gives the visit back on a cancel the policy refunds in full, and spends it on a late one", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    const early = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(23), "10:00"), abonement_id: sold.id });
    expect((await call("PATCH", `/api/v1/bookings/${early.body.booking.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);
    expect((await useOf(early.body.booking.id))!.status).toBe("returned");
    // Late: inside the full-refund window, which a wider window makes of a visit 10 days ahead.
    const admin = await adminToken();
    const was = (await call("GET", "/api/v1/admin/settings", { token: admin })).body.settings.refund_full_hours;
    try {
      await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { refund_full_hours: 720 } });
      const late = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(10), "10:00"), abonement_id: sold.id });
      expect((await call("PATCH", `/api/v1/bookings/${late.body.booking.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);
      expect((await useOf(late.body.booking.id))!.status).toBe("spent");
    } finally {
      await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { refund_full_hours: was } });
    }
  });

  it("a no-show spends the visit, or gives it back when the salon says so", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    const admin = await adminToken();
    const first = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(26), "10:00"), abonement_id: sold.id });
    await intoThePast(first.body.booking.id);
    expect((await mark(first.body.booking.id, "no_show")).status).toBe(200);
    expect((await useOf(first.body.booking.id))!.status).toBe("spent");
    try {
      expect((await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { abonement_no_show_spends: false } })).body.settings.abonement_no_show_spends).toBe(false);
      const second = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(26), "11:00"), abonement_id: sold.id });
      await intoThePast(second.body.booking.id);
      expect((await mark(second.body.booking.id, "no_show")).status).toBe(200);
      expect((await useOf(second.body.booking.id))!.status).toBe("returned");
    } finally {
      await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { abonement_no_show_spends: true } });
    }
  });

  it("asks a prepayment only for the add-ons, and a lapsed hold gives the visit back", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone, { service_ids: [MASSAGE] });
    const res = await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(27), "10:00"), additional_services: [AROMA], abonement_id: sold.id });
    expect(res.status).toBe(201);
    expect(res.body.booking).toMatchObject({ status: "held", prepayment: { amount_minor: 50_000 }, money: { abonement_used: { covered: { amount_minor: 350_000 } }, left_to_pay: { amount_minor: 50_000 } } });
    await expireHold(master.id, res.body.booking.id);
    expect((await useOf(res.body.booking.id))!.status).toBe("returned");
  });

  it("a lapsed hold paid after all takes its visit again", async () => {
    const customer = await newPayer();
    const sold = await sell(customer.phone, { service_ids: [MASSAGE] });
    const res = await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(27), "12:00"), additional_services: [AROMA], abonement_id: sold.id });
    const payment = await pay(customer.token, { booking_id: res.body.booking.id });
    expect(payment.status).toBe(201);
    await expireHold(master.id, res.body.booking.id);
    expect((await useOf(res.body.booking.id))!.status).toBe("returned");
    await settleAtProvider(await providerIdOf(payment.body.payment.id), "succeed");
    expect((await sql("select status from bookings where id = ?", [res.body.booking.id])).rows[0]!.status).toBe("confirmed");
    expect((await useOf(res.body.booking.id))!.status).toBe("reserved");
  });

  it("a move keeps the visit on a date the abonement covers and refuses a frozen one", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone);
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(28), "10:00"), abonement_id: sold.id });
    const admin = await adminToken();
    expect((await call("POST", `/api/v1/admin/abonements/${sold.id}/freeze`, { token: admin, body: { from: salonDate(29), days: 1, reason: "отпуск" } })).status).toBe(200);
    const frozen = await call("PATCH", `/api/v1/bookings/${res.body.booking.id}`, { token: customer.token, body: { action: "reschedule", appointment_datetime: slot(salonDate(29), "10:00") } });
    expect([frozen.status, frozen.body.error?.code]).toEqual([422, "abonement_frozen"]);
    const moved = await call("PATCH", `/api/v1/bookings/${res.body.booking.id}`, { token: customer.token, body: { action: "reschedule", appointment_datetime: slot(salonDate(31), "10:00") } });
    expect(moved.status).toBe(200);
    expect((await sql("select status, visit_date from abonement_uses where booking_id = ?", [res.body.booking.id])).rows[0]).toMatchObject({ status: "reserved", visit_date: salonDate(31) });
  });

  it("a once-a-day membership takes one visit a day", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone, { kind: "unlimited", visits_count: undefined, validity_days: undefined, once_per_day: true });
    const date = salonDate(3);
    expect((await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, "16:00"), abonement_id: sold.id })).status).toBe(201);
    const second = await book(customer.token, { service_id: HAIRCUT, staff_id: other.id, appointment_datetime: slot(date, "17:00"), abonement_id: sold.id });
    expect([second.status, second.body.error?.code]).toEqual([422, "abonement_daily_limit"]);
  });

  it("extends and freezes within the limit, refuses a freeze over a booked visit naming it, all audited", async () => {
    const customer = await newCustomer();
    const sold = await sell(customer.phone, { freeze_max_days: 10 });
    const admin = await adminToken();
    const before = (await call("GET", `/api/v1/admin/abonements/${sold.id}`, { token: admin })).body.abonement.expires_at as string;
    const booked = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(5), "10:00"), abonement_id: sold.id });
    const over = await call("POST", `/api/v1/admin/abonements/${sold.id}/freeze`, { token: admin, body: { from: salonDate(4), days: 3, reason: "отпуск" } });
    expect([over.status, over.body.error.code, over.body.error.details.booking_id]).toEqual([409, "abonement_freeze_over_booking", booked.body.booking.id]);
    const frozen = await call("POST", `/api/v1/admin/abonements/${sold.id}/freeze`, { token: admin, body: { from: salonDate(10), days: 7, reason: "отпуск" } });
    expect(frozen.status).toBe(200);
    expect(frozen.body.abonement).toMatchObject({ frozen_days: 7, freezes: [{ from: salonDate(10), to: salonDate(16), days: 7 }] });
    expect(Date.parse(frozen.body.abonement.expires_at) - Date.parse(before)).toBe(7 * 86_400_000);
    const past = await call("POST", `/api/v1/admin/abonements/${sold.id}/freeze`, { token: admin, body: { from: salonDate(30), days: 4, reason: "ещё отпуск" } });
    expect([past.status, past.body.error.code]).toEqual([422, "abonement_freeze_limit"]);
    const extended = await call("POST", `/api/v1/admin/abonements/${sold.id}/extend`, { token: admin, body: { expires_at: `${salonDate(200)}T00:00`, reason: "болела" } });
    expect(extended.status).toBe(200);
    const voided = await call("POST", `/api/v1/admin/abonements/${sold.id}/void`, { token: admin, body: { reason: "возврат в кассе" } });
    expect(voided.body.abonement).toMatchObject({ status: "void", end_reason: "возврат в кассе" });
    const actions = (await auditOf(sold.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["sell", "freeze", "extend", "void"]));
    const listed = await call("GET", `/api/v1/admin/abonements?phone=${encodeURIComponent(customer.phone)}`, { token: admin });
    expect(listed.body.abonements.map((a: { id: number }) => a.id)).toContain(sold.id);
  });

  it("lists active abonements expiring soon, soonest first", async () => {
    const customer = await newCustomer();
    const soon = await sell(customer.phone, { validity_days: 3 });
    const later = await sell(customer.phone, { validity_days: 300 });
    const listed = await call("GET", "/api/v1/admin/abonements?expiring_within_days=5&limit=200", { token: await adminToken() });
    expect(listed.status).toBe(200);
    const ids = listed.body.abonements.map((a: { id: number }) => a.id);
    expect(ids).toContain(soon.id);
    expect(ids).not.toContain(later.id);
  });
});

describe("abonements sold online", () => {
  let master: { id: number };
  beforeAll(async () => {
    master = await newMaster({ services: [HAIRCUT] });
  });

  it("sells with an advance receipt, activates on the payment, and settles a completed visit's share with a closing receipt", async () => {
    const type = await newType({ name: "Три стрижки", visits_count: 3, price_minor: 400_000 });
    const buyer = await newPayer();
    const res = await call("POST", "/api/v1/abonements", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { type_id: type.id } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ abonement: { status: "awaiting_payment", sold_by: "online", expires_at: null }, payment: { status: "pending", amount: { amount_minor: 400_000 } } });
    const payment = (await fake<{ items: any[] }>("/__fake/payments")).items.find((p) => p.metadata.abonement_id === String(res.body.abonement.id));
    const sent = await fake(`/__fake/sent-receipt/${payment.id}`);
    expect(sent.receipt).toEqual({
      customer: { email: buyer.email },
      items: [{ description: "Абонемент «Три стрижки»", quantity: 1, amount: { value: "4000.00", currency: "RUB" }, vat_code: 1, payment_subject: "payment", payment_mode: "advance" }],
    });
    // Not bookable before it is paid.
    const early = await book(buyer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(30), "10:00"), abonement_id: res.body.abonement.id });
    expect(early.body.error.code).toBe("abonement_not_found");
    expect((await settleAtProvider(payment.id, "succeed")).body.outcome).toBe("abonement_activated");
    const mine = (await call("GET", "/api/v1/me/abonements", { token: buyer.token })).body.abonements[0];
    expect(mine).toMatchObject({ id: res.body.abonement.id, status: "active", expires_at: expect.any(String) });
    const booked = await book(buyer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(30), "10:00"), abonement_id: res.body.abonement.id });
    expect(booked.status).toBe(201);
    await intoThePast(booked.body.booking.id);
    expect((await mark(booked.body.booking.id, "complete")).status).toBe(200);
    const receipts = (await fake<{ items: any[] }>(`/__fake/receipts?payment_id=${payment.id}`)).items;
    expect(receipts).toHaveLength(1);
    // 4 000 ₽ over three visits: 1 333.33 ₽ each, the last one taking the rest.
    expect(receipts[0]).toMatchObject({
      items: [{ description: "Стрижка мужская", quantity: 1, amount: { value: "1333.33", currency: "RUB" }, payment_subject: "service", payment_mode: "full_payment" }],
      settlements: [{ type: "prepayment", amount: { value: "1333.33", currency: "RUB" } }],
    });
    expect((await sql("select status from abonement_settlements where booking_id = ?", [booked.body.booking.id])).rows[0]!.status).toBe("sent");
  });

  it("sends a closing receipt the provider could not take at the completion again from the cron", async () => {
    const type = await newType({ name: "Две стрижки", visits_count: 2, price_minor: 300_000 });
    const buyer = await newPayer();
    const res = await call("POST", "/api/v1/abonements", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { type_id: type.id } });
    const id = res.body.abonement.id as number;
    const payment = (await fake<{ items: any[] }>("/__fake/payments")).items.find((p) => p.metadata.abonement_id === String(id));
    await settleAtProvider(payment.id, "succeed");
    // The provider fails every receipt of this sale until the rule is lifted.
    await fake("/__fake/rules", { abonement_id: id, mode: "http_500", on: "receipt" });
    const booked = await book(buyer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(31), "10:00"), abonement_id: id });
    await intoThePast(booked.body.booking.id);
    expect((await mark(booked.body.booking.id, "complete")).status).toBe(200);
    const settlement = async () => (await sql("select status, attempts from abonement_settlements where booking_id = ?", [booked.body.booking.id])).rows[0];
    expect(await settlement()).toMatchObject({ status: "pending", attempts: 1 });
    await fake("/__fake/rules", { abonement_id: id, mode: null });
    await runCron(Date.now() + 120_000);
    expect(await settlement()).toMatchObject({ status: "sent", attempts: 2 });
    const receipts = (await fake<{ items: any[] }>(`/__fake/receipts?payment_id=${payment.id}`)).items;
    expect(receipts.map((r) => r.settlements[0].amount.value)).toEqual(["1500.00"]);
  });

  it("a declined sale never becomes an abonement", async () => {
    const type = await newType();
    const buyer = await newPayer();
    const res = await call("POST", "/api/v1/abonements", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { type_id: type.id } });
    const payment = (await fake<{ items: any[] }>("/__fake/payments")).items.find((p) => p.metadata.abonement_id === String(res.body.abonement.id));
    await settleAtProvider(payment.id, "cancel");
    expect((await sql("select status from abonements where id = ?", [res.body.abonement.id])).rows[0]!.status).toBe("canceled");
  });
});
