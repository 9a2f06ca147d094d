// The outbox dispatcher against a real database (local endpoint) and the
// SMS.ru fake: retries with backoff, permanent failures, no double sends.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema.js";
import { migrateDatabase } from "../../db/migrate.js";
import type { Env } from "../../worker/env.js";
import { dispatchDue } from "../../worker/notify/dispatcher.js";
import { openDb, type Db } from "../../worker/repo/db.js";
import { enqueue } from "../../worker/repo/outbox.js";
import { Harness } from "../db/helpers.js";
import { type FakeSmsRu, startFakeSmsRu } from "../fakes/smsru.js";

describe("outbox dispatcher", () => {
  const harness = new Harness();
  let fake: FakeSmsRu;
  let db: Db;
  let env: Env;
  const t0 = new Date("2026-12-01T09:00:00.000Z");
  const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

  beforeAll(async () => {
    fake = await startFakeSmsRu();
    const server = await harness.server();
    await migrateDatabase({ url: server.url });
    env = { ENVIRONMENT: "production", TURSO_DATABASE_URL: server.url, JWT_SECRET: "x", SMS_TRANSPORT: "smsru", SMS_API_KEY: "k", SMS_BASE_URL: fake.url } as Env;
    db = openDb(env);
  });
  afterAll(async () => {
    await fake.close();
    await harness.cleanup();
  });
  beforeEach(async () => {
    fake.mode = "ok";
    fake.received.length = 0;
    await db.delete(schema.notificationOutbox);
  });

  const message = (body = "Код для входа: 123456") => enqueue(db, { channel: "sms", recipient: "+79991234567", kind: "otp", body }, t0);
  const row = async (id: number) => (await db.select().from(schema.notificationOutbox).where(eq(schema.notificationOutbox.id, id)))[0]!;

  it("sends a due message and hides the one-time code once sent", async () => {
    const { id } = await message();
    expect(await dispatchDue(db, env, t0)).toEqual({ sent: 1, failed: 0 });
    expect(fake.received).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sent", transport: "smsru", body: "Код для входа: ••••••" });
  });

  it("sends the live manage link but stores the message with its placeholder", async () => {
    const body = "Вы записаны. Управлять записью: {{manage_url}}";
    const { id } = await enqueue(db, { channel: "sms", recipient: "+79991234567", kind: "booking_created", body, dedupeKey: "booking_created:41:2026-12-02T08:00:00.000Z:7" }, t0);
    expect(await dispatchDue(db, { ...env, APP_URL: "https://booking.salon.example" } as Env, t0)).toEqual({ sent: 1, failed: 0 });
    expect(fake.received[0]!.get("msg")).toMatch(/\/m\/m41-\S+/);
    expect(await row(id)).toMatchObject({ status: "sent", body });
  });

  it("retries a temporary failure later, with growing pauses, then gives up", async () => {
    fake.mode = "http_500";
    const { id } = await message();
    await dispatchDue(db, env, t0);
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: minutes(1).toISOString() });
    expect(await dispatchDue(db, env, minutes(0.5))).toEqual({ sent: 0, failed: 0 });
    await dispatchDue(db, env, minutes(1));
    expect(await row(id)).toMatchObject({ attempts: 2, nextAttemptAt: minutes(6).toISOString() });
    for (const at of [6, 36, 156]) await dispatchDue(db, env, minutes(at));
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 5 });
    fake.mode = "ok";
    expect(await dispatchDue(db, env, minutes(10_000))).toEqual({ sent: 0, failed: 0 });
  });

  it("gives up at once when SMS.ru refuses the number", async () => {
    fake.mode = "number_refused";
    const { id } = await message();
    await dispatchDue(db, env, t0);
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await row(id)).lastError).toContain("207");
  });

  it("never sends one message twice when two dispatchers run at once", async () => {
    await message();
    await message("Код для входа: 654321");
    const results = await Promise.all([dispatchDue(db, env, t0), dispatchDue(db, env, t0), dispatchDue(db, env, t0)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(2);
    expect(fake.received).toHaveLength(2);
  });

  it("enqueues a message with a dedupe key only once", async () => {
    const first = await enqueue(db, { channel: "sms", recipient: "+79991234567", kind: "booking_reminder", body: "a", dedupeKey: "reminder:1" }, t0);
    const again = await enqueue(db, { channel: "sms", recipient: "+79991234567", kind: "booking_reminder", body: "a", dedupeKey: "reminder:1" }, t0);
    expect(again.id).toBe(first.id);
    expect(await db.select().from(schema.notificationOutbox)).toHaveLength(1);
  });

  it("holds a message with an app link while production has no APP_URL, and sends it once APP_URL is set", async () => {
    const withLink = await enqueue(db, { channel: "sms", recipient: "+79991234567", kind: "booking_created", body: "Вы записаны. Управлять записью: {{manage_url}}", dedupeKey: "booking_created:41:2026-12-02T10:00:00.000Z:3" }, t0);
    const plain = await message();
    expect(await dispatchDue(db, env, t0)).toEqual({ sent: 1, failed: 1 });
    expect(fake.received.map((f) => f.get("msg"))).toEqual(["Код для входа: 123456"]);
    // Held, not failed: still pending, no attempt spent, due again later.
    expect(await row(withLink.id)).toMatchObject({ status: "pending", attempts: 0, lastError: "held: app_url_missing" });
    expect(await row(plain.id)).toMatchObject({ status: "sent" });

    const configured = { ...env, APP_URL: "https://booking.salon.example" } as Env;
    expect(await dispatchDue(db, configured, minutes(6))).toEqual({ sent: 1, failed: 0 });
    expect(fake.received.at(-1)?.get("msg")).toMatch(/^Вы записаны\. Управлять записью: https:\/\/booking\.salon\.example\/m\/m41-/);
  });
});
