import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, runCron } from "../worker/client.js";
import { book, newCustomer, newMaster, salonDate, slot, sql, tokenFor } from "../worker/scenario.js";
import { bookingRow, DEPOSIT, expireHold, fake, givePoints, heldBooking, messagesTo, newPayer, pay, paymentRow, pointsOf, PRICE, providerCalls, providerIdOf, setRule, settleAtProvider } from "../worker/payments-helpers.js";

async function paidBooking(token: string, staffId: number, date: string, time: string) {
  const booking = await heldBooking(token, staffId, date, time);
  const res = await pay(token, { booking_id: booking.id });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed");
  return { booking, payment: res.body.payment };
}

const cancel = (token: string, id: number) => call("PATCH", `/api/v1/bookings/${id}`, { token, body: { action: "cancel" } });

describe("payment after the hold ran out", () => {
  let master: { id: number; phone: string };
  let customer: { token: string; id: number; phone: string; email: string };
  beforeAll(async () => {
    master = await newMaster();
    customer = await newPayer();
  });

  it("reinstates the booking when its time is still free", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(4), "10:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    await expireHold(master.id, booking.id);
    expect((await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed")).status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", cancel_reason: null });
  });

  it("refunds in full, flags the booking and tells the customer when the time was taken meanwhile", async () => {
    const day = salonDate(4);
    const booking = await heldBooking(customer.token, master.id, day, "11:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    await expireHold(master.id, booking.id);
    const other = await newCustomer();
    expect((await book(other.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(day, "11:00") })).status).toBe(201);

    const providerId = await providerIdOf(res.body.payment.id);
    expect((await settleAtProvider(providerId, "succeed")).status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired", needs_attention: "paid_after_expiry_refunded" });
    expect(await paymentRow(res.body.payment.id)).toMatchObject({ status: "refunded", refunded_minor: DEPOSIT });
    const refunds = (await fake<{ items: any[] }>(`/__fake/refunds?payment_id=${providerId}`)).items;
    expect(refunds).toHaveLength(1);
    expect(refunds[0].amount).toEqual({ value: "1000.00", currency: "RUB" });
    const messages = await messagesTo(customer.email);
    expect(messages.map((m: { kind: string }) => m.kind)).toContain("paid_after_expiry_refunded");
  });
});

describe("refunds when a paid booking is cancelled", () => {
  let saved: { refund_full_hours: number; refund_late_percent: number } | undefined;
  let master: { id: number; phone: string };
  let customer: { token: string; id: number; phone: string; email: string };
  beforeAll(async () => {
    master = await newMaster();
    customer = await newPayer();
    // Full refunds up to 96 h before the visit, half after: wider than the 24 h
    // cancellation window, so a customer can cancel "late". Only payments read it.
    const { rows } = await sql("select refund_full_hours, refund_late_percent from salon_settings where id = 1");
    saved = { refund_full_hours: Number(rows[0]!.refund_full_hours), refund_late_percent: Number(rows[0]!.refund_late_percent) };
    await sql("update salon_settings set refund_full_hours = 96, refund_late_percent = 50 where id = 1");
  });
  // Other files share the salon: its policy goes back to what it was.
  afterAll(async () => {
    if (saved) await sql("update salon_settings set refund_full_hours = ?, refund_late_percent = ? where id = 1", [saved.refund_full_hours, saved.refund_late_percent]);
  });

  it("refunds in full when the customer cancels early enough", async () => {
    const { booking, payment } = await paidBooking(customer.token, master.id, salonDate(10), "10:00");
    const res = await cancel(customer.token, booking.id);
    expect(res.status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "refunded", refunded_minor: DEPOSIT });
    const refund = (await sql("select status, amount_minor from refunds where payment_id = ?", [payment.id])).rows;
    expect(refund).toEqual([expect.objectContaining({ status: "succeeded", amount_minor: DEPOSIT })]);
  });

  it("refunds the late share when the customer cancels after the full-refund deadline", async () => {
    const { booking, payment } = await paidBooking(customer.token, master.id, salonDate(2), "12:00");
    expect((await cancel(customer.token, booking.id)).status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refunded_minor: DEPOSIT / 2 });
    const polled = await call("GET", `/api/v1/payments/${payment.id}`, { token: customer.token });
    expect(polled.body.payment.refunded).toEqual({ amount_minor: DEPOSIT / 2, currency: "RUB" });
  });

  it("counts the refund window from the booking's original start: moving a late visit far ahead, then cancelling, refunds the late share", async () => {
    const { booking, payment } = await paidBooking(customer.token, master.id, salonDate(2), "17:00");
    const moved = await call("PATCH", `/api/v1/bookings/${booking.id}`, { token: customer.token, body: { action: "reschedule", appointment_datetime: slot(salonDate(12), "17:00") } });
    expect(moved.status).toBe(200);
    expect((await cancel(customer.token, booking.id)).status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refunded_minor: DEPOSIT / 2 });
  });

  it("refunds in full when the salon cancels, however late", async () => {
    const { booking, payment } = await paidBooking(customer.token, master.id, salonDate(2), "15:00");
    expect((await cancel(await tokenFor(master.phone), booking.id)).status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "refunded", refunded_minor: DEPOSIT });
  });

  it("refunds by the customer's own policy when they delete their account: the late share, not a full refund", async () => {
    const leaving = await newPayer();
    const late = await paidBooking(leaving.token, master.id, salonDate(2), "16:00");
    const early = await paidBooking(leaving.token, master.id, salonDate(10), "16:00");
    const res = await call("DELETE", "/api/v1/me", { token: leaving.token });
    expect(res.body).toEqual({ deleted: true, cancelled: 2 });
    expect(await bookingRow(late.booking.id)).toMatchObject({ status: "cancelled", cancel_reason: "account_deleted" });
    expect(await paymentRow(late.payment.id)).toMatchObject({ status: "succeeded", refunded_minor: DEPOSIT / 2 });
    expect(await paymentRow(early.payment.id)).toMatchObject({ status: "refunded", refunded_minor: DEPOSIT });
  });

  it("updates the refund on refund.succeeded and sends one refund however often the hook runs", async () => {
    const { booking, payment } = await paidBooking(customer.token, master.id, salonDate(10), "11:00");
    await cancel(customer.token, booking.id);
    await cancel(customer.token, booking.id);
    const providerId = await providerIdOf(payment.id);
    const refunds = (await fake<{ items: any[] }>(`/__fake/refunds?payment_id=${providerId}`)).items;
    expect(refunds).toHaveLength(1);
    const note = await fake(`/__fake/notification/refund/${refunds[0].id}`);
    const hook = await call("POST", "/api/v1/payments/webhook/yookassa", { body: note });
    expect(hook.status).toBe(200);
    expect(hook.body.outcome).toBe("refund_succeeded");
    expect(await paymentRow(payment.id)).toMatchObject({ status: "refunded", refunded_minor: DEPOSIT });
  });
});

describe("refunds the provider failed", () => {
  it("are sent again by the cron with the same provider key, and settle the payment", async () => {
    const master = await newMaster();
    const customer = await newPayer();
    const { booking, payment } = await paidBooking(customer.token, master.id, salonDate(12), "10:00");
    // every attempt of the cancel's refund fails (the client tries 3 times)
    await setRule(booking.id, { mode: "http_500", on: "refund", times: 3 });
    expect((await cancel(customer.token, booking.id)).status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "cancelled", needs_attention: "refund_failed" });
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refunded_minor: 0 });

    await runCron(Date.now()); // too soon: the failed attempt is not five minutes old
    expect(await paymentRow(payment.id)).toMatchObject({ refunded_minor: 0 });
    await runCron(Date.now() + 6 * 60_000);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "refunded", refunded_minor: DEPOSIT });
    expect(await bookingRow(booking.id)).toMatchObject({ needs_attention: null });
    const keys = (await providerCalls(booking.id)).filter((c) => c.kind === "refund").map((c) => c.key);
    expect(keys.length).toBe(4);
    expect(new Set(keys).size).toBe(1);
  });
});

describe("loyalty points", () => {
  let master: { id: number; phone: string };
  beforeAll(async () => {
    master = await newMaster();
  });

  it("spends points on a payment (up to the salon's share) and returns them when the payment is canceled", async () => {
    const customer = await newPayer();
    await givePoints(customer.id, 20_000);
    const booking = await heldBooking(customer.token, master.id, salonDate(8), "10:00");
    const res = await pay(customer.token, { booking_id: booking.id, use_loyalty_points: true });
    expect(res.status).toBe(201);
    expect(res.body.payment).toMatchObject({ points_used: 20_000, amount: { amount_minor: DEPOSIT - 20_000 } });
    expect(await pointsOf(customer.token)).toBe(0);
    await settleAtProvider(await providerIdOf(res.body.payment.id), "cancel");
    expect(await pointsOf(customer.token)).toBe(20_000);
  });

  it("covers a prepayment with points alone: confirmed at once, no provider call", async () => {
    const customer = await newPayer();
    await givePoints(customer.id, 500_000);
    const booking = await heldBooking(customer.token, master.id, salonDate(8), "11:00");
    const res = await pay(customer.token, { booking_id: booking.id, use_loyalty_points: true });
    expect(res.status).toBe(201);
    // 30 % of 3500 ₽ = 1050 ₽ ≥ the 1000 ₽ deposit.
    expect(res.body.payment).toMatchObject({ provider: "points", status: "succeeded", points_used: DEPOSIT, amount: { amount_minor: 0 }, booking_status: "confirmed" });
    expect(await pointsOf(customer.token)).toBe(500_000 - DEPOSIT);
    expect(await providerCalls(booking.id)).toHaveLength(0);
    // Cancelling (early) gives the points back.
    const res2 = await cancel(customer.token, booking.id);
    expect(res2.status).toBe(200);
    expect(await pointsOf(customer.token)).toBe(500_000);
  });

  it("earns the salon's share of the price once when the visit is completed", async () => {
    const customer = await newPayer();
    const { booking } = await paidBooking(customer.token, master.id, salonDate(9), "10:00");
    // Move the visit into the past so it can be marked completed.
    const past = new Date(Date.now() - 2 * 3_600_000);
    await sql("update bookings set start_at = ?, end_at = ? where id = ?", [past.toISOString(), new Date(past.getTime() + 3_600_000).toISOString(), booking.id]);
    const staff = await tokenFor(master.phone);
    const complete = () => call("PATCH", `/api/v1/bookings/${booking.id}`, { token: staff, body: { action: "complete" } });
    expect((await complete()).status).toBe(200);
    expect((await complete()).status).toBe(200);
    expect(await pointsOf(customer.token)).toBe(PRICE * 5 / 100);
  });

  it("needs a session", async () => {
    expect((await call("GET", "/api/v1/loyalty")).status).toBe(401);
  });
});

