// Money the customer sees on a booking: paying again after a declined payment
// while the hold lasts, a hold that runs out, and refunds after a cancellation
// (in the booking's view and in the cancellation message).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call, runCron } from "../worker/client.js";
import { ledgerOf } from "../worker/direct-db.js";
import { newKey, newMaster, salonDate, sql } from "../worker/scenario.js";
import { bookingRow, DEPOSIT, heldBooking, messagesTo, newPayer, pay, PRICE, providerIdOf, providerPayments, setRule, settleAtProvider } from "../worker/payments-helpers.js";

const getBooking = async (token: string, id: number) => (await call("GET", `/api/v1/bookings/${id}`, { token })).body.booking;
const cancel = (token: string, id: number) => call("PATCH", `/api/v1/bookings/${id}`, { token, body: { action: "cancel" } });

describe("a declined payment", () => {
  let master: { id: number; phone: string };
  let customer: { token: string; id: number; phone: string; email: string };
  beforeAll(async () => {
    master = await newMaster();
    customer = await newPayer();
  });

  it("leaves the booking held, so the customer pays again and the booking is confirmed", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(6), "10:00");
    const first = await pay(customer.token, { booking_id: booking.id });
    await settleAtProvider(await providerIdOf(first.body.payment.id), "cancel");

    const declined = await getBooking(customer.token, booking.id);
    expect(declined).toMatchObject({ status: "held", hold_expires_at: booking.hold_expires_at });
    expect(declined.money).toMatchObject({
      paid: { amount_minor: 0, currency: "RUB" },
      left_to_pay: { amount_minor: PRICE, currency: "RUB" },
      last_payment: { id: first.body.payment.id, status: "canceled" },
      refund: null,
    });

    const second = await pay(customer.token, { booking_id: booking.id });
    expect(second.status).toBe(201);
    expect(second.body.payment.id).not.toBe(first.body.payment.id);
    expect(second.body.payment).toMatchObject({ status: "pending", booking_status: "held" });
    await settleAtProvider(await providerIdOf(second.body.payment.id), "succeed");

    const paid = await getBooking(customer.token, booking.id);
    expect(paid.status).toBe("confirmed");
    expect(paid.money).toMatchObject({
      paid: { amount_minor: DEPOSIT, currency: "RUB" },
      points_used: 0,
      left_to_pay: { amount_minor: PRICE - DEPOSIT, currency: "RUB" },
      last_payment: { id: second.body.payment.id, status: "succeeded" },
    });
    expect(await providerPayments(booking.id)).toHaveLength(2);
  });

  it("still gets one provider payment for many concurrent attempts to pay again", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(6), "12:00");
    const first = await pay(customer.token, { booking_id: booking.id });
    await settleAtProvider(await providerIdOf(first.body.payment.id), "cancel");

    const again = await Promise.all(Array.from({ length: 20 }, () => pay(customer.token, { booking_id: booking.id }, newKey())));
    expect(again.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(new Set(again.map((r) => r.body.payment.id)).size).toBe(1);
    expect(await providerPayments(booking.id)).toHaveLength(2);
  });

  it("lets the hold run out when nobody pays again: cancelled as hold_expired, paying then refused, the customer told why", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(6), "16:00");
    const first = await pay(customer.token, { booking_id: booking.id });
    await settleAtProvider(await providerIdOf(first.body.payment.id), "cancel");

    // Ten minutes held, and they are over; the master's ledger alarm releases it.
    const past = new Date(Date.now() - 60_000).toISOString();
    await sql("update bookings set created_at = ?, hold_expires_at = ? where id = ?", [new Date(Date.now() - 11 * 60_000).toISOString(), past, booking.id]);
    const ledger = ledgerOf(master.id);
    await runInDurableObject(ledger, (_i: StaffLedger, state) => {
      state.storage.sql.exec("update intervals set hold_expires_at = ? where booking_id = ?", past, booking.id);
    });
    expect(await runDurableObjectAlarm(ledger)).toBe(true);

    expect(await bookingRow(booking.id)).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
    const view = await getBooking(customer.token, booking.id);
    expect(view).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired", hold_expires_at: past });
    expect(view.money.last_payment).toMatchObject({ status: "canceled" });

    const late = await pay(customer.token, { booking_id: booking.id });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("hold_expired");

    // The cron tells the customer, once however often it runs.
    await runCron(Date.now());
    await runCron(Date.now());
    const told = (await messagesTo(customer.email)).filter((m) => m.kind === "hold_expired");
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain("Время держалось за вами 10 мин, но оплата не пришла, поэтому запись отменена");
  });
});

describe("a refund after a cancellation", () => {
  let master: { id: number; phone: string };
  beforeAll(async () => {
    master = await newMaster();
  });

  async function paidBooking(token: string, date: string, time: string) {
    const booking = await heldBooking(token, master.id, date, time);
    const res = await pay(token, { booking_id: booking.id });
    await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed");
    return booking;
  }

  it("shows the refunded amount and its state on the booking and in the cancellation message", async () => {
    const customer = await newPayer();
    const booking = await paidBooking(customer.token, salonDate(12), "10:00");
    const res = await cancel(customer.token, booking.id);
    expect(res.status).toBe(200);
    expect(res.body.booking.money.refund).toEqual({ amount: { amount_minor: DEPOSIT, currency: "RUB" }, status: "succeeded", retrying: false });
    expect((await getBooking(customer.token, booking.id)).money.refund).toMatchObject({ status: "succeeded", amount: { amount_minor: DEPOSIT } });

    const message = (await messagesTo(customer.email)).find((m) => m.kind === "booking_cancelled");
    expect(message?.body).toMatch(/Возврат 1\s000,00 ₽ выполнен/);
  });

  it("says a refund the provider failed is retried, in the app and in the message", async () => {
    const customer = await newPayer();
    const booking = await paidBooking(customer.token, salonDate(12), "12:00");
    await setRule(booking.id, { mode: "http_500", on: "refund", times: 3 });
    const res = await cancel(customer.token, booking.id);
    expect(res.status).toBe(200);
    expect(res.body.booking.money.refund).toMatchObject({ amount: { amount_minor: DEPOSIT }, status: "failed", retrying: true });
    expect((await getBooking(customer.token, booking.id)).money.refund).toMatchObject({ status: "failed", retrying: true });

    const message = (await messagesTo(customer.email)).find((m) => m.kind === "booking_cancelled");
    expect(message?.body).toMatch(/Возврат 1\s000,00 ₽ пока не прошёл, мы повторим его автоматически/);
  });

  it("shows no money and no refund on a booking without a prepayment", async () => {
    const customer = await newPayer();
    const made = await call("POST", "/api/v1/bookings", {
      token: customer.token,
      headers: { "idempotency-key": newKey() },
      body: { service_id: 3, staff_id: master.id, appointment_datetime: `${salonDate(13)}T11:00` },
    });
    expect(made.status).toBe(201);
    expect(made.body.booking.money).toMatchObject({ paid: { amount_minor: 0 }, last_payment: null, refund: null });
    const cancelled = await cancel(customer.token, made.body.booking.id);
    expect(cancelled.body.booking.money.refund).toBeNull();
    expect((await messagesTo(customer.email)).find((m) => m.kind === "booking_cancelled")?.body).not.toContain("Возврат");
  });
});
