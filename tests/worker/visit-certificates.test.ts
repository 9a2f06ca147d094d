// Gift certificates on multi-service visits: the balance pays the items in
// order up to what it holds, each item's part spent with its booking (one
// ledger row per booking), so racing visits and bookings never spend it twice;
// refusals book nothing; cancels give parts back by the refund policy; the
// visit's one payment covers only what is left; an online-sold certificate's
// advance is closed per completed item.
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { adminToken, book, moscow, newCustomer, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";
import { claimInFlight, releaseInFlight } from "./direct-db.js";
import { fake, newPayer, pay, providerCalls, providerIdOf, settleAtProvider } from "./payments-helpers.js";

const HAIRCUT = 3; // 1 500 ₽, nothing ahead, 45 min
const MASSAGE = 8; // 3 500 ₽, deposit 1 000 ₽, 60 min
const LONG_DAY = { start: "09:00", end: "21:00", breaks: [] as [string, string][] };

type VisitAnswer = { id: number; bookings: { id: number; status: string; service: { id: number }; prepayment: { amount_minor: number } | null; money: any }[] };

let cut: number;
let massage: number;
let otherCut: number;
let otherMassage: number;
beforeAll(async () => {
  const made = await Promise.all([
    newMaster({ services: [HAIRCUT], hours: LONG_DAY }),
    newMaster({ services: [MASSAGE], hours: LONG_DAY }),
    newMaster({ services: [HAIRCUT], hours: LONG_DAY }),
    newMaster({ services: [MASSAGE], hours: LONG_DAY }),
  ]);
  [cut, massage, otherCut, otherMassage] = made.map((m) => m.id) as [number, number, number, number];
});

async function issue(amountMinor: number) {
  const res = await call("POST", "/api/v1/admin/certificates", { token: await adminToken(), body: { amount_minor: amountMinor } });
  expect(res.status).toBe(201);
  return res.body.certificate as { id: number; code: string };
}

/** A haircut, then a massage, with a certificate code. */
function bookVisit(token: string, day: number, time: string, code: string | undefined, masters = { cut, massage }, key = newKey()) {
  const items = [
    { service_id: HAIRCUT, staff_id: masters.cut },
    { service_id: MASSAGE, staff_id: masters.massage },
  ];
  return call("POST", "/api/v1/visits", { token, body: { items, appointment_datetime: slot(salonDate(day), time), ...(code ? { certificate_code: code } : {}) }, headers: { "idempotency-key": key } });
}

const balanceOf = async (id: number) => Number((await sql("select balance_minor from certificates where id = ?", [id])).rows[0]!.balance_minor);
const ledgerSum = async (id: number) => Number((await sql("select coalesce(sum(amount_minor), 0) as n from certificate_ledger where certificate_id = ?", [id])).rows[0]!.n);
const bookingsOf = async (userId: number) => (await sql("select id, status, certificate_minor from bookings where user_id = ?", [userId])).rows;
const byService = (visit: VisitAnswer, serviceId: number) => visit.bookings.find((b) => b.service.id === serviceId)!;

describe("a gift certificate on a visit", () => {
  it("pays the items in order up to its balance, and the visit's one payment and receipt cover only what is left", async () => {
    const cert = await issue(200_000);
    const customer = await newPayer();
    const res = await bookVisit(customer.token, 30, "10:00", cert.code);
    expect(res.status).toBe(201);
    const visit = res.body.visit as VisitAnswer;
    // The haircut takes 1 500 ₽, the massage the last 500 ₽: off its 1 000 ₽ deposit first.
    expect(byService(visit, HAIRCUT)).toMatchObject({ status: "pending", money: { certificate_used: { amount_minor: 150_000 }, left_to_pay: { amount_minor: 0 } } });
    expect(byService(visit, MASSAGE)).toMatchObject({ status: "held", prepayment: { amount_minor: 50_000 }, money: { certificate_used: { amount_minor: 50_000 }, left_to_pay: { amount_minor: 300_000 } } });
    expect(res.body.visit.prepayment).toEqual({ amount_minor: 50_000, currency: "RUB" });
    expect(await balanceOf(cert.id)).toBe(0);
    // One ledger row per booking.
    const { rows } = await sql("select booking_id, amount_minor, dedupe_key from certificate_ledger where certificate_id = ? order by id", [cert.id]);
    expect(rows.map((r) => [Number(r.booking_id), Number(r.amount_minor)]).sort()).toEqual([[byService(visit, HAIRCUT).id, -150_000], [byService(visit, MASSAGE).id, -50_000]].sort());
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(2);

    const paid = await pay(customer.token, { booking_id: byService(visit, MASSAGE).id });
    expect(paid.status).toBe(201);
    expect(paid.body.payment.amount).toEqual({ amount_minor: 50_000, currency: "RUB" });
    const [created] = (await providerCalls(paid.body.payment.booking_id)).filter((c) => c.kind === "create");
    expect(created.body.amount).toEqual({ value: "500.00", currency: "RUB" });
    const lines = created.body.receipt.items as { description: string; amount: { value: string } }[];
    expect(lines.map((l) => [l.description, l.amount.value])).toEqual([["Классический массаж спины", "500.00"]]);
    const items = (await sql("select booking_id, amount_minor from payment_items where payment_id = ?", [paid.body.payment.id])).rows;
    expect(items.map((i) => [Number(i.booking_id), Number(i.amount_minor)])).toEqual([[byService(visit, MASSAGE).id, 50_000]]);
    await settleAtProvider(await providerIdOf(paid.body.payment.id), "succeed");
    const after = (await call("GET", `/api/v1/visits/${visit.id}`, { token: customer.token })).body.visit as VisitAnswer;
    expect(byService(after, MASSAGE)).toMatchObject({ status: "confirmed", money: { paid: { amount_minor: 50_000 }, certificate_used: { amount_minor: 50_000 }, left_to_pay: { amount_minor: 250_000 } } });
  });

  it("pays what is left after the promo discount: the discounted item's part is its price after the code", async () => {
    const promo = await call("POST", "/api/v1/admin/promo-codes", { token: await adminToken(), body: { code: `VISITCERT${Date.now().toString(36)}`, percent_off: 10, service_ids: [HAIRCUT] } });
    expect(promo.status).toBe(201);
    const cert = await issue(200_000);
    const customer = await newCustomer();
    const res = await call("POST", "/api/v1/visits", {
      token: customer.token,
      headers: { "idempotency-key": newKey() },
      body: { items: [{ service_id: HAIRCUT, staff_id: cut }, { service_id: MASSAGE, staff_id: massage }], appointment_datetime: slot(salonDate(30), "17:00"), promo_code: promo.body.promo_code.code, certificate_code: cert.code },
    });
    expect(res.status).toBe(201);
    const visit = res.body.visit as VisitAnswer;
    // 1 500 ₽ less 10 % is 1 350 ₽, all paid by the certificate; the massage gets the last 650 ₽.
    expect(byService(visit, HAIRCUT).money).toMatchObject({ certificate_used: { amount_minor: 135_000 }, left_to_pay: { amount_minor: 0 } });
    expect(byService(visit, MASSAGE)).toMatchObject({ prepayment: { amount_minor: 35_000 }, money: { certificate_used: { amount_minor: 65_000 } } });
    expect(await balanceOf(cert.id)).toBe(0);
  });

  it("pays the whole visit when its balance covers it: nothing is held and the rest of the balance stays", async () => {
    const cert = await issue(600_000);
    const customer = await newCustomer();
    const res = await bookVisit(customer.token, 30, "14:00", cert.code);
    expect(res.status).toBe(201);
    expect(res.body.visit.bookings.map((b: { status: string }) => b.status)).toEqual(["pending", "pending"]);
    expect(res.body.visit.prepayment).toBeNull();
    expect(await balanceOf(cert.id)).toBe(100_000);
  });

  it("a certificate for a service pays only that service's item, and is refused when the visit has none", async () => {
    const cert = await issue(350_000);
    await sql("update certificates set service_id = ? where id = ?", [MASSAGE, cert.id]);
    const customer = await newCustomer();
    const res = await bookVisit(customer.token, 31, "10:00", cert.code);
    expect(res.status).toBe(201);
    const visit = res.body.visit as VisitAnswer;
    expect(byService(visit, HAIRCUT).money).not.toHaveProperty("certificate_used");
    expect(byService(visit, MASSAGE)).toMatchObject({ status: "pending", money: { certificate_used: { amount_minor: 350_000 } } });

    const spaOnly = await issue(100_000);
    await sql("update certificates set service_id = 9 where id = ?", [spaOnly.id]);
    const other = await newCustomer();
    const refused = await bookVisit(other.token, 31, "14:00", spaOnly.code);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "certificate_wrong_service", details: { field: "certificate_code" } });
    expect(await bookingsOf(other.id)).toHaveLength(0);
  });

  it("refuses an unknown, expired, used-up or void code with a 422 naming it, and books nothing", async () => {
    const customer = await newCustomer();
    const expired = await issue(10_000);
    await sql("update certificates set expires_at = ? where id = ?", [new Date(Date.now() - 86_400_000).toISOString(), expired.id]);
    const empty = await issue(10_000);
    await sql("update certificates set balance_minor = 0 where id = ?", [empty.id]);
    const voided = await issue(10_000);
    expect((await call("POST", `/api/v1/admin/certificates/${voided.id}/void`, { token: await adminToken(), body: { reason: "ошибка кассира" } })).status).toBe(200);
    for (const [code, error] of [["ABCD-EFGH-JKMN", "certificate_not_found"], [expired.code, "certificate_expired"], [empty.code, "certificate_used_up"], [voided.code, "certificate_void"]] as const) {
      const res = await bookVisit(customer.token, 32, "10:00", code);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: error, details: { field: "certificate_code" } });
    }
    expect(await bookingsOf(customer.id)).toHaveLength(0);
  });

  it("never spends one certificate twice when two visits and a booking race on it: the spends never pass the balance and every refused attempt gives its parts back", async () => {
    // Enough for one visit (1 500 + 3 500 ₽), not two.
    const cert = await issue(500_000);
    const [a, b, c] = await Promise.all([newCustomer(), newCustomer(), newCustomer()]);
    const answers = await Promise.all([
      bookVisit(a.token, 33, "10:00", cert.code),
      bookVisit(b.token, 33, "10:00", cert.code, { cut: otherCut, massage: otherMassage }),
      book(c.token, { service_id: MASSAGE, staff_id: massage, appointment_datetime: slot(salonDate(33), "15:00"), certificate_code: cert.code }),
    ]);
    expect(answers.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    for (const r of answers.filter((r) => r.status !== 201)) expect(r.body.error).toMatchObject({ code: "certificate_used_up", details: { field: "certificate_code" } });
    // What the live bookings hold is exactly what left the balance, and never more than it had.
    const live = (await Promise.all([a, b, c].map((x) => bookingsOf(x.id)))).flat().filter((r) => r.status !== "cancelled");
    const held = live.reduce((sum, r) => sum + Number(r.certificate_minor), 0);
    expect(held).toBeLessThanOrEqual(500_000);
    expect(await balanceOf(cert.id)).toBe(500_000 - held);
    expect(await ledgerSum(cert.id)).toBe(-held);
    // The two visits cannot both have been paid by it.
    expect([answers[0]!.status, answers[1]!.status]).not.toEqual([201, 201]);
  });

  it("gives back the part an item spent when a later item of the visit is refused in its ledger, and spends it again on the retry that books", async () => {
    // Fresh masters: the haircut's master has the smaller id, so its item is claimed (and spends) first.
    const first = await newMaster({ services: [HAIRCUT], hours: LONG_DAY });
    const second = await newMaster({ services: [MASSAGE], hours: LONG_DAY });
    const day = salonDate(37);
    // The database shows the massage free at 10:45, but its master's ledger holds 11:00–11:30 for a request in flight.
    await claimInFlight(second.id, "in-flight-visit-cert", moscow(day, "11:00"), moscow(day, "11:30"));
    const cert = await issue(200_000);
    const customer = await newCustomer();
    const key = newKey();
    const refused = await bookVisit(customer.token, 37, "10:00", cert.code, { cut: first.id, massage: second.id }, key);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("slot_taken");
    expect(await balanceOf(cert.id)).toBe(200_000);
    const { rows } = await sql("select l.amount_minor, b.cancel_reason from certificate_ledger l join bookings b on b.id = l.booking_id where l.certificate_id = ? order by l.id", [cert.id]);
    expect(rows.map((r) => [Number(r.amount_minor), r.cancel_reason])).toEqual([[-150_000, "visit_incomplete"], [150_000, "visit_incomplete"]]);

    await releaseInFlight(second.id, "in-flight-visit-cert");
    const retried = await bookVisit(customer.token, 37, "10:00", cert.code, { cut: first.id, massage: second.id }, key);
    expect(retried.status).toBe(201);
    expect(await balanceOf(cert.id)).toBe(0);
    expect(await ledgerSum(cert.id)).toBe(-200_000);
  });

  it("gives an item's part back by the refund policy when the item is cancelled, and the rest when the visit is, once each", async () => {
    const cert = await issue(500_000);
    const customer = await newCustomer();
    const visit = (await bookVisit(customer.token, 34, "10:00", cert.code)).body.visit as VisitAnswer;
    expect(await balanceOf(cert.id)).toBe(0);
    const haircut = byService(visit, HAIRCUT).id;
    for (let i = 0; i < 2; i++) {
      const res = await call("PATCH", `/api/v1/bookings/${haircut}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
      expect(res.status).toBe(200);
    }
    expect(await balanceOf(cert.id)).toBe(150_000);
    for (let i = 0; i < 2; i++) {
      const res = await call("PATCH", `/api/v1/visits/${visit.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
      expect(res.status).toBe(200);
    }
    expect(await balanceOf(cert.id)).toBe(500_000);
  });

  it("gives back the late-cancel share of the policy only, as a single booking does", async () => {
    const cert = await issue(500_000);
    const customer = await newCustomer();
    const visit = (await bookVisit(customer.token, 35, "10:00", cert.code)).body.visit as VisitAnswer;
    const haircut = byService(visit, HAIRCUT).id;
    // First booked for two hours from now: a customer's cancel now is late (the demo salon returns 50 %).
    await sql("update bookings set original_start_at = ? where id = ?", [new Date(Date.now() + 2 * 3_600_000).toISOString(), haircut]);
    const { rows } = await sql("select refund_late_percent as p from salon_settings where id = 1");
    const late = Number(rows[0]!.p);
    const res = await call("PATCH", `/api/v1/bookings/${haircut}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(res.status).toBe(200);
    expect(await balanceOf(cert.id)).toBe(Math.floor((150_000 * late) / 100));
  });
});

describe("an online-sold certificate on a visit", () => {
  it("closes the certificate's advance per item: a completed item gets its closing receipt, an item not completed none", async () => {
    const buyer = await newPayer();
    const sale = await call("POST", "/api/v1/certificates", { token: buyer.token, headers: { "idempotency-key": newKey() }, body: { amount_minor: 200_000 } });
    expect(sale.status).toBe(201);
    const providerPayment = (await fake<{ items: any[] }>("/__fake/payments")).items.find((p) => p.metadata.certificate_id === String(sale.body.certificate.id));
    await settleAtProvider(providerPayment.id, "succeed");
    const code = (await call("GET", "/api/v1/certificates/mine", { token: buyer.token })).body.certificates.find((c: { id: number }) => c.id === sale.body.certificate.id).code;
    const res = await bookVisit(buyer.token, 36, "10:00", code);
    expect(res.status).toBe(201);
    const visit = res.body.visit as VisitAnswer;
    const haircut = byService(visit, HAIRCUT).id;
    const end = Date.now() - 3_600_000;
    await sql("update bookings set start_at = ?, end_at = ? where id = ?", [new Date(end - 2_700_000).toISOString(), new Date(end).toISOString(), haircut]);
    const completed = await call("PATCH", `/api/v1/bookings/${haircut}`, { token: await adminToken(), body: { action: "complete" } });
    expect(completed.status).toBe(200);
    const receipts = (await fake<{ items: any[] }>(`/__fake/receipts?payment_id=${providerPayment.id}`)).items;
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      items: [{ description: "Стрижка мужская", amount: { value: "1500.00", currency: "RUB" }, payment_mode: "full_payment" }],
      settlements: [{ type: "prepayment", amount: { value: "1500.00", currency: "RUB" } }],
    });
    const settled = await sql("select booking_id, status from certificate_settlements where certificate_id = ?", [sale.body.certificate.id]);
    expect(settled.rows.map((r) => [Number(r.booking_id), r.status])).toEqual([[haircut, "sent"]]);
  });
});
