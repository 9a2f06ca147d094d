// Marketing messages under 38-FZ: consent per channel (off by default, given
// and withdrawn with its history), campaigns that reach only consenting
// clients, an unsubscribe link that works without signing in and wins over a
// message already queued, and service messages that never depend on any of it.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { signUnsubscribe } from "../../worker/marketing/unsubscribe-token.js";
import { dispatchRow } from "../../worker/notify/dispatcher.js";
import { createCampaign } from "../../worker/repo/campaigns.js";
import { openDb } from "../../worker/repo/db.js";
import { findByDedupeKey } from "../../worker/repo/outbox.js";
import { call } from "./client.js";
import { insertBookingRow, quickCustomer } from "./direct-db.js";
import { eventually } from "./waitlist-helpers.js";
import { adminToken, book, newMaster, salonDate, slot, sql } from "./scenario.js";

const workerEnv = env as unknown as Env;
const UNSUBSCRIBE_LINK = /https:\/\/app\.salon\.test\/u\/(\S+)/;
const DAY = 86_400_000;

type Customer = Awaited<ReturnType<typeof quickCustomer>>;

const consents = (token: string) => call("GET", "/api/v1/me/marketing", { token });
const setConsent = (token: string, body: unknown, ip = "203.0.113.77") => call("PUT", "/api/v1/me/marketing", { token, body, headers: { "cf-connecting-ip": ip } });

async function messagesTo(phone: string): Promise<{ kind: string; purpose: string; body: string; status: string }[]> {
  return (await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`)).body.messages;
}

/** A client who had a completed visit with this master `daysAgo` days ago. */
async function clientOf(masterId: number, daysAgo: number): Promise<Customer> {
  const customer = await quickCustomer();
  const start = new Date(Date.now() - daysAgo * DAY);
  await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: masterId, startAt: start.toISOString(), endAt: new Date(start.getTime() + 3_600_000).toISOString(), status: "completed" });
  return customer;
}

let keys = 0;
const send = (token: string, body: unknown, key = `campaign-test-${Date.now()}-${++keys}`) => call("POST", "/api/v1/admin/campaigns", { token, body, headers: { "idempotency-key": key } });

async function campaignById(admin: string, id: number) {
  const list = await call("GET", "/api/v1/admin/campaigns?limit=200", { token: admin });
  return list.body.campaigns.find((c: { id: number }) => c.id === id);
}

describe("marketing consent in the profile", () => {
  it("is off on every channel until the client gives it", async () => {
    const customer = await quickCustomer();
    const res = await consents(customer.token);
    expect(res.status).toBe(200);
    expect(res.body.channels).toEqual({
      sms: { granted: false, changed_at: null },
      email: { granted: false, changed_at: null },
      push: { granted: false, changed_at: null },
    });
    expect(res.body.history).toEqual([]);
  });

  it("gives and withdraws consent per channel and keeps every change with a truncated address", async () => {
    const customer = await quickCustomer();
    expect((await setConsent(customer.token, { sms: true })).body.channels.sms.granted).toBe(true);
    const after = await setConsent(customer.token, { sms: false, email: true });
    expect(after.status).toBe(200);
    expect(after.body.channels.sms.granted).toBe(false);
    expect(after.body.channels.email.granted).toBe(true);
    expect(after.body.channels.push.granted).toBe(false);
    expect(after.body.history.map((h: { channel: string; granted: boolean; source: string }) => [h.channel, h.granted, h.source])).toEqual([
      ["email", true, "profile"],
      ["sms", false, "profile"],
      ["sms", true, "profile"],
    ]);
    // Asking for the state a channel is already in adds nothing to the history.
    expect((await setConsent(customer.token, { email: true })).body.history).toHaveLength(3);
    const { rows } = await sql("select distinct ip from marketing_consents where user_id = ?", [customer.id]);
    expect(rows.map((r) => r.ip)).toEqual(["203.0.113.0"]);
  });

  it("refuses an empty or malformed change with 400 and a caller without a session with 401, changing nothing", async () => {
    const customer = await quickCustomer();
    for (const body of [{}, { sms: "yes" }, { sms: 1 }]) {
      const res = await setConsent(customer.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    expect((await call("PUT", "/api/v1/me/marketing", { body: { sms: true } })).status).toBe(401);
    expect((await consents(customer.token)).body.history).toEqual([]);
  });
});

describe("campaigns", () => {
  it("go only to clients of the audience who consent on the channel, marked as advertising with an unsubscribe link", async () => {
    const admin = await adminToken();
    const master = await newMaster();
    const consenting = await clientOf(master.id, 90);
    const silent = await clientOf(master.id, 90);
    const emailOnly = await clientOf(master.id, 90);
    const withdrew = await clientOf(master.id, 90);
    const recent = await clientOf(master.id, 10);
    const bookedAhead = await clientOf(master.id, 90);
    await insertBookingRow({ userId: bookedAhead.id, phone: bookedAhead.phone, staffId: master.id, startAt: new Date(Date.now() + 5 * DAY).toISOString(), endAt: new Date(Date.now() + 5 * DAY + 3_600_000).toISOString() });
    await setConsent(consenting.token, { sms: true });
    await setConsent(emailOnly.token, { email: true });
    await setConsent(withdrew.token, { sms: true });
    await setConsent(withdrew.token, { sms: false });
    await setConsent(recent.token, { sms: true });
    await setConsent(bookedAhead.token, { sms: true });

    const audience = { staff_id: master.id, not_seen_days: 60 };
    const preview = await call("POST", "/api/v1/admin/campaigns/preview", { token: admin, body: { channel: "sms", audience } });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ matched: 4, recipients: 1, skipped_no_consent: 3 });

    const sent = await send(admin, { channel: "sms", text: "Скучаем! −20% на стрижку до конца месяца", audience });
    expect(sent.status).toBe(201);
    expect(sent.body.campaign).toMatchObject({ channel: "sms", matched: 4, skipped_no_consent: 3, audience });

    const [message] = (await messagesTo(consenting.phone)).filter((m) => m.kind === "campaign");
    expect(message).toMatchObject({ purpose: "advertising" });
    expect(message!.body).toMatch(/^Скучаем! −20% на стрижку до конца месяца\n\nОтписаться: https:\/\/app\.salon\.test\/u\/u\d+-s-\d+\.\S+$/);
    for (const other of [silent, emailOnly, withdrew, recent, bookedAhead]) {
      expect((await messagesTo(other.phone)).filter((m) => m.kind === "campaign"), other.phone).toEqual([]);
    }
    const audit = await call("GET", `/api/v1/admin/audit?entity=campaign&entity_id=${sent.body.campaign.id}`, { token: admin });
    expect(audit.body.entries[0]).toMatchObject({ action: "send", after: { channel: "sms", recipients: 1 } });
  });

  it("answers 422 no_recipients when nobody consents, 400 for a bad channel or empty text, 403 for a customer, and queues nothing", async () => {
    const admin = await adminToken();
    const master = await newMaster();
    const client = await clientOf(master.id, 5);
    const nobody = await send(admin, { channel: "email", text: "Акция", audience: { staff_id: master.id } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.error.code).toBe("no_recipients");
    for (const body of [{ channel: "fax", text: "x" }, { channel: "sms", text: "   " }, { channel: "sms", text: "x", audience: { not_seen_days: 0 } }]) {
      const res = await send(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    const keyless = await call("POST", "/api/v1/admin/campaigns", { token: admin, body: { channel: "sms", text: "x" } });
    expect(keyless.status).toBe(400);
    expect(keyless.body.error.code).toBe("idempotency_key_required");
    expect((await send(client.token, { channel: "sms", text: "x" })).status).toBe(403);
    const { rows } = await sql("select count(*) as n from notification_outbox where recipient = ? and purpose = 'advertising'", [client.phone]);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("sends a campaign once however often the same Idempotency-Key repeats it", async () => {
    const admin = await adminToken();
    const master = await newMaster();
    const client = await clientOf(master.id, 30);
    await setConsent(client.token, { sms: true });
    const body = { channel: "sms", text: "Один раз", audience: { staff_id: master.id } };
    const key = `once-${Date.now()}`;
    const [first, again] = [await send(admin, body, key), await send(admin, body, key)];
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.campaign.id).toBe(first.body.campaign.id);
    const { rows } = await sql("select count(*) as n from notification_outbox where recipient = ? and kind = 'campaign'", [client.phone]);
    expect(Number(rows[0]!.n)).toBe(1);
    const audit = await call("GET", `/api/v1/admin/audit?entity=campaign&entity_id=${first.body.campaign.id}`, { token: admin });
    expect(audit.body.entries).toHaveLength(1);
  });

  /** A campaign queued by the real repository code, without the route's own dispatch: the test decides when each message goes. */
  async function queued(masterId: number, text: string) {
    const db = openDb(workerEnv);
    const { id } = await createCampaign(db, { channel: "sms", text, audience: { staff_id: masterId }, idempotencyKey: `queued-${Date.now()}-${Math.random()}`, createdBy: 1, matched: 2, body: `${text}\n\nОтписаться: {{unsubscribe_url}}`, subject: null }, new Date());
    const send = async (userId: number) => {
      await dispatchRow(db, workerEnv, (await findByDedupeKey(db, `campaign:${id}:${userId}`))!);
      return (await findByDedupeKey(db, `campaign:${id}:${userId}`))!;
    };
    return { id, send };
  }

  it("a message queued for someone who withdraws before it goes is not sent", async () => {
    const admin = await adminToken();
    const master = await newMaster();
    const stays = await clientOf(master.id, 30);
    const leaves = await clientOf(master.id, 30);
    await setConsent(stays.token, { sms: true });
    await setConsent(leaves.token, { sms: true });
    const campaign = await queued(master.id, "Новая услуга");
    await setConsent(leaves.token, { sms: false });
    expect((await campaign.send(stays.id)).status).toBe("sent");
    const skipped = await campaign.send(leaves.id);
    expect(skipped.status).toBe("skipped");
    expect(skipped.sentAt).toBeNull();
    expect(await campaignById(admin, campaign.id)).toMatchObject({ sent: 1, withdrawn_before_send: 1, queued: 0 });
  });

  it("keep the unsubscribe placeholder in the stored body of a sent message", async () => {
    const master = await newMaster();
    const client = await clientOf(master.id, 30);
    await setConsent(client.token, { sms: true });
    const campaign = await queued(master.id, "Весна");
    const stored = await campaign.send(client.id);
    expect(stored.status).toBe("sent");
    expect(stored.body).toBe("Весна\n\nОтписаться: {{unsubscribe_url}}");
  });
});

describe("a push campaign", () => {
  const fake = (env as unknown as { PUSH_FAKE_URL: string }).PUSH_FAKE_URL;

  it("pushes to the browsers of consenting clients, the text ending with the unsubscribe link", async () => {
    const admin = await adminToken();
    const master = await newMaster();
    const subscribed = await clientOf(master.id, 30);
    const noBrowser = await clientOf(master.id, 30);
    const sub = await (await fetch(`${fake}/__fake/subscriptions`, { method: "POST" })).json<{ endpoint: string; keys: { p256dh: string; auth: string } }>();
    expect((await call("POST", "/api/v1/push/subscriptions", { token: subscribed.token, body: sub })).status).toBe(201);
    await setConsent(subscribed.token, { push: true });
    await setConsent(noBrowser.token, { push: true });

    const audience = { staff_id: master.id };
    expect((await call("POST", "/api/v1/admin/campaigns/preview", { token: admin, body: { channel: "push", audience } })).body).toEqual({ matched: 2, recipients: 1, skipped_no_consent: 1 });
    const sent = await send(admin, { channel: "push", text: "Новые цвета лаков", audience });
    expect(sent.status).toBe(201);
    const pushes = await eventually(
      async () => (await fetch(`${fake}/__fake/messages/${sub.endpoint.split("/").at(-1)}`)).json<{ received: { title: string; body: string }[]; rejected: string[] }>(),
      (p) => p.received.length + p.rejected.length > 0,
    );
    expect(pushes.rejected).toEqual([]);
    expect(pushes.received).toHaveLength(1);
    expect(pushes.received[0]!.body).toMatch(/^Новые цвета лаков\n\nОтписаться: https:\/\/app\.salon\.test\/u\/u\d+-p-\d+\.\S+$/);
  });
});

describe("the unsubscribe link", () => {
  it("withdraws consent on its channel without signing in, once, and counts for its campaign", async () => {
    const admin = await adminToken();
    const master = await newMaster();
    const client = await clientOf(master.id, 70);
    await setConsent(client.token, { sms: true, email: true });
    const sent = await send(admin, { channel: "sms", text: "Акция недели", audience: { staff_id: master.id } });
    const message = (await messagesTo(client.phone)).find((m) => m.kind === "campaign");
    const token = UNSUBSCRIBE_LINK.exec(message?.body ?? "")?.[1];
    expect(token).toBeDefined();

    expect((await call("GET", `/api/v1/unsubscribe/${token}`)).body).toEqual({ channel: "sms", subscribed: true });
    // A mail client's one-click POST sends a form body; no session, no JSON.
    const first = await call("POST", `/api/v1/unsubscribe/${token}`, { raw: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "198.51.100.23" } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ channel: "sms", subscribed: false });
    expect((await call("POST", `/api/v1/unsubscribe/${token}`)).status).toBe(200);

    const after = (await consents(client.token)).body;
    expect(after.channels.sms.granted).toBe(false);
    expect(after.channels.email.granted).toBe(true);
    expect(after.history.filter((h: { source: string }) => h.source === "unsubscribe_link")).toHaveLength(1);
    expect((await call("GET", `/api/v1/unsubscribe/${token}`)).body.subscribed).toBe(false);
    expect(await campaignById(admin, sent.body.campaign.id)).toMatchObject({ unsubscribed: 1 });
  });

  it("answers 404 for a token we did not sign, never a 500", async () => {
    const client = await quickCustomer();
    const good = await signUnsubscribe(workerEnv.JWT_SECRET, { userId: client.id, channel: "sms", campaignId: null });
    const [body, signature] = good.split(".") as [string, string];
    const forged = await signUnsubscribe("another-secret", { userId: client.id, channel: "sms", campaignId: null });
    for (const bad of [`${body.replace("-s-", "-e-")}.${signature}`, body, "nonsense", `${good}x`, forged, "u0-s-0.x"]) {
      for (const method of ["GET", "POST"]) {
        const res = await call(method, `/api/v1/unsubscribe/${encodeURIComponent(bad)}`);
        expect(res.status, `${method} ${bad}`).toBe(404);
        expect(res.body.error.code).toBe("not_found");
      }
    }
    expect((await consents(client.token)).body.history).toEqual([]);
  });
});

describe("service messages", () => {
  it("reach a client who refused all advertising", async () => {
    const master = await newMaster();
    const client = await quickCustomer();
    await setConsent(client.token, { sms: true, email: true, push: true });
    await setConsent(client.token, { sms: false, email: false, push: false });
    const created = await book(client.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(4), "12:00") });
    expect(created.status).toBe(201);
    const confirmation = (await messagesTo(client.phone)).find((m) => m.kind === "booking_created");
    expect(confirmation).toMatchObject({ purpose: "service" });
  });
});
