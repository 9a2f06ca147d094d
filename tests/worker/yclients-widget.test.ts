// GET /yclients/widget-url/{service_id}: the one routing decision for a
// linked service — YClients' form (no personal data in the URL), our own
// screens while YClients is down, or the salon's phone.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { app } from "../../worker/index.js";
import { COMPANY_ID, fakeScope, requestsTo, setMode } from "../yclients/fake-control.js";
import { call, freshPhone } from "./client.js";
import { sql, tokenFor } from "./scenario.js";

// Its own scope of the fake: the company probe it fails is one every linked service's booking asks.
const scope = fakeScope("widget");
const companyPath = `${scope.prefix}/company/${COMPANY_ID}`;
const widget = (path: string, token?: string) => call("GET", `/api/v1/yclients/widget-url/${path}`, { token, env: scope.env });
const FORM = "https://n777001.yclients.com";

async function withSettings<T>(set: string, reset: string, run: () => Promise<T>): Promise<T> {
  await sql(`update salon_settings set ${set} where id = 1`);
  try {
    return await run();
  } finally {
    await sql(`update salon_settings set ${reset} where id = 1`);
  }
}

describe("YClients booking route", () => {
  afterEach(() => setMode(companyPath, "ok", { match: "exact" }));

  it("sends customers to the form, deep-linked to the service and any master", async () => {
    const res = await widget("1");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ service_id: 1, route: "widget", url: `${FORM}/company/${COMPANY_ID}/personal/select-time?o=m-1s5147108`, phone: null });
  });

  it("looks the form up from the company when no form is configured", async () => {
    const unset = { ...scope.env, YCLIENTS_FORM_ID: "" };
    const res = await app.request("/api/v1/yclients/widget-url/1", {}, unset);
    expect(await res.json()).toMatchObject({ route: "widget", url: `${FORM}/company/${COMPANY_ID}/personal/select-time?o=m-1s5147108` });
    const [probe] = (await requestsTo(companyPath)).slice(-1);
    expect(probe!.query.showBookforms).toEqual(["1"]);
  });

  it("maps our master to their YClients id", async () => {
    const res = await widget("2?staff_id=2");
    expect(res.body.url).toBe(`${FORM}/company/${COMPANY_ID}/personal/select-time?o=m1902s5147109`);
  });

  it("opens the form's start page when the salon switches deep links off", async () => {
    const res = await withSettings("yclients_deep_links = 0", "yclients_deep_links = 1", () => widget("2?staff_id=2"));
    expect(res.body.url).toBe(`${FORM}/`);
  });

  it("puts nothing about the signed-in customer into the URL", async () => {
    const phone = freshPhone();
    await sql("insert into users (phone, name, email) values (?, ?, ?)", [phone, "Анна Тест", "anna+salon@example.com"]);
    const res = await widget("1", await tokenFor(phone));
    expect(res.status).toBe(200);
    const url: string = res.body.url;
    for (const secret of [phone, phone.slice(1), "anna", "%D0%90"]) expect(url).not.toContain(secret);
  });

  it("routes to our own screens while YClients is down and the salon allows fallback", async () => {
    await setMode(companyPath, "http_500", { match: "exact" });
    const res = await widget("1");
    expect(res.body).toEqual({ service_id: 1, route: "internal_fallback", url: null, phone: null });
  });

  it("gives the salon's phone while YClients is down and fallback is off", async () => {
    await setMode(companyPath, "http_500", { match: "exact" });
    const res = await withSettings("yclients_fallback = 0", "yclients_fallback = 1", () => widget("1"));
    const { rows } = await sql("select phone from salon_settings where id = 1");
    expect(res.body).toEqual({ service_id: 1, route: "phone", url: null, phone: rows[0]!.phone });
    expect(res.body.phone).toMatch(/^\+\d+$/);
  });

  it("keeps the form while YClients refuses the probe: a 429 or 401 is not down", async () => {
    for (const mode of ["http_429", "unauthorized"]) {
      await setMode(companyPath, mode, { match: "exact" });
      const res = await widget("1");
      expect(res.body, mode).toMatchObject({ service_id: 1, route: "widget" });
      await setMode(companyPath, "ok", { match: "exact" });
    }
  });

  it.each([
    ["an unknown service", "999", 404, "not_found"],
    ["a service booked here", "3", 409, "service_not_linked"],
    ["an unknown master", "1?staff_id=999", 404, "not_found"],
    ["a master not in YClients", "1?staff_id=3", 409, "staff_not_linked"],
    ["a malformed id", "abc", 400, "invalid_id"],
  ])("refuses %s", async (_what, path, status, code) => {
    const res = await widget(path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it("routes linked services to our engine while the integration is off", async () => {
    const off = { ...env, YCLIENTS_ENABLED: "false" };
    const res = await app.request("/api/v1/yclients/widget-url/1", {}, off);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ route: "internal", url: null });
    const slots = await app.request("/api/v1/booking/time-slots/1?staff_id=1", {}, off);
    expect(((await slots.json()) as { source: string }).source).toBe("internal");
  });
});
