// Advertising messages through the real dispatcher and the SMS.ru and Resend
// fakes: the recipient's unsubscribe link is filled at send time (the stored
// body keeps the placeholder), an email carries the one-click unsubscribe
// headers, and a message whose recipient withdrew consent after it was queued
// never reaches the provider.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema.js";
import { migrateDatabase } from "../../db/migrate.js";
import type { Env } from "../../worker/env.js";
import { campaignDedupeKey } from "../../worker/marketing/advert.js";
import { readUnsubscribe } from "../../worker/marketing/unsubscribe-token.js";
import { dispatchDue } from "../../worker/notify/dispatcher.js";
import { openDb, type Db } from "../../worker/repo/db.js";
import { recordConsent } from "../../worker/repo/marketing-consents.js";
import { Harness } from "../db/helpers.js";
import { type FakeResend, startFakeResend } from "../fakes/resend.js";
import { type FakeSmsRu, startFakeSmsRu } from "../fakes/smsru.js";

describe("advertising through the dispatcher", () => {
  const harness = new Harness();
  let sms: FakeSmsRu;
  let mail: FakeResend;
  let db: Db;
  let env: Env;
  const t0 = new Date("2026-12-01T09:00:00.000Z");
  let userId: number;
  let campaignId: number;

  beforeAll(async () => {
    [sms, mail] = await Promise.all([startFakeSmsRu(), startFakeResend()]);
    const server = await harness.server();
    await migrateDatabase({ url: server.url });
    env = {
      ENVIRONMENT: "production",
      TURSO_DATABASE_URL: server.url,
      JWT_SECRET: "advertising-test-secret",
      APP_URL: "https://salon.example",
      SMS_TRANSPORT: "smsru",
      SMS_API_KEY: "k",
      SMS_BASE_URL: sms.url,
      EMAIL_TRANSPORT: "resend",
      EMAIL_API_KEY: "re_test",
      EMAIL_FROM: "Салон <promo@salon.example>",
      EMAIL_BASE_URL: mail.url,
    } as Env;
    db = openDb(env);
    const [user] = await db.insert(schema.users).values({ phone: "+79991112233", email: "client@example.com" }).returning();
    userId = user!.id;
    const [campaign] = await db.insert(schema.campaigns).values({ idempotencyKey: "advertising-test", channel: "sms", text: "Акция", audience: {}, matched: 1, skippedNoConsent: 0 }).returning();
    campaignId = campaign!.id;
  });
  afterAll(async () => {
    await Promise.all([sms.close(), mail.close()]);
    await harness.cleanup();
  });
  beforeEach(async () => {
    sms.received.length = 0;
    mail.received.length = 0;
    await db.delete(schema.notificationOutbox);
  });

  const consent = (channel: "sms" | "email", granted: boolean) => recordConsent(db, { userId, channel, granted, source: "profile", ip: null, at: t0.toISOString() });
  const advert = (channel: "sms" | "email", recipient: string) =>
    db
      .insert(schema.notificationOutbox)
      .values({ channel, recipient, kind: "campaign", subject: channel === "email" ? "Салон" : null, body: "Акция\n\nОтписаться: {{unsubscribe_url}}", purpose: "advertising", campaignId, dedupeKey: campaignDedupeKey(campaignId, userId), nextAttemptAt: t0.toISOString() })
      .returning()
      .then(([row]) => row!);
  const stored = async (id: number) => (await db.select().from(schema.notificationOutbox).where(eq(schema.notificationOutbox.id, id)))[0]!;

  it("sends an advertising SMS with the recipient's unsubscribe link and keeps the placeholder in the stored body", async () => {
    await consent("sms", true);
    const row = await advert("sms", "+79991112233");
    expect(await dispatchDue(db, env, t0)).toEqual({ sent: 1, failed: 0 });
    const text = sms.received[0]!.get("msg")!;
    const token = /^Акция\n\nОтписаться: https:\/\/salon\.example\/u\/(\S+)$/.exec(text)?.[1];
    expect(await readUnsubscribe(env.JWT_SECRET, token!)).toEqual({ userId, channel: "sms", campaignId });
    expect(await stored(row.id)).toMatchObject({ status: "sent", body: "Акция\n\nОтписаться: {{unsubscribe_url}}" });
  });

  it("gives an advertising email the one-click unsubscribe headers of RFC 8058", async () => {
    await consent("email", true);
    await advert("email", "client@example.com");
    expect(await dispatchDue(db, env, t0)).toEqual({ sent: 1, failed: 0 });
    const body = mail.received[0]!.body as { text: string; headers: Record<string, string> };
    expect(body.text).toMatch(/Отписаться: https:\/\/salon\.example\/u\/u\d+-e-\d+\./);
    expect(body.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/salon\.example\/api\/v1\/unsubscribe\/u\d+-e-\d+\.[\w-]{43}>$/);
    expect(body.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("skips a queued advertisement whose recipient withdrew consent before it went, without calling the provider", async () => {
    await consent("sms", true);
    const row = await advert("sms", "+79991112233");
    await consent("sms", false);
    expect(await dispatchDue(db, env, t0)).toEqual({ sent: 0, failed: 1 });
    expect(sms.received).toHaveLength(0);
    expect(await stored(row.id)).toMatchObject({ status: "skipped", sentAt: null });
    // A skipped message is not due again.
    expect(await dispatchDue(db, env, new Date(t0.getTime() + 86_400_000))).toEqual({ sent: 0, failed: 0 });
  });

  it("sends service messages whatever the marketing consent", async () => {
    await consent("sms", false);
    await db.insert(schema.notificationOutbox).values({ channel: "sms", recipient: "+79991112233", kind: "booking_reminder", body: "Напоминание о записи", nextAttemptAt: t0.toISOString() });
    expect(await dispatchDue(db, env, t0)).toEqual({ sent: 1, failed: 0 });
    expect(sms.received[0]!.get("msg")).toBe("Напоминание о записи");
  });
});
