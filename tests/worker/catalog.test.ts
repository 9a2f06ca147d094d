import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { Salon, ServiceDetail, ServiceList, StaffDetail, StaffList } from "../../worker/contracts/catalog.js";
import { call } from "./client.js";
import { sql } from "./scenario.js";

describe("catalog", () => {
  it("tells the salon's name, address, zone and policies", async () => {
    const res = await call("GET", "/api/v1/salon");
    expect(res.status).toBe(200);
    expect(v.parse(v.object({ salon: Salon }), res.body).salon).toMatchObject({
      name: "Салон «Лотос»",
      time_zone: "Europe/Moscow",
      currency: "RUB",
      cancellation_window_hours: 24,
    });
    expect(res.headers.get("etag")).toBeTruthy();
  });

  it("lists the demo services with categories, prices in minor units and booking methods", async () => {
    const res = await call("GET", "/api/v1/services");
    expect(res.status).toBe(200);
    const list = v.parse(ServiceList, res.body);
    // Other test files may add categories to the shared database; they sort after the demo's.
    expect(list.categories.map((c) => c.name).slice(0, 3)).toEqual(["Волосы", "Ногти", "Массаж и SPA"]);
    expect(list.services.length).toBeGreaterThanOrEqual(8);
    const haircut = list.services.find((s) => s.name === "Стрижка женская")!;
    expect(haircut).toMatchObject({
      price: { amount_minor: 250000, currency: "RUB" },
      duration_min: 60,
      booking_method: "yclients",
      category: { name: "Волосы" },
    });
    expect(haircut.addons.map((a) => a.name)).toEqual(["Укладка"]);
    // The demo links these two; the catalog-sync tests may link more in the shared database.
    const linked = list.services.filter((s) => s.booking_method === "yclients").map((s) => s.name);
    expect(linked).toEqual(expect.arrayContaining(["Стрижка женская", "Окрашивание в один тон"]));
    expect(list.services.find((s) => s.name === "Стрижка мужская")?.booking_method).toBe("internal");
    expect(list.services.some((s) => s.is_addon)).toBe(true);
  });

  it("answers a repeated catalog request with 304 when the ETag matches", async () => {
    const first = await call("GET", "/api/v1/services");
    const tag = first.headers.get("etag");
    expect(tag).toBeTruthy();
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const again = await call("GET", "/api/v1/services", { headers: { "if-none-match": tag! } });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
  });

  it("shows one service with the masters who do it", async () => {
    const res = await call("GET", "/api/v1/services/5");
    expect(res.status).toBe(200);
    const detail = v.parse(ServiceDetail, res.body);
    expect(detail.service.name).toBe("Маникюр с покрытием");
    // Other test files add masters to the seed's services while this runs: the
    // seed's manicurist is listed, and everyone listed is active and does it.
    expect(detail.staff.map((m) => m.name)).toContain("Ольга Кузнецова");
    const doIt = await sql("select st.id from staff st join staff_services ss on ss.staff_id = st.id where ss.service_id = 5 and st.active = 1");
    const allowed = new Set(doIt.rows.map((r) => Number(r.id)));
    expect(detail.staff.filter((m) => !allowed.has(m.id))).toEqual([]);
  });

  it("answers 404 for a service that does not exist and 400 for a malformed id", async () => {
    const missing = await call("GET", "/api/v1/services/9999");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const malformed = await call("GET", "/api/v1/services/abc");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_id");
  });

  it("lists active staff with the services each does", async () => {
    const res = await call("GET", "/api/v1/staff");
    expect(res.status).toBe(200);
    const { staff } = v.parse(StaffList, res.body);
    expect(staff.length).toBeGreaterThanOrEqual(4);
    expect(staff.find((m) => m.name === "Дмитрий Соколов")?.service_ids).toEqual([8, 10]);
  });

  it("shows one master with their services, and 404 for an unknown one", async () => {
    const res = await call("GET", "/api/v1/staff/3");
    expect(res.status).toBe(200);
    const detail = v.parse(StaffDetail, res.body);
    expect(detail.services.map((s) => s.id)).toEqual([5, 6, 7]);
    expect((await call("GET", "/api/v1/staff/777")).status).toBe(404);
  });
});
