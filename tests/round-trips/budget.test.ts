// The round-trip budget: on Turso every HTTP request to the database is a
// network hop from the edge, so these counts are most of what a customer
// waits for. The local endpoint counts what it serves (GET /stats); this
// project has an endpoint of its own, so nothing else runs against it.
import { env } from "cloudflare:workers";
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import worker from "../../worker/index.js";
import { ledgerFor } from "../../worker/ledger/staff-ledger.js";
import { quickCustomer } from "../worker/direct-db.js";
import { adminToken, newKey, newMaster, salonDate, slot, sql } from "../worker/scenario.js";

const HAIRCUT = 3;

interface Stats {
  requests: number;
  statements: number;
}

const stats = async (): Promise<Stats> => (await (await fetch(`${env.TURSO_DATABASE_URL}/stats`)).json()) as Stats;

/**
 * Sends one request to the Worker and counts the database requests it made:
 * until its response (`answer`) and in all, after-response work included.
 */
async function measure(method: string, path: string, opts: { token?: string; body?: unknown; key?: string } = {}) {
  const headers = new Headers();
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.key) headers.set("idempotency-key", opts.key);
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  const ctx = createExecutionContext();
  const before = await stats();
  const response = await worker.fetch!(
    new Request(`http://salon.test${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }) as never,
    env as unknown as Env,
    ctx,
  );
  // Read at once: work after the response waits a timer turn before its first read.
  const answered = await stats();
  const body = await response.json();
  await waitOnExecutionContext(ctx);
  const all = await stats();
  // GET /stats itself is not a pipeline request and is not counted.
  console.log(`round trips: ${method} ${path.split("?")[0]} → ${response.status}: ${answered.requests - before.requests} before the answer, ${all.requests - before.requests} in all, ${all.statements - before.statements} statements`);
  return {
    status: response.status,
    body: body as any,
    answer: answered.requests - before.requests,
    total: all.requests - before.requests,
    statements: all.statements - before.statements,
  };
}

describe("database round trips per request", () => {
  let master: { id: number };
  let customer: { token: string; id: number };
  const day = salonDate(4);
  beforeAll(async () => {
    master = await newMaster();
    customer = await quickCustomer();
    // The master's ledger loads itself from the database on first use; that is once per master, not per booking.
    const warm = await measure("POST", "/api/v1/bookings", {
      token: customer.token,
      key: newKey(),
      body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(5), "10:00") },
    });
    expect(warm.status).toBe(201);
  });

  // Before the 201: the read batch, then the ledger's write batch (worker/booking/README.md, "Round trips of a booking").
  it("books in at most 2 round trips before the 201 and 5 in all", async () => {
    const r = await measure("POST", "/api/v1/bookings", {
      token: customer.token,
      key: newKey(),
      body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") },
    });
    expect(r.status).toBe(201);
    expect(r.answer).toBeLessThanOrEqual(2);
    expect(r.total).toBeLessThanOrEqual(5);
  });

  it("books with a gift certificate in no more round trips than without one: its read joins the read batch, its spend the write", async () => {
    const code = `CERT${Date.now().toString(36).toUpperCase().replace(/[01IOL]/g, "X")}`.slice(0, 12).padEnd(12, "Z");
    await sql("insert into certificates (code, initial_minor, balance_minor, currency, status, expires_at, sold_by) values (?, 100000, 100000, 'RUB', 'active', ?, 'desk')", [code, new Date(Date.now() + 86_400_000 * 90).toISOString()]);
    // A customer of its own: the others' bookings count against one account's cap.
    const own = await quickCustomer();
    const plain = await measure("POST", "/api/v1/bookings", { token: own.token, key: newKey(), body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "13:00") } });
    expect(plain.status).toBe(201);
    const paid = await measure("POST", "/api/v1/bookings", { token: own.token, key: newKey(), body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "15:00"), certificate_code: code } });
    expect(paid.status).toBe(201);
    expect(paid.body.booking.money.certificate_used.amount_minor).toBe(100_000);
    expect(paid.answer).toBeLessThanOrEqual(plain.answer);
    expect(paid.answer).toBeLessThanOrEqual(2);
    expect(paid.total).toBeLessThanOrEqual(plain.total);
  });

  it("books with a gift certificate and a promo code together in the same 2 round trips before the 201", async () => {
    const issued = await measure("POST", "/api/v1/admin/certificates", { token: await adminToken(), body: { amount_minor: 1000 } });
    expect(issued.status).toBe(201);
    const code = issued.body.certificate.code as string;
    const promo = await measure("POST", "/api/v1/admin/promo-codes", { token: await adminToken(), body: { code: `RTB${Date.now().toString(36)}`, percent_off: 10 } });
    expect(promo.status).toBe(201);
    const r = await measure("POST", "/api/v1/bookings", {
      token: (await quickCustomer()).token,
      key: newKey(),
      body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(6), "10:00"), certificate_code: code, promo_code: promo.body.promo_code.code },
    });
    expect(r.status).toBe(201);
    expect(r.body.booking.discount).not.toBeNull();
    expect(r.body.booking.money.certificate_used.amount_minor).toBe(1000);
    expect(r.answer).toBeLessThanOrEqual(2);
    expect(r.total).toBeLessThanOrEqual(5);
  });

  it("books with an abonement in no more round trips than without one: it is read in the read batch, its visit reserved in the write", async () => {
    const own = await quickCustomer();
    const future = new Date(Date.now() + 86_400_000 * 90).toISOString();
    const { rows } = await sql(
      "insert into abonements (holder_user_id, name, kind, visits_total, service_ids, staff_ids, price_minor, currency, status, starts_at, expires_at, sold_by) values (?, '5 стрижек', 'visits', 5, '[3]', '[]', 500000, 'RUB', 'active', ?, ?, 'desk') returning id",
      [own.id, new Date().toISOString(), future],
    );
    const plain = await measure("POST", "/api/v1/bookings", { token: own.token, key: newKey(), body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(7), "10:00") } });
    expect(plain.status).toBe(201);
    const paid = await measure("POST", "/api/v1/bookings", { token: own.token, key: newKey(), body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(7), "11:00"), abonement_id: Number(rows[0]!.id) } });
    expect(paid.status).toBe(201);
    expect(paid.body.booking.money.abonement_used.covered.amount_minor).toBe(150_000);
    expect(paid.answer).toBeLessThanOrEqual(plain.answer);
    expect(paid.answer).toBeLessThanOrEqual(2);
  });

  it("books with a promo code within the same budget (the code is read with the rest, its use written with the booking)", async () => {
    const created = await measure("POST", "/api/v1/admin/promo-codes", { token: await adminToken(), body: { code: `RT${Date.now().toString(36)}`, percent_off: 10, total_limit: 100 } });
    expect(created.status).toBe(201);
    // Its own customer: the shared one's cap of upcoming bookings is spent by the other cases.
    const r = await measure("POST", "/api/v1/bookings", {
      token: (await quickCustomer()).token,
      key: newKey(),
      body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00"), promo_code: created.body.promo_code.code },
    });
    expect(r.status).toBe(201);
    expect(r.body.booking.discount).not.toBeNull();
    expect(r.answer).toBeLessThanOrEqual(2);
    expect(r.total).toBeLessThanOrEqual(5);
  });

  it("books 'any master' within the same budget", async () => {
    const r = await measure("POST", "/api/v1/bookings", {
      token: customer.token,
      key: newKey(),
      body: { service_id: HAIRCUT, staff_id: "any", appointment_datetime: slot(day, "12:00") },
    });
    expect(r.status).toBe(201);
    expect(r.answer).toBeLessThanOrEqual(2);
    expect(r.total).toBeLessThanOrEqual(6);
  });

  it("books a service that needs a room within the same budget, and lists its slots in at most 2", async () => {
    const service = await sql("insert into services (name, duration_min, price_minor, currency) values ('Массаж', 60, 300000, 'RUB') returning id");
    const serviceId = Number(service.rows[0]!.id);
    await sql("insert into staff_services (staff_id, service_id) values (?, ?)", [master.id, serviceId]);
    const room = await sql("insert into resources (name, kind, units) values ('Кабинет', 'room', 2) returning id");
    await sql("insert into service_resources (service_id, resource_id) values (?, ?)", [serviceId, Number(room.rows[0]!.id)]);
    // Another customer: each account holds only a few upcoming bookings.
    const guest = await quickCustomer();
    // The room's ledger loads itself once, like a master's.
    const warm = await measure("POST", "/api/v1/bookings", { token: guest.token, key: newKey(), body: { service_id: serviceId, staff_id: master.id, appointment_datetime: slot(salonDate(5), "15:00") } });
    expect(warm.status).toBe(201);
    const r = await measure("POST", "/api/v1/bookings", { token: guest.token, key: newKey(), body: { service_id: serviceId, staff_id: master.id, appointment_datetime: slot(day, "18:00") } });
    expect(r.status).toBe(201);
    expect(r.body.booking.resources).toHaveLength(1);
    expect(r.answer).toBeLessThanOrEqual(2);
    expect(r.total).toBeLessThanOrEqual(5);
    const slots = await measure("GET", `/api/v1/booking/time-slots/${serviceId}?staff_id=${master.id}&date=${day}`);
    expect(slots.total).toBeLessThanOrEqual(2);
  });

  it("answers a replayed booking request in at most 3 round trips", async () => {
    const key = newKey();
    const body = { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "16:00") };
    expect((await measure("POST", "/api/v1/bookings", { token: customer.token, key, body })).status).toBe(201);
    const replay = await measure("POST", "/api/v1/bookings", { token: customer.token, key, body });
    expect(replay.status).toBe(201);
    expect(replay.total).toBeLessThanOrEqual(3);
  });

  it("lists one day's time slots in at most 2 round trips, for one master or any", async () => {
    for (const staff of [String(master.id), "any"]) {
      const r = await measure("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${staff}&date=${day}`);
      expect(r.status).toBe(200);
      expect(r.body.slots.length).toBeGreaterThan(0);
      expect(r.total).toBeLessThanOrEqual(2);
    }
    const range = await measure("GET", `/api/v1/booking/time-slots/${HAIRCUT}?from=${day}&days=31`);
    expect(range.status).toBe(200);
    expect(range.total).toBeLessThanOrEqual(2);
  });

  it("lists bookings in at most 3 round trips, for a customer and for an admin", async () => {
    const mine = await measure("GET", "/api/v1/bookings", { token: customer.token });
    expect(mine.status).toBe(200);
    expect(mine.body.bookings.length).toBeGreaterThan(0);
    expect(mine.total).toBeLessThanOrEqual(3);
    const all = await measure("GET", `/api/v1/bookings?staff_id=${master.id}`, { token: await adminToken() });
    expect(all.status).toBe(200);
    expect(all.total).toBeLessThanOrEqual(3);
  });

  it("cancels in at most 3 round trips before the answer and 6 in all", async () => {
    const made = await measure("POST", "/api/v1/bookings", {
      token: customer.token,
      key: newKey(),
      body: { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "17:00") },
    });
    const r = await measure("PATCH", `/api/v1/bookings/${made.body.booking.id}`, { token: customer.token, body: { action: "cancel" } });
    expect(r.status).toBe(200);
    expect(r.body.booking.status).toBe("cancelled");
    expect(r.answer).toBeLessThanOrEqual(3);
    expect(r.total).toBeLessThanOrEqual(6);
    // Nobody waits, so the cancel left the ledger nothing to do later: its
    // alarm (if any is set) reads nothing.
    const before = await stats();
    await runDurableObjectAlarm(ledgerFor(env as unknown as Env, master.id));
    expect((await stats()).requests - before.requests).toBe(0);
  });

  // masters: what master-first browsing reads (home screen, list, profile)
  it("reads the salon, the masters and a master's profile in one round trip each", async () => {
    for (const path of ["/api/v1/salon", "/api/v1/staff", `/api/v1/staff/${master.id}`]) {
      const r = await measure("GET", path);
      expect(r.status).toBe(200);
      expect(r.total).toBeLessThanOrEqual(1);
    }
  });
});

// visits: several services in one visit. In this file, not one of its own:
// files of a project run side by side and would count each other's requests.
describe("database round trips of a visit", () => {
  const PEDICURE = 6;
  let a: { id: number };
  let b: { id: number };
  let customer: { token: string };
  const items = () => [{ service_id: HAIRCUT, staff_id: a.id }, { service_id: PEDICURE, staff_id: b.id }];
  beforeAll(async () => {
    a = await newMaster({ services: [HAIRCUT] });
    b = await newMaster({ services: [PEDICURE] });
    customer = await quickCustomer();
    // Each master's ledger loads itself once, on first use.
    const warm = await measure("POST", "/api/v1/visits", { token: customer.token, key: newKey(), body: { items: items(), appointment_datetime: slot(salonDate(5), "15:00") } });
    expect(warm.status).toBe(201);
  });

  it("books a visit of two services in at most 5 round trips before the 201 and 10 in all", async () => {
    const r = await measure("POST", "/api/v1/visits", { token: customer.token, key: newKey(), body: { items: items(), appointment_datetime: slot(salonDate(4), "15:00") } });
    expect(r.status).toBe(201);
    // One read batch, the visit row, one write per item (its master's ledger), the write that marks it booked.
    expect(r.answer).toBeLessThanOrEqual(5);
    // After the answer the customer's two messages go out: one read, then a claim and a mark each.
    expect(r.total).toBeLessThanOrEqual(10);
  });

  it("books a visit paid partly by a gift certificate in no more round trips than without one: its read joins the read batch, each item's part its item's write", async () => {
    const code = `VISIT${Date.now().toString(36).toUpperCase()}`.replace(/[^A-HJKMNP-Z2-9]/g, "X").slice(0, 12).padEnd(12, "X");
    await sql("insert into certificates (code, initial_minor, balance_minor, currency, status, expires_at, sold_by) values (?, 200000, 200000, 'RUB', 'active', ?, 'desk')", [code, new Date(Date.now() + 86_400_000 * 90).toISOString()]);
    // A customer of their own: one account holds at most five upcoming bookings.
    const own = await quickCustomer();
    const r = await measure("POST", "/api/v1/visits", { token: own.token, key: newKey(), body: { items: items(), appointment_datetime: slot(salonDate(6), "15:00"), certificate_code: code } });
    expect(r.status).toBe(201);
    expect(r.body.visit.bookings.map((b: { money: { certificate_used?: { amount_minor: number } } }) => b.money.certificate_used?.amount_minor)).toEqual([150_000, 50_000]);
    expect(r.answer).toBeLessThanOrEqual(5);
  });

  it("finds the day's whole-visit times in one round trip", async () => {
    const r = await measure("GET", `/api/v1/booking/visit-slots?items=${HAIRCUT}:${a.id},${PEDICURE}:any&date=${salonDate(4)}`);
    expect(r.status).toBe(200);
    expect(r.answer).toBe(1);
  });
});
