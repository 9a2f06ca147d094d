// The salon's hourly SMS budget. Its own database (vitest.config.ts): the
// budget is salon-wide, and lowering it in the shared database would refuse
// the other test files' sign-ins.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, consentVersion, freshPhone } from "../worker/client.js";
import { adminToken, sql } from "../worker/scenario.js";

const requestCode = (phone: string) => call("POST", "/api/v1/auth/otp/request", { body: { phone } });
const setBudget = async (perHour: number) =>
  (await call("PATCH", "/api/v1/admin/settings", { token: await adminToken(), body: { sms_hourly_budget: perHour } })).body.settings;

/** Lowers the budget to leave exactly `left` sign-in SMS this hour. */
async function leaveSms(left: number) {
  const since = new Date(Date.now() - 3_600_000).toISOString();
  const { rows } = await sql("select count(*) as n from notification_outbox where channel = 'sms' and kind = 'otp' and created_at > ?", [since]);
  await setBudget(Number(rows[0]!.n) + left);
}

const hour = () => new Date().toISOString().slice(0, 13);

describe("the salon's hourly budget of sign-in SMS", () => {
  let before: number;
  beforeAll(async () => {
    before = (await call("GET", "/api/v1/admin/settings", { token: await adminToken() })).body.settings.sms_hourly_budget;
  });
  afterEach(async () => {
    await setBudget(before);
  });

  it("never sends more sign-in SMS than the budget, even to many phones at once", async () => {
    await leaveSms(3);
    const phones = Array.from({ length: 10 }, () => freshPhone());
    const answers = await Promise.all(phones.map(requestCode));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(3);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(7);
    for (const a of refused) {
      expect(a.body.error.code).toBe("sms_budget_exhausted");
      expect(Number(a.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const placeholders = phones.map(() => "?").join(",");
    const sent = await sql(`select count(*) as n from notification_outbox where kind = 'otp' and recipient in (${placeholders})`, phones);
    expect(Number(sent.rows[0]!.n)).toBe(3);
    // A refused request leaves no code behind: there is nothing to verify.
    const refusedPhone = phones[answers.findIndex((a) => a.status === 429)]!;
    expect((await call("POST", "/api/v1/auth/otp/verify", { body: { phone: refusedPhone, code: "123456" } })).body.error.code).toBe("no_code_requested");
  });

  it("sends the code to the account's email once the budget is spent, and the code signs in", async () => {
    const phone = freshPhone();
    const email = `budget-${phone.slice(1)}@example.test`;
    await sql("insert into users (phone, name, email) values (?, 'Почта', ?)", [phone, email]);
    await leaveSms(0);
    const answer = await requestCode(phone);
    expect(answer.status).toBe(202);
    expect(answer.body.channel).toBe("email");
    const { rows } = await sql("select channel, body from notification_outbox where recipient = ? and kind = 'otp'", [email]);
    expect(rows).toHaveLength(1);
    const code = /\d{6}/.exec(String(rows[0]!.body))![0];
    const verified = await call("POST", "/api/v1/auth/otp/verify", { body: { phone, code, consent: { version: await consentVersion() } } });
    expect(verified.status).toBe(200);
    expect(verified.body.user.email).toBe(email);
  });

  it("tells each admin once an hour, however many codes it refuses", async () => {
    const started = hour();
    await leaveSms(0);
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestCode(freshPhone())));
    expect(answers.every((a) => a.status === 429 && a.body.error.code === "sms_budget_exhausted")).toBe(true);
    const admins = await sql("select id from users where role = 'admin' and deleted_at is null");
    const alerts = await sql("select dedupe_key from notification_outbox where kind = 'sms_budget_exhausted' and dedupe_key like ?", [`sms_budget_exhausted:${started}:%`]);
    if (hour() === started) expect(alerts.rows).toHaveLength(admins.rows.length);
    expect(new Set(alerts.rows.map((r) => r.dedupe_key)).size).toBe(alerts.rows.length);
  });
});
