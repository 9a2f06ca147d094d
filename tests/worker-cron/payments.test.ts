import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, runCron } from "../worker/client.js";
import { adminToken, book, newCustomer, newKey, newMaster, salonDate, slot, sql, tokenFor } from "../worker/scenario.js";
import { bookingRow, deliver, DEPOSIT, expireHold, fake, heldBooking, MASSAGE, messagesTo, newPayer, pay, paymentRow, providerCalls, providerIdOf, providerPayments, setRule, settleAtProvider } from "../worker/payments-helpers.js";

const day = salonDate(4);

describe("POST /payments with YooKassa", () => {
  let master: { id: number; phone: string };
  let customer: { token: string; id: number; phone: string; email: string };
  beforeAll(async () => {
    master = await newMaster();
  });
  // A customer per test: one account may hold only two bookings awaiting payment.
  beforeEach(async () => {
    customer = await newPayer();
  });

  it("creates a provider payment for a held booking and confirms the booking on payment.succeeded", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "10:00");
    const res = await pay(customer.token, { booking_id: booking.id, method: "bank_card" });
    expect(res.status).toBe(201);
    expect(res.body.payment).toMatchObject({
      booking_id: booking.id,
      provider: "yookassa",
      status: "pending",
      amount: { amount_minor: DEPOSIT, currency: "RUB" },
      points_used: 0,
      booking_status: "held",
    });
    expect(res.body.payment.confirmation_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout/);

    const [created] = await providerPayments(booking.id);
    expect(created).toMatchObject({ amount: { value: "1000.00", currency: "RUB" }, metadata: { payment_id: String(res.body.payment.id), booking_id: String(booking.id) } });
    expect(created.confirmation.return_url).toBe(`http://salon.test/bookings/${booking.id}?paid=1`);

    const hook = await settleAtProvider(created.id, "succeed");
    expect(hook.status).toBe(200);
    expect((await bookingRow(booking.id)).status).toBe("confirmed");
    const polled = await call("GET", `/api/v1/payments/${res.body.payment.id}`, { token: customer.token });
    expect(polled.status).toBe(200);
    expect(polled.body.payment).toMatchObject({ status: "succeeded", booking_status: "confirmed" });
    const messages = await messagesTo(customer.email);
    expect(messages.map((m: { kind: string }) => m.kind)).toContain("booking_paid");
  });

  it("keeps the hold when the payment is canceled, so nobody else takes the time while the customer may pay again", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "11:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    const hook = await settleAtProvider(await providerIdOf(res.body.payment.id), "cancel");
    expect(hook.status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "held", cancel_reason: null });
    expect((await paymentRow(res.body.payment.id)).status).toBe("canceled");
    const other = await newCustomer();
    const rebook = await book(other.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect(rebook.status).toBe(409);
    expect(rebook.body.error.code).toBe("slot_taken");
  });

  it("processes a repeated notification once and does not let a late payment.canceled undo a success", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "12:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    const providerId = await providerIdOf(res.body.payment.id);
    expect((await settleAtProvider(providerId, "succeed")).status).toBe(200);
    const again = await deliver(providerId, "payment.succeeded");
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe("duplicate");
    // A stale or forged cancel: the API says succeeded, so nothing changes.
    const stale = await deliver(providerId, "payment.canceled");
    expect(stale.status).toBe(200);
    expect((await bookingRow(booking.id)).status).toBe("confirmed");
    expect((await paymentRow(res.body.payment.id)).status).toBe("succeeded");
    const { rows } = await sql("select status from webhook_events where source = 'yookassa' and external_id = ?", [`payment.succeeded:${providerId}`]);
    expect(rows).toHaveLength(1);
  });

  it("does not confirm on a notification that arrives before the payment succeeded at the provider", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "13:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    const early = await deliver(await providerIdOf(res.body.payment.id), "payment.succeeded");
    expect(early.status).toBe(200);
    expect((await bookingRow(booking.id)).status).toBe("held");
  });

  it("applies the real payment.succeeded after a forged one sent while the payment was still pending", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(5), "10:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    const providerId = await providerIdOf(res.body.payment.id);
    const forged = await deliver(providerId, "payment.succeeded");
    expect(forged.body.outcome).toBe("pending");
    const { rows } = await sql("select status from webhook_events where source = 'yookassa' and external_id = ?", [`payment.succeeded:${providerId}`]);
    expect(rows[0]!.status).toBe("received");
    const real = await settleAtProvider(providerId, "succeed");
    expect(real.body.outcome).toBe("confirmed");
    expect((await bookingRow(booking.id)).status).toBe("confirmed");
    // Once final, the same notification again is the duplicate it is.
    expect((await deliver(providerId, "payment.succeeded")).body.outcome).toBe("duplicate");
  });

  it("confirms a booking paid at the provider whose notification never came, from the cron, before its hold runs out", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(5), "12:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    await fake(`/__fake/payments/${await providerIdOf(res.body.payment.id)}/succeed`, {});
    // The customer paid a minute ago (a payment is asked about again only after a few seconds).
    await sql("update payments set updated_at = ? where id = ?", [new Date(Date.now() - 60_000).toISOString(), res.body.payment.id]);
    await runCron(Date.now());
    expect((await bookingRow(booking.id)).status).toBe("confirmed");
    expect(await paymentRow(res.body.payment.id)).toMatchObject({ status: "succeeded" });
  });

  it("brings back a paid booking whose hold ran out before anyone heard of the payment, from the cron", async () => {
    const booking = await heldBooking(customer.token, master.id, salonDate(5), "15:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    await fake(`/__fake/payments/${await providerIdOf(res.body.payment.id)}/succeed`, {});
    await expireHold(master.id, booking.id);
    await sql("update payments set updated_at = ? where id = ?", [new Date(Date.now() - 60_000).toISOString(), res.body.payment.id]);
    await runCron(Date.now());
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed", cancel_reason: null });
  });

  it("refuses an amount the provider changed, and never confirms it", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "15:00");
    await setRule(booking.id, { mode: "tamper_amount" });
    const res = await pay(customer.token, { booking_id: booking.id });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("amount_mismatch");
    const [created] = await providerPayments(booking.id);
    expect(created.amount.value).toBe("1001.00");
    // The customer pays the tampered payment anyway: verified amount differs, nothing is confirmed.
    expect((await settleAtProvider(created.id, "succeed")).status).toBe(200);
    const row = await bookingRow(booking.id);
    expect(row.status).toBe("held");
    expect(row.needs_attention).toBe("payment_amount_mismatch");
  });

  it("does not confirm when a notification's verified amount differs from the booking's prepayment", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "16:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    await sql("update bookings set prepayment_minor = ? where id = ?", [DEPOSIT + 5000, booking.id]);
    expect((await settleAtProvider(await providerIdOf(res.body.payment.id), "succeed")).status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "held", needs_attention: "payment_amount_mismatch" });
    // Paying again meets the open payment whose amount no longer matches the booking.
    const again = await pay(customer.token, { booking_id: booking.id });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe("amount_mismatch");
  });

  it("creates exactly one provider payment for 30 concurrent attempts with different keys", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "17:00");
    const answers = await Promise.all(Array.from({ length: 30 }, () => pay(customer.token, { booking_id: booking.id })));
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.payment.id)).size).toBe(1);
    expect(await providerPayments(booking.id)).toHaveLength(1);
    expect((await providerCalls(booking.id)).filter((c) => c.kind === "create")).toHaveLength(1);
    const { rows } = await sql("select count(*) as n from payments where booking_id = ?", [booking.id]);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("replays the first answer for the same Idempotency-Key and refuses the key for another body", async () => {
    const booking = await heldBooking(customer.token, master.id, day, "18:00");
    const key = newKey();
    const first = await pay(customer.token, { booking_id: booking.id }, key);
    const again = await pay(customer.token, { booking_id: booking.id }, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.payment.id).toBe(first.body.payment.id);
    const reused = await pay(customer.token, { booking_id: booking.id, method: "sbp" }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
    expect(await providerPayments(booking.id)).toHaveLength(1);
  });
});

describe("POST /payments when the provider misbehaves", () => {
  const day2 = salonDate(5);
  let master: { id: number; phone: string };
  let customer: { token: string; id: number; phone: string; email: string };
  beforeAll(async () => {
    master = await newMaster();
  });
  // A customer per test: one account may hold only two bookings awaiting payment.
  beforeEach(async () => {
    customer = await newPayer();
  });

  it("answers 503 payment_provider_unavailable when the provider refuses our credentials", async () => {
    const booking = await heldBooking(customer.token, master.id, day2, "10:00");
    await setRule(booking.id, { mode: "unauthorized" });
    const res = await pay(customer.token, { booking_id: booking.id });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("payment_provider_unavailable");
    expect(res.body.error.details.reason).toBe("configuration");
    expect((await bookingRow(booking.id)).status).toBe("held");
  });

  it("retries a 5xx with the same Idempotence-Key and succeeds", async () => {
    const booking = await heldBooking(customer.token, master.id, day2, "11:00");
    await setRule(booking.id, { mode: "http_500", times: 2 });
    const res = await pay(customer.token, { booking_id: booking.id });
    expect(res.status).toBe(201);
    const creates = (await providerCalls(booking.id)).filter((c) => c.kind === "create");
    expect(creates).toHaveLength(3);
    expect(new Set(creates.map((c) => c.key)).size).toBe(1);
    expect(creates[0].key).toBeTruthy();
    expect(await providerPayments(booking.id)).toHaveLength(1);
  });

  it("answers 503 on timeouts, stores nothing as succeeded, and a retry with the same key completes it", async () => {
    const booking = await heldBooking(customer.token, master.id, day2, "12:00");
    await setRule(booking.id, { mode: "hang", times: 3 });
    const key = newKey();
    const res = await pay(customer.token, { booking_id: booking.id }, key);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("payment_provider_unavailable");
    const stored = await paymentRow(res.body.error.details.payment_id);
    expect(stored.status).toBe("pending");
    expect(stored.provider_payment_id).toBeNull();
    expect((await bookingRow(booking.id)).status).toBe("held");

    const retry = await pay(customer.token, { booking_id: booking.id }, key);
    expect(retry.status).toBe(201);
    expect(retry.body.payment.id).toBe(res.body.error.details.payment_id);
    expect(retry.body.payment.confirmation_url).toBeTruthy();
    const keys = new Set((await providerCalls(booking.id)).filter((c) => c.kind === "create").map((c) => c.key));
    expect(keys.size).toBe(1);
  });
});

describe("POST /payments refusals", () => {
  const day3 = salonDate(6);
  let master: { id: number; phone: string };
  let customer: { token: string; id: number; phone: string; email: string };
  beforeAll(async () => {
    master = await newMaster();
  });
  // A customer per test: one account may hold only two bookings awaiting payment.
  beforeEach(async () => {
    customer = await newPayer();
  });

  it("refuses a missing key, bad bodies, unknown and foreign bookings", async () => {
    const booking = await heldBooking(customer.token, master.id, day3, "10:00");
    const noKey = await call("POST", "/api/v1/payments", { token: customer.token, body: { booking_id: booking.id } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe("idempotency_key_required");
    expect((await pay(customer.token, { booking_id: "x" })).body.error.code).toBe("validation_failed");
    expect((await call("POST", "/api/v1/payments", { body: { booking_id: booking.id }, headers: { "idempotency-key": newKey() } })).status).toBe(401);
    const missing = await pay(customer.token, { booking_id: 99_999_999 });
    expect(missing.status).toBe(404);
    const stranger = await newCustomer();
    const foreign = await pay(stranger.token, { booking_id: booking.id });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("forbidden");
  });

  it("refuses a booking that is not held, a hold that ran out, and a paid booking", async () => {
    const plain = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(day3, "11:00") });
    const notHeld = await pay(customer.token, { booking_id: plain.body.booking.id });
    expect(notHeld.status).toBe(409);
    expect(notHeld.body.error.code).toBe("booking_not_held");

    const late = await heldBooking(customer.token, master.id, day3, "12:00");
    await sql("update bookings set hold_expires_at = ? where id = ?", [new Date(Date.now() - 1000).toISOString(), late.id]);
    const expired = await pay(customer.token, { booking_id: late.id });
    expect(expired.status).toBe(409);
    expect(expired.body.error.code).toBe("hold_expired");

    const paid = await heldBooking(customer.token, master.id, day3, "15:00");
    const first = await pay(customer.token, { booking_id: paid.id });
    await settleAtProvider(await providerIdOf(first.body.payment.id), "succeed");
    const twice = await pay(customer.token, { booking_id: paid.id });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("already_paid");
  });

  it("shows a payment to its owner, the booking's master and admins only", async () => {
    const booking = await heldBooking(customer.token, master.id, day3, "16:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    const path = `/api/v1/payments/${res.body.payment.id}`;
    expect((await call("GET", path, { token: await tokenFor(master.phone) })).status).toBe(200);
    expect((await call("GET", path, { token: await adminToken() })).status).toBe(200);
    expect((await call("GET", path, { token: (await newCustomer()).token })).status).toBe(403);
    expect((await call("GET", "/api/v1/payments/99999999", { token: customer.token })).status).toBe(404);
  });
});

describe("POST /payments/webhook/{provider}", () => {
  it("answers 404 for an unknown provider and 400 for malformed notifications, never 500", async () => {
    expect((await call("POST", "/api/v1/payments/webhook/paypal", { body: { type: "notification" } })).status).toBe(404);
    const cases = [{ raw: "{not json" }, { body: { type: "notification", event: "payment.succeeded" } }, { body: [1, 2] }, { body: { type: "notification", event: "payment.exploded", object: { id: "x" } } }];
    for (const c of cases) {
      const res = await call("POST", "/api/v1/payments/webhook/yookassa", c.raw ? { raw: c.raw } : { body: c.body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(c.raw ? "invalid_json" : "invalid_notification");
    }
  });

  it("ignores a notification about a payment the provider does not know", async () => {
    const res = await call("POST", "/api/v1/payments/webhook/yookassa", {
      body: { type: "notification", event: "payment.succeeded", object: { id: "2419a771-000f-5000-9000-1edaf29243f2", status: "succeeded" } },
    });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("not_at_provider");
  });

  it("answers 503 when the provider cannot be asked, so the notification is sent again", async () => {
    const master = await newMaster();
    const customer = await newPayer();
    const booking = await heldBooking(customer.token, master.id, salonDate(7), "10:00");
    const res = await pay(customer.token, { booking_id: booking.id });
    const providerId = await providerIdOf(res.body.payment.id);
    await fake(`/__fake/payments/${providerId}/succeed`, {});
    await setRule(booking.id, { mode: "http_500", on: "get", times: 3 });
    expect((await deliver(providerId, "payment.succeeded")).status).toBe(503);
    expect((await bookingRow(booking.id)).status).toBe("held");
    const redelivered = await deliver(providerId, "payment.succeeded");
    expect(redelivered.status).toBe(200);
    expect((await bookingRow(booking.id)).status).toBe("confirmed");
  });
});
