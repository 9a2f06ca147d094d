// The development checkout. Worker tests run with PAYMENT_PROVIDER=yookassa,
// so these choose the test provider per request (`provider: "test"`, accepted
// only in development) and drive its page like a browser would.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../worker/index.js";
import { call } from "./client.js";
import { newKey, newMaster, salonDate } from "./scenario.js";
import { bookingRow, DEPOSIT, heldBooking, newPayer, pay, paymentRow } from "./payments-helpers.js";

const day = salonDate(5);

/** A button's form POST, without following the redirect (as the browser would see it). */
const click = (path: string) => exports.default.fetch(new Request(`http://salon.test${path}`, { method: "POST", redirect: "manual" }));

describe("test provider checkout", () => {
  let master: { id: number; phone: string };
  let customer: { token: string; id: number; phone: string; email: string };
  beforeAll(async () => {
    master = await newMaster();
    customer = await newPayer();
  });

  it("shows a Russian checkout page and confirms the booking through the webhook path on «Оплатить»", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "10:00");
    const res = await pay(customer.token, { booking_id: booking.id, provider: "test" });
    expect(res.status).toBe(201);
    expect(res.body.payment).toMatchObject({ provider: "test", status: "pending", amount: { amount_minor: DEPOSIT } });
    const url = new URL(res.body.payment.confirmation_url);
    expect(url.pathname).toBe(`/pay/test/${res.body.payment.id}`);

    const page = await call("GET", url.pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.body).toContain('lang="ru"');
    expect(page.body).toMatch(/1\s000,00 ₽/);
    expect(page.body).toContain("Классический массаж спины");
    // the date in words, as on the PWA's pay page: "пн, 14 декабря, 10:00"
    expect(page.body).toMatch(/[а-я]{2}, \d{1,2} [а-я]+, 10:00/);
    expect(page.body).toContain(">Оплатить</button>");
    expect(page.body).toContain(">Отклонить</button>");

    const paid = await click(`${url.pathname}/pay`);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://salon.test/bookings/${booking.id}?paid=1`);
    expect((await bookingRow(booking.id)).status).toBe("confirmed");
    expect((await paymentRow(res.body.payment.id)).status).toBe("succeeded");

    // The same notification again is a duplicate; a second click changes nothing.
    const again = await call("POST", "/api/v1/payments/webhook/test", {
      body: { type: "notification", event: "payment.succeeded", object: { id: `test_${res.body.payment.id}` } },
    });
    expect(again.body.outcome).toBe("duplicate");
    expect((await click(`${url.pathname}/decline`)).status).toBe(303);
    expect((await paymentRow(res.body.payment.id)).status).toBe("succeeded");
  });

  it("keeps the hold on «Отклонить» and sends the customer back to pay again", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "11:00");
    const res = await pay(customer.token, { booking_id: booking.id, provider: "test" });
    const declined = await click(`/pay/test/${res.body.payment.id}/decline`);
    expect(declined.status).toBe(303);
    expect(declined.headers.get("location")).toBe(`http://salon.test/bookings/${booking.id}?paid=0`);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "held", cancel_reason: null });
    expect((await paymentRow(res.body.payment.id)).status).toBe("canceled");
  });

  it("refunds a test payment through the test provider when the booking is cancelled", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(12), "12:00");
    const res = await pay(customer.token, { booking_id: booking.id, provider: "test" });
    await click(`/pay/test/${res.body.payment.id}/pay`);
    const cancelled = await call("PATCH", `/api/v1/bookings/${booking.id}`, { token: customer.token, body: { action: "cancel" } });
    expect(cancelled.status).toBe(200);
    expect(await paymentRow(res.body.payment.id)).toMatchObject({ status: "refunded", refunded_minor: DEPOSIT });
  });

  it("does not exist outside development", async () => {
    const production = { ...(env as object), ENVIRONMENT: "production" };
    const booking = await heldBooking(customer.token, master.id, day, "12:00");
    const res = await pay(customer.token, { booking_id: booking.id, provider: "test" });
    const page = await app.request(`/pay/test/${res.body.payment.id}`, {}, production);
    expect(page.status).toBe(404);
    const click = await app.request(`/pay/test/${res.body.payment.id}/pay`, { method: "POST" }, production);
    expect(click.status).toBe(404);
    const hook = await app.request(
      "/api/v1/payments/webhook/test",
      { method: "POST", body: JSON.stringify({ type: "notification", event: "payment.succeeded", object: { id: `test_${res.body.payment.id}` } }) },
      production,
    );
    expect(hook.status).toBe(404);
    const choose = await app.request(
      "/api/v1/payments",
      { method: "POST", headers: { authorization: `Bearer ${customer.token}`, "idempotency-key": newKey(), "content-type": "application/json" }, body: JSON.stringify({ booking_id: booking.id, provider: "test" }) },
      production,
    );
    expect(choose.status).toBe(400);
    expect((await bookingRow(booking.id)).status).toBe("held");
  });
});
