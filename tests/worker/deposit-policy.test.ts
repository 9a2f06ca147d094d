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
import { adminToken, book, newMaster, salonDate, slot, sql } from "./scenario.js";
import { fake, newPayer, pay, paymentRow, providerIdOf, settleAtProvider } from "./payments-helpers.js";

let admin: string;
let serviceId: number;
let master: { id: number };
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
