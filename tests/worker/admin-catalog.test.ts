// Back office: categories, services, masters (with their own price and
// duration), settings — roles, bad input, audit rows, and the customer side
// (catalog, slots, bookings) seeing every edit.
import { beforeAll, describe, expect, it } from "vitest";
import * as v from "valibot";
import { AdminService, AdminStaff, AuditList } from "../../worker/contracts/admin.js";
import { call } from "./client.js";
import { adminToken, book, newCustomer, newMaster, salonDate, slot, sql, tokenFor } from "./scenario.js";

let admin: string;
let customer: { token: string; id: number; phone: string };
let master: { id: number; phone: string };
let masterToken: string;

beforeAll(async () => {
  admin = await adminToken();
  customer = await newCustomer();
  master = await newMaster();
  masterToken = await tokenFor(master.phone);
});

const audit = async (entity: string, entityId: number) =>
  v.parse(AuditList, (await call("GET", `/api/v1/admin/audit?entity=${entity}&entity_id=${entityId}`, { token: admin })).body).entries;

const newService = async (body: Record<string, unknown> = {}) => {
  const res = await call("POST", "/api/v1/admin/services", { token: admin, body: { name: `Услуга ${Math.random().toString(36).slice(2, 7)}`, duration_min: 60, price_minor: 200000, ...body } });
  expect(res.status).toBe(201);
  return v.parse(AdminService, res.body.service);
};

describe("admin roles", () => {
  const paths = ["/services", "/categories", "/staff", "/settings", "/clients", "/audit", "/stats?from=2026-01-01&to=2026-01-31"];
  it.each(paths)("refuses %s without a session (401) and to a customer or a master (403)", async (path) => {
    expect((await call("GET", `/api/v1/admin${path}`)).status).toBe(401);
    const byCustomer = await call("GET", `/api/v1/admin${path}`, { token: customer.token });
    expect(byCustomer.status).toBe(403);
    expect(byCustomer.body.error.code).toBe("forbidden");
    expect((await call("GET", `/api/v1/admin${path}`, { token: masterToken })).status).toBe(403);
  });
});

describe("services admin", () => {
  it("creates a service with a deposit and add-ons, shows it in the catalog and writes the audit", async () => {
    const addon = await newService({ is_addon: true, duration_min: 15, price_minor: 30000 });
    const service = await newService({ prepayment: { kind: "deposit_percent", value: 20 }, buffer_after_min: 10, addon_ids: [addon.id], category_id: 1 });
    expect(service).toMatchObject({ booking_method: "internal", prepayment: { kind: "deposit_percent", value: 20 }, addon_ids: [addon.id], price: { amount_minor: 200000, currency: "RUB" } });
    const catalog = await call("GET", `/api/v1/services/${service.id}`);
    expect(catalog.body.service).toMatchObject({ id: service.id, prepayment: { kind: "deposit_percent", value: 20 }, addons: [{ id: addon.id }] });
    const entries = await audit("service", service.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "create", actor: { role: "admin" }, before: null, after: { id: service.id, name: service.name } });
  });

  it("edits a price: the catalog's ETag changes and the audit keeps before and after", async () => {
    const service = await newService();
    const first = await call("GET", "/api/v1/services");
    const etag = first.headers.get("etag")!;
    const edited = await call("PATCH", `/api/v1/admin/services/${service.id}`, { token: admin, body: { price_minor: 250000 } });
    expect(edited.status).toBe(200);
    expect(edited.body.service.price.amount_minor).toBe(250000);
    const again = await call("GET", "/api/v1/services", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(200);
    expect(again.body.services.find((s: { id: number }) => s.id === service.id).price.amount_minor).toBe(250000);
    const [entry] = await audit("service", service.id);
    expect(entry).toMatchObject({ action: "update", before: { price: { amount_minor: 200000 } }, after: { price: { amount_minor: 250000 } } });
  });

  it("deactivates instead of deleting: gone from the catalog, still listed for admins", async () => {
    const service = await newService();
    const removed = await call("DELETE", `/api/v1/admin/services/${service.id}`, { token: admin });
    expect(removed.status).toBe(200);
    expect(removed.body.service.active).toBe(false);
    expect((await call("GET", `/api/v1/services/${service.id}`)).status).toBe(404);
    const all = await call("GET", "/api/v1/admin/services?include_inactive=true&limit=200", { token: admin });
    expect(all.body.services.some((s: { id: number }) => s.id === service.id)).toBe(true);
    const active = await call("GET", "/api/v1/admin/services?limit=200", { token: admin });
    expect(active.body.services.some((s: { id: number }) => s.id === service.id)).toBe(false);
    expect((await sql("select count(*) as n from services where id = ?", [service.id])).rows[0]!.n).toBe(1);
  });

  it("reorders services and links one to YClients, refusing a YClients id already taken", async () => {
    const a = await newService();
    const b = await newService();
    const order = await call("POST", "/api/v1/admin/services/reorder", { token: admin, body: { ids: [b.id, a.id] } });
    expect(order.status).toBe(200);
    const [ra, rb] = await Promise.all([a, b].map((s) => call("GET", `/api/v1/admin/services/${s.id}`, { token: admin })));
    expect(rb!.body.service.sort_order).toBeLessThan(ra!.body.service.sort_order);
    const linked = await call("PATCH", `/api/v1/admin/services/${a.id}`, { token: admin, body: { yclients_service_id: 880000 + a.id } });
    expect(linked.body.service.booking_method).toBe("yclients");
    const clash = await call("PATCH", `/api/v1/admin/services/${b.id}`, { token: admin, body: { yclients_service_id: 880000 + a.id } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("already_exists");
    await call("PATCH", `/api/v1/admin/services/${a.id}`, { token: admin, body: { active: false } });
  });

  it.each([
    [{ name: "", duration_min: 60, price_minor: 100 }, 400],
    [{ name: "X", duration_min: 0, price_minor: 100 }, 400],
    [{ name: "X", duration_min: 60, price_minor: 10.5 }, 400],
    [{ name: "X", duration_min: 60, price_minor: -1 }, 400],
    [{ name: "X", duration_min: 60, price_minor: 100, prepayment: { kind: "deposit_percent", value: 150 } }, 400],
    [{ name: "X", duration_min: 60, price_minor: 100, category_id: 999999 }, 422],
    [{ name: "X", duration_min: 60, price_minor: 100, addon_ids: [3] }, 422],
  ])("refuses a bad service %j with %i", async (body, status) => {
    const res = await call("POST", "/api/v1/admin/services", { token: admin, body });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toMatch(/validation_failed|invalid_reference/);
  });

  it("answers 404 for an unknown service and 400 for a bad id or JSON", async () => {
    expect((await call("PATCH", "/api/v1/admin/services/999999", { token: admin, body: { name: "Y" } })).status).toBe(404);
    expect((await call("GET", "/api/v1/admin/services/abc", { token: admin })).status).toBe(400);
    expect((await call("PATCH", "/api/v1/admin/services/1", { token: admin, raw: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await call("GET", "/api/v1/admin/services?limit=1000", { token: admin })).status).toBe(400);
  });
});

describe("categories admin", () => {
  it("creates, renames and deactivates a category; the catalog drops it", async () => {
    const created = await call("POST", "/api/v1/admin/categories", { token: admin, body: { name: "Брови" } });
    expect(created.status).toBe(201);
    const id = created.body.category.id;
    const renamed = await call("PATCH", `/api/v1/admin/categories/${id}`, { token: admin, body: { name: "Брови и ресницы" } });
    expect(renamed.body.category.name).toBe("Брови и ресницы");
    const removed = await call("DELETE", `/api/v1/admin/categories/${id}`, { token: admin });
    expect(removed.body.category.active).toBe(false);
    const catalog = await call("GET", "/api/v1/services");
    expect(catalog.body.categories.some((c: { id: number }) => c.id === id)).toBe(false);
    expect((await audit("category", id)).map((e) => e.action)).toEqual(["deactivate", "update", "create"]);
  });
});

describe("masters admin", () => {
  it("creates a master with an account, services and a bio; the catalog lists them", async () => {
    const phone = `+7966${String(Date.now()).slice(-7)}`;
    const res = await call("POST", "/api/v1/admin/staff", {
      token: admin,
      body: { name: "Ирина Новикова", specialization: "Бровист", bio: "10 лет опыта", photo_url: "https://example.com/i.jpg", phone, services: [{ service_id: 3 }] },
    });
    expect(res.status).toBe(201);
    const staff = v.parse(AdminStaff, res.body.staff);
    expect(staff).toMatchObject({ bio: "10 лет опыта", user: { phone }, services: [{ service_id: 3, price_minor: null, duration_min: null }] });
    expect((await sql("select role, staff_id from users where phone = ?", [phone])).rows[0]).toMatchObject({ role: "staff", staff_id: staff.id });
    const pub = await call("GET", `/api/v1/staff/${staff.id}`);
    expect(pub.body.staff).toMatchObject({ name: "Ирина Новикова", service_ids: [3] });
    const off = await call("DELETE", `/api/v1/admin/staff/${staff.id}`, { token: admin });
    expect(off.body.staff.active).toBe(false);
    expect((await call("GET", `/api/v1/staff/${staff.id}`)).status).toBe(404);
    expect((await audit("staff", staff.id)).map((e) => e.action)).toEqual(["deactivate", "create"]);
  });

  it("prices and times a service by the master's own values in slots and bookings", async () => {
    const senior = await newMaster({ services: [] });
    const service = await newService({ duration_min: 60, price_minor: 200000, category_id: 1 });
    const set = await call("PATCH", `/api/v1/admin/staff/${senior.id}`, {
      token: admin,
      body: { services: [{ service_id: service.id, price_minor: 350000, duration_min: 45 }] },
    });
    expect(set.status).toBe(200);
    expect(set.body.staff.services).toEqual([{ service_id: service.id, price_minor: 350000, duration_min: 45 }]);
    const detail = await call("GET", `/api/v1/services/${service.id}`);
    expect(detail.body.staff.find((m: { id: number }) => m.id === senior.id).own_terms).toEqual({ price: { amount_minor: 350000, currency: "RUB" }, duration_min: 45 });
    const junior = await newMaster({ services: [service.id] });
    const date = salonDate(3);
    const slots = await call("GET", `/api/v1/booking/time-slots/${service.id}?staff_id=${senior.id}&date=${date}`);
    expect(slots.body.duration).toBe(45);
    expect(slots.body.slots[0].duration).toBe(45);
    const plain = await call("GET", `/api/v1/booking/time-slots/${service.id}?staff_id=${junior.id}&date=${date}`);
    expect(plain.body.duration).toBe(60);
    const byJunior = await book(customer.token, { service_id: service.id, staff_id: junior.id, appointment_datetime: slot(date, "13:00") });
    expect(byJunior.body.booking.price.amount_minor).toBe(200000);
    const booked = await book(customer.token, { service_id: service.id, staff_id: senior.id, appointment_datetime: slot(date, "13:00") });
    expect(booked.status).toBe(201);
    expect(booked.body.booking.price.amount_minor).toBe(350000);
    expect(Date.parse(booked.body.booking.end_at) - Date.parse(booked.body.booking.start_at)).toBe(45 * 60_000);
  });

  it("shows a booking with the master's own duration and price wherever the booking is shown", async () => {
    const senior = await newMaster({ services: [] });
    const service = await newService({ duration_min: 60, buffer_after_min: 15, price_minor: 200000, category_id: 1 });
    await call("PATCH", `/api/v1/admin/staff/${senior.id}`, { token: admin, body: { services: [{ service_id: service.id, price_minor: 350000, duration_min: 45 }] } });
    const junior = await newMaster({ services: [service.id] });
    const date = salonDate(4);
    const mine = { duration_min: 45, price: { amount_minor: 350000, currency: "RUB" } };
    const created = await book(customer.token, { service_id: service.id, staff_id: senior.id, appointment_datetime: slot(date, "11:00") });
    expect(created.status).toBe(201);
    const booking = created.body.booking;
    expect(booking).toMatchObject(mine);
    // The interval keeps the service's clean-up buffer after the master's 45 minutes.
    expect(Date.parse(booking.end_at) - Date.parse(booking.start_at)).toBe((45 + 15) * 60_000);

    const one = await call("GET", `/api/v1/bookings/${booking.id}`, { token: customer.token });
    expect(one.body.booking).toMatchObject(mine);
    const list = await call("GET", `/api/v1/bookings?staff_id=${senior.id}&from=${date}&to=${date}`, { token: admin });
    expect(list.body.bookings).toEqual([expect.objectContaining({ id: booking.id, ...mine })]);
    const panel = await call("GET", `/api/v1/admin/bookings/${booking.id}`, { token: admin });
    expect(panel.body.booking).toMatchObject(mine);
    const calendar = await call("GET", `/api/v1/admin/calendar?date=${date}&staff_id=${senior.id},${junior.id}`, { token: admin });
    expect(calendar.body.bookings).toEqual([expect.objectContaining({ id: booking.id, ...mine })]);

    // A master without their own terms keeps the service's.
    const plain = await book(customer.token, { service_id: service.id, staff_id: junior.id, appointment_datetime: slot(date, "11:00") });
    expect(plain.body.booking).toMatchObject({ duration_min: 60, price: { amount_minor: 200000 } });
    const both = await call("GET", `/api/v1/admin/calendar?date=${date}&staff_id=${senior.id},${junior.id}`, { token: admin });
    expect(both.body.bookings.map((b: { staff: { id: number }; duration_min: number }) => [b.staff.id, b.duration_min]).sort()).toEqual(
      [[senior.id, 45], [junior.id, 60]].sort(),
    );
  });

  it("refuses an unknown service, an add-on and a phone of another master", async () => {
    const bad = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { services: [{ service_id: 999999 }] } });
    expect(bad.status).toBe(422);
    const addon = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { services: [{ service_id: 4 }] } });
    expect(addon.status).toBe(422);
    const other = await newMaster();
    const taken = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone: other.phone } });
    expect(taken.status).toBe(409);
    const photo = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { photo_url: "not a url" } });
    expect(photo.status).toBe(400);
  });

  it("keeps the schedule routes beside the master's profile, audited", async () => {
    const m = await newMaster({ days: [] });
    const created = await call("POST", `/api/v1/admin/staff/${m.id}/schedule`, { token: admin, body: { day_of_week: 2, start_time: "09:00", end_time: "17:00" } });
    expect(created.status).toBe(201);
    expect((await audit("schedule", created.body.schedule.id))[0]).toMatchObject({ action: "create", after: { staff_id: m.id, start_time: "09:00" } });
  });
});

describe("settings admin", () => {
  it("edits the salon's address and phone; GET /salon follows; the audit keeps both", async () => {
    const before = await call("GET", "/api/v1/admin/settings", { token: admin });
    expect(before.status).toBe(200);
    const was = before.body.settings;
    const edited = await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { address: "ул. Новая, 5", phone: "8 (999) 111-22-33" } });
    expect(edited.status).toBe(200);
    expect(edited.body.settings).toMatchObject({ address: "ул. Новая, 5", phone: "+79991112233" });
    expect((await call("GET", "/api/v1/salon")).body.salon.address).toBe("ул. Новая, 5");
    const [entry] = await audit("settings", 1);
    expect(entry).toMatchObject({ action: "update", before: { address: was.address }, after: { address: "ул. Новая, 5" } });
    await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { address: was.address, phone: was.phone } });
  });

  it.each([{ time_zone: "Mars/Olympus" }, { slot_step_min: 7 }, { refund_late_percent: 101 }, { horizon_days: 0 }])("refuses %j", async (body) => {
    const res = await call("PATCH", "/api/v1/admin/settings", { token: admin, body });
    expect(res.status).toBe(400);
  });
});

describe("admin bad input", () => {
  const writes: [string, string][] = [
    ["POST", "/api/v1/admin/services"],
    ["PATCH", "/api/v1/admin/services/1"],
    ["POST", "/api/v1/admin/services/reorder"],
    ["POST", "/api/v1/admin/categories"],
    ["POST", "/api/v1/admin/staff"],
    ["PATCH", "/api/v1/admin/staff/1"],
    ["PATCH", "/api/v1/admin/settings"],
    ["PATCH", "/api/v1/admin/clients/1"],
    ["POST", "/api/v1/admin/blocks"],
  ];
  const bodies: [string, { raw?: string; body?: unknown; headers?: Record<string, string> }][] = [
    ["malformed JSON", { raw: "{name:", headers: { "content-type": "application/json" } }],
    ["an empty body", { raw: "" }],
    ["a JSON array", { body: [1, 2] }],
    ["a huge body", { raw: JSON.stringify({ name: "x".repeat(70_000) }) }],
  ];
  it.each(writes.flatMap(([method, path]) => bodies.map(([what, opts]) => [method, path, what, opts] as const)))("answers %s %s with %s as a 4xx error", async (method, path, _what, opts) => {
    const res = await call(method, path, { token: admin, ...opts });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.code).toMatch(/^[a-z_]+$/);
  });

  it("refuses reordering with unknown or repeated ids", async () => {
    expect((await call("POST", "/api/v1/admin/services/reorder", { token: admin, body: { ids: [999999] } })).status).toBe(422);
    expect((await call("POST", "/api/v1/admin/categories/reorder", { token: admin, body: { ids: [1, 1] } })).status).toBe(400);
  });
});
