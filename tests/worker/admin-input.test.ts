// Back-office input from outside: empty changes, numbers past any price,
// links that are not pictures, phones that are someone's account, search
// text with SQL wildcards, and schedules that only grow.
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../worker/index.js";
import { call, freshPhone } from "./client.js";
import { insertBookingRow, quickCustomer } from "./direct-db.js";
import { adminToken, moscow, newMaster, salonDate, sql, tokenFor } from "./scenario.js";

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const created = async (path: string, body: unknown) => {
  const res = await call("POST", path, { token: admin, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

describe("empty changes", () => {
  it("answers {} and unknown-only bodies on every admin PATCH route with 200 or 400, never 500", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const category = (await created("/api/v1/admin/categories", { name: `Пусто ${Math.random().toString(36).slice(2, 6)}` })).category;
    const service = (await created("/api/v1/admin/services", { name: `Пусто ${Math.random().toString(36).slice(2, 6)}`, duration_min: 30, price_minor: 1000 })).service;
    const schedule = (await call("GET", `/api/v1/admin/staff/${master.id}/schedule`, { token: admin })).body.schedule[0];
    const certificateType = (await created("/api/v1/admin/certificate-types", { name: `Пусто ${Math.random().toString(36).slice(2, 6)}`, kind: "amount", amount_minor: 100_000 })).type;
    const abonementType = (await created("/api/v1/admin/abonement-types", { name: `Пусто ${Math.random().toString(36).slice(2, 6)}`, kind: "visits", visits_count: 2, validity_days: 30, price_minor: 100_000, service_ids: [3] })).type;
    const tag = () => Math.random().toString(36).slice(2, 6);
    const resource = (await created("/api/v1/admin/resources", { name: `Пусто ${tag()}`, kind: "room", units: 1 })).resource;
    const promo = (await created("/api/v1/admin/promo-codes", { code: `EMPTY${tag()}`.toUpperCase(), percent_off: 10 })).promo_code;
    const yoga = (await created("/api/v1/admin/services", { name: `Пусто ${tag()}`, duration_min: 60, price_minor: 1000, is_class: true, default_seats: 5 })).service;
    const coach = await newMaster({ services: [yoga.id] });
    const session = (await created("/api/v1/admin/classes", { service_id: yoga.id, staff_id: coach.id, start_at: moscow(salonDate(5), "11:00"), seats: 5 })).class;
    // A real record behind every path parameter; a PATCH route added without one here fails below.
    const ids: Record<string, Record<string, number>> = {
      "/api/v1/admin/categories/:id": { id: category.id },
      "/api/v1/admin/services/:id": { id: service.id },
      "/api/v1/admin/staff/:id": { id: master.id },
      "/api/v1/admin/staff/:id/schedule/:schedule_id": { id: master.id, schedule_id: schedule.id },
      "/api/v1/admin/clients/:id": { id: customer.id },
      // No review needs to exist: the body is checked before the id is looked up.
      "/api/v1/admin/reviews/:id": { id: 1 },
      "/api/v1/admin/settings": {},
      "/api/v1/admin/certificate-types/:id": { id: certificateType.id },
      "/api/v1/admin/abonement-types/:id": { id: abonementType.id },
      "/api/v1/admin/resources/:id": { id: resource.id },
      "/api/v1/admin/promo-codes/:id": { id: promo.id },
      "/api/v1/admin/classes/:id": { id: session.id },
      // These bodies need fields ({} is refused before any lookup): no record needs to exist.
      "/api/v1/admin/classes/:id/seats/:booking_id": { id: session.id, booking_id: 1 },
      "/api/v1/admin/series/:id": { id: 1 },
      "/api/v1/admin/bookings/:id/units": { id: 1 },
    };
    const routes = [...new Set(app.routes.filter((r) => r.method === "PATCH" && r.path.startsWith("/api/v1/admin")).map((r) => r.path))];
    expect(routes.length).toBeGreaterThanOrEqual(7);
    for (const route of routes) {
      const params = ids[route];
      expect(params, `${route}: give it a record in this test`).toBeDefined();
      const path = route.replace(/:([a-z_]+)/g, (_, name: string) => String(params![name]));
      for (const body of [{}, { foo: 1 }]) {
        const res = await call("PATCH", path, { token: admin, body });
        expect([200, 400], `PATCH ${route} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
      }
    }
    const after = await call("GET", "/api/v1/admin/categories", { token: admin });
    expect(after.body.categories.find((c: { id: number }) => c.id === category.id)).toEqual(category);
  });
});

describe("numbers past the safe range", () => {
  it("refuses prices, deposits and sort orders of 1e20 and 1e308 with 400 and stores nothing", async () => {
    const name = `Дорого ${Math.random().toString(36).slice(2, 6)}`;
    const bodies = [
      { name, duration_min: 30, price_minor: 1e20 },
      { name, duration_min: 30, price_minor: 1e308 },
      { name, duration_min: 30, price_minor: 100_000_001 },
      { name, duration_min: 30, price_minor: 1000, prepayment: { kind: "deposit_fixed", value: 1e20 } },
      { name, duration_min: 30, price_minor: 1000, sort_order: 1e308 },
      { name, duration_min: 1e20, price_minor: 1000 },
    ];
    for (const body of bodies) {
      const res = await call("POST", "/api/v1/admin/services", { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    expect((await sql("select count(*) as n from services where name = ?", [name])).rows[0]!.n).toBe(0);
    const category = await call("POST", "/api/v1/admin/categories", { token: admin, body: { name, sort_order: 1e308 } });
    expect(category.status).toBe(400);
    const ceiling = await call("POST", "/api/v1/admin/services", { token: admin, body: { name, duration_min: 30, price_minor: 100_000_000 } });
    expect(ceiling.status).toBe(201);
  });
});

describe("master photos", () => {
  it("accepts only https links as photo_url", async () => {
    const master = await newMaster();
    for (const photo_url of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.com/a.jpg", "http://example.com/a.jpg", "https:/example.com"]) {
      const res = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { photo_url } });
      expect(res.status, photo_url).toBe(400);
    }
    const ok = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { photo_url: "https://example.com/a.jpg" } });
    expect(ok.status).toBe(200);
    expect(ok.body.staff.photo_url).toBe("https://example.com/a.jpg");
  });
});

describe("a master's phone that is someone's account", () => {
  const roleOf = async (id: number) => (await sql("select role, staff_id from users where id = ?", [id])).rows[0]!;

  it("asks before linking a customer's account (409 phone_belongs_to_user naming them), links with link_existing, and audits it", async () => {
    const customer = await quickCustomer();
    await sql("update users set name = 'Покупатель Тестов' where id = ?", [customer.id]);
    const asked = await call("POST", "/api/v1/admin/staff", { token: admin, body: { name: "Новый мастер", phone: customer.phone } });
    expect(asked.status).toBe(409);
    expect(asked.body.error.code).toBe("phone_belongs_to_user");
    expect(asked.body.error.details.user).toEqual({ id: customer.id, name: "Покупатель Тестов", role: "customer" });
    expect(await roleOf(customer.id)).toMatchObject({ role: "customer", staff_id: null });

    const master = await newMaster();
    const patched = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone: customer.phone } });
    expect(patched.status).toBe(409);
    expect(patched.body.error.code).toBe("phone_belongs_to_user");
    expect(await roleOf(customer.id)).toMatchObject({ role: "customer", staff_id: null });

    const linked = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone: customer.phone, link_existing: true } });
    expect(linked.status).toBe(200);
    expect(linked.body.staff.user).toMatchObject({ id: customer.id, phone: customer.phone });
    expect(await roleOf(customer.id)).toMatchObject({ role: "staff", staff_id: master.id });
    const audit = await call("GET", `/api/v1/admin/audit?entity=user&entity_id=${customer.id}`, { token: admin });
    expect(audit.body.entries[0]).toMatchObject({ action: "link_account", before: { role: "customer" }, after: { role: "staff", staff_id: master.id } });
  });

  it("never turns an admin into a master's account by phone: asked, and with link_existing the admin stays admin", async () => {
    const phone = freshPhone();
    const { rows } = await sql("insert into users (phone, name, role) values (?, 'Второй админ', 'admin') returning id", [phone]);
    const adminId = Number(rows[0]!.id);
    const master = await newMaster();
    const asked = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone } });
    expect(asked.status).toBe(409);
    expect(asked.body.error.details.user).toMatchObject({ id: adminId, role: "admin" });
    expect(await roleOf(adminId)).toMatchObject({ role: "admin", staff_id: null });
    const linked = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone, link_existing: true } });
    expect(linked.status).toBe(200);
    expect(await roleOf(adminId)).toMatchObject({ role: "admin", staff_id: master.id });
    // Still an admin: the back office answers them.
    expect((await call("GET", "/api/v1/admin/settings", { token: await tokenFor(phone) })).status).toBe(200);
  });

  it("still links a new phone without asking", async () => {
    const master = await newMaster();
    const phone = freshPhone();
    const res = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone } });
    expect(res.status).toBe(200);
    expect(res.body.staff.user.phone).toBe(phone);
  });
});

describe("client search", () => {
  it("takes %, _ and ! literally instead of as wildcards", async () => {
    const marked = await quickCustomer();
    const tag = `Проц%ент_!${Math.random().toString(36).slice(2, 6)}`;
    await sql("update users set name = ? where id = ?", [tag, marked.id]);
    for (const q of ["%", "_", "%ент_", "!"]) {
      const res = await call("GET", `/api/v1/admin/clients?q=${encodeURIComponent(q)}&limit=200`, { token: admin });
      expect(res.status).toBe(200);
      const names: (string | null)[] = res.body.clients.map((c: { name: string | null }) => c.name);
      expect(names.every((n) => n !== null && n.includes(q)), `${q}: ${names.join(", ")}`).toBe(true);
      expect(res.body.clients.map((c: { id: number }) => c.id)).toContain(marked.id);
    }
    const exact = await call("GET", `/api/v1/admin/clients?q=${encodeURIComponent(tag)}`, { token: admin });
    expect(exact.body.clients.map((c: { id: number }) => c.id)).toEqual([marked.id]);
  });
});

describe("schedules that only grow", () => {
  it("does not answer schedule_conflict for bookings that were outside the old hours already", async () => {
    const master = await newMaster({ hours: { start: "10:00", end: "19:00" } });
    const customer = await quickCustomer();
    const day = salonDate(9);
    const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
    const row = (await call("GET", `/api/v1/admin/staff/${master.id}/schedule`, { token: admin })).body.schedule.find((r: { day_of_week: number }) => r.day_of_week === weekday);
    // Already outside the hours (made by staff, or a forced change before): 20:00–21:00.
    const outside = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, startAt: moscow(day, "20:00"), endAt: moscow(day, "21:00") });
    const inside = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, startAt: moscow(day, "15:00"), endAt: moscow(day, "16:00") });

    const grown = await call("PATCH", `/api/v1/admin/staff/${master.id}/schedule/${row.id}`, { token: admin, body: { start_time: "09:00" } });
    expect(grown.status, JSON.stringify(grown.body)).toBe(200);
    expect(grown.body.flagged_booking_ids).toEqual([]);

    // A change that does strand one lists only that one.
    const shrunk = await call("PATCH", `/api/v1/admin/staff/${master.id}/schedule/${row.id}`, { token: admin, body: { end_time: "12:00" } });
    expect(shrunk.status).toBe(409);
    expect(shrunk.body.error.details.bookings.map((b: { id: number }) => b.id)).toEqual([inside]);
    expect(shrunk.body.error.details.bookings.map((b: { id: number }) => b.id)).not.toContain(outside);
  });
});
