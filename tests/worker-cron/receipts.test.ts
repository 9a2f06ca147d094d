// Fiscal receipts (54-FZ) through YooKassa, end to end against the strict fake
// (tests/fakes/yookassa-receipts.ts says where each rule comes from): the
// receipt every payment carries, the contact it needs, the partial refund's
// receipt, and the closing receipt after the visit, sent once however often
// it is retried. The demo salon issues receipts through YooKassa's service,
// "without VAT" (db/seed.ts).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { retryClosingReceipts } from "../../worker/payments/closing-receipts.js";
import { refundPayment } from "../../worker/payments/refunds.js";
import { findBooking } from "../../worker/repo/bookings.js";
import { openDb } from "../../worker/repo/db.js";
import { findPayment } from "../../worker/repo/payments.js";
import { completeUnmarkedPrepaid } from "../../worker/reservations/auto-complete.js";
import { call, runCron } from "../worker/client.js";
import { adminToken, book, newCustomer, newMaster, salonDate, slot, sql, tokenFor } from "../worker/scenario.js";
import { fake, givePoints, newPayer, pay, providerCalls, providerIdOf, setRule, settleAtProvider } from "../worker/payments-helpers.js";

const workerEnv = env as unknown as Env;
const db = () => openDb(workerEnv);
const MASSAGE = 8;
const SPA = 9;
const AROMA = 10;

type Payer = Awaited<ReturnType<typeof newPayer>>;

async function held(customer: { token: string }, staffId: number, date: string, time: string, serviceId: number, addons: number[] = []) {
  const res = await book(customer.token, { service_id: serviceId, staff_id: staffId, appointment_datetime: slot(date, time), additional_services: addons });
  if (res.status !== 201 || res.body.booking.status !== "held") throw new Error(`no held booking: ${JSON.stringify(res.body)}`);
  return res.body.booking as { id: number };
}

/** The receipt YooKassa received with the booking's payment. */
async function sentReceipt(bookingId: number) {
  const create = (await providerCalls(bookingId)).find((c) => c.kind === "create");
  return create?.body?.receipt;
}

const item = (description: string, value: string, mode: string) => ({
  description,
  quantity: 1,
  amount: { value, currency: "RUB" },
  vat_code: 1,
  payment_subject: "service",
  payment_mode: mode,
});

async function paidBooking(customer: Payer, staffId: number, date: string, time: string, addons: number[] = [AROMA]) {
  const booking = await held(customer, staffId, date, time, MASSAGE, addons);
  const res = await pay(customer.token, { booking_id: booking.id });
  expect(res.status).toBe(201);
  const providerId = await providerIdOf(res.body.payment.id);
  await settleAtProvider(providerId, "succeed");
  return { bookingId: booking.id, paymentId: res.body.payment.id as number, providerId };
}

/** The visit took place: its time moved into the past, as if the day had gone by. */
async function inThePast(bookingId: number, hoursAgo: number) {
  const end = Date.now() - hoursAgo * 3_600_000;
  await sql("update bookings set start_at = ?, end_at = ? where id = ?", [new Date(end - 3_600_000).toISOString(), new Date(end).toISOString(), bookingId]);
}

const receiptRow = async (paymentId: number) =>
  (await sql("select status, attempts, last_error, idempotence_key from receipts where payment_id = ?", [paymentId])).rows;
const closingReceiptsAt = async (providerId: string) => (await fake<{ items: any[] }>(`/__fake/receipts?payment_id=${providerId}`)).items;
const detail = async (bookingId: number) => (await call("GET", `/api/v1/admin/bookings/${bookingId}`, { token: await adminToken() })).body;

describe("the receipt every YooKassa payment carries", () => {
  let master: { id: number };
  beforeAll(async () => {
    master = await newMaster({ services: [MASSAGE, SPA, AROMA] });
  });

  it("lists each service and add-on at its price as full prepayment when the whole price is paid ahead", async () => {
    const customer = await newPayer();
    const booking = await held(customer, master.id, salonDate(20), "10:00", SPA, [AROMA]);
    const res = await pay(customer.token, { booking_id: booking.id });
    expect(res.status).toBe(201);
    expect(await sentReceipt(booking.id)).toEqual({
      customer: { email: customer.email },
      items: [item("SPA-обёртывание", "5000.00", "full_prepayment"), item("Ароматерапия", "500.00", "full_prepayment")],
    });
  });

  it("spreads a deposit over the service and add-on by their prices, as partial prepayment", async () => {
    const customer = await newPayer();
    const booking = await held(customer, master.id, salonDate(20), "12:00", MASSAGE, [AROMA]);
    expect((await pay(customer.token, { booking_id: booking.id })).status).toBe(201);
    expect((await sentReceipt(booking.id)).items).toEqual([
      item("Классический массаж спины", "875.00", "partial_prepayment"),
      item("Ароматерапия", "125.00", "partial_prepayment"),
    ]);
  });

  it("spreads the points off the price so the items add up to the money paid, to the kopeck", async () => {
    const customer = await newPayer();
    await givePoints(customer.id, 33_333);
    const booking = await held(customer, master.id, salonDate(20), "15:00", MASSAGE, [AROMA]);
    const res = await pay(customer.token, { booking_id: booking.id, use_loyalty_points: true });
    expect(res.status).toBe(201);
    expect(res.body.payment).toMatchObject({ amount: { amount_minor: 66_667 }, points_used: 33_333 });
    // 666.67 over 3500 : 500 → 583.336… and 83.333…; the leftover kopeck goes to the larger remainder.
    expect((await sentReceipt(booking.id)).items.map((i: any) => i.amount.value)).toEqual(["583.34", "83.33"]);
  });

  it("answers 422 receipt_contact_required naming the email, creates nothing, and pays once the account has one", async () => {
    const customer = await newCustomer();
    const booking = await held(customer, master.id, salonDate(20), "18:00", MASSAGE);
    const refused = await pay(customer.token, { booking_id: booking.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "receipt_contact_required", details: { field: "email" } });
    expect((await sql("select count(*) as n from payments where booking_id = ?", [booking.id])).rows[0]!.n).toBe(0);
    expect(await providerCalls(booking.id)).toHaveLength(0);

    expect((await call("PATCH", "/api/v1/me", { token: customer.token, body: { email: "Receipt.Buyer@Example.test" } })).status).toBe(200);
    const paid = await pay(customer.token, { booking_id: booking.id });
    expect(paid.status).toBe(201);
    expect((await sentReceipt(booking.id)).customer).toEqual({ email: "receipt.buyer@example.test" });
  });

  it("tells the booking form which contact receipts need, and takes the phone when the salon's own till issues them", async () => {
    expect((await call("GET", "/api/v1/salon")).body.salon.receipt_contact).toBe("email");
    const admin = await adminToken();
    const changed = await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { receipts_issuer: "own_till", receipt_tax_system_code: 2 } });
    try {
      expect(changed.status).toBe(200);
      expect(changed.body.settings).toMatchObject({ receipts_enabled: true, receipts_issuer: "own_till", receipt_vat_code: 1, receipt_tax_system_code: 2, receipt_contact: "email_or_phone" });
      const customer = await newCustomer();
      const booking = await held(customer, master.id, salonDate(20), "17:00", MASSAGE);
      expect((await pay(customer.token, { booking_id: booking.id })).status).toBe(201);
      const receipt = await sentReceipt(booking.id);
      expect(receipt.customer).toEqual({ phone: customer.phone.replace("+", "") });
      expect(receipt.tax_system_code).toBe(2);
    } finally {
      await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { receipts_issuer: "yookassa", receipt_tax_system_code: null } });
    }
  });

  it("refuses receipt settings YooKassa would not take", async () => {
    const admin = await adminToken();
    for (const body of [{ receipt_vat_code: 0 }, { receipt_vat_code: 13 }, { receipt_tax_system_code: 7 }, { receipts_issuer: "atol" }, { receipts_enabled: "yes" }]) {
      const res = await call("PATCH", "/api/v1/admin/settings", { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call("GET", "/api/v1/admin/settings", { token: admin })).body.settings).toMatchObject({ receipt_vat_code: 1, receipt_tax_system_code: null });
  });
});

describe("refund receipts", () => {
  let master: { id: number };
  beforeAll(async () => {
    master = await newMaster({ services: [MASSAGE, AROMA] });
  });

  it("a partial refund lists what is returned; a full refund sends no receipt", async () => {
    const customer = await newPayer();
    const partial = await paidBooking(customer, master.id, salonDate(21), "10:00");
    const payment = (await findPayment(db(), partial.paymentId))!;
    await refundPayment(db(), workerEnv, payment, 50, "test_partial", (await findBooking(db(), partial.bookingId))!);
    const [refund] = (await providerCalls(partial.bookingId)).filter((c) => c.kind === "refund");
    expect(refund.body.amount).toEqual({ value: "500.00", currency: "RUB" });
    expect(refund.body.receipt).toEqual({
      customer: { email: customer.email },
      items: [item("Классический массаж спины", "437.50", "partial_prepayment"), item("Ароматерапия", "62.50", "partial_prepayment")],
    });

    const full = await paidBooking(customer, master.id, salonDate(21), "12:00");
    const cancelled = await call("PATCH", `/api/v1/bookings/${full.bookingId}`, { token: await adminToken(), body: { action: "cancel" } });
    expect(cancelled.status).toBe(200);
    const [fullRefund] = (await providerCalls(full.bookingId)).filter((c) => c.kind === "refund");
    expect(fullRefund.body.amount).toEqual({ value: "1000.00", currency: "RUB" });
    expect(fullRefund.body).not.toHaveProperty("receipt");
  });
});

describe("the closing receipt after the visit", () => {
  let master: { id: number; phone: string };
  beforeAll(async () => {
    master = await newMaster({ services: [MASSAGE, AROMA] });
  });

  it("goes out once when the visit is marked completed, however often and however concurrently it is retried", async () => {
    const customer = await newPayer();
    const paid = await paidBooking(customer, master.id, salonDate(22), "10:00");
    await inThePast(paid.bookingId, 1);
    // YooKassa fails the first three tries: the completion's own attempt (with its retries) gets nowhere.
    await setRule(paid.bookingId, { mode: "http_500", on: "receipt", times: 3 });
    const completed = await call("PATCH", `/api/v1/bookings/${paid.bookingId}`, { token: await adminToken(), body: { action: "complete" } });
    expect(completed.status).toBe(200);
    expect(completed.body.booking.status).toBe("completed");
    const [pending] = await receiptRow(paid.paymentId);
    expect(pending).toMatchObject({ status: "pending", attempts: 1, idempotence_key: `settle-${paid.paymentId}-${paid.providerId}` });
    expect(String(pending!.last_error)).toContain("unavailable");
    const shown = (await detail(paid.bookingId)).receipts;
    expect(shown).toEqual([
      { payment_id: paid.paymentId, kind: "payment", status: "sent", amount: { amount_minor: 100_000, currency: "RUB" }, error: null, attempts: 0 },
      expect.objectContaining({ kind: "settlement", status: "pending", error: expect.stringContaining("HTTP 500") }),
    ]);
    expect(await closingReceiptsAt(paid.providerId)).toHaveLength(0);

    // Two cron runs at once, then one more, then the salon marks it completed again.
    const later = new Date(Date.now() + 2 * 60_000);
    await Promise.all([retryClosingReceipts(db(), workerEnv, later), retryClosingReceipts(db(), workerEnv, later)]);
    await retryClosingReceipts(db(), workerEnv, new Date(Date.now() + 4 * 60_000));
    await call("PATCH", `/api/v1/bookings/${paid.bookingId}`, { token: await adminToken(), body: { action: "complete" } });

    const receipts = await closingReceiptsAt(paid.providerId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      type: "payment",
      payment_id: paid.providerId,
      items: [item("Классический массаж спины", "875.00", "full_payment"), item("Ароматерапия", "125.00", "full_payment")],
      settlements: [{ type: "prepayment", amount: { value: "1000.00", currency: "RUB" } }],
    });
    const sends = (await providerCalls(paid.bookingId)).filter((c) => c.kind === "receipt");
    expect(new Set(sends.map((c) => c.key))).toEqual(new Set([`settle-${paid.paymentId}-${paid.providerId}`]));
    expect(await receiptRow(paid.paymentId)).toEqual([expect.objectContaining({ status: "sent", last_error: null })]);
    expect((await detail(paid.bookingId)).receipts[1]).toMatchObject({ kind: "settlement", status: "sent", error: null });
  });

  it("left pending by an outage, is sent by the next cron run", async () => {
    const customer = await newPayer();
    const paid = await paidBooking(customer, master.id, salonDate(22), "18:00", []);
    await inThePast(paid.bookingId, 1);
    await setRule(paid.bookingId, { mode: "http_500", on: "receipt", times: 3 });
    expect((await call("PATCH", `/api/v1/bookings/${paid.bookingId}`, { token: await adminToken(), body: { action: "complete" } })).status).toBe(200);
    expect((await receiptRow(paid.paymentId))[0]).toMatchObject({ status: "pending" });
    await runCron(Date.now() + 2 * 60_000);
    expect((await receiptRow(paid.paymentId))[0]).toMatchObject({ status: "sent", attempts: 2 });
    expect(await closingReceiptsAt(paid.providerId)).toHaveLength(1);
  });

  it("is marked failed with YooKassa's reason when YooKassa refuses it, for the salon to see", async () => {
    const customer = await newPayer();
    const paid = await paidBooking(customer, master.id, salonDate(22), "12:00", []);
    await inThePast(paid.bookingId, 1);
    // A receipt the fake refuses: a VAT code YooKassa does not know.
    const stored = JSON.parse(String((await sql("select receipt from payments where id = ?", [paid.paymentId])).rows[0]!.receipt));
    stored.items[0].vatCode = 13;
    await sql("update payments set receipt = ? where id = ?", [JSON.stringify(stored), paid.paymentId]);
    const completed = await call("PATCH", `/api/v1/bookings/${paid.bookingId}`, { token: await tokenFor(master.phone), body: { action: "complete" } });
    expect(completed.status).toBe(200);
    const settlement = (await detail(paid.bookingId)).receipts.find((r: { kind: string }) => r.kind === "settlement");
    expect(settlement).toMatchObject({ status: "failed", error: expect.stringContaining("vat_code") });
  });

  it("goes out when the cron completes a prepaid visit nobody marked, and never for one the salon marked a no-show", async () => {
    const customer = await newPayer();
    const unmarked = await paidBooking(customer, master.id, salonDate(22), "15:00", []);
    const noShow = await paidBooking(customer, master.id, salonDate(22), "16:00", []);
    await inThePast(unmarked.bookingId, 13);
    await inThePast(noShow.bookingId, 14);
    expect((await call("PATCH", `/api/v1/bookings/${noShow.bookingId}`, { token: await adminToken(), body: { action: "no_show" } })).status).toBe(200);
    const recent = await paidBooking(customer, master.id, salonDate(22), "17:00", []);
    await inThePast(recent.bookingId, 2);

    await completeUnmarkedPrepaid(db(), workerEnv, new Date());
    expect((await findBooking(db(), unmarked.bookingId))!.status).toBe("completed");
    expect(await closingReceiptsAt(unmarked.providerId)).toHaveLength(1);
    expect((await findBooking(db(), noShow.bookingId))!.status).toBe("no_show");
    expect(await closingReceiptsAt(noShow.providerId)).toHaveLength(0);
    // Within the hours the salon has to mark a no-show, the visit is left alone.
    expect((await findBooking(db(), recent.bookingId))!.status).toBe("confirmed");
    expect(await receiptRow(recent.paymentId)).toHaveLength(0);
  });
});
