// Back office calendar side: time blocks through the ledger, the calendar
// query, the booking side panel, client cards, and a master's own day
// (booking, cancelling, marks, and the messages masters get).
import { beforeAll, describe, expect, it } from "vitest";
import * as v from "valibot";
import { BookingDetail, Calendar, ClientCard, TimeBlock } from "../../worker/contracts/admin.js";
import { call } from "./client.js";
import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { DEPOSIT, heldBooking, pay } from "./payments-helpers.js";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { insertBookingRow, ledgerOf, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { adminToken, book, moscow, newKey, newMaster, salonDate, slot, sql, tokenFor } from "./scenario.js";

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const block = (token: string, body: Record<string, unknown>) => call("POST", "/api/v1/admin/blocks", { token, body });
const messagesTo = async (phone: string) =>
  (await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`)).body.messages as { kind: string; body: string }[];

/** History and masters' messages are written just after the answer: poll for them briefly. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 20));
    value = await read();
  }
  return value;
}
const kindsTo = (phone: string, count: number) => eventually(async () => (await messagesTo(phone)).map((m) => m.kind).sort(), (k) => k.length >= count);
const panelOf = (id: number, token: string, entries: number) =>
  eventually(async () => (await call("GET", `/api/v1/admin/bookings/${id}`, { token })).body, (b) => (b.history?.length ?? 0) >= entries);

describe("time blocks", () => {
  it("blocks an hour through the master's ledger: no slots there, no booking onto it, removal frees it", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const date = salonDate(4);
    const res = await block(admin, { staff_id: master.id, start: slot(date, "11:00"), end: slot(date, "12:00"), reason: "Обучение" });
    expect(res.status).toBe(201);
    const created = v.parse(TimeBlock, res.body.block);
    expect(created).toMatchObject({ staff_id: master.id, local_date: date, local_start: "11:00", local_end: "12:00", reason: "Обучение" });
    expect((await ledgerSnapshot(master.id)).map((i) => [i.start, i.status])).toEqual([[moscow(date, "11:00"), "block"]]);

    const slots = await call("GET", `/api/v1/booking/time-slots/3?staff_id=${master.id}&date=${date}`);
    const at = (t: string) => slots.body.slots.find((s: { time: string }) => s.time === t);
    expect(at("11:00")).toMatchObject({ available: false, reason: "booked" });
    expect(at("10:30")).toMatchObject({ available: false }); // 45 minutes would run into it
    expect(at("12:00")).toMatchObject({ available: true });
    const refused = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "11:00") });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("slot_taken");

    const removed = await call("DELETE", `/api/v1/admin/blocks/${created.id}`, { token: admin });
    expect(removed.status).toBe(200);
    expect(removed.body.removed_at).toBeTruthy();
    expect(await ledgerSnapshot(master.id)).toEqual([]);
    expect((await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "11:00") })).status).toBe(201);
    const audit = await call("GET", `/api/v1/admin/audit?entity=block&entity_id=${created.id}`, { token: admin });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(["delete", "create"]);
  });

  it("keeps a block after the ledger's storage is lost: the rebuild loads blocks from the database", async () => {
    const master = await newMaster();
    const date = salonDate(4);
    expect((await block(admin, { staff_id: master.id, start: slot(date, "17:00"), end: slot(date, "18:00") })).status).toBe(201);
    await runInDurableObject(ledgerOf(master.id), (_instance: StaffLedger, state) => {
      state.storage.sql.exec("delete from intervals");
      state.storage.sql.exec("delete from meta");
    });
    const customer = await quickCustomer();
    const refused = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "17:00") });
    expect(refused.status).toBe(409);
    expect((await ledgerSnapshot(master.id)).map((i) => i.status)).toEqual(["block"]);
  });

  it("refuses a block over a booking with 409 and lists the conflict", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const date = salonDate(4);
    expect((await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "15:00") })).status).toBe(201);
    const res = await block(admin, { staff_id: master.id, start: slot(date, "15:30"), end: slot(date, "16:30") });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "slot_taken", details: { conflicts: [{ start: moscow(date, "15:00") }] } });
  });

  it("lets a master block and unblock their own time only", async () => {
    const master = await newMaster();
    const other = await newMaster();
    const token = await tokenFor(master.phone);
    const date = salonDate(5);
    const mine = await block(token, { staff_id: master.id, start: slot(date, "13:00"), end: slot(date, "14:00"), reason: "Обед" });
    expect(mine.status).toBe(201);
    expect((await block(token, { staff_id: other.id, start: slot(date, "13:00"), end: slot(date, "14:00") })).status).toBe(403);
    const theirs = await block(admin, { staff_id: other.id, start: slot(date, "13:00"), end: slot(date, "14:00") });
    expect((await call("DELETE", `/api/v1/admin/blocks/${theirs.body.block.id}`, { token })).status).toBe(403);
    const listed = await call("GET", `/api/v1/admin/blocks?from=${date}&to=${date}`, { token });
    expect(listed.body.blocks.map((b: { id: number }) => b.id)).toEqual([mine.body.block.id]);
    expect((await call("DELETE", `/api/v1/admin/blocks/${mine.body.block.id}`, { token })).status).toBe(200);
    const customer = await quickCustomer();
    expect((await block(customer.token, { staff_id: master.id, start: slot(date, "13:00"), end: slot(date, "14:00") })).status).toBe(403);
  });

  it.each([
    [{ start: "2030-01-01T12:00", end: "2030-01-01T11:00" }, 422],
    [{ start: "2020-01-01T11:00", end: "2020-01-01T12:00" }, 422],
    [{ start: "2030-01-01T11:00", end: "2030-02-01T12:00" }, 422],
    [{ start: "tomorrow", end: "2030-01-01T12:00" }, 400],
    [{ start: "2030-01-01T11:00" }, 400],
  ])("refuses a bad block %j with %i", async (times, status) => {
    const master = await newMaster();
    const res = await block(admin, { staff_id: master.id, ...times });
    expect(res.status).toBe(status);
  });

  it("answers 404 for a block of a master that does not exist or a block that does not exist", async () => {
    expect((await block(admin, { staff_id: 999999, start: "2030-01-01T11:00", end: "2030-01-01T12:00" })).status).toBe(404);
    expect((await call("DELETE", "/api/v1/admin/blocks/999999", { token: admin })).status).toBe(404);
  });
});

describe("calendar", () => {
  it("gives several masters' hours, breaks, exceptions, bookings and blocks over days in one call", async () => {
    const a = await newMaster();
    const b = await newMaster();
    const customer = await quickCustomer();
    const date = salonDate(6);
    const next = salonDate(7);
    await call("POST", `/api/v1/admin/staff/${b.id}/exceptions`, { token: admin, body: { kind: "day_off", start_date: next, end_date: next, note: "Больничный" } });
    const booking = await book(customer.token, { service_id: 3, staff_id: a.id, appointment_datetime: slot(date, "10:00") });
    const blocked = await block(admin, { staff_id: b.id, start: slot(date, "16:00"), end: slot(date, "17:00") });
    const res = await call("GET", `/api/v1/admin/calendar?date=${date}&days=2&staff_id=${a.id},${b.id}`, { token: admin });
    expect(res.status).toBe(200);
    const cal = v.parse(Calendar, res.body);
    expect(cal).toMatchObject({ time_zone: "Europe/Moscow", from: date, to: next });
    const dayOf = (id: number, d: string) => cal.staff.find((m) => m.id === id)!.days.find((x) => x.date === d)!;
    expect(dayOf(a.id, date)).toEqual({ date, hours: { start_time: "10:00", end_time: "19:00" }, breaks: [{ start_time: "14:00", end_time: "15:00" }], exception: null });
    expect(dayOf(b.id, next)).toMatchObject({ hours: null, breaks: [], exception: { kind: "day_off", note: "Больничный" } });
    expect(cal.bookings.map((x) => x.id)).toEqual([booking.body.booking.id]);
    expect(cal.blocks.map((x) => x.id)).toEqual([blocked.body.block.id]);
  });

  it("tells bookings replayed from the offline outbox from ones sent at once, in the booking and the calendar", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const date = salonDate(6);
    const offline = { "idempotency-key": newKey(), "x-booking-origin": "offline" };
    const bookAt = (time: string, headers: Record<string, string>) =>
      call("POST", "/api/v1/bookings", { token: customer.token, headers, body: { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, time) } });
    const sentAtOnce = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "10:00") });
    const replayed = await bookAt("12:00", offline);
    expect([sentAtOnce.status, replayed.status]).toEqual([201, 201]);
    expect(sentAtOnce.body.booking.origin).toBe("online");
    expect(replayed.body.booking.origin).toBe("offline");

    // The outbox sends the same key again: the first booking comes back, not a second one.
    const again = await bookAt("12:00", offline);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.booking).toMatchObject({ id: replayed.body.booking.id, origin: "offline" });
    // A send that got through before the phone lost the network stays what it was when the outbox replays it.
    const key = newKey();
    const first = await bookAt("15:00", { "idempotency-key": key });
    const late = await bookAt("15:00", { "idempotency-key": key, "x-booking-origin": "offline" });
    expect(late.body.booking).toMatchObject({ id: first.body.booking.id, origin: "online" });

    const read = async (id: number) => (await call("GET", `/api/v1/bookings/${id}`, { token: customer.token })).body.booking.origin;
    expect([await read(sentAtOnce.body.booking.id), await read(replayed.body.booking.id)]).toEqual(["online", "offline"]);
    const cal = v.parse(Calendar, (await call("GET", `/api/v1/admin/calendar?date=${date}&staff_id=${master.id}`, { token: admin })).body);
    expect(cal.bookings.map((b) => [b.local_time, b.origin]).sort()).toEqual([["10:00", "online"], ["12:00", "offline"], ["15:00", "online"]]);
  });

  it("refuses an unknown X-Booking-Origin with a 400 that names the header", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    const res = await call("POST", "/api/v1/bookings", {
      token: customer.token,
      headers: { "idempotency-key": newKey(), "x-booking-origin": "carrier-pigeon" },
      body: { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(6), "11:00") },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/X-Booking-Origin/);
  });

  it("answers an unchanged calendar with 304 and a changed one in full, so screens can poll it", async () => {
    const master = await newMaster();
    const date = salonDate(8);
    const path = `/api/v1/admin/calendar?date=${date}&staff_id=${master.id}`;
    const first = await call("GET", path, { token: admin });
    const etag = first.headers.get("etag")!;
    expect((await call("GET", path, { token: admin, headers: { "if-none-match": etag } })).status).toBe(304);
    await block(admin, { staff_id: master.id, start: slot(date, "10:00"), end: slot(date, "11:00") });
    const changed = await call("GET", path, { token: admin, headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.blocks).toHaveLength(1);
  });

  it("shows a master their own calendar and refuses them someone else's", async () => {
    const master = await newMaster();
    const other = await newMaster();
    const token = await tokenFor(master.phone);
    const own = await call("GET", `/api/v1/admin/calendar?date=${salonDate(1)}`, { token });
    expect(own.status).toBe(200);
    expect(own.body.staff.map((m: { id: number }) => m.id)).toEqual([master.id]);
    expect((await call("GET", `/api/v1/admin/calendar?date=${salonDate(1)}&staff_id=${other.id}`, { token })).status).toBe(403);
    expect((await call("GET", `/api/v1/admin/calendar?date=${salonDate(1)}`, { token: (await quickCustomer()).token })).status).toBe(403);
  });

  it.each(["date=2026-13-01", "date=2026-01-01&days=15", "date=2026-01-01&staff_id=a,b", ""])("refuses ?%s", async (query) => {
    expect((await call("GET", `/api/v1/admin/calendar?${query}`, { token: admin })).status).toBe(400);
  });
});

describe("booking side panel and a master's day", () => {
  it("lets a master book a client on themselves, cancel with a reason, and shows the history", async () => {
    const master = await newMaster();
    const token = await tokenFor(master.phone);
    const phone = `+7955${String(Date.now()).slice(-7)}`;
    const date = salonDate(3);
    const created = await book(token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "12:00"), phone, customer_name: "Пётр" });
    expect(created.status).toBe(201);
    const id = created.body.booking.id;
    const cancelled = await call("PATCH", `/api/v1/bookings/${id}`, { token, body: { action: "cancel", reason: "Клиент заболел" } });
    expect(cancelled.body.booking).toMatchObject({ status: "cancelled", cancel_reason: "Клиент заболел" });
    const panel = v.parse(BookingDetail, await panelOf(id, token, 2));
    expect(panel.client).toMatchObject({ phone, name: "Пётр" });
    expect(panel.history.map((h) => [h.action, h.actor?.role])).toEqual([["create", "staff"], ["cancel", "staff"]]);
    expect(panel.history[1]).toMatchObject({ before: { status: "pending" }, after: { status: "cancelled", cancel_reason: "Клиент заболел" } });
    expect(panel.payments).toEqual([]);
    // The master heard about both, by SMS to the phone of their account.
    expect(await kindsTo(master.phone, 2)).toEqual(["staff_booking_cancelled", "staff_booking_created"]);
  });

  it("keeps links out of a master's SMS and caps the customer's name", async () => {
    const master = await newMaster();
    const token = await tokenFor(master.phone);
    const phone = `+7955${String(Date.now() + 1).slice(-7)}`;
    const name = "Пётр https://evil.example/pay www.evil.example bit.ly/x1 Иванович Сидоров-Петров-Водкин-Бельский";
    const created = await book(token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(3), "15:00"), phone, customer_name: name });
    expect(created.status).toBe(201);
    await kindsTo(master.phone, 1);
    const [message] = (await messagesTo(master.phone)) as { body: string }[];
    expect(message!.body).not.toMatch(/https?:|www\.|bit\.ly|evil/);
    const who = /Клиент: (.*), \+7/.exec(message!.body)![1]!;
    expect(who.startsWith("Пётр Иванович")).toBe(true);
    expect(who.length).toBeLessThanOrEqual(40);
  });

  it("marks completed or no-show only once the visit has started", async () => {
    const master = await newMaster();
    const token = await tokenFor(master.phone);
    const customer = await quickCustomer();
    const future = await book(token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(2), "10:00"), phone: customer.phone });
    const early = await call("PATCH", `/api/v1/bookings/${future.body.booking.id}`, { token, body: { action: "complete" } });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe("not_started_yet");
    const started = await insertBookingRow({ userId: customer.id, phone: customer.phone, staffId: master.id, startAt: new Date(Date.now() - 600_000).toISOString(), endAt: new Date(Date.now() + 2_100_000).toISOString() });
    const marked = await call("PATCH", `/api/v1/bookings/${started}`, { token, body: { action: "no_show" } });
    expect(marked.status).toBe(200);
    expect(marked.body.booking.status).toBe("no_show");
  });

  it("tells both masters when an admin moves a booking from one to the other", async () => {
    const from = await newMaster();
    const to = await newMaster();
    const customer = await quickCustomer();
    const date = salonDate(3);
    const created = await book(customer.token, { service_id: 3, staff_id: from.id, appointment_datetime: slot(date, "10:00") });
    const moved = await call("PATCH", `/api/v1/bookings/${created.body.booking.id}`, { token: admin, body: { action: "reschedule", appointment_datetime: slot(date, "11:00"), staff_id: to.id } });
    expect(moved.status).toBe(200);
    expect(await kindsTo(from.phone, 2)).toEqual(["staff_booking_created", "staff_booking_moved_away"]);
    expect(await kindsTo(to.phone, 1)).toEqual(["staff_booking_created"]);
    const panel = { body: await panelOf(created.body.booking.id, admin, 1) };
    expect(panel.body.history).toMatchObject([{ action: "reschedule", before: { staff_id: from.id }, after: { staff_id: to.id } }]);
  });

  it("tells a master of a prepaid booking once it is paid, not while it is only held", async () => {
    const master = await newMaster();
    const customer = await quickCustomer();
    // The demo salon's receipts are mailed (54-FZ): a payer has an email.
    await sql("update users set email = ? where id = ?", [`panel${customer.id}@example.test`, customer.id]);
    const held = await heldBooking(customer.token, master.id, salonDate(5), "11:00");
    expect(await messagesTo(master.phone)).toEqual([]);
    const payment = await pay(customer.token, { booking_id: held.id, provider: "test" });
    const paid = await exports.default.fetch(new Request(`http://salon.test${new URL(payment.body.payment.confirmation_url).pathname}/pay`, { method: "POST", redirect: "manual" }));
    expect(paid.status).toBe(303);
    expect(await kindsTo(master.phone, 1)).toEqual(["staff_booking_created"]);
    const panel = v.parse(BookingDetail, (await call("GET", `/api/v1/admin/bookings/${held.id}`, { token: admin })).body);
    expect(panel.payments).toMatchObject([{ status: "succeeded", amount: { amount_minor: DEPOSIT } }]);
    expect(panel.booking.status).toBe("confirmed");
    expect(panel.receipts).toMatchObject([{ kind: "payment", status: "sent", amount: { amount_minor: DEPOSIT } }]);
  });

  it("keeps a booking's panel from other masters and customers", async () => {
    const master = await newMaster();
    const other = await newMaster();
    const customer = await quickCustomer();
    const created = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(salonDate(3), "16:00") });
    expect((await call("GET", `/api/v1/admin/bookings/${created.body.booking.id}`, { token: await tokenFor(other.phone) })).status).toBe(403);
    expect((await call("GET", `/api/v1/admin/bookings/${created.body.booking.id}`, { token: customer.token })).status).toBe(403);
    expect((await call("GET", "/api/v1/admin/bookings/999999", { token: admin })).status).toBe(404);
  });
});

describe("clients", () => {
  it("finds a client by phone digits and by name, with a card of visits, spending, no-shows and notes", async () => {
    const master = await newMaster();
    const client = await quickCustomer();
    const name = `Зоя${Math.random().toString(36).slice(2, 6)}`;
    await sql("update users set name = ? where id = ?", [name, client.id]);
    const past = (days: number) => moscow(salonDate(-days), "10:00");
    const end = (days: number) => moscow(salonDate(-days), "11:00");
    await insertBookingRow({ userId: client.id, phone: client.phone, staffId: master.id, startAt: past(30), endAt: end(30), status: "completed" });
    await insertBookingRow({ userId: client.id, phone: client.phone, staffId: master.id, startAt: past(20), endAt: end(20), status: "completed" });
    await insertBookingRow({ userId: client.id, phone: client.phone, staffId: master.id, startAt: past(10), endAt: end(10), status: "no_show" });
    await insertBookingRow({ userId: client.id, phone: client.phone, staffId: master.id, startAt: past(5), endAt: end(5), status: "cancelled" });

    const byPhone = await call("GET", `/api/v1/admin/clients?q=${client.phone.slice(-7)}`, { token: admin });
    expect(byPhone.body.clients).toEqual([{ id: client.id, phone: client.phone, name, email: null, visits: 2, last_visit_at: past(20) }]);
    const byName = await call("GET", `/api/v1/admin/clients?q=${encodeURIComponent(name.toLowerCase())}`, { token: admin });
    expect(byName.body.clients.map((c: { id: number }) => c.id)).toEqual([client.id]);

    const card = v.parse(ClientCard, (await call("GET", `/api/v1/admin/clients/${client.id}`, { token: admin })).body);
    expect(card.totals).toEqual({ visits: 2, total_spent: { amount_minor: 300_000, currency: "RUB" }, no_shows: 1, cancellations: 1, upcoming: 0 });
    expect(card.bookings.map((b) => b.status)).toEqual(["cancelled", "no_show", "completed", "completed"]);
    expect(card.bookings[0]!.staff?.id).toBe(master.id);

    const noted = await call("PATCH", `/api/v1/admin/clients/${client.id}`, { token: admin, body: { notes: "Аллергия на лак" } });
    expect(noted.body.client.notes).toBe("Аллергия на лак");
    const audit = await call("GET", `/api/v1/admin/audit?entity=client&entity_id=${client.id}`, { token: admin });
    expect(audit.body.entries[0]).toMatchObject({ action: "update", before: { notes: null }, after: { notes: "Аллергия на лак" } });
  });

  it("answers 404 for an unknown client and 400 for notes that are not text", async () => {
    expect((await call("GET", "/api/v1/admin/clients/999999", { token: admin })).status).toBe(404);
    expect((await call("PATCH", "/api/v1/admin/clients/1", { token: admin, body: { notes: 5 } })).status).toBe(400);
  });
});
