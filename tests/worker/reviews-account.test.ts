// Reviews through the link in the review request, moderated by the salon;
// the profile and "delete my account and data".
import { describe, expect, it } from "vitest";
import { call, signIn } from "./client.js";
import { activeRows, insertBookingRow, quickCustomer } from "./direct-db.js";
import { adminToken, book, newCustomer, newMaster, salonDate, slot, sql, tokenFor } from "./scenario.js";

const REVIEW_LINK = /https:\/\/app\.salon\.test\/r\/(\S+)/;

async function outbox(phone: string): Promise<{ kind: string; body: string; channel: string; recipient: string }[]> {
  return (await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`)).body.messages;
}

/** A visit that started an hour ago, marked completed by the salon. */
async function completedVisit() {
  const master = await newMaster();
  const customer = await quickCustomer();
  const start = Date.now() - 2 * 3_600_000;
  const id = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, status: "confirmed", startAt: new Date(start).toISOString(), endAt: new Date(start + 3_600_000).toISOString() });
  const done = await call("PATCH", `/api/v1/bookings/${id}`, { token: await adminToken(), body: { action: "complete" } });
  expect(done.status).toBe(200);
  const request = (await outbox(customer.phone)).find((m) => m.kind === "review_request");
  const token = REVIEW_LINK.exec(request?.body ?? "")?.[1];
  if (!token) throw new Error(`no review link: ${JSON.stringify(request)}`);
  return { master, customer, id, token };
}

describe("reviews", () => {
  it("asks for a review after a completed visit and shows it on the master once approved", async () => {
    const { master, token, id } = await completedVisit();
    // Marking it again (a retry) asks once.
    expect((await call("PATCH", `/api/v1/bookings/${id}`, { token: await adminToken(), body: { action: "complete" } })).status).toBe(200);
    const { rows: asked } = await sql("select count(*) as n from notification_outbox where kind = 'review_request' and dedupe_key like ?", [`review_request:${id}:%`]);
    expect(Number(asked[0]!.n)).toBe(1);
    const page = await call("GET", `/api/v1/reviews/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ booking: { service: expect.any(String) }, review: null });

    const written = await call("POST", `/api/v1/reviews/${token}`, { body: { rating: 5, text: "  Отлично подстригли  " } });
    expect(written.status).toBe(201);
    expect(written.body.review).toMatchObject({ rating: 5, text: "Отлично подстригли" });
    const twice = await call("POST", `/api/v1/reviews/${token}`, { body: { rating: 1 } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("already_exists");

    // Not shown until the salon approves it.
    expect((await call("GET", `/api/v1/staff/${master.id}/reviews`)).body).toMatchObject({ reviews: [], count: 0, average: null });
    const admin = await adminToken();
    const pending = await call("GET", "/api/v1/admin/reviews?status=pending", { token: admin });
    const mine = pending.body.reviews.find((r: { booking_id: number }) => r.booking_id === id);
    expect(mine).toMatchObject({ rating: 5, status: "pending", staff: { id: master.id } });

    expect((await call("PATCH", `/api/v1/admin/reviews/${mine.id}`, { token: admin, body: { status: "approved" } })).status).toBe(200);
    const shown = await call("GET", `/api/v1/staff/${master.id}/reviews`);
    expect(shown.body).toMatchObject({ count: 1, average: 5, reviews: [{ id: mine.id, rating: 5, text: "Отлично подстригли" }] });

    expect((await call("PATCH", `/api/v1/admin/reviews/${mine.id}`, { token: admin, body: { status: "hidden" } })).status).toBe(200);
    expect((await call("GET", `/api/v1/staff/${master.id}/reviews`)).body.count).toBe(0);
    expect((await call("GET", `/api/v1/reviews/${token}`)).body.review).toMatchObject({ status: "hidden" });
  });

  it("refuses stars outside 1–5, a manage link in place of a review link, and customers moderating", async () => {
    const { token, customer } = await completedVisit();
    for (const rating of [0, 6, 4.5, "5"]) {
      const res = await call("POST", `/api/v1/reviews/${token}`, { body: { rating } });
      expect(res.status, String(rating)).toBe(400);
    }
    const manageToken = token.replace(/^r/, "m");
    expect((await call("GET", `/api/v1/reviews/${manageToken}`)).status).toBe(404);
    expect((await call("GET", "/api/v1/admin/reviews", { token: customer.token })).status).toBe(403);
    expect((await call("PATCH", "/api/v1/admin/reviews/999999", { token: await adminToken(), body: { status: "approved" } })).status).toBe(404);
  });
});

describe("profile", () => {
  it("changes name and email, and messages then go to the email", async () => {
    const master = await newMaster();
    const customer = await newCustomer();
    const email = `c${customer.id}@example.com`;
    const res = await call("PATCH", "/api/v1/me", { token: customer.token, body: { name: "Ольга", email: email.toUpperCase() } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ name: "Ольга", email });
    expect((await call("PATCH", "/api/v1/me", { token: customer.token, body: { email: "not-an-email" } })).status).toBe(400);

    const created = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(4), "12:00") });
    expect(created.status).toBe(201);
    const { rows } = await sql("select channel, recipient, body from notification_outbox where kind = 'booking_created' and dedupe_key like ?", [`booking_created:${created.body.booking.id}:%`]);
    expect(rows[0]).toMatchObject({ channel: "email", recipient: email });
  });
});

describe("delete my account and data", () => {
  it("cancels future bookings through the ledger, anonymises the rest and ends every session", async () => {
    const master = await newMaster();
    const customer = await newCustomer();
    await call("PATCH", "/api/v1/me", { token: customer.token, body: { name: "Удаляемая", email: `gone${customer.id}@example.com` } });
    const future = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(2), "10:00") });
    expect(future.status).toBe(201);
    const past = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, status: "completed", startAt: new Date(Date.now() - 10 * 86_400_000).toISOString(), endAt: new Date(Date.now() - 10 * 86_400_000 + 3_600_000).toISOString() });
    expect(await activeRows(master.id)).toHaveLength(1);

    const res = await call("DELETE", "/api/v1/me", { token: customer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: true, cancelled: 1 });

    // The slot is free again, in the database and for the next customer.
    expect(await activeRows(master.id)).toEqual([]);
    const other = await quickCustomer();
    expect((await book(other.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(2), "10:00") })).status).toBe(201);

    // Sessions are dead.
    expect((await call("GET", "/api/v1/me", { token: customer.token })).status).toBe(401);
    expect((await call("GET", "/api/v1/bookings", { token: customer.token })).status).toBe(401);

    // Bookings stay for the salon without who it was.
    const { rows } = await sql("select id, status, phone, customer_name, notes, cancel_reason from bookings where user_id = ? order by id", [customer.id]);
    expect(rows.map((r) => Number(r.id)).sort()).toEqual([future.body.booking.id, past].sort((a, b) => a - b));
    for (const r of rows) {
      expect(r.phone).toBe(`deleted:${customer.id}`);
      expect(r.customer_name).toBeNull();
      expect(r.notes).toBeNull();
    }
    expect(rows.find((r) => Number(r.id) === future.body.booking.id)).toMatchObject({ status: "cancelled", cancel_reason: "account_deleted" });
    const user = (await sql("select phone, name, email, deleted_at from users where id = ?", [customer.id])).rows[0]!;
    expect(user).toMatchObject({ phone: `deleted:${customer.id}`, name: null, email: null });
    expect(user.deleted_at).toEqual(expect.any(String));
    expect(await outbox(customer.phone)).toEqual([]);
    // The master's message about the cancellation no longer names them.
    const { rows: toMaster } = await sql("select body from notification_outbox where recipient = ?", [master.phone]);
    expect(toMaster.length).toBeGreaterThan(0);
    for (const m of toMaster) {
      expect(String(m.body)).not.toContain(customer.phone);
      expect(String(m.body)).not.toContain("Удаляемая");
    }

    // The same phone can start afresh as a new person.
    const again = await signIn(customer.phone);
    expect(again.user.id).not.toBe(customer.id);
    expect(again.user.name).toBeNull();
  });

  it("is for customers: staff accounts are removed by the salon", async () => {
    const master = await newMaster();
    const res = await call("DELETE", "/api/v1/me", { token: await tokenFor(master.phone) });
    expect(res.status).toBe(403);
  });
});
