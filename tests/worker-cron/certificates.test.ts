// Gift certificates end to end: issued at the desk, sold online with an
// advance receipt the strict YooKassa fake checks, redeemed on a booking
// (whole, partial, racing), given back on a cancel, voided, refunded,
// extended, expired, and the limits on trying codes.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { returnOnLapse } from "../../worker/payments/certificates.js";
import { openDb, schema } from "../../worker/repo/db.js";
import { call, runCron } from "../worker/client.js";
import { adminToken, book, newCustomer, newKey, newMaster, salonDate, slot, sql } from "../worker/scenario.js";
import { bookingRow, expireHold, fake, newPayer, pay, providerIdOf, settleAtProvider } from "../worker/payments-helpers.js";

const HAIRCUT = 3; // 1 500 ₽, nothing ahead
const MASSAGE = 8; // 3 500 ₽, deposit 1 000 ₽
const CODE = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

async function issue(amountMinor: number, extra: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/admin/certificates", { token: await adminToken(), body: { amount_minor: amountMinor, ...extra } });
  expect(res.status).toBe(201);
  return res.body.certificate as { id: number; code: string; balance: { amount_minor: number } };
}

const balanceOf = async (id: number) => Number((await sql("select balance_minor from certificates where id = ?", [id])).rows[0]!.balance_minor);
const bookingsWithKey = async (key: string) => Number((await sql("select count(*) as n from bookings where idempotency_key = ?", [key])).rows[0]!.n);
const auditOf = async (id: number) => (await call("GET", `/api/v1/admin/audit?entity=certificate&entity_id=${id}`, { token: await adminToken() })).body.entries as { action: string; after: any }[];

describe("gift certificates issued at the desk and redeemed on bookings", () => {
  let master: { id: number };
  let other: { id: number };
  beforeAll(async () => {
    master = await newMaster({ services: [HAIRCUT, MASSAGE] });
    other = await newMaster({ services: [HAIRCUT, MASSAGE] });
  });

  it("issues a certificate at the desk with a grouped unambiguous code and its balance, audited, without an online payment", async () => {
    const cert = await issue(200_000);
    expect(cert.code).toMatch(CODE);
    expect(cert).toMatchObject({ status: "active", sold_by: "desk", balance: { amount_minor: 200_000, currency: "RUB" } });
    const { rows } = await sql("select provider, receipt from certificates where id = ?", [cert.id]);
    expect(rows[0]).toMatchObject({ provider: null, receipt: null });
    expect((await auditOf(cert.id)).map((e) => e.action)).toContain("issue");
  });

  it("pays the whole price of a booking: left to pay is zero and the balance keeps the rest", async () => {
    const cert = await issue(200_000);
    const customer = await newCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(30), "10:00"), certificate_code: cert.code });
    expect(res.status).toBe(201);
    expect(res.body.booking.money).toMatchObject({ certificate_used: { amount_minor: 150_000, currency: "RUB" }, left_to_pay: { amount_minor: 0, currency: "RUB" } });
    expect(await balanceOf(cert.id)).toBe(50_000);
  });

  it("pays part of a price when the balance is smaller: the rest is left to pay and the certificate is used up", async () => {
    const cert = await issue(50_000);
    const customer = await newCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(30), "11:00"), certificate_code: cert.code });
    expect(res.status).toBe(201);
    expect(res.body.booking.money.left_to_pay).toEqual({ amount_minor: 100_000, currency: "RUB" });
    expect(await balanceOf(cert.id)).toBe(0);
    const again = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(30), "12:00"), certificate_code: cert.code });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe("certificate_used_up");
  });

  it("comes off the deposit first: a certificate smaller than the deposit lowers it, one covering it leaves nothing to prepay", async () => {
    const small = await issue(40_000);
    const customer = await newCustomer();
    const held = await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(31), "10:00"), certificate_code: small.code });
    expect(held.status).toBe(201);
    expect(held.body.booking).toMatchObject({ status: "held", prepayment: { amount_minor: 60_000 } });
    expect(held.body.booking.money.left_to_pay.amount_minor).toBe(310_000);
    const big = await issue(100_000);
    const pending = await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(31), "12:00"), certificate_code: big.code });
    expect(pending.status).toBe(201);
    expect(pending.body.booking).toMatchObject({ status: "pending", prepayment: null });
  });

  it("reads codes in any case, with or without dashes", async () => {
    const cert = await issue(10_000);
    const customer = await newCustomer();
    const typed = ` ${cert.code.replace(/-/g, "").toLowerCase()} `;
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(30), "15:00"), certificate_code: typed });
    expect(res.status).toBe(201);
    expect(res.body.booking.money.certificate_used.amount_minor).toBe(10_000);
  });

  it("refuses an unknown, an expired and a used-up code with a 422 naming it, and makes no booking", async () => {
    const customer = await newCustomer();
    const expired = await issue(10_000);
    await sql("update certificates set expires_at = ? where id = ?", [new Date(Date.now() - 86_400_000).toISOString(), expired.id]);
    const empty = await issue(10_000);
    await sql("update certificates set balance_minor = 0 where id = ?", [empty.id]);
    for (const [code, error] of [["ABCD-EFGH-JKMN", "certificate_not_found"], ["0000-1111", "certificate_not_found"], [expired.code, "certificate_expired"], [empty.code, "certificate_used_up"]] as const) {
      const key = newKey();
      const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(32), "10:00"), certificate_code: code }, key);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: error, details: { field: "certificate_code" } });
      expect(await bookingsWithKey(key)).toBe(0);
    }
  });

  it("never spends one certificate twice when two bookings race on it: one is made, the other is refused and not created", async () => {
    const cert = await issue(150_000);
    const [a, b] = [await newCustomer(), await newCustomer()];
    const keys = [newKey(), newKey()];
    const answers = await Promise.all([
      book(a.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(33), "10:00"), certificate_code: cert.code }, keys[0]),
      book(b.token, { service_id: HAIRCUT, staff_id: other.id, appointment_datetime: slot(salonDate(33), "10:00"), certificate_code: cert.code }, keys[1]),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    const refused = answers.find((r) => r.status === 422)!;
    expect(refused.body.error.code).toBe("certificate_used_up");
    expect(await balanceOf(cert.id)).toBe(0);
    const { rows } = await sql("select amount_minor from certificate_ledger where certificate_id = ?", [cert.id]);
    expect(rows.map((r) => Number(r.amount_minor))).toEqual([-150_000]);
    expect((await bookingsWithKey(keys[0]!)) + (await bookingsWithKey(keys[1]!))).toBe(1);
  });

  it("gives the certificate's part back when the booking is cancelled within the policy, once", async () => {
    const cert = await issue(100_000);
    const customer = await newCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(34), "10:00"), certificate_code: cert.code });
    expect(await balanceOf(cert.id)).toBe(0);
    for (let i = 0; i < 2; i++) {
      const cancelled = await call("PATCH", `/api/v1/bookings/${res.body.booking.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
      expect(cancelled.status).toBe(200);
    }
    expect(await balanceOf(cert.id)).toBe(100_000);
  });

  it("lets the admin pay what is left of a booking with a certificate at the visit, once per request", async () => {
    const customer = await newCustomer();
    const booking = (await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(35), "10:00") })).body.booking;
    const cert = await issue(100_000);
    const key = newKey();
    for (let i = 0; i < 2; i++) {
      const res = await call("POST", "/api/v1/admin/certificates/redeem", { token: await adminToken(), headers: { "idempotency-key": key }, body: { booking_id: booking.id, certificate_code: cert.code } });
      expect(res.status).toBe(200);
      expect(res.body.booking.money).toMatchObject({ certificate_used: { amount_minor: 100_000 }, left_to_pay: { amount_minor: 50_000 } });
    }
    expect(await balanceOf(cert.id)).toBe(0);
    expect((await auditOf(cert.id)).map((e) => e.action)).toContain("redeem");
  });

  it("voids a certificate with a reason in the audit log, after which its code is refused", async () => {
    const cert = await issue(30_000);
    const voided = await call("POST", `/api/v1/admin/certificates/${cert.id}/void`, { token: await adminToken(), body: { reason: "выдан по ошибке" } });
    expect(voided.status).toBe(200);
    expect(voided.body.certificate).toMatchObject({ status: "void", balance: { amount_minor: 0 }, end_reason: "выдан по ошибке" });
    expect((await auditOf(cert.id)).find((e) => e.action === "void")?.after).toMatchObject({ reason: "выдан по ошибке", balance_minor: 0 });
    const again = await call("POST", `/api/v1/admin/certificates/${cert.id}/void`, { token: await adminToken(), body: { reason: "ещё раз" } });
    expect(again.status).toBe(409);
    const customer = await newCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(36), "10:00"), certificate_code: cert.code });
    expect(res.body.error.code).toBe("certificate_void");
  });

  it("extends an expired certificate's validity with a reason, and it pays again", async () => {
    const cert = await issue(20_000);
    await sql("update certificates set expires_at = ? where id = ?", [new Date(Date.now() - 86_400_000).toISOString(), cert.id]);
    const extended = await call("POST", `/api/v1/admin/certificates/${cert.id}/extend`, { token: await adminToken(), body: { expires_at: `${salonDate(90)}T23:59`, reason: "болела" } });
    expect(extended.status).toBe(200);
    expect((await auditOf(cert.id)).find((e) => e.action === "extend")?.after).toMatchObject({ reason: "болела" });
    const customer = await newCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(36), "12:00"), certificate_code: cert.code });
    expect(res.status).toBe(201);
  });

  it("finds certificates by code for the admin and shows anyone the balance by code, without names", async () => {
    const cert = await issue(70_000, { recipient: { name: "Анна", email: "anna@example.test" } });
    const found = await call("GET", `/api/v1/admin/certificates?q=${cert.code.slice(0, 4).toLowerCase()}`, { token: await adminToken() });
    expect(found.body.certificates.map((c: { id: number }) => c.id)).toContain(cert.id);
    const balance = await call("GET", `/api/v1/certificates/balance/${cert.code.toLowerCase()}`);
    expect(balance.status).toBe(200);
    expect(balance.body.certificate).toEqual({ code: cert.code, status: "active", balance: { amount_minor: 70_000, currency: "RUB" }, expires_at: expect.any(String), service_id: null, expired: false });
    expect((await call("GET", "/api/v1/certificates/balance/ABCD-EFGH-JKMN")).status).toBe(404);
  });

  it("limits the codes one account tries in a minute, from any address, with 429", async () => {
    const customer = await newCustomer();
    let refused;
    // The limiter counts whole minutes: at most 10 tries a minute pass, so 21 tries surely meet a refusal.
    for (let i = 0; i < 21 && !refused; i++) {
      const res = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(37), "10:00"), certificate_code: "ABCD-EFGH-JKMN" });
      if (res.status === 429) refused = res;
      else expect(res.body.error.code).toBe("certificate_not_found");
    }
    expect(refused?.body.error).toMatchObject({ code: "rate_limited", details: { limit: "certificate_codes" } });
  });
});

describe("gift certificates sold online", () => {
  let master: { id: number };
  beforeAll(async () => {
    master = await newMaster({ services: [HAIRCUT, MASSAGE] });
  });

  const saleAtProvider = async (certificateId: number) =>
    (await fake<{ items: any[] }>("/__fake/payments")).items.find((p) => p.metadata.certificate_id === String(certificateId));

  async function buy(body: Record<string, unknown>) {
    const buyer = await newPayer();
    const res = await call("POST", "/api/v1/certificates", { token: buyer.token, headers: { "idempotency-key": newKey() }, body });
    expect(res.status).toBe(201);
    return { buyer, res, providerPayment: await saleAtProvider(res.body.certificate.id) };
  }

  it("sells a gift with an advance receipt the strict fake accepts, then sends the recipient the code and balance link at send_at", async () => {
    const email = `gift${Date.now()}@example.test`;
    const sendAt = new Date(Date.now() + 2 * 86_400_000);
    const { buyer, res, providerPayment } = await buy({ amount_minor: 300_000, recipient: { name: "Мария", email }, message: "С днём рождения!", send_at: sendAt.toISOString() });
    expect(res.body.certificate).toMatchObject({ status: "awaiting_payment", code: null, sold_by: "online" });
    expect(res.body.payment).toMatchObject({ status: "pending", amount: { amount_minor: 300_000 }, confirmation_url: expect.any(String) });
    const sent = await fake(`/__fake/sent-receipt/${providerPayment.id}`);
    expect(sent.receipt).toEqual({
      customer: { email: buyer.email },
      items: [{ description: "Подарочный сертификат", quantity: 1, amount: { value: "3000.00", currency: "RUB" }, vat_code: 1, payment_subject: "payment", payment_mode: "advance" }],
    });
    expect((await settleAtProvider(providerPayment.id, "succeed")).body.outcome).toBe("certificate_activated");
    const mine = (await call("GET", "/api/v1/certificates/mine", { token: buyer.token })).body.certificates[0];
    expect(mine).toMatchObject({ id: res.body.certificate.id, status: "active", code: expect.stringMatching(CODE) });
    const { rows } = await sql("select channel, body, next_attempt_at, status from notification_outbox where recipient = ? and kind = 'certificate_gift'", [email]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "email", status: "pending", next_attempt_at: sendAt.toISOString() });
    expect(String(rows[0]!.body)).toContain(mine.code);
    expect(String(rows[0]!.body)).toContain(`/certificate/${mine.code}`);
    expect(String(rows[0]!.body)).toContain("С днём рождения!");
    // The cron's dispatcher sends it once its time has come.
    await runCron(sendAt.getTime() + 60_000);
    const after = await sql("select status from notification_outbox where recipient = ? and kind = 'certificate_gift'", [email]);
    expect(after.rows[0]!.status).toBe("sent");
  });

  it("a declined sale never becomes a certificate", async () => {
    const { res, providerPayment } = await buy({ amount_minor: 100_000 });
    await settleAtProvider(providerPayment.id, "cancel");
    const { rows } = await sql("select status from certificates where id = ?", [res.body.certificate.id]);
    expect(rows[0]!.status).toBe("canceled");
  });

  it("settles the certificate's advance with a closing receipt when the visit it paid for is completed", async () => {
    const { buyer, res, providerPayment } = await buy({ amount_minor: 100_000 });
    await settleAtProvider(providerPayment.id, "succeed");
    const code = (await call("GET", "/api/v1/certificates/mine", { token: buyer.token })).body.certificates.find((c: { id: number }) => c.id === res.body.certificate.id).code;
    const booked = await book(buyer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(40), "10:00"), certificate_code: code });
    expect(booked.status).toBe(201);
    const end = Date.now() - 3_600_000;
    await sql("update bookings set start_at = ?, end_at = ? where id = ?", [new Date(end - 2_700_000).toISOString(), new Date(end).toISOString(), booked.body.booking.id]);
    const completed = await call("PATCH", `/api/v1/bookings/${booked.body.booking.id}`, { token: await adminToken(), body: { action: "complete" } });
    expect(completed.status).toBe(200);
    const receipts = (await fake<{ items: any[] }>(`/__fake/receipts?payment_id=${providerPayment.id}`)).items;
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      items: [{ description: "Стрижка мужская", quantity: 1, amount: { value: "1000.00", currency: "RUB" }, vat_code: 1, payment_subject: "service", payment_mode: "full_payment" }],
      settlements: [{ type: "prepayment", amount: { value: "1000.00", currency: "RUB" } }],
    });
    const { rows } = await sql("select status from certificate_settlements where booking_id = ?", [booked.body.booking.id]);
    expect(rows[0]!.status).toBe("sent");
  });

  it("refunds an online certificate's unspent balance through the provider, with the reason audited", async () => {
    const { res, providerPayment } = await buy({ amount_minor: 200_000 });
    await settleAtProvider(providerPayment.id, "succeed");
    const id = res.body.certificate.id;
    await sql("update certificates set balance_minor = 150000 where id = ?", [id]);
    const refunded = await call("POST", `/api/v1/admin/certificates/${id}/refund`, { token: await adminToken(), body: { reason: "клиент передумал" } });
    expect(refunded.status).toBe(200);
    expect(refunded.body.certificate).toMatchObject({ status: "refunded", balance: { amount_minor: 0 } });
    const refunds = (await fake<{ items: any[] }>(`/__fake/refunds?payment_id=${providerPayment.id}`)).items;
    expect(refunds.map((r) => r.amount)).toEqual([{ value: "1500.00", currency: "RUB" }]);
    expect((await auditOf(id)).find((e) => e.action === "refund")?.after).toMatchObject({ reason: "клиент передумал" });
  });
});

describe("a hold with a certificate that ran out, then was paid late", () => {
  let master: { id: number };
  beforeAll(async () => {
    master = await newMaster({ services: [MASSAGE] });
  });

  /** A held massage (1 000 ₽ deposit) whose 400 ₽ certificate part the lapse gave back, with a payment started before it ran out. */
  async function lapsedWithPayment(date: string, time: string) {
    const cert = await issue(40_000);
    const customer = await newPayer();
    const booking = (await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(date, time), certificate_code: cert.code })).body.booking;
    expect(booking).toMatchObject({ status: "held", prepayment: { amount_minor: 60_000 } });
    const payment = await pay(customer.token, { booking_id: booking.id });
    expect(payment.status).toBe(201);
    await expireHold(master.id, booking.id);
    const lapsedAt = Date.now() - 60_000;
    await sql("update bookings set hold_expires_at = ? where id = ?", [new Date(lapsedAt).toISOString(), booking.id]);
    await runCron(Date.now());
    expect(await balanceOf(cert.id)).toBe(40_000);
    return { cert, customer, booking, providerId: await providerIdOf(payment.body.payment.id) };
  }

  it("takes the certificate's part again when the late payment brings the booking back, and gives it back once on a later cancel", async () => {
    const { cert, customer, booking, providerId } = await lapsedWithPayment(salonDate(40), "10:00");
    expect((await settleAtProvider(providerId, "succeed")).status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    expect(await balanceOf(cert.id)).toBe(0);
    // The cron's next pass finds a confirmed booking: nothing is given back twice.
    await runCron(Date.now());
    expect(await balanceOf(cert.id)).toBe(0);
    const cancelled = await call("PATCH", `/api/v1/bookings/${booking.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(cancelled.status).toBe(200);
    expect(await balanceOf(cert.id)).toBe(40_000);
  });

  it("leaves the part to pay at the salon when the certificate was spent elsewhere before the late payment", async () => {
    const { cert, booking, providerId } = await lapsedWithPayment(salonDate(40), "12:00");
    const other = await newCustomer();
    expect((await book(other.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(41), "10:00"), certificate_code: cert.code })).status).toBe(201);
    expect(await balanceOf(cert.id)).toBe(0);
    expect((await settleAtProvider(providerId, "succeed")).status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    expect(await balanceOf(cert.id)).toBe(0);
    const { rows } = await sql("select certificate_minor, certificate_id from bookings where id = ?", [booking.id]);
    expect(rows[0]).toMatchObject({ certificate_minor: 0, certificate_id: null });
  });

  it("keeps the part spent when the cron read the lapsed hold just before a late payment brought it back", async () => {
    const cert = await issue(40_000);
    const customer = await newPayer();
    const booking = (await book(customer.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(salonDate(42), "10:00"), certificate_code: cert.code })).body.booking;
    const payment = await pay(customer.token, { booking_id: booking.id });
    await expireHold(master.id, booking.id);
    const db = openDb(env as unknown as Env);
    // What the cron read: the booking as it was while cancelled.
    const [readByCron] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, booking.id));
    expect(readByCron).toMatchObject({ status: "cancelled", cancelReason: "hold_expired" });
    expect((await settleAtProvider(await providerIdOf(payment.body.payment.id), "succeed")).status).toBe(200);
    expect(await bookingRow(booking.id)).toMatchObject({ status: "confirmed" });
    await returnOnLapse(db, readByCron!, new Date());
    expect(await balanceOf(cert.id)).toBe(0);
  });
});
