// Sessions end on the server: sign-out, sign out everywhere, a role change,
// a deleted account; access tokens are short and renewed with the refresh token.
import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { ACCESS_TTL_SECONDS, issueRefreshToken } from "../../worker/auth/session.js";
import { call, signIn } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, newMaster, sql, tokenFor } from "./scenario.js";
import { freshPhone } from "./client.js";

const me = (token: string) => call("GET", "/api/v1/me", { token });
const refresh = (refresh_token: string) => call("POST", "/api/v1/auth/refresh", { body: { refresh_token } });
const secret = () => env.JWT_SECRET as string;

describe("sessions", () => {
  it("sign-in gives an access token of one hour and a refresh token for the session's 30 days", async () => {
    const before = Date.now();
    const session = await signIn(freshPhone());
    const lifetime = Date.parse((session as any).expires_at) - before;
    expect(lifetime).toBeGreaterThan((ACCESS_TTL_SECONDS - 60) * 1000);
    expect(lifetime).toBeLessThanOrEqual((ACCESS_TTL_SECONDS + 1) * 1000);
    expect(Date.parse((session as any).session_expires_at) - before).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect((await me(session.token)).status).toBe(200);
  });

  it("the refresh token renews the access token, and neither token stands in for the other", async () => {
    const session: any = await signIn(freshPhone());
    const renewed = await refresh(session.refresh_token);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ user: { id: session.user.id }, refresh_token: session.refresh_token, session_expires_at: session.session_expires_at });
    expect((await me(renewed.body.token)).status).toBe(200);
    expect((await me(session.refresh_token)).status).toBe(401);
    expect((await refresh(session.token)).status).toBe(401);
    expect((await refresh("not-a-token")).status).toBe(401);
  });

  it("sign-out ends this device's session on the server and leaves the others", async () => {
    const phone = freshPhone();
    const here: any = await signIn(phone);
    const elsewhere = await tokenFor(phone);
    const out = await call("POST", "/api/v1/auth/logout", { token: here.token });
    expect(out).toMatchObject({ status: 200, body: { signed_out: 1 } });
    expect((await me(here.token)).status).toBe(401);
    expect((await refresh(here.refresh_token)).status).toBe(401);
    expect((await me(elsewhere)).status).toBe(200);
  });

  it("sign out everywhere ends every session of the account", async () => {
    const phone = freshPhone();
    const here: any = await signIn(phone);
    const elsewhere = await tokenFor(phone);
    const other = await quickCustomer();
    const out = await call("POST", "/api/v1/auth/logout-all", { token: elsewhere });
    expect(out).toMatchObject({ status: 200, body: { signed_out: 2 } });
    expect((await me(here.token)).status).toBe(401);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await refresh(here.refresh_token)).status).toBe(401);
    expect((await me(other.token)).status).toBe(200);
  });

  it("a token without a live session is refused, even with a valid signature", async () => {
    const { id } = await quickCustomer();
    const exp = Math.floor(Date.now() / 1000) + 600;
    // No session at all (the 30-day tokens before sessions had no sid) and someone else's session.
    expect((await me(await sign({ sub: String(id), typ: "access", exp }, secret(), "HS256"))).status).toBe(401);
    const { rows } = await sql("insert into sessions (user_id, expires_at) values ((select id from users where phone = '+79990000001'), '2100-01-01T00:00:00.000Z') returning id");
    expect((await me(await sign({ sub: String(id), sid: String(rows[0]!.id), typ: "access", exp }, secret(), "HS256"))).status).toBe(401);
  });

  it("a session past its 30 days is not renewed", async () => {
    const { id } = await quickCustomer();
    const ended = new Date(Date.now() - 1000).toISOString();
    const { rows } = await sql("insert into sessions (user_id, expires_at) values (?, ?) returning id", [id, ended]);
    const token = await issueRefreshToken(id, { id: Number(rows[0]!.id), expiresAt: ended }, secret(), new Date(Date.now() - 3600_000));
    expect((await refresh(token)).status).toBe(401);
  });

  it("a role change ends every session of the account", async () => {
    const customer: any = await signIn(freshPhone());
    const master = await newMaster();
    const admin = await adminToken();
    const linked = await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone: customer.user.phone, link_existing: true } });
    expect(linked.status).toBe(200);
    expect((await me(customer.token)).status).toBe(401);
    expect((await refresh(customer.refresh_token)).status).toBe(401);
    // The master's previous account went back to a customer's: its sessions ended too.
    expect((await me(await tokenFor(customer.user.phone))).body.user).toMatchObject({ role: "staff", staff_id: master.id });
  });

  it("a master unlinked from the account loses its sessions", async () => {
    const master = await newMaster();
    const token = await tokenFor(master.phone);
    expect((await me(token)).status).toBe(200);
    const admin = await adminToken();
    expect((await call("PATCH", `/api/v1/admin/staff/${master.id}`, { token: admin, body: { phone: null } })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
  });

  it("deleting the account ends every session, refresh included", async () => {
    const customer: any = await signIn(freshPhone());
    expect((await call("DELETE", "/api/v1/me", { token: customer.token })).status).toBe(200);
    expect((await refresh(customer.refresh_token)).status).toBe(401);
    const { rows } = await sql("select count(*) as live from sessions where user_id = ? and revoked_at is null", [customer.user.id]);
    expect(Number(rows[0]!.live)).toBe(0);
  });
});
