// The personal-data consent (152-FZ as amended by 156-FZ): asked of a new
// phone before its account exists, stored with the text's version, the time
// and a truncated address; a new version of the text asks again without
// locking anyone out; the texts are public and edited by the admin.
import { describe, expect, it } from "vitest";
import { truncateIp } from "../../worker/legal/consent.js";
import { call, consentVersion, freshPhone, lastCodeFor, newClientIp, signIn } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, newCustomer, sql, tokenFor } from "./scenario.js";

async function codeFor(phone: string): Promise<string> {
  expect((await call("POST", "/api/v1/auth/otp/request", { body: { phone }, headers: { "cf-connecting-ip": newClientIp() } })).status).toBe(202);
  return lastCodeFor(phone);
}

const verify = (phone: string, code: string, extra: Record<string, unknown> = {}, ip = "203.0.113.77") =>
  call("POST", "/api/v1/auth/otp/verify", { body: { phone, code, ...extra }, headers: { "cf-connecting-ip": ip } });

const consentRows = async (userId: number) =>
  (await sql("select kind, version, given_at, ip, withdrawn_at from consents where user_id = ? order by id", [userId])).rows;

describe("consent at sign-in", () => {
  it("refuses to create an account without the consent, then signs in with the same code once it is ticked", async () => {
    const phone = freshPhone();
    const code = await codeFor(phone);
    const refused = await verify(phone, code);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "consent_required", details: { version: await consentVersion(), document: "/api/v1/legal/consent", page: "/legal/consent" } });
    const { rows: none } = await sql("select count(*) as n from users where phone = ?", [phone]);
    expect(Number(none[0]!.n)).toBe(0);

    const version = await consentVersion();
    const signed = await verify(phone, code, { consent: { version } });
    expect(signed.status).toBe(200);
    expect(signed.body.consent).toMatchObject({ current: version, given: version, needed: false });
    const rows = await consentRows(signed.body.user.id);
    expect(rows).toEqual([{ kind: "personal_data", version, given_at: expect.any(String), ip: "203.0.113.0/24", withdrawn_at: null }]);
    expect(Math.abs(Date.parse(String(rows[0]!.given_at)) - Date.now())).toBeLessThan(60_000);
  });

  it("refuses a consent to a version that is not in force and stores nothing", async () => {
    const phone = freshPhone();
    const code = await codeFor(phone);
    const stale = await verify(phone, code, { consent: { version: (await consentVersion()) + 5 } });
    expect(stale.status).toBe(422);
    expect(stale.body.error.code).toBe("consent_required");
    expect((await sql("select count(*) as n from users where phone = ?", [phone])).rows[0]!.n).toBe(0);
    for (const bad of [{ version: "1" }, { version: 0 }, {}, true]) {
      expect((await verify(phone, code, { consent: bad })).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it("asks an account the salon created by phone (no consent yet) at its first sign-in", async () => {
    const walkIn = await quickCustomer();
    const code = await codeFor(walkIn.phone);
    expect((await verify(walkIn.phone, code)).body.error.code).toBe("consent_required");
    const signed = await verify(walkIn.phone, code, { consent: { version: await consentVersion() } });
    expect(signed.status).toBe(200);
    expect(signed.body.user.id).toBe(walkIn.id);
  });

  it("has seeded the demo accounts with the consent, so they sign in as before", async () => {
    const { rows } = await sql("select distinct u.phone from users u join consents c on c.user_id = u.id where u.phone in ('+79990000001', '+79990000100', '+79990000011')");
    expect(rows).toHaveLength(3);
    const { rows: admin } = await sql("select id from users where phone = '+79990000001'");
    const card = await call("GET", `/api/v1/admin/clients/${admin[0]!.id}`, { token: await adminToken() });
    expect(card.body.consent.given).toEqual(expect.any(Number));
  });

  it("asks again in the app after a new version of the text, without locking the person out", async () => {
    // Agreed to the text in force (as at an earlier sign-in; one code a minute per phone).
    const person = await quickCustomer();
    await sql("insert into consents (user_id, kind, version, given_at) values (?, 'personal_data', ?, ?)", [person.id, await consentVersion(), new Date().toISOString()]);
    const admin = await adminToken();
    const before = await call("GET", "/api/v1/me", { token: person.token });
    expect(before.body.consent).toMatchObject({ needed: false });
    const published = await call("PUT", "/api/v1/admin/legal/consent", { token: admin, body: { body: `${(await call("GET", "/api/v1/legal/consent")).body.body}\n\nРедакция для теста.` } });
    expect(published.status).toBe(201);
    const version = published.body.version;
    expect(version).toBeGreaterThan(before.body.consent.given);

    // Signs in with the code alone, and is told to agree again.
    const code = await codeFor(person.phone);
    const signed = await verify(person.phone, code);
    expect(signed.status).toBe(200);
    expect(signed.body.consent).toMatchObject({ current: version, given: before.body.consent.given, needed: true });
    const me = await call("GET", "/api/v1/me", { token: signed.body.token });
    expect(me.body.consent.needed).toBe(true);

    expect((await call("POST", "/api/v1/me/consent", { token: person.token, body: { version: version - 1 } })).body.error.code).toBe("consent_required");
    const agreed = await call("POST", "/api/v1/me/consent", { token: person.token, body: { version }, headers: { "cf-connecting-ip": "2001:db8:85a3:1234::8a2e:370:7334" } });
    expect(agreed.status).toBe(200);
    expect(agreed.body.consent).toMatchObject({ given: version, needed: false });
    expect((await consentRows(person.id)).at(-1)).toMatchObject({ version, ip: "2001:db8:85a3::/48" });
  });
});

describe("legal texts", () => {
  it("serves the consent text and the privacy policy with the operator's details from the settings", async () => {
    for (const kind of ["consent", "privacy"]) {
      const res = await call("GET", `/api/v1/legal/${kind}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind, version: expect.any(Number), body: expect.any(String), operator: { name: "Салон «Лотос»", inn: "7700000000", ogrn: "1027700000000", email: "privacy@salon.example" } });
    }
    expect((await call("GET", "/api/v1/legal/terms")).status).toBe(400);
  });

  it("is edited by the admin only, each edit a new version, and the operator's details are checked", async () => {
    const customer = await quickCustomer();
    expect((await call("PUT", "/api/v1/admin/legal/privacy", { token: customer.token, body: { body: "x".repeat(40) } })).status).toBe(403);
    const admin = await adminToken();
    expect((await call("PUT", "/api/v1/admin/legal/privacy", { token: admin, body: { body: "коротко" } })).status).toBe(400);
    const was = (await call("GET", "/api/v1/legal/privacy")).body;
    const next = await call("PUT", "/api/v1/admin/legal/privacy", { token: admin, body: { body: `${was.body}\n\nДополнение.` } });
    expect(next.status).toBe(201);
    expect(next.body.version).toBe(was.version + 1);
    expect((await call("GET", "/api/v1/legal/privacy")).body).toMatchObject({ version: was.version + 1, body: expect.stringContaining("Дополнение.") });
    const { rows } = await sql("select version from legal_documents where kind = 'privacy' order by version");
    expect(rows.map((r) => Number(r.version))).toContain(was.version);

    for (const bad of [{ operator_inn: "12345" }, { operator_ogrn: "abc" }, { operator_email: "nope" }]) {
      expect((await call("PATCH", "/api/v1/admin/settings", { token: admin, body: bad })).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it("shows the consent on the admin's client card", async () => {
    const person = await newCustomer();
    const walkIn = await quickCustomer();
    const admin = await tokenFor("+79990000001");
    const card = await call("GET", `/api/v1/admin/clients/${person.id}`, { token: admin });
    expect(card.body.consent).toMatchObject({ given: expect.any(Number), given_at: expect.any(String) });
    const none = await call("GET", `/api/v1/admin/clients/${walkIn.id}`, { token: admin });
    expect(none.body.consent).toMatchObject({ given: null, needed: true });
  });
});

describe("truncating the client's address", () => {
  it("keeps IPv4 /24 and IPv6 /48 and drops what is not an address", () => {
    expect(truncateIp("198.51.100.23")).toBe("198.51.100.0/24");
    expect(truncateIp("2a02:6b8:b010:9020:1::42")).toBe("2a02:6b8:b010::/48");
    expect(truncateIp("::1")).toBe("0:0:0::/48");
    expect(truncateIp("unknown")).toBeNull();
    expect(truncateIp("300.1.1.1")).toBeNull();
    expect(truncateIp(undefined)).toBeNull();
  });
});

it("signs in through the shared helper with the consent ticked", async () => {
  const { consent } = await signIn(freshPhone());
  expect(consent.needed).toBe(false);
});
