import { describe, expect, it } from "vitest";
import { call, consentVersion, freshPhone, lastCodeFor, newClientIp, signIn } from "./client.js";
import { adminToken } from "./scenario.js";

const requestCode = (phone: string, ip = newClientIp()) =>
  call("POST", "/api/v1/auth/otp/request", { body: { phone }, headers: { "cf-connecting-ip": ip } });
// A new phone ticks the personal-data consent (its own tests: consent.test.ts).
const verify = async (phone: string, code: string, extra: Record<string, unknown> = {}) =>
  call("POST", "/api/v1/auth/otp/verify", { body: { phone, code, consent: { version: await consentVersion() }, ...extra } });
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("sign-in by phone", () => {
  it("signs a new customer in with the code sent to the outbox and knows them at /me", async () => {
    const phone = freshPhone();
    const requested = await requestCode(phone);
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ sent: true, expires_in: 300 });

    const verified = await verify(phone, await lastCodeFor(phone), { name: "Вера" });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ phone, role: "customer", name: "Вера" });

    const me = await call("GET", "/api/v1/me", { token: verified.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.phone).toBe(phone);
  });

  it("normalizes the phone however it is written", async () => {
    const phone = freshPhone();
    const local = `8 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
    expect((await requestCode(local)).status).toBe(202);
    const verified = await verify(phone, await lastCodeFor(phone));
    expect(verified.body.user.phone).toBe(phone);
  });

  it("rejects a wrong code and counts the attempt", async () => {
    const phone = freshPhone();
    await requestCode(phone);
    const code = await lastCodeFor(phone);
    const res = await verify(phone, wrong(code));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "invalid_code", details: { attempts_left: 4 } });
    expect((await verify(phone, code)).status).toBe(200);
  });

  it("locks the code after five wrong attempts, even for the right code", async () => {
    const phone = freshPhone();
    await requestCode(phone);
    const code = await lastCodeFor(phone);
    for (let i = 0; i < 5; i++) expect((await verify(phone, wrong(code))).status).toBe(401);
    const locked = await verify(phone, code);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("too_many_attempts");
  });

  it("never lets parallel guesses exceed five attempts", async () => {
    const phone = freshPhone();
    await requestCode(phone);
    const code = await lastCodeFor(phone);
    const answers = await Promise.all(Array.from({ length: 12 }, () => verify(phone, wrong(code))));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
  });

  it("accepts a code only once", async () => {
    const phone = freshPhone();
    await requestCode(phone);
    const code = await lastCodeFor(phone);
    expect((await verify(phone, code)).status).toBe(200);
    const replay = await verify(phone, code);
    expect(replay.status).toBe(422);
    expect(replay.body.error.code).toBe("no_code_requested");
  });

  it("refuses a code that was never requested", async () => {
    const res = await verify(freshPhone(), "123456");
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("no_code_requested");
  });

  it("refuses an expired code", async () => {
    const phone = freshPhone();
    await requestCode(phone);
    const code = await lastCodeFor(phone);
    await expireCodes(phone);
    const res = await verify(phone, code);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("code_expired");
  });

  it("asks to wait before sending another code to the same phone", async () => {
    const phone = freshPhone();
    expect((await requestCode(phone)).status).toBe(202);
    const again = await requestCode(phone);
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe("rate_limited");
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("limits how many codes one client may request in an hour", async () => {
    const ip = newClientIp();
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push((await requestCode(freshPhone(), ip)).status);
    expect(answers.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(answers[20]).toBe(429);
  });

  it("sends exactly one code when 50 requests for one new phone arrive at once", async () => {
    const phone = freshPhone();
    const answers = await Promise.all(Array.from({ length: 50 }, () => requestCode(phone)));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(49);
    for (const a of refused) {
      expect(a.body.error.code).toBe("rate_limited");
      expect(Number(a.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const { body } = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
    expect(body.messages.filter((m: { kind: string }) => m.kind === "otp")).toHaveLength(1);
  });

  it("counts a client's codes by its IPv6 /64, not by the full address", async () => {
    const net = newClientIp().replace(/::1$/, "");
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push((await requestCode(freshPhone(), `${net}:${(i + 1).toString(16)}:0:0:1`)).status);
    expect(answers.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(answers[20]).toBe(429);
  });

  it("refuses numbers of countries the salon does not serve, and numbers no operator issues", async () => {
    const ukrainian = await requestCode("+380501234567");
    expect(ukrainian.status).toBe(422);
    expect(ukrainian.body.error).toMatchObject({ code: "phone_country_not_served", details: { phone_country: "UA", served_countries: ["RU"] } });
    // +7 is shared: 7xx numbers are Kazakhstan's.
    const kazakh = await requestCode("+77011234567");
    expect(kazakh.body.error).toMatchObject({ code: "phone_country_not_served", details: { phone_country: "KZ" } });
    const unissued = await requestCode("+70000000000");
    expect(unissued.status).toBe(422);
    expect(unissued.body.error.code).toBe("invalid_phone");
  });

  it("sends codes to another country's numbers once the salon serves it, and refuses unknown country codes", async () => {
    const token = await adminToken();
    const settings = (countries: unknown) => call("PATCH", "/api/v1/admin/settings", { token, body: { phone_countries: countries } });
    const unknown = await settings(["RU", "XX"]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.field).toBe("phone_countries");
    // A German mobile drawn from this file's phone block, so no other file meets it.
    const german = `+49151${freshPhone().slice(-8)}`;
    try {
      const changed = await settings(["RU", "de"]);
      expect(changed.body.settings.phone_countries).toEqual(["RU", "DE"]);
      expect((await requestCode(german)).status).toBe(202);
      expect((await requestCode(freshPhone())).status).toBe(202);
    } finally {
      await settings(["RU"]);
    }
    expect((await requestCode(german)).body.error.code).toBe("phone_country_not_served");
  });

  it("rejects a malformed phone with a message a person can act on", async () => {
    const res = await requestCode("12345");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details.issues[0].path).toBe("phone");
  });
});

describe("roles", () => {
  it("rejects /me without a token, with a forged token and with a garbage header", async () => {
    expect((await call("GET", "/api/v1/me")).status).toBe(401);
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJl";
    expect((await call("GET", "/api/v1/me", { token: forged })).status).toBe(401);
    expect((await call("GET", "/api/v1/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });

  it("lets only admins list users", async () => {
    const customer = await signIn("+79990000100");
    const master = await signIn("+79990000011");
    const admin = await signIn("+79990000001");
    expect(master.user).toMatchObject({ role: "staff", staff_id: 1 });
    expect((await call("GET", "/api/v1/admin/users", { token: customer.token })).status).toBe(403);
    expect((await call("GET", "/api/v1/admin/users", { token: master.token })).status).toBe(403);
    const listed = await call("GET", "/api/v1/admin/users?role=staff", { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.users.length).toBeGreaterThanOrEqual(4);
    expect(listed.body.users.every((u: { role: string }) => u.role === "staff")).toBe(true);
    const bad = await call("GET", "/api/v1/admin/users?role=boss", { token: admin.token });
    expect(bad.status).toBe(400);
  });
});

async function expireCodes(phone: string) {
  const { env } = await import("cloudflare:workers");
  const { createClient } = await import("@libsql/client/web");
  const client = createClient({ url: (env as { TURSO_DATABASE_URL: string }).TURSO_DATABASE_URL });
  await client.execute({ sql: "update otp_codes set expires_at = '2000-01-01T00:00:00.000Z' where phone = ?", args: [phone] });
  client.close();
}
