// No-show protection end to end: the salon's deposit policy asks new clients,
// clients with recent no-shows, or everyone booking chosen services for a
// deposit (a held booking paid through the provider); a cancel in the window
// refunds it, a late cancel or a no-show keeps it; the admin can waive it for
// a client (audited); the statistics compare no-show rates before and after.
// The policy is scoped to a service only this file books, so other files
// running meanwhile never meet it; it is switched off again afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, book, newKey, newMaster, salonDate, slot, sql, tokenFor } from "./scenario.js";
import { fake, newPayer, pay, paymentRow, providerIdOf, settleAtProvider } from "./payments-helpers.js";

let admin: string;
let serviceId: number;
let master: { id: number; phone: string };
const PRICE = 200_000;

const setPolicy = (body: Record<string, unknown>) => call("PUT", "/api/v1/admin/deposit-policy", { token: admin, body });
const OFF = { kind: "off", value: 0, new_clients: false, no_show_count: null, all_clients: false, service_ids: [] };

/** A past visit of the customer's, straight in the database (what the policy counts). */
async function pastVisit(userId: number, phone: string, status: "completed" | "no_show", daysAgo: number) {
  const start = new Date(Date.now() - daysAgo * 86_400_000);
  await sql(
    "insert into bookings (user_id, service_id, staff_id, start_at, end_at, status, phone, price_total_minor, currency) values (?, ?, ?, ?, ?, ?, ?, ?, 'RUB')",
    [userId, serviceId, master.id, start.toISOString(), new Date(start.getTime() + 3_600_000).toISOString(), status, phone, PRICE],
  );
}

let hour = 9;
/** The next free hour on the test master's day, so bookings never collide. */
const nextTime = () => {
  hour = hour >= 18 ? 10 : hour + 1;
  if (hour === 14) hour = 15;
  return `${String(hour).padStart(2, "0")}:00`;
};
let dayOffset = 3;
const bookOwn = (token: string) => {
  const time = nextTime();
  if (time === "10:00") dayOffset += 1;
  return book(token, { service_id: serviceId, staff_id: master.id, appointment_datetime: slot(salonDate(dayOffset), time) });
};

async function paidDeposit(customer: { token: string }) {
  const booked = await bookOwn(customer.token);
  expect(booked.body.booking).toMatchObject({ status: "held", deposit_rule: "service" });
  const payment = await pay(customer.token, { booking_id: booked.body.booking.id });
  expect(payment.status).toBe(201);
  await settleAtProvider(await providerIdOf(payment.body.payment.id), "succeed");
  return { booking: booked.body.booking, payment: payment.body.payment };
}

beforeAll(async () => {
  admin = await adminToken();
  const { rows } = await sql("insert into services (name, duration_min, price_minor, currency) values ('Тест депозита', 60, ?, 'RUB') returning id", [PRICE]);
  serviceId = Number(rows[0]!.id);
  master = await newMaster({ services: [serviceId] });
});

afterAll(async () => {
  await setPolicy(OFF);
});

describe("who owes a deposit", () => {
  it("asks a new client for it, not a client who has visited", async () => {
    const policy = await setPolicy({ ...OFF, kind: "percent", value: 50, new_clients: true, service_ids: [serviceId] });
    expect(policy.status).toBe(200);
    expect(policy.body.policy).toMatchObject({ kind: "percent", new_clients: true, service_ids: [serviceId] });
    expect(policy.body.policy.since).not.toBeNull();
    const fresh = await quickCustomer();
    const held = await bookOwn(fresh.token);
    expect(held.status).toBe(201);
    expect(held.body.booking).toMatchObject({ status: "held", prepayment: { amount_minor: 100_000 }, deposit_rule: "new_client" });
    const regular = await quickCustomer();
    await pastVisit(regular.id, regular.phone, "completed", 30);
    const plain = await bookOwn(regular.token);
    expect(plain.body.booking).toMatchObject({ status: "pending", prepayment: null, deposit_rule: null });
  });

  it("asks a client with N no-shows in the last months, not one whose no-shows are older", async () => {
    await setPolicy({ ...OFF, kind: "fixed", value: 70_000, no_show_count: 2, no_show_months: 6, service_ids: [serviceId] });
    const flaky = await quickCustomer();
    await pastVisit(flaky.id, flaky.phone, "no_show", 10);
    await pastVisit(flaky.id, flaky.phone, "no_show", 40);
    const held = await bookOwn(flaky.token);
    expect(held.body.booking).toMatchObject({ status: "held", prepayment: { amount_minor: 70_000 }, deposit_rule: "no_shows" });
    const reformed = await quickCustomer();
    await pastVisit(reformed.id, reformed.phone, "no_show", 250);
    await pastVisit(reformed.id, reformed.phone, "no_show", 300);
    expect((await bookOwn(reformed.token)).body.booking).toMatchObject({ status: "pending", deposit_rule: null });
  });

  it("asks everyone booking a chosen service, and only for that service", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const customer = await quickCustomer();
    await pastVisit(customer.id, customer.phone, "completed", 30);
    expect((await bookOwn(customer.token)).body.booking).toMatchObject({ status: "held", prepayment: { amount_minor: 60_000 }, deposit_rule: "service" });
    const other = await book(customer.token, { service_id: 3, staff_id: "any", appointment_datetime: slot(salonDate(9), "10:00") });
    expect(other.body.booking).toMatchObject({ status: "pending", deposit_rule: null });
  });

  it("shows the rule and the deposit in the quote before booking", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const customer = await quickCustomer();
    const res = await call("POST", "/api/v1/bookings/quote", { token: customer.token, body: { service_id: serviceId, staff_id: master.id } });
    expect(res.body.quote).toMatchObject({ price: { amount_minor: PRICE }, prepayment: { amount_minor: 60_000 }, deposit_rule: "service", deposit_refund_hours: 24 });
  });

  it("lets the admin waive it for a client, and audits the waiver", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const customer = await quickCustomer();
    const waived = await call("PUT", `/api/v1/admin/deposit-policy/waivers/${customer.id}`, { token: admin, body: { waived: true, reason: "постоянный клиент" } });
    expect(waived.body).toEqual({ waiver: { user_id: customer.id, waived: true } });
    expect((await bookOwn(customer.token)).body.booking).toMatchObject({ status: "pending", deposit_rule: null });
    const audit = await call("GET", `/api/v1/admin/audit?entity=user&entity_id=${customer.id}`, { token: admin });
    expect(audit.body.entries[0]).toMatchObject({ action: "waive_deposit", after: { deposit_waived: true, reason: "постоянный клиент" } });
    expect((await call("PUT", "/api/v1/admin/deposit-policy/waivers/999999999", { token: admin, body: { waived: true } })).status).toBe(404);
  });

  it("shows the waiver on the client's card, so the back office's toggle starts from the truth", async () => {
    const customer = await quickCustomer();
    const card = () => call("GET", `/api/v1/admin/clients/${customer.id}`, { token: admin });
    expect((await card()).body.deposit_waived).toBe(false);
    await call("PUT", `/api/v1/admin/deposit-policy/waivers/${customer.id}`, { token: admin, body: { waived: true } });
    expect((await card()).body.deposit_waived).toBe(true);
    await call("PUT", `/api/v1/admin/deposit-policy/waivers/${customer.id}`, { token: admin, body: { waived: false } });
    expect((await card()).body.deposit_waived).toBe(false);
  });
});

describe("what happens to a paid deposit", () => {
  beforeAll(async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
  });

  it("refunds it in full on a cancel within the salon's window", async () => {
    const customer = await newPayer();
    const { booking, payment } = await paidDeposit(customer);
    const res = await call("PATCH", `/api/v1/bookings/${booking.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(res.status).toBe(200);
    const providerId = await providerIdOf(payment.id);
    const refunds = (await fake<{ items: any[] }>(`/__fake/refunds?payment_id=${providerId}`)).items;
    expect(refunds.map((r) => r.amount.value)).toEqual(["600.00"]);
  });

  it("keeps it on a late cancel (where an ordinary prepayment would refund the salon's late share)", async () => {
    const customer = await newPayer();
    const { booking, payment } = await paidDeposit(customer);
    // First booked for 10 hours from now and moved later since: the refund window counts from that start.
    await sql("update bookings set original_start_at = ? where id = ?", [new Date(Date.now() + 10 * 3_600_000).toISOString(), booking.id]);
    const res = await call("PATCH", `/api/v1/bookings/${booking.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(res.status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refunded_minor: 0 });
    expect((await fake<{ items: any[] }>(`/__fake/refunds?payment_id=${await providerIdOf(payment.id)}`)).items).toHaveLength(0);
  });

  it("keeps it on a no-show", async () => {
    const customer = await newPayer();
    const { booking, payment } = await paidDeposit(customer);
    // The visit's time has come and gone.
    const start = new Date(Date.now() - 2 * 3_600_000);
    await sql("update bookings set start_at = ?, end_at = ? where id = ?", [start.toISOString(), new Date(start.getTime() + 3_600_000).toISOString(), booking.id]);
    const marked = await call("PATCH", `/api/v1/bookings/${booking.id}`, { token: admin, body: { action: "no_show" } });
    expect(marked.status).toBe(200);
    expect(marked.body.booking.status).toBe("no_show");
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refunded_minor: 0 });
  });
});

describe("on a visit's items", () => {
  const HAIRCUT = 3; // 1 500 ₽, nothing ahead
  let cutter: number;
  let visitDay = 20;
  beforeAll(async () => {
    cutter = (await newMaster({ services: [HAIRCUT], hours: { start: "09:00", end: "21:00", breaks: [] } })).id;
  });
  /** The policy's service with the file's master, then a haircut: only the first item is the policy's. */
  async function bookVisit(token: string) {
    visitDay += 1;
    const items = [{ service_id: serviceId, staff_id: master.id }, { service_id: HAIRCUT, staff_id: cutter }];
    const res = await call("POST", "/api/v1/visits", { token, body: { items, appointment_datetime: slot(salonDate(visitDay), "10:00") }, headers: { "idempotency-key": newKey() } });
    expect(res.status).toBe(201);
    return res.body.visit as { id: number; prepayment: { amount_minor: number } | null; bookings: { id: number; status: string; service: { id: number }; prepayment: { amount_minor: number } | null; deposit_rule: string | null }[] };
  }
  const item = (visit: Awaited<ReturnType<typeof bookVisit>>, id: number) => visit.bookings.find((b) => b.service.id === id)!;
  async function paidVisit() {
    const customer = await newPayer();
    const visit = await bookVisit(customer.token);
    const payment = await pay(customer.token, { booking_id: item(visit, serviceId).id });
    expect(payment.status).toBe(201);
    expect(payment.body.payment.amount).toEqual({ amount_minor: 60_000, currency: "RUB" });
    await settleAtProvider(await providerIdOf(payment.body.payment.id), "succeed");
    return { customer, visit, payment: payment.body.payment };
  }

  it("asks each item for the deposit its rule gives, as a single booking, and shows it in the visit before paying", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 50, new_clients: true, service_ids: [serviceId] });
    const fresh = await quickCustomer();
    const visit = await bookVisit(fresh.token);
    expect(item(visit, serviceId)).toMatchObject({ status: "held", prepayment: { amount_minor: 100_000 }, deposit_rule: "new_client" });
    expect(item(visit, HAIRCUT)).toMatchObject({ status: "pending", prepayment: null, deposit_rule: null });
    expect(visit.prepayment).toEqual({ amount_minor: 100_000, currency: "RUB" });
    const regular = await quickCustomer();
    await pastVisit(regular.id, regular.phone, "completed", 30);
    const plain = await bookVisit(regular.token);
    expect(plain.bookings.map((b) => [b.status, b.deposit_rule])).toEqual([["pending", null], ["pending", null]]);
  });

  it("quotes each placed item's deposit before the visit is booked, as POST /visits will ask it", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const customer = await quickCustomer();
    const body = { items: [{ service_id: serviceId, staff_id: master.id }, { service_id: HAIRCUT, staff_id: cutter }], date: salonDate(30) };
    const res = await call("POST", "/api/v1/visits/quote", { token: customer.token, body });
    expect(res.status).toBe(200);
    expect(res.body.quote.items.map((q: { prepayment: { amount_minor: number } | null; deposit_rule: string | null }) => [q.prepayment?.amount_minor ?? null, q.deposit_rule])).toEqual([[60_000, "service"], [null, null]]);
    expect(res.body.quote.prepayment).toEqual({ amount_minor: 60_000, currency: "RUB" });
    expect(res.body.quote.items[0].deposit_refund_hours).toBe(24);
    const wrong = await call("POST", "/api/v1/visits/quote", { token: customer.token, body: { ...body, items: [{ service_id: HAIRCUT, staff_id: master.id }, body.items[1]] } });
    expect(wrong.status).toBe(422);
    expect((await call("POST", "/api/v1/visits/quote", { body })).status).toBe(401);
  });

  it("takes the deposit in the visit's one payment and refunds it in full on a cancel of the visit within the window", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const { customer, visit, payment } = await paidVisit();
    expect((await call("GET", `/api/v1/visits/${visit.id}`, { token: customer.token })).body.visit.bookings.map((b: { status: string }) => b.status)).toEqual(["confirmed", "pending"]);
    const res = await call("PATCH", `/api/v1/visits/${visit.id}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(res.status).toBe(200);
    const refunds = (await fake<{ items: any[] }>(`/__fake/refunds?payment_id=${await providerIdOf(payment.id)}`)).items;
    expect(refunds.map((r) => r.amount.value)).toEqual(["600.00"]);
  });

  it("keeps an item's deposit on a late cancel, where the visit's ordinary prepayment would refund the salon's late share", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const { customer, visit, payment } = await paidVisit();
    const deposit = item(visit, serviceId).id;
    await sql("update bookings set original_start_at = ? where id = ?", [new Date(Date.now() + 10 * 3_600_000).toISOString(), deposit]);
    const res = await call("PATCH", `/api/v1/bookings/${deposit}`, { token: customer.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(res.status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refunded_minor: 0 });
    expect((await fake<{ items: any[] }>(`/__fake/refunds?payment_id=${await providerIdOf(payment.id)}`)).items).toHaveLength(0);
  });

  it("keeps an item's deposit on a no-show", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const { visit, payment } = await paidVisit();
    const deposit = item(visit, serviceId).id;
    const start = new Date(Date.now() - 2 * 3_600_000);
    await sql("update bookings set start_at = ?, end_at = ? where id = ?", [start.toISOString(), new Date(start.getTime() + 3_600_000).toISOString(), deposit]);
    expect((await call("PATCH", `/api/v1/bookings/${deposit}`, { token: admin, body: { action: "no_show" } })).status).toBe(200);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "succeeded", refunded_minor: 0 });
  });
});

describe("waived by an admin on one booking", () => {
  const waive = (id: number, body: Record<string, unknown> = { reason: "знакомая клиентка" }, token = admin) => call("POST", `/api/v1/admin/bookings/${id}/waive-deposit`, { token, body });

  it("confirms a held booking waiting for its deposit without payment, says so in its money summary, audits it, and a repeat changes nothing", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const customer = await quickCustomer();
    const held = (await bookOwn(customer.token)).body.booking;
    expect(held).toMatchObject({ status: "held", deposit_rule: "service" });
    const res = await waive(held.id);
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ id: held.id, status: "confirmed", prepayment: null, deposit_rule: null });
    expect(res.body.money_summary).toMatchObject({ prepayment_minor: 0, paid_online_minor: 0, left_to_pay_minor: PRICE, deposit_waived: { amount_minor: 60_000, reason: "знакомая клиентка", at: expect.any(String) } });
    expect(res.body.history.map((e: { action: string }) => e.action)).toContain("waive_deposit");
    const { rows } = await sql("select count(*) as n from payments where booking_id = ?", [held.id]);
    expect(Number(rows[0]!.n)).toBe(0);
    // The customer is told the booking stands, not that a payment came.
    const told = await sql("select body from notification_outbox where dedupe_key like ?", [`deposit_waived:${held.id}:%`]);
    expect(told.rows).toHaveLength(1);
    expect(String(told.rows[0]!.body)).toContain("без предоплаты");
    expect(String(told.rows[0]!.body)).not.toContain("Оплата получена");
    const again = await waive(held.id);
    expect(again.status).toBe(200);
    expect(again.body.money_summary.deposit_waived.at).toBe(res.body.money_summary.deposit_waived.at);
    // Two waivers racing on another booking: both answer it confirmed, one waiver is written.
    const twin = (await bookOwn(customer.token)).body.booking;
    const raced = await Promise.all([waive(twin.id), waive(twin.id)]);
    expect(raced.map((r) => [r.status, r.body.booking.status])).toEqual([[200, "confirmed"], [200, "confirmed"]]);
    const twinAudit = await call("GET", `/api/v1/admin/audit?entity=booking&entity_id=${twin.id}`, { token: admin });
    expect(twinAudit.body.entries.filter((e: { action: string }) => e.action === "waive_deposit")).toHaveLength(1);
    const audit = await call("GET", `/api/v1/admin/audit?entity=booking&entity_id=${held.id}`, { token: admin });
    expect(audit.body.entries.filter((e: { action: string }) => e.action === "waive_deposit")).toHaveLength(1);
    // Nothing is left to pay online for it.
    const paying = await pay(customer.token, { booking_id: held.id });
    expect(paying.status).toBe(409);
  });

  it("waives one item of a visit: it is confirmed, and the visit's one payment covers only the other items", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const second = await newMaster({ services: [serviceId], hours: { start: "09:00", end: "21:00", breaks: [] } });
    const customer = await newPayer();
    const items = [{ service_id: serviceId, staff_id: master.id }, { service_id: serviceId, staff_id: second.id }];
    const made = await call("POST", "/api/v1/visits", { token: customer.token, body: { items, appointment_datetime: slot(salonDate(40), "11:00") }, headers: { "idempotency-key": newKey() } });
    expect(made.status).toBe(201);
    const [first, other] = made.body.visit.bookings as { id: number; status: string }[];
    expect([first!.status, other!.status]).toEqual(["held", "held"]);
    expect((await waive(first!.id)).body.booking.status).toBe("confirmed");
    const payment = await pay(customer.token, { booking_id: other!.id });
    expect(payment.status).toBe(201);
    expect(payment.body.payment.amount).toEqual({ amount_minor: 60_000, currency: "RUB" });
  });

  it("refuses a booking with no deposit, one no longer held, one being paid, a missing one, and a master or customer asking, changing nothing", async () => {
    await setPolicy({ ...OFF, kind: "percent", value: 30, all_clients: true, service_ids: [serviceId] });
    const customer = await newPayer();
    const plain = await book(customer.token, { service_id: 3, staff_id: "any", appointment_datetime: slot(salonDate(9), "12:00") });
    expect((await waive(plain.body.booking.id)).body.error.code).toBe("no_deposit");
    const held = (await bookOwn(customer.token)).body.booking;
    expect((await waive(held.id, {})).status).toBe(400);
    expect((await waive(held.id, { reason: "   " })).status).toBe(400);
    expect((await waive(held.id, undefined, customer.token)).status).toBe(403);
    expect((await waive(held.id, undefined, await tokenFor(master.phone))).status).toBe(403);
    const paying = await pay(customer.token, { booking_id: held.id });
    expect(paying.status).toBe(201);
    const refused = await waive(held.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("payment_in_progress");
    await settleAtProvider(await providerIdOf(paying.body.payment.id), "succeed");
    const paid = await waive(held.id);
    expect(paid.status).toBe(409);
    expect(paid.body.error).toMatchObject({ code: "booking_not_held", details: { booking_status: "confirmed" } });
    expect((await waive(999_999_999)).status).toBe(404);
    const { rows } = await sql("select deposit_waived_at, prepayment_minor from bookings where id = ?", [held.id]);
    expect(rows[0]).toMatchObject({ deposit_waived_at: null, prepayment_minor: 60_000 });
  });
});

describe("no-show statistics", () => {
  it("compares the no-show rate before and after the policy went on, and clears the date when it goes off", async () => {
    await setPolicy(OFF);
    const on = await setPolicy({ ...OFF, kind: "fixed", value: 50_000, all_clients: true, service_ids: [serviceId] });
    const since = on.body.policy.since as string;
    expect(Date.parse(since)).toBeGreaterThan(Date.now() - 60_000);
    const customer = await quickCustomer();
    // A no-show before the policy, and a visit kept after it went on.
    await pastVisit(customer.id, customer.phone, "no_show", 5);
    const start = since;
    await sql("insert into bookings (user_id, service_id, staff_id, start_at, end_at, status, phone, price_total_minor, currency) values (?, ?, ?, ?, ?, 'completed', ?, ?, 'RUB')", [customer.id, serviceId, master.id, start, new Date(Date.parse(start) + 60_000).toISOString(), customer.phone, PRICE]);
    const read = await call("GET", "/api/v1/admin/deposit-policy", { token: admin });
    expect(read.body.stats.since).toBe(since);
    expect(read.body.stats.before.no_show).toBeGreaterThanOrEqual(1);
    expect(read.body.stats.after.bookings).toBeGreaterThanOrEqual(1);
    expect((await setPolicy(OFF)).body.policy.since).toBeNull();
  });
});
