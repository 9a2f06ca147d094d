// onepay: a multi-service visit is paid once: one payment for every held item,
// one receipt with a line per service and add-on (checked by the strict
// YooKassa fake), all items booked by its success; hold expiry, cancels and
// late payments give each item's money back once.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { openDb } from "../../worker/repo/db.js";
import { completeUnmarkedPrepaid } from "../../worker/reservations/auto-complete.js";
import { call } from "./client.js";
import { adminToken, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";
import { bookingRow, expireHold, fake, newPayer, pay, paymentRow, providerCalls, providerIdOf, settleAtProvider } from "./payments-helpers.js";

const MASSAGE = 8; // 3500 ₽, deposit 1000 ₽, 60 min
const SPA = 9; // 5000 ₽, paid in full, 90 min
const AROMA = 10; // add-on 500 ₽, 15 min
const HAIRCUT = 3; // 1500 ₽, nothing ahead, 45 min

type Payer = Awaited<ReturnType<typeof newPayer>>;

const item = (description: string, value: string, mode: string) => ({
  description,
  quantity: 1,
  amount: { value, currency: "RUB" },
  vat_code: 1,
  payment_subject: "service",
  payment_mode: mode,
});

/** No break: a visit of four services fits in one run. */
const LONG_DAY = { start: "09:00", end: "21:00", breaks: [] as [string, string][] };

let masters: { massage: number; spa: number; second: number; cut: number };
beforeAll(async () => {
  const [massage, spa, second, cut] = await Promise.all([
    newMaster({ services: [MASSAGE], hours: LONG_DAY }),
    newMaster({ services: [SPA, AROMA], hours: LONG_DAY }),
    newMaster({ services: [MASSAGE], hours: LONG_DAY }),
    newMaster({ services: [HAIRCUT], hours: LONG_DAY }),
  ]);
  masters = { massage: massage.id, spa: spa.id, second: second.id, cut: cut.id };
});

/** Massage, then SPA with aromatherapy, optionally a second massage and a haircut: two or three prepaid items. */
async function bookVisit(customer: Payer, day: number, time: string, opts: { more?: boolean; cut?: boolean } = {}) {
  const items: Record<string, unknown>[] = [
    { service_id: MASSAGE, staff_id: masters.massage },
    { service_id: SPA, staff_id: masters.spa, additional_services: [AROMA] },
  ];
  if (opts.more) items.push({ service_id: MASSAGE, staff_id: masters.second });
  if (opts.cut) items.push({ service_id: HAIRCUT, staff_id: masters.cut });
  const res = await call("POST", "/api/v1/visits", { token: customer.token, body: { items, appointment_datetime: slot(salonDate(day), time) }, headers: { "idempotency-key": newKey() } });
  if (res.status !== 201) throw new Error(`no visit: ${JSON.stringify(res.body)}`);
  return res.body.visit as { id: number; bookings: { id: number; status: string; service: { id: number }; staff: { id: number } }[] };
}

const byService = (visit: Awaited<ReturnType<typeof bookVisit>>, serviceId: number) => visit.bookings.find((b) => b.service.id === serviceId)!.id;
const byMaster = (visit: Awaited<ReturnType<typeof bookVisit>>, staffId: number) => visit.bookings.find((b) => b.staff.id === staffId)!.id;
const refundsOf = async (paymentId: number) => (await sql("select amount_minor, reason, idempotency_key from refunds where payment_id = ? order by id", [paymentId])).rows;
const visitPayments = async (visitId: number) => (await sql("select id from payments where visit_id = ?", [visitId])).rows;
const refundCalls = async (anchorId: number) => (await providerCalls(anchorId)).filter((c) => c.kind === "refund");

async function paidVisit(customer: Payer, day: number, time: string, opts: { more?: boolean; cut?: boolean } = {}) {
  const visit = await bookVisit(customer, day, time, opts);
  const res = await pay(customer.token, { booking_id: visit.bookings[0]!.id });
  expect(res.status).toBe(201);
  const payment = res.body.payment;
  await settleAtProvider(await providerIdOf(payment.id), "succeed");
  return { visit, payment, anchor: payment.booking_id as number };
}

describe("one visit, one payment", () => {
  it("pays every prepaid item of a visit in one payment whose receipt lists each service and add-on, summing exactly; its success books them all", async () => {
    const customer = await newPayer();
    const visit = await bookVisit(customer, 30, "10:00", { more: true, cut: true });
    const massage = byMaster(visit, masters.massage);
    const spa = byService(visit, SPA);
    const second = byMaster(visit, masters.second);
    expect(visit.bookings.filter((b) => b.status === "held").map((b) => b.id).sort()).toEqual([massage, spa, second].sort());

    // Paying from any item pays the visit: 1000 + 5500 + 1000 ₽.
    const res = await pay(customer.token, { booking_id: spa });
    expect(res.status).toBe(201);
    expect(res.body.payment).toMatchObject({ visit_id: visit.id, amount: { amount_minor: 750_000, currency: "RUB" }, status: "pending" });
    const anchor = res.body.payment.booking_id;
    const creates = (await providerCalls(anchor)).filter((c) => c.kind === "create");
    expect(creates).toHaveLength(1);
    expect(creates[0].body.amount).toEqual({ value: "7500.00", currency: "RUB" });
    const lines = creates[0].body.receipt.items;
    expect(lines).toEqual([
      item("Классический массаж спины", "1000.00", "partial_prepayment"),
      item("SPA-обёртывание", "5000.00", "full_prepayment"),
      item("Ароматерапия", "500.00", "full_prepayment"),
      item("Классический массаж спины", "1000.00", "partial_prepayment"),
    ]);
    expect(lines).toHaveLength(4);
    const cents = lines.reduce((sum: number, l: { amount: { value: string } }) => sum + Math.round(Number(l.amount.value) * 100), 0);
    expect(cents).toBe(750_000);
    // The strict fake took it: the payment is open at the provider.
    expect((await fake(`/__fake/payments?booking_id=${anchor}`)).items).toHaveLength(1);

    // Another item's pay button finds the same payment; nothing new is created.
    const again = await pay(customer.token, { booking_id: second });
    expect(again.status).toBe(200);
    expect(again.body.payment.id).toBe(res.body.payment.id);
    expect(await visitPayments(visit.id)).toHaveLength(1);

    await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed");
    for (const id of [massage, spa, second]) expect((await bookingRow(id)).status).toBe("confirmed");
    const list = (await call("GET", "/api/v1/bookings", { token: customer.token })).body.bookings;
    const paidSpa = list.find((b: { id: number }) => b.id === spa);
    expect(paidSpa.money.paid).toEqual({ amount_minor: 550_000, currency: "RUB" });
    expect(list.find((b: { id: number }) => b.id === massage).money.left_to_pay.amount_minor).toBe(250_000);
  });

  it("two pay requests racing from two items of one visit create one payment", async () => {
    const customer = await newPayer();
    const visit = await bookVisit(customer, 41, "10:00");
    const [a, b] = await Promise.all(visit.bookings.map((item) => pay(customer.token, { booking_id: item.id })));
    expect([a!.status, b!.status].sort()).toEqual([200, 201]);
    expect(a!.body.payment.id).toBe(b!.body.payment.id);
    expect(await visitPayments(visit.id)).toHaveLength(1);
    expect((await sql("select count(*) as n from payment_items where payment_id = ?", [a!.body.payment.id])).rows[0]!.n).toBe(2);
  });

  it("gives every held item of the visit the same hold, so expiry releases all of them, each in its own ledger, and paying then is refused", async () => {
    const customer = await newPayer();
    // Three held items wait for one payment: they count as one hold against the account's cap of two.
    const visit = await bookVisit(customer, 31, "10:00", { more: true });
    await bookVisit(customer, 31, "15:00");
    const held = (await sql("select id, staff_id, hold_expires_at from bookings where visit_id = ? and status = 'held'", [visit.id])).rows;
    expect(held).toHaveLength(3);
    expect(new Set(held.map((r) => r.hold_expires_at)).size).toBe(1);
    for (const r of held) await expireHold(Number(r.staff_id), Number(r.id));
    for (const r of held) expect(await bookingRow(Number(r.id))).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
    const late = await pay(customer.token, { booking_id: visit.bookings[0]!.id });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("hold_expired");
    expect(await visitPayments(visit.id)).toHaveLength(0);
  });

  it("a payment that succeeds after one item's hold ran out books the whole visit again, with no refund", async () => {
    const customer = await newPayer();
    const visit = await bookVisit(customer, 32, "10:00");
    const res = await pay(customer.token, { booking_id: visit.bookings[0]!.id });
    const massage = byService(visit, MASSAGE);
    await expireHold(masters.massage, massage);
    await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed");
    for (const b of visit.bookings) expect((await bookingRow(b.id)).status).toBe("confirmed");
    expect(await refundsOf(res.body.payment.id)).toHaveLength(0);
  });

  it("a payment that succeeds after an expired item's time was taken refunds that item's share, with a receipt for it, and books the rest", async () => {
    const customer = await newPayer();
    const visit = await bookVisit(customer, 33, "10:00");
    const res = await pay(customer.token, { booking_id: visit.bookings[0]!.id });
    const massage = byService(visit, MASSAGE);
    const spa = byService(visit, SPA);
    await expireHold(masters.massage, massage);
    // Someone else books the freed massage time.
    const other = await newPayer();
    const start = (await sql("select start_at from bookings where id = ?", [massage])).rows[0]!.start_at as string;
    const taken = await call("POST", "/api/v1/bookings", { token: other.token, body: { service_id: MASSAGE, staff_id: masters.massage, appointment_datetime: start }, headers: { "idempotency-key": newKey() } });
    expect(taken.status).toBe(201);

    await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed");
    expect((await bookingRow(spa)).status).toBe("confirmed");
    expect(await bookingRow(massage)).toMatchObject({ status: "cancelled", needs_attention: "paid_after_expiry_refunded" });
    expect(await refundsOf(res.body.payment.id)).toEqual([expect.objectContaining({ amount_minor: 100_000, reason: "paid_after_expiry" })]);
    const [refund] = await refundCalls(res.body.payment.booking_id);
    expect(refund.body.amount).toEqual({ value: "1000.00", currency: "RUB" });
    expect(refund.body.receipt.items).toEqual([item("Классический массаж спины", "1000.00", "partial_prepayment")]);
    // A repeated notification changes nothing.
    await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed");
    expect(await refundsOf(res.body.payment.id)).toHaveLength(1);
  });

  it("cancelling the whole paid visit refunds once, in full and without a receipt, even when two cancels race", async () => {
    const customer = await newPayer();
    const { visit, payment, anchor } = await paidVisit(customer, 34, "10:00");
    const cancel = () => call("PATCH", `/api/v1/visits/${visit.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    const [a, b] = await Promise.all([cancel(), cancel()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (const item of visit.bookings) expect((await bookingRow(item.id)).status).toBe("cancelled");
    expect(await refundsOf(payment.id)).toEqual([expect.objectContaining({ amount_minor: 650_000, idempotency_key: `refund:${payment.id}:visit` })]);
    const calls = await refundCalls(anchor);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
    expect(calls[0].body.amount).toEqual({ value: "6500.00", currency: "RUB" });
    expect(calls[0].body).not.toHaveProperty("receipt");
    expect(await paymentRow(payment.id)).toMatchObject({ status: "refunded", refunded_minor: 650_000 });
  });

  it("cancelling one item of a paid visit refunds that item's share with a receipt for it; two racing cancels of it refund once", async () => {
    const customer = await newPayer();
    const { visit, payment, anchor } = await paidVisit(customer, 35, "10:00");
    const spa = byService(visit, SPA);
    const massage = byService(visit, MASSAGE);
    const cancel = () => call("PATCH", `/api/v1/bookings/${spa}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    const [a, b] = await Promise.all([cancel(), cancel()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await bookingRow(massage)).status).toBe("confirmed");
    expect(await refundsOf(payment.id)).toEqual([expect.objectContaining({ amount_minor: 550_000, idempotency_key: `refund:${payment.id}:item:${spa}` })]);
    const [refund, ...more] = await refundCalls(anchor);
    expect(more.filter((c) => c.key !== refund.key)).toHaveLength(0);
    expect(refund.body.amount).toEqual({ value: "5500.00", currency: "RUB" });
    expect(refund.body.receipt.items).toEqual([item("SPA-обёртывание", "5000.00", "full_prepayment"), item("Ароматерапия", "500.00", "full_prepayment")]);
    // The booking shows its own refund; the other item keeps its money.
    const list = (await call("GET", "/api/v1/bookings", { token: customer.token })).body.bookings;
    expect(list.find((x: { id: number }) => x.id === massage).money.paid.amount_minor).toBe(100_000);

    // Cancelling the rest of the visit afterwards refunds only what is left, once.
    expect((await call("PATCH", `/api/v1/visits/${visit.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);
    expect((await refundsOf(payment.id)).map((r) => r.amount_minor)).toEqual([550_000, 100_000]);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "refunded", refunded_minor: 650_000 });
  });

  it("a payment that succeeds while the visit is being cancelled ends one way: every item cancelled and its money back once", async () => {
    const customer = await newPayer();
    const visit = await bookVisit(customer, 36, "10:00");
    const res = await pay(customer.token, { booking_id: visit.bookings[0]!.id });
    const providerId = await providerIdOf(res.body.payment.id);
    await fake(`/__fake/payments/${providerId}/succeed`, {});
    const cancel = call("PATCH", `/api/v1/visits/${visit.id}`, { token: await adminToken(), body: { action: "cancel" } });
    const notify = settleAtProvider(providerId, "succeed");
    const [cancelled] = await Promise.all([cancel, notify]);
    expect(cancelled.status).toBe(200);
    // A late duplicate of the notification changes nothing more.
    await settleAtProvider(providerId, "succeed");
    for (const b of visit.bookings) expect((await bookingRow(b.id)).status).toBe("cancelled");
    const refunds = await refundsOf(res.body.payment.id);
    expect(refunds.reduce((sum, r) => sum + Number(r.amount_minor), 0)).toBe(650_000);
    const claimed = (await sql("select booking_id, refund_key from payment_items where payment_id = ?", [res.body.payment.id])).rows;
    expect(claimed.every((r) => r.refund_key !== null)).toBe(true);
  });

  it("sends one closing receipt for the visit's payment once its items are done, listing the delivered items at full payment", async () => {
    const customer = await newPayer();
    const { visit, payment } = await paidVisit(customer, 37, "10:00");
    const admin = await adminToken();
    // The visit took place yesterday.
    const base = Date.now() - 26 * 3_600_000;
    for (const [i, b] of visit.bookings.entries()) {
      const start = new Date(base + i * 2 * 3_600_000).toISOString();
      await sql("update bookings set start_at = ?, end_at = ? where id = ?", [start, new Date(Date.parse(start) + 3_600_000).toISOString(), b.id]);
    }
    const [first, second] = visit.bookings;
    expect((await call("PATCH", `/api/v1/bookings/${first!.id}`, { token: admin, body: { action: "complete" } })).status).toBe(200);
    expect((await sql("select count(*) as n from receipts where payment_id = ?", [payment.id])).rows[0]!.n).toBe(0);
    expect((await call("PATCH", `/api/v1/bookings/${second!.id}`, { token: admin, body: { action: "complete" } })).status).toBe(200);
    const providerId = await providerIdOf(payment.id);
    const closing = (await fake<{ items: any[] }>(`/__fake/receipts?payment_id=${providerId}`)).items;
    expect(closing).toHaveLength(1);
    const lines = closing[0].items ?? closing[0].body?.items;
    expect(lines.map((l: any) => [l.description, l.amount.value, l.payment_mode])).toEqual(
      expect.arrayContaining([
        ["Классический массаж спины", "1000.00", "full_payment"],
        ["SPA-обёртывание", "5000.00", "full_payment"],
        ["Ароматерапия", "500.00", "full_payment"],
      ]),
    );
  });
});

describe("a visit paid once, left unmarked", () => {
  it("is completed by the cron item by item, every item paid with the visit included, and its one closing receipt follows", async () => {
    const customer = await newPayer();
    const { visit, payment } = await paidVisit(customer, 40, "10:00");
    const base = Date.now() - 40 * 3_600_000;
    for (const [i, b] of visit.bookings.entries()) {
      const start = new Date(base + i * 2 * 3_600_000).toISOString();
      await sql("update bookings set start_at = ?, end_at = ? where id = ?", [start, new Date(Date.parse(start) + 3_600_000).toISOString(), b.id]);
    }
    // The cron takes 20 at a time: run it until both items are done (other files' bookings may come first).
    await expect
      .poll(async () => {
        await completeUnmarkedPrepaid(openDb(env as unknown as Env), env as unknown as Env, new Date());
        return (await sql("select status from bookings where visit_id = ? order by id", [visit.id])).rows.map((r) => r.status);
      }, { timeout: 15_000 })
      .toEqual(["completed", "completed"]);
    expect((await sql("select count(*) as n from receipts where payment_id = ?", [payment.id])).rows[0]!.n).toBe(1);
  });
});

describe("the booking panel's money summary", () => {
  const detail = async (bookingId: number) => (await call("GET", `/api/v1/admin/bookings/${bookingId}`, { token: await adminToken() })).body;

  it("shows each item of a paid visit its own share of the one payment, refunds and what is left to pay at the desk", async () => {
    const customer = await newPayer();
    const { visit, payment } = await paidVisit(customer, 38, "10:00", { cut: true });
    const massage = byService(visit, MASSAGE);
    const spa = byService(visit, SPA);
    const cut = byService(visit, HAIRCUT);
    expect((await call("PATCH", `/api/v1/bookings/${spa}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);

    const shown = await detail(massage);
    expect(shown.money_summary).toEqual({
      currency: "RUB",
      price_minor: 350_000,
      discount_minor: 0,
      certificate_minor: 0,
      abonement: null,
      points_minor: 0,
      prepayment_minor: 100_000,
      paid_online_minor: 100_000,
      left_to_pay_minor: 250_000,
      refunded_minor: 0,
      refund_pending_minor: 0,
      visit_payment: { visit_id: visit.id, payment_id: payment.id, amount_minor: 650_000, items: 2 },
      deposit_waived: null,
    });
    // The visit's payment is listed on every item it paid for, with the payment's receipt.
    expect(shown.payments.map((p: { id: number }) => p.id)).toEqual([payment.id]);
    expect(shown.receipts[0]).toMatchObject({ kind: "payment", amount: { amount_minor: 650_000 } });
    expect((await detail(spa)).money_summary).toMatchObject({ paid_online_minor: 550_000, refunded_minor: 550_000 });
    expect((await detail(cut)).money_summary).toMatchObject({ price_minor: 150_000, paid_online_minor: 0, left_to_pay_minor: 150_000, visit_payment: null });
  });

  it("shows a single booking's points and payment as before, without a visit", async () => {
    const customer = await newPayer();
    await sql("insert into loyalty_ledger (user_id, points, reason, dedupe_key) values (?, 30000, 'adjusted', ?)", [customer.id, `test:${newKey()}`]);
    const res = await call("POST", "/api/v1/bookings", { token: customer.token, body: { service_id: MASSAGE, staff_id: masters.massage, appointment_datetime: slot(salonDate(39), "10:00") }, headers: { "idempotency-key": newKey() } });
    const paid = await pay(customer.token, { booking_id: res.body.booking.id, use_loyalty_points: true });
    await settleAtProvider(await providerIdOf(paid.body.payment.id), "succeed");
    expect((await detail(res.body.booking.id)).money_summary).toMatchObject({ price_minor: 350_000, points_minor: 30_000, paid_online_minor: 70_000, left_to_pay_minor: 250_000, visit_payment: null });
  });
});
