// GET /yclients/widget-url/{service_id}: the widget with the service, the
// master and the signed-in customer's details, properly encoded.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/index.js";
import { call, freshPhone } from "./client.js";
import { sql, tokenFor } from "./scenario.js";

const widget = (path: string, token?: string) => call("GET", `/api/v1/yclients/widget-url/${path}`, { token });

describe("YClients widget URL", () => {
  it("works anonymously with just the service", async () => {
    const res = await widget("1");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ service_id: 1, url: "https://n777001.yclients.com/?services=5147108" });
  });

  it("maps our master to their YClients id", async () => {
    const res = await widget("2?staff_id=2");
    expect(res.body.url).toBe("https://n777001.yclients.com/?services=5147109&staff=1902");
  });

  it("prefills the signed-in customer's name, email and phone, URL-encoded", async () => {
    const phone = freshPhone();
    const name = `Анна-Мария "Солнышко" O'Нил`;
    await sql("insert into users (phone, name, email) values (?, ?, ?)", [phone, name, "anna+salon@example.com"]);
    const res = await widget("1", await tokenFor(phone));
    expect(res.status).toBe(200);
    const url: string = res.body.url;
    expect(url).toContain(`client_phone=%2B${phone.slice(1)}`);
    expect(url).toContain("client_email=anna%2Bsalon%40example.com");
    expect(url).toContain("client_name=%D0%90%D0%BD%D0%BD%D0%B0-%D0%9C%D0%B0%D1%80%D0%B8%D1%8F%20%22");
    expect(url).not.toMatch(/[ "'+]/);
    const params = new URL(url).searchParams;
    expect([params.get("client_name"), params.get("client_email"), params.get("client_phone"), params.get("services")]).toEqual([name, "anna+salon@example.com", phone, "5147108"]);
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

  it("is 503 yclients_disabled while the integration is off, and linked services use our engine", async () => {
    const off = { ...env, YCLIENTS_ENABLED: "false" };
    const res = await app.request("/api/v1/yclients/widget-url/1", {}, off);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("yclients_disabled");
    const slots = await app.request("/api/v1/booking/time-slots/1?staff_id=1", {}, off);
    expect(((await slots.json()) as { source: string }).source).toBe("internal");
  });
});
