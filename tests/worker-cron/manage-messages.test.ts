// Every kind of customer message carries an absolute link of the app, and the
// salon's reminder choice (24 h and/or 2 h before) sends each reminder once.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { renderOutboxBody } from "../../worker/manage/links.js";
import { loadSettings } from "../../worker/repo/settings.js";
import { openDb } from "../../worker/repo/db.js";
import { type BookingMessageKind, bookingMessage, dedupeKeyOf } from "../../worker/reservations/notify.js";
import { call, runCron } from "../worker/client.js";
import { insertBookingRow, quickCustomer } from "../worker/direct-db.js";
import { adminToken, newMaster, sql } from "../worker/scenario.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const workerEnv = env as unknown as Env;

const allKinds: BookingMessageKind[] = [
  "booking_created", "booking_cancelled", "booking_rescheduled", "booking_reminder", "booking_reminder_2h", "booking_paid", "paid_after_expiry_refunded", "review_request",
];

describe("links in customer messages", () => {
  it("gives every message kind an absolute link of the app once its booking is known", async () => {
    const settings = await loadSettings(openDb(workerEnv));
    const facts = {
      id: 41, service: { id: 3, name: "Маникюр" }, staff: { id: 7, name: "Анна" }, local_date: "2026-12-01", local_time: "11:00",
      status: "pending" as const, phone: "+79990001234", start_at: "2026-12-01T08:00:00.000Z",
    };
    for (const kind of allKinds) {
      const message = bookingMessage(workerEnv, kind, facts, { email: null }, settings, new Date());
      const body = await renderOutboxBody(workerEnv, message.body, dedupeKeyOf(kind, facts));
      const path = kind === "review_request" ? "r" : "m";
      expect(body, kind).toMatch(new RegExp(`https://app\\.salon\\.test/${path}/[mr]41-\\S+\\.[A-Za-z0-9_-]{43}`));
      expect(body, kind).not.toContain("{{");
    }
  });
});

describe("reminders the salon chose", () => {
  async function setReminders(body: { reminder_24h?: boolean; reminder_2h?: boolean }) {
    const res = await call("PATCH", "/api/v1/admin/settings", { token: await adminToken(), body });
    expect(res.status).toBe(200);
    return res.body.settings;
  }

  const kindsFor = async (phone: string) => {
    const res = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
    return (res.body.messages as { kind: string; body: string }[]).filter((m) => m.kind.startsWith("booking_reminder"));
  };

  it("sends the 2 h reminder only when chosen, and each reminder once, with a manage link", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    // One visit in about 24 h, one in about 2 h.
    const dayAway = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, startAt: new Date(now + 23.5 * HOUR).toISOString(), endAt: new Date(now + 24.5 * HOUR).toISOString() });
    const soon = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, startAt: new Date(now + 1.5 * HOUR).toISOString(), endAt: new Date(now + 2.5 * HOUR).toISOString() });

    expect((await setReminders({ reminder_2h: false })).reminder_2h).toBe(false);
    await runCron(now);
    let sent = await kindsFor(customer.phone);
    expect(sent.map((m) => m.kind)).toEqual(["booking_reminder"]);

    try {
      expect(await setReminders({ reminder_2h: true })).toMatchObject({ reminder_2h: true, reminder_24h: true });
      await runCron(now + MINUTE);
      await runCron(now + 5 * MINUTE);
      sent = await kindsFor(customer.phone);
      expect(sent.map((m) => m.kind).sort()).toEqual(["booking_reminder", "booking_reminder_2h"]);
      for (const m of sent) expect(m.body).toMatch(/https:\/\/app\.salon\.test\/m\/\S+/);
      const { rows } = await sql("select dedupe_key from notification_outbox where dedupe_key like 'booking_reminder%' and (dedupe_key like ? or dedupe_key like ?)", [`%:${dayAway}:%`, `%:${soon}:%`]);
      expect(rows.map((r) => String(r.dedupe_key).split(":")[0]).sort()).toEqual(["booking_reminder", "booking_reminder_2h"]);
    } finally {
      await setReminders({ reminder_2h: false });
    }
  });

  it("rejects a reminder setting that is not a boolean", async () => {
    const res = await call("PATCH", "/api/v1/admin/settings", { token: await adminToken(), body: { reminder_2h: "yes" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });
});
