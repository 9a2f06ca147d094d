// How a waiting customer hears of a held time (Web Push through a local push
// service that checks VAPID and decrypts, SMS when push is impossible), and
// that times freed by other channels (an unpaid hold running out) are offered too.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call } from "./client.js";
import { ledgerOf, quickCustomer } from "./direct-db.js";
import { book, moscow, newMaster, salonDate, slot, sql } from "./scenario.js";
import { event, linkStaff, newRecordId, record, sendWebhook, settled } from "../yclients/fake-control.js";
import { eventually, HAIRCUT, join, outboxOf, untilStateLeaves } from "./waitlist-helpers.js";

const SPA = 9; // full prepayment: booked as `held` until paid
const fake = (env as unknown as { PUSH_FAKE_URL: string }).PUSH_FAKE_URL;

async function subscribeBrowser(token: string) {
  const sub = await (await fetch(`${fake}/__fake/subscriptions`, { method: "POST" })).json<{ endpoint: string; keys: { p256dh: string; auth: string } }>();
  const saved = await call("POST", "/api/v1/push/subscriptions", { token, body: sub });
  expect(saved.status).toBe(201);
  return { ...sub, id: sub.endpoint.split("/").at(-1)! };
}
const pushesTo = async (id: string) => (await fetch(`${fake}/__fake/messages/${id}`)).json<{ received: any[]; rejected: string[] }>();

async function freedEleven() {
  const master = await newMaster({ services: [HAIRCUT] });
  const day = salonDate(4);
  const b = await quickCustomer();
  const taken = await book(b.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
  const a = await quickCustomer();
  const entry = (await join(a.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "11:00", to_time: "12:00" })).body.entry;
  const free = () => call("PATCH", `/api/v1/bookings/${taken.body.booking.id}`, { token: b.token, body: { action: "cancel" } });
  return { master, day, a, entry, free };
}

describe("telling a waiting customer", () => {
  it("pushes the offer to their browser, signed with VAPID and readable only by it, instead of an SMS", async () => {
    const { master, a, entry, free } = await freedEleven();
    const browser = await subscribeBrowser(a.token);
    await free();
    expect((await untilStateLeaves(a.token, entry.id, master.id)).state).toBe("offered");

    const { received, rejected } = await eventually(() => pushesTo(browser.id), (p) => p.received.length + p.rejected.length > 0);
    expect(rejected).toEqual([]);
    expect(received).toEqual([{ title: "Освободилось время", body: expect.stringContaining("11:00"), url: `/waitlist/${entry.id}`, tag: `waitlist-${entry.id}` }]);
    expect((await outboxOf(a.phone)).filter((m) => m.kind === "waitlist_offer")).toEqual([]);
  });

  it("falls back to SMS when the browser's subscription is gone, and forgets it", async () => {
    const { master, a, entry, free } = await freedEleven();
    const browser = await subscribeBrowser(a.token);
    await fetch(`${fake}/__fake/gone/${browser.id}`, { method: "POST" });
    await free();
    expect((await untilStateLeaves(a.token, entry.id, master.id)).state).toBe("offered");

    const sms = await eventually(() => outboxOf(a.phone), (messages) => messages.some((m) => m.kind === "waitlist_offer"));
    expect(sms.filter((m) => m.kind === "waitlist_offer")).toHaveLength(1);
    expect((await sql("select count(*) as n from push_subscriptions where endpoint = ?", [browser.endpoint])).rows[0]!.n).toBe(0);
  });

  it("gives the PWA the VAPID key and refuses subscriptions that cannot be pushed to", async () => {
    const key = await call("GET", "/api/v1/push/vapid-key");
    expect(key.body.public_key).toBe((env as unknown as { VAPID_PUBLIC_KEY: string }).VAPID_PUBLIC_KEY);
    const a = await quickCustomer();
    const good = await (await fetch(`${fake}/__fake/subscriptions`, { method: "POST" })).json<{ endpoint: string; keys: { p256dh: string; auth: string } }>();
    const bad: [unknown, number, string][] = [
      [{ ...good, endpoint: "http://push.example/abc" }, 400, "invalid_subscription"],
      [{ ...good, keys: { ...good.keys, auth: good.keys.auth + good.keys.auth.slice(0, 4) } }, 400, "invalid_subscription"],
      [{ endpoint: "not a url", keys: good.keys }, 400, "validation_failed"],
      [{ endpoint: good.endpoint }, 400, "validation_failed"],
      // An https endpoint that is not a push service: the Worker would POST to anyone's URL.
      [{ ...good, endpoint: "https://attacker.example/push/abc" }, 422, "push_service_not_allowed"],
      [{ ...good, endpoint: "https://fcm.googleapis.com.attacker.example/fcm/send/abc" }, 422, "push_service_not_allowed"],
      [{ ...good, endpoint: "https://evilpush.apple.com.example/abc" }, 422, "push_service_not_allowed"],
    ];
    for (const [body, status, code] of bad) {
      const res = await call("POST", "/api/v1/push/subscriptions", { token: a.token, body });
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await call("POST", "/api/v1/push/subscriptions", { body: good })).status).toBe(401);
  });

  it("accepts subscriptions at the browsers' push services", async () => {
    const a = await quickCustomer();
    const good = await (await fetch(`${fake}/__fake/subscriptions`, { method: "POST" })).json<{ endpoint: string; keys: { p256dh: string; auth: string } }>();
    const id = crypto.randomUUID();
    for (const endpoint of [
      `https://fcm.googleapis.com/fcm/send/${id}`,
      `https://updates.push.services.mozilla.com/wpush/v2/${id}`,
      `https://web.push.apple.com/${id}`,
      `https://wns2-par02p.notify.windows.com/w/?token=${id}`,
    ]) {
      const res = await call("POST", "/api/v1/push/subscriptions", { token: a.token, body: { endpoint, keys: good.keys } });
      expect(res.status, endpoint).toBe(201);
    }
    await sql("delete from push_subscriptions where user_id = ?", [a.id]);
  });
});

describe("times freed by other channels", () => {
  it("offers the time of a record deleted in YClients", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const ycStaff = await linkStaff(master.id);
    const day = salonDate(4);
    const id = newRecordId();
    const deliver = async (e: ReturnType<typeof event>) => {
      expect((await sendWebhook(e)).status).toBe(200);
      await settled(e.data.id, e.status, e.data.last_change_date);
    };
    await deliver(event("create", record({ id, staff: ycStaff, date: day, time: "11:00" })));
    const a = await quickCustomer();
    const entry = (await join(a.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "11:00", to_time: "12:00" })).body.entry;
    await deliver(event("delete", record({ id, staff: ycStaff, date: day, time: "11:00", deleted: true, changed: "2026-01-12T08:00:00" })));
    expect(await untilStateLeaves(a.token, entry.id, master.id)).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "11:00") } });
  });

  it("offers the time of an unpaid hold once it runs out", async () => {
    const master = await newMaster({ services: [HAIRCUT, SPA] });
    const day = salonDate(4);
    const b = await quickCustomer();
    const held = await book(b.token, { service_id: SPA, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect(held.body.booking.status).toBe("held");
    const a = await quickCustomer();
    const entry = (await join(a.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "11:00", to_time: "12:30" })).body.entry;

    const past = new Date(Date.now() - 1000).toISOString();
    await sql("update bookings set hold_expires_at = ? where id = ?", [past, held.body.booking.id]);
    await runInDurableObject(ledgerOf(master.id), (_: StaffLedger, state: DurableObjectState) => {
      state.storage.sql.exec("update intervals set hold_expires_at = ? where booking_id = ?", past, held.body.booking.id);
    });
    const offered = await untilStateLeaves(a.token, entry.id, master.id);
    expect(offered).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "11:00") } });
    expect((await call("GET", `/api/v1/bookings/${held.body.booking.id}`, { token: b.token })).body.booking).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
  });
});
