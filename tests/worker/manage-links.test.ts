// Signed manage links: every customer message carries one, it opens the
// booking without a session, and it dies when the booking is cancelled, moved
// or the link expires. Changes through it follow the customer's own rules.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { signLink } from "../../worker/manage/token.js";
import { call } from "./client.js";
import { activeRows, insertBookingRow, quickCustomer } from "./direct-db.js";
import { book, newCustomer, newMaster, salonDate, slot, sql } from "./scenario.js";

const APP = "https://app.salon.test";
const MANAGE_LINK = /https:\/\/app\.salon\.test\/m\/(\S+)/;

async function messages(phone: string): Promise<{ kind: string; body: string }[]> {
  const res = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
  return res.body.messages;
}

/** The manage token in the newest message of this kind to the phone. */
async function linkIn(phone: string, kind: string): Promise<string> {
  const message = (await messages(phone)).find((m) => m.kind === kind);
  const token = MANAGE_LINK.exec(message?.body ?? "")?.[1];
  if (!token) throw new Error(`no manage link in a ${kind} message to ${phone}: ${JSON.stringify(message)}`);
  return token;
}

async function bookedVisit(days = 3, time = "11:00") {
  const master = await newMaster();
  const customer = await newCustomer();
  const created = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(days), time) });
  expect(created.status).toBe(201);
  return { master, customer, booking: created.body.booking, token: await linkIn(customer.phone, "booking_created") };
}

const manage = (token: string) => call("GET", `/api/v1/manage/${token}`);

describe("manage links", () => {
  it("opens the booking from the confirmation without signing in", async () => {
    const { booking, token, master } = await bookedVisit();
    const res = await manage(token);
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ id: booking.id, status: booking.status, staff: { id: master.id }, service: { id: 3 } });
    expect(res.body.booking.price.amount_minor).toBeGreaterThan(0);
    expect(res.body.change_deadline).toEqual(expect.any(String));
    expect(res.body.manage_url).toBe(`${APP}/m/${token}`);
  });

  it("shows a forwarded link only what the visit needs, and answers no-store and no-referrer", async () => {
    const master = await newMaster();
    const customer = await newCustomer();
    const created = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(3), "15:00"), customer_name: "Тайная Клиентка", notes: "аллергия на краску" });
    expect(created.status).toBe(201);
    const token = await linkIn(customer.phone, "booking_created");
    await sql("update bookings set needs_attention = 'refund_failed' where id = ?", [created.body.booking.id]);
    const res = await manage(token);
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    for (const secret of [customer.phone, customer.phone.slice(1), "Тайная Клиентка", "аллергия", "refund_failed"]) expect(text, secret).not.toContain(secret);
    for (const field of ["phone", "customer_name", "notes", "needs_attention", "cancel_reason", "channel", "origin"]) expect(res.body.booking, field).not.toHaveProperty(field);
    expect(res.body.booking).toMatchObject({ id: created.body.booking.id, service: { id: 3 }, staff: { id: master.id }, local_time: "15:00", price: created.body.booking.price });
    expect(res.body.actions).toEqual({ cancel: true, reschedule: true });
    for (const answer of [res, await manage("nonsense"), await call("PATCH", `/api/v1/manage/${token}`, { body: { action: "nothing" } })]) {
      expect(answer.headers.get("cache-control"), String(answer.status)).toBe("no-store");
      expect(answer.headers.get("referrer-policy"), String(answer.status)).toBe("no-referrer");
    }
    const cancelled = await call("PATCH", `/api/v1/manage/${token}`, { body: { action: "cancel" } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.booking).not.toHaveProperty("phone");
    expect(cancelled.body.actions).toEqual({ cancel: false, reschedule: false });
    expect(cancelled.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses tampered and foreign tokens with 404, never a 500", async () => {
    const { token, booking } = await bookedVisit();
    const [body, signature] = token.split(".") as [string, string];
    const flipped = signature.slice(0, -2) + (signature.at(-2) === "A" ? "B" : "A") + signature.at(-1);
    const otherBooking = body.replace(/^m\d+/, `m${booking.id + 1}`);
    for (const bad of [`${body}.${flipped}`, `${otherBooking}.${signature}`, body, "nonsense", `${token}x`, token.replace(/^m/, "r")]) {
      const res = await manage(encodeURIComponent(bad));
      expect(res.status, bad).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    // A token signed with another key is not ours either.
    const forged = await signLink("another-secret", { purpose: "manage", bookingId: booking.id, startAt: booking.start_at, staffId: booking.staff.id });
    expect((await manage(forged)).status).toBe(404);
  });

  it("answers 410 link_expired once the link's time is over", async () => {
    const { booking } = await bookedVisit();
    const expired = await signLink((env as unknown as Env).JWT_SECRET, {
      purpose: "manage", bookingId: booking.id, startAt: booking.start_at, staffId: booking.staff.id, expiresAt: new Date(Date.now() - 1000),
    });
    const res = await manage(expired);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe("link_expired");
  });

  it("cancels through the link: the slot is freed and the link is dead afterwards", async () => {
    const { token, master, customer } = await bookedVisit();
    const res = await call("PATCH", `/api/v1/manage/${token}`, { body: { action: "cancel" } });
    expect(res.status).toBe(200);
    expect(res.body.booking.status).toBe("cancelled");
    expect(res.body.manage_url).toBeNull();
    expect(await activeRows(master.id)).toEqual([]);

    const dead = await manage(token);
    expect(dead.status).toBe(410);
    expect(dead.body.error).toMatchObject({ code: "link_dead", details: { reason: "cancelled" } });
    const again = await call("PATCH", `/api/v1/manage/${token}`, { body: { action: "cancel" } });
    expect(again.status).toBe(410);
    // The cancellation message carries a link too (it shows the booking is gone).
    expect(await linkIn(customer.phone, "booking_cancelled")).toBeTruthy();
  });

  it("moves through the link: the old link dies and the new message carries a working one", async () => {
    const { token, customer, booking } = await bookedVisit(3, "11:00");
    const moved = await call("PATCH", `/api/v1/manage/${token}`, { body: { action: "reschedule", appointment_datetime: slot(salonDate(3), "16:00") } });
    expect(moved.status).toBe(200);
    expect(moved.body.booking).toMatchObject({ id: booking.id, local_time: "16:00" });
    const old = await manage(token);
    expect(old.status).toBe(410);
    expect(old.body.error.details.reason).toBe("moved");

    const fresh = await linkIn(customer.phone, "booking_rescheduled");
    expect(fresh).not.toBe(token);
    expect(moved.body.manage_url).toBe(`${APP}/m/${fresh}`);
    const opened = await manage(fresh);
    expect(opened.status).toBe(200);
    expect(opened.body.booking.local_time).toBe("16:00");
  });

  it("keeps the customer's window: inside it the link shows the booking but may not cancel it", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const startAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 3_600_000).toISOString();
    const id = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, startAt, endAt: new Date(Date.parse(startAt) + 3_600_000).toISOString() });
    const token = await signLink((env as unknown as Env).JWT_SECRET, { purpose: "manage", bookingId: id, startAt, staffId: master.id });
    const seen = await manage(token);
    expect(seen.status).toBe(200);
    expect(seen.body.change_deadline).toBeNull();
    const res = await call("PATCH", `/api/v1/manage/${token}`, { body: { action: "cancel" } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("cancellation_window_passed");
  });

  it("validates the change body like any other request", async () => {
    const { token } = await bookedVisit();
    const res = await call("PATCH", `/api/v1/manage/${token}`, { body: { action: "complete" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });
});
