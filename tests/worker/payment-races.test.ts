// Money under concurrency: the steps one at a time are tested elsewhere; here
// they race. Whatever interleaving happens: one refund, one active state,
// and a points balance that never goes below zero.
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { newCustomer, newMaster, salonDate } from "./scenario.js";
import { bookingRow, DEPOSIT, expireHold, fake, givePoints, heldBooking, newPayer, pay, paymentRow, pointsOf, providerIdOf, settleAtProvider } from "./payments-helpers.js";

const cancel = (token: string, id: number) => call("PATCH", `/api/v1/bookings/${id}`, { token, body: { action: "cancel" } });
const refundsAt = async (providerId: string) => (await fake<{ items: { amount: { value: string } }[] }>(`/__fake/refunds?payment_id=${providerId}`)).items;

describe("payment races", () => {
  let master: { id: number };
  beforeAll(async () => {
    master = await newMaster();
  });

  it("refunds a paid booking once when two cancels of it arrive together", async () => {
    const customer = await newPayer();
    const booking = await heldBooking(customer.token, master.id, salonDate(12), "10:00");
    const paid = await pay(customer.token, { booking_id: booking.id });
    const providerId = await providerIdOf(paid.body.payment.id);
    await settleAtProvider(providerId, "succeed");
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });

    const answers = await Promise.all([cancel(customer.token, booking.id), cancel(customer.token, booking.id)]);
    for (const a of answers) expect([200, 409], JSON.stringify(a.body)).toContain(a.status);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "cancelled" });
    expect(await refundsAt(providerId)).toHaveLength(1);
    const payment = await paymentRow(paid.body.payment.id);
    expect(Number(payment.refunded_minor)).toBeLessThanOrEqual(DEPOSIT);
  });

  it("ends a payment.succeeded racing the customer's cancel either confirmed and unrefunded, or cancelled and refunded once", async () => {
    const customer = await newPayer();
    const booking = await heldBooking(customer.token, master.id, salonDate(12), "12:00");
    const paid = await pay(customer.token, { booking_id: booking.id });
    const providerId = await providerIdOf(paid.body.payment.id);

    await Promise.all([settleAtProvider(providerId, "succeed"), cancel(customer.token, booking.id)]);
    const row = await bookingRow(booking.id);
    const refunds = await refundsAt(providerId);
    if (row.status === "cancelled") {
      // Paid and cancelled: the money goes back, once.
      const payment = await paymentRow(paid.body.payment.id);
      if (payment.status === "succeeded" || payment.status === "refunded") expect(refunds).toHaveLength(1);
      else expect(refunds).toHaveLength(0);
    } else {
      expect(row.status).toBe("confirmed");
      expect(refunds).toHaveLength(0);
    }
  });

  it("ends a payment.succeeded racing the hold's expiry with the booking confirmed, or cancelled and refunded once", async () => {
    const customer = await newPayer();
    const booking = await heldBooking(customer.token, master.id, salonDate(12), "15:00");
    const paid = await pay(customer.token, { booking_id: booking.id });
    const providerId = await providerIdOf(paid.body.payment.id);

    await Promise.all([settleAtProvider(providerId, "succeed"), expireHold(master.id, booking.id).catch(() => undefined)]);
    const row = await bookingRow(booking.id);
    const refunds = await refundsAt(providerId);
    // Paid in time (or its time still free): confirmed, nothing refunded; otherwise the money goes back once.
    if (row.status === "confirmed") {
      expect(refunds).toHaveLength(0);
    } else {
      expect(row).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
      // A payment that went through on a cancelled booking is refunded, once.
      const payment = await paymentRow(paid.body.payment.id);
      expect(refunds).toHaveLength(payment.status === "succeeded" || payment.status === "refunded" ? 1 : 0);
    }
  });

  it("never lets two bookings spend the same points: the balance stays at or above zero", async () => {
    const customer = await newPayer();
    await givePoints(customer.id, 30_000);
    const first = await heldBooking(customer.token, master.id, salonDate(13), "10:00");
    const second = await heldBooking(customer.token, master.id, salonDate(13), "12:00");
    const answers = await Promise.all([
      pay(customer.token, { booking_id: first.id, use_loyalty_points: true }),
      pay(customer.token, { booking_id: second.id, use_loyalty_points: true }),
    ]);
    for (const a of answers) expect([200, 201, 409], JSON.stringify(a.body)).toContain(a.status);
    const spent = answers.filter((a) => a.status < 300).reduce((sum, a) => sum + Number(a.body.payment.points_used), 0);
    expect(spent).toBeLessThanOrEqual(30_000);
    expect(await pointsOf(customer.token)).toBeGreaterThanOrEqual(0);
    expect(await pointsOf(customer.token)).toBe(30_000 - spent);
  });
});
