// Master-first browsing: the public profile (GET /staff/{id}) with bio and
// the master's own terms, and what the home screen and the month calendar
// read from GET /salon (opening hours, map link, horizon).
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { StaffDetail } from "../../worker/contracts/catalog.js";
import { call } from "./client.js";
import { adminToken, newMaster, sql } from "./scenario.js";

const SPA_WRAP = 9; // 5000 ₽, 90 min; the demo's Елена Попова (5) does it for 5500 ₽, 100 min

describe("a master's public profile", () => {
  it("shows photo, specialization, bio and each service with the master's own price and duration", async () => {
    const res = await call("GET", "/api/v1/staff/5");
    expect(res.status).toBe(200);
    const profile = v.parse(StaffDetail, res.body);
    expect(profile.staff).toMatchObject({ id: 5, name: "Елена Попова", specialization: "SPA-мастер", photo_url: null });
    expect(profile.staff.bio).toMatch(/SPA/);
    const wrap = profile.services.find((s) => s.id === SPA_WRAP)!;
    expect(wrap.price.amount_minor).toBe(500000);
    expect(wrap.own_terms).toEqual({ price: { amount_minor: 550000, currency: "RUB" }, duration_min: 100 });
    // a service on standard terms carries none
    expect(profile.services.find((s) => s.id === 8)?.own_terms).toBeNull();
  });

  it("fills a partial override (only the duration) with the service's price", async () => {
    const master = await newMaster({ services: [3, 8] });
    await sql("update staff_services set duration_min = 30 where staff_id = ? and service_id = 3", [master.id]);
    const profile = v.parse(StaffDetail, (await call("GET", `/api/v1/staff/${master.id}`)).body);
    expect(profile.services.find((s) => s.id === 3)?.own_terms).toEqual({ price: { amount_minor: 150000, currency: "RUB" }, duration_min: 30 });
  });

  it("lists only active services", async () => {
    const master = await newMaster({ services: [3, 8] });
    const inactive = await sql("insert into services (name, duration_min, price_minor, currency, active) values ('Снятая услуга', 30, 1000, 'RUB', 0) returning id");
    await sql("insert into staff_services (staff_id, service_id) values (?, ?)", [master.id, Number(inactive.rows[0]!.id)]);
    const profile = v.parse(StaffDetail, (await call("GET", `/api/v1/staff/${master.id}`)).body);
    expect(profile.services.map((s) => s.id)).toEqual([3, 8]);
  });

  it("hides a master who no longer works here (404), from the profile and the list", async () => {
    const master = await newMaster();
    expect((await call("GET", `/api/v1/staff/${master.id}`)).status).toBe(200);
    await sql("update staff set active = 0 where id = ?", [master.id]);
    const gone = await call("GET", `/api/v1/staff/${master.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("not_found");
    const list = await call("GET", "/api/v1/staff");
    expect(list.body.staff.some((m: { id: number }) => m.id === master.id)).toBe(false);
  });

  it("lists every master with their bio, and revalidates a saved profile (304) until the master's terms change", async () => {
    const list = (await call("GET", "/api/v1/staff")).body.staff as { id: number; bio: string | null }[];
    expect(list.filter((m) => m.id <= 5).every((m) => typeof m.bio === "string" && m.bio.length > 0)).toBe(true);
    const master = await newMaster({ services: [3] });
    const first = await call("GET", `/api/v1/staff/${master.id}`);
    const tag = first.headers.get("etag")!;
    expect((await call("GET", `/api/v1/staff/${master.id}`, { headers: { "if-none-match": tag } })).status).toBe(304);
    await sql("update staff_services set price_minor = 99900 where staff_id = ? and service_id = 3", [master.id]);
    const changed = await call("GET", `/api/v1/staff/${master.id}`, { headers: { "if-none-match": tag } });
    expect(changed.status).toBe(200);
    expect(changed.body.services[0].own_terms.price.amount_minor).toBe(99900);
  });

  it.each(["abc", "0", "-1", "1.5", "99999999999999999999"])("answers 400 invalid_id for /staff/%s", async (id) => {
    const res = await call("GET", `/api/v1/staff/${id}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_id");
  });
});

describe("the salon on the home screen", () => {
  it("tells the booking horizon, opening hours and map link; the admin edits them", async () => {
    const salon = (await call("GET", "/api/v1/salon")).body.salon;
    expect(salon).toMatchObject({ horizon_days: 60, opening_hours: "Ежедневно 09:00–21:00", map_url: null });
    const admin = await adminToken();
    const edited = await call("PATCH", "/api/v1/admin/settings", {
      token: admin,
      body: { opening_hours: "Пн–Сб 10:00–20:00", map_url: "https://yandex.ru/maps/-/CDabc" },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.settings).toMatchObject({ opening_hours: "Пн–Сб 10:00–20:00", map_url: "https://yandex.ru/maps/-/CDabc" });
    expect((await call("GET", "/api/v1/salon")).body.salon).toMatchObject({ opening_hours: "Пн–Сб 10:00–20:00", map_url: "https://yandex.ru/maps/-/CDabc" });
    await call("PATCH", "/api/v1/admin/settings", { token: admin, body: { opening_hours: salon.opening_hours, map_url: null } });
  });

  it.each([{ map_url: "javascript:alert(1)" }, { map_url: "not a link" }, { opening_hours: "x".repeat(201) }])("refuses %j with 400", async (body) => {
    const res = await call("PATCH", "/api/v1/admin/settings", { token: await adminToken(), body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });
});
