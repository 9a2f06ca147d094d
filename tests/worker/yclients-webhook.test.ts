// POST /yclients/webhook: secret check, storage and dedupe, order tolerance,
// attendance, customers, and the master's ledger kept in step.
import { beforeAll, describe, expect, it } from "vitest";
import { ledgerFor } from "../../worker/ledger/staff-ledger.js";
import { openDb } from "../../worker/repo/db.js";
import { retryEvents } from "../../worker/yclients/webhook.js";
import clientUpdate from "../yclients/fixtures/webhook-client-update.json";
import financesOperation from "../yclients/fixtures/webhook-finances-operation.json";
import { bookingOf, COMPANY_ID, dropRecord, event, eventRow, eventRows, eventually, linkStaff, newRecordId, putRecord, record, sendWebhook, setMode, settled, workerEnv } from "../yclients/fake-control.js";
import { call, freshPhone, signIn } from "./client.js";
import { book, moscow, newCustomer, newMaster, salonDate, slot, sql } from "./scenario.js";

const HAIRCUT = 3;
const day = salonDate(4);
const digits = (phone: string) => phone.slice(1);

/** Sends events in the given order and waits until each has been processed. */
async function deliver(...events: ReturnType<typeof event>[]) {
  for (const e of events) {
    const res = await sendWebhook(e);
    expect(res.status).toBe(200);
  }
  for (const e of events) await settled(e.data.id, e.status, e.data.last_change_date);
}

const fixtures: Record<string, { resource: string; resource_id: number }> = { "webhook-client-update.json": clientUpdate, "webhook-finances-operation.json": financesOperation };
const snapshot = (staffId: number) => ledgerFor(workerEnv, staffId).snapshot(staffId);

describe("YClients webhook", () => {
  let master: { id: number };
  let ycStaff: number;
  beforeAll(async () => {
    master = await newMaster({ services: [HAIRCUT, 1] });
    ycStaff = await linkStaff(master.id);
  });

  it("answers a wrong or missing secret with a bare 404 and stores nothing", async () => {
    const e = event("create", record({ staff: ycStaff, date: day, time: "10:00" }));
    for (const path of ["/api/v1/yclients/webhook/wrong-secret", "/api/v1/yclients/webhook", "/api/v1/yclients/webhook?secret=wrong"]) {
      const res = await call("POST", path, { body: e });
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Not found" });
    }
    const { rows } = await sql("select count(*) as n from webhook_events where external_id like ?", [`record:${e.resource_id}:%`]);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("accepts the secret as a query parameter", async () => {
    const e = event("create", record({ staff: 1999, date: day, time: "10:00" }));
    await putRecord(e.data);
    const res = await call("POST", `/api/v1/yclients/webhook?secret=${workerEnv.YCLIENTS_WEBHOOK_SECRET}`, { body: e });
    expect(res.status).toBe(200);
    await settled(e.resource_id, "create", "2026-01-10T18:42:05");
  });

  it("creates a yclients booking for the known customer with that phone", async () => {
    const customer = await newCustomer();
    const r = record({ staff: ycStaff, date: day, time: "11:00", client: { phone: digits(customer.phone), email: "" } });
    await deliver(event("create", r));
    const row = await bookingOf(r.id);
    expect(row).toMatchObject({
      channel: "yclients",
      status: "pending",
      user_id: customer.id,
      staff_id: master.id,
      service_id: 1,
      start_at: moscow(day, "11:00"),
      end_at: moscow(day, "12:00"),
      phone: customer.phone,
      price_total_minor: 250000,
      yclients_last_change: "2026-01-10T15:42:05.000Z",
      needs_attention: null,
    });
    const seen = await call("GET", `/api/v1/bookings/${row!.id}`, { token: customer.token });
    expect(seen.body.booking).toMatchObject({ channel: "yclients", local_time: "11:00" });
  });

  it("matches a customer by phone only: a record carrying an account's (unverified) email goes to a new customer with the record's phone", async () => {
    const email = `yc-${newRecordId()}@example.com`;
    const known = await sql("insert into users (phone, email) values (?, ?) returning id", [freshPhone(), email]);
    const otherPhone = freshPhone();
    const withTheirEmail = record({ staff: 1999, date: day, time: "10:00", client: { phone: digits(otherPhone), email } });
    const stranger = freshPhone();
    const byNothing = record({ staff: 1999, date: day, time: "10:00", client: { phone: `8${stranger.slice(2)}`, name: "Новая Клиентка", email: "" } });
    await deliver(event("create", withTheirEmail), event("create", byNothing));
    const owner = await sql("select id, email from users where phone = ?", [otherPhone]);
    expect(Number(owner.rows[0]!.id)).not.toBe(Number(known.rows[0]!.id));
    expect((await bookingOf(withTheirEmail.id))!.user_id).toBe(Number(owner.rows[0]!.id));
    // The record's email is not copied either: messages about the booking must not go to an address nobody verified.
    expect(owner.rows[0]!.email).toBeNull();
    const created = await sql("select id, name, role from users where phone = ?", [stranger]);
    expect(created.rows[0]).toMatchObject({ name: "Новая Клиентка", role: "customer" });
    expect((await bookingOf(byNothing.id))!.user_id).toBe(Number(created.rows[0]!.id));
  });

  it("does not hand a victim's YClients bookings to someone who set the victim's email on their own account", async () => {
    const victimEmail = `victim-${newRecordId()}@example.com`;
    const attacker = await signIn(freshPhone());
    const patched = await call("PATCH", "/api/v1/me", { token: attacker.token, body: { email: victimEmail } });
    expect(patched.status).toBe(200);
    const victimPhone = freshPhone();
    const r = record({ staff: 1999, date: day, time: "11:00", client: { phone: digits(victimPhone), name: "Жертва", email: victimEmail } });
    await deliver(event("create", r));
    const booking = await bookingOf(r.id);
    expect(booking!.user_id).not.toBe(attacker.user.id);
    const mine = await call("GET", `/api/v1/bookings?from=${day}&to=${day}`, { token: attacker.token });
    expect(mine.status).toBe(200);
    expect(mine.body.bookings.map((b: { id: number }) => b.id)).not.toContain(booking!.id);
    expect((await call("GET", `/api/v1/bookings/${booking!.id}`, { token: attacker.token })).status).toBe(403);
  });

  it("stores a repeated delivery once and answers 2xx both times", async () => {
    const e = event("create", record({ staff: ycStaff, date: day, time: "12:00" }));
    const first = await sendWebhook(e);
    const again = await sendWebhook(e);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect([first.body.duplicate, again.body.duplicate]).toEqual([false, true]);
    await settled(e.resource_id, "create", "2026-01-10T18:42:05");
    const { rows } = await sql("select count(*) as n from bookings where yclients_record_id = ?", [e.resource_id]);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("keeps the newer state when an older update arrives after it", async () => {
    const id = newRecordId();
    const newer = event("update", record({ id, staff: ycStaff, date: day, time: "16:00", attendance: 2, changed: "2026-01-11T09:15:00" }));
    const older = event("update", record({ id, staff: ycStaff, date: day, time: "17:00", changed: "2026-01-10T18:42:05" }));
    await deliver(newer, older);
    expect(await bookingOf(id)).toMatchObject({ start_at: moscow(day, "16:00"), status: "confirmed" });
    const intervals = (await snapshot(master.id)).filter((i) => i.start === moscow(day, "17:00"));
    expect(intervals).toEqual([]);
  });

  it("lets a delete win over an older create, so a late create does not bring the record back", async () => {
    const id = newRecordId();
    const created = record({ id, staff: ycStaff, date: day, time: "18:00", changed: "2026-01-10T18:42:05" });
    const deleted = record({ id, staff: ycStaff, date: day, time: "18:00", deleted: true, changed: "2026-01-12T08:00:00" });
    await deliver(event("delete", deleted), event("create", created));
    expect(await bookingOf(id)).toMatchObject({ status: "cancelled", cancel_reason: "yclients_deleted", channel: "yclients" });
    expect((await snapshot(master.id)).some((i) => i.start === moscow(day, "18:00"))).toBe(false);
  });

  it("keeps a record deleted when a short delete arrives before its create and a later update", async () => {
    const id = newRecordId();
    const when = salonDate(5);
    // YClients no longer has it: GET /record answers 404, so the events' payloads are all there is.
    await dropRecord(id);
    const short = { company_id: COMPANY_ID, resource: "record", resource_id: id, status: "delete", data: { id } };
    expect((await call("POST", `/api/v1/yclients/webhook/${workerEnv.YCLIENTS_WEBHOOK_SECRET}`, { body: short })).status).toBe(200);
    expect(await settled(id, "delete", "-")).toMatchObject({ status: "processed" });
    expect(await bookingOf(id)).toBeUndefined();
    const remembered = await sql("select * from yclients_deleted_records where record_id = ?", [id]);
    expect(Object.keys(remembered.rows[0]!).sort()).toEqual(["deleted_at", "record_id"]);
    const created = event("create", record({ id, staff: ycStaff, date: when, time: "19:00", changed: "2026-01-10T18:42:05" }));
    const updated = event("update", record({ id, staff: ycStaff, date: when, time: "19:00", attendance: 2, changed: "2026-01-11T09:00:00" }));
    for (const e of [created, updated]) {
      expect((await sendWebhook(e, { mirror: false })).status).toBe(200);
      await settled(id, e.status, e.data.last_change_date);
      expect(await bookingOf(id)).toMatchObject({ status: "cancelled", cancel_reason: "yclients_deleted" });
    }
    expect((await snapshot(master.id)).some((i) => i.start === moscow(when, "19:00"))).toBe(false);
  });

  it("makes a delete final even when its stamp is older than the last update", async () => {
    const id = newRecordId();
    const when = salonDate(5);
    await deliver(event("create", record({ id, staff: ycStaff, date: when, time: "16:00", changed: "2026-01-10T18:42:05" })));
    await deliver(event("update", record({ id, staff: ycStaff, date: when, time: "17:00", changed: "2026-01-13T09:00:00" })));
    await deliver(event("delete", record({ id, staff: ycStaff, date: when, time: "16:00", deleted: true, changed: "2026-01-12T08:00:00" })));
    expect(await bookingOf(id)).toMatchObject({ status: "cancelled", cancel_reason: "yclients_deleted", yclients_last_change: "2026-01-13T06:00:00.000Z" });
    expect((await snapshot(master.id)).some((i) => i.start === moscow(when, "17:00") || i.start === moscow(when, "16:00"))).toBe(false);
    // Nothing later brings it back.
    await deliver(event("update", record({ id, staff: ycStaff, date: when, time: "17:00", changed: "2026-01-14T09:00:00" })));
    expect((await bookingOf(id))!.status).toBe("cancelled");
  });

  it("keeps two different changes made in the same second apart and ends with YClients' latest state", async () => {
    const id = newRecordId();
    const when = salonDate(5);
    const first = event("update", record({ id, staff: ycStaff, date: when, time: "11:00", changed: "2026-01-11T10:00:00" }));
    const second = event("update", record({ id, staff: ycStaff, date: when, time: "11:00", attendance: 2, changed: "2026-01-11T10:00:00" }));
    const answers = [await sendWebhook(first), await sendWebhook({ ...second })];
    expect(answers.map((a) => a.body.duplicate)).toEqual([false, false]);
    await settled(id, "update", "2026-01-11T10:00:00");
    expect(await eventRows(id, "update", "2026-01-11T10:00:00")).toHaveLength(2);
    expect((await bookingOf(id))!.status).toBe("confirmed");
  });

  it("applies what GET /record says when the webhook carries only part of the record", async () => {
    const id = newRecordId();
    const when = salonDate(5);
    await deliver(event("create", record({ id, staff: ycStaff, date: when, time: "12:00" })));
    // YClients now holds the visit as done; the webhook says only that much.
    await putRecord(record({ id, staff: ycStaff, date: when, time: "12:00", attendance: 1, changed: "2026-01-15T13:05:00" }));
    const sparse = { company_id: COMPANY_ID, resource: "record", resource_id: id, status: "update", data: { id, attendance: 1, visit_attendance: 1, client: { id: 1, phone: 79991234567, display_name: "Иван Иванов" } } };
    const res = await call("POST", `/api/v1/yclients/webhook/${workerEnv.YCLIENTS_WEBHOOK_SECRET}`, { body: sparse });
    expect(res.status).toBe(200);
    await settled(id, "update", "-");
    expect(await bookingOf(id)).toMatchObject({ status: "completed", yclients_last_change: "2026-01-15T10:05:00.000Z" });
    expect((await snapshot(master.id)).some((i) => i.start === moscow(when, "12:00"))).toBe(false);
  });

  it("falls back to the payload when GET /record fails", async () => {
    const r = record({ staff: ycStaff, date: salonDate(5), time: "13:00", attendance: 2 });
    await setMode(`/record/${COMPANY_ID}/${r.id}`, "http_500", { match: "exact" });
    try {
      await deliver(event("create", r));
    } finally {
      await setMode(`/record/${COMPANY_ID}/${r.id}`, "ok", { match: "exact" });
    }
    expect(await bookingOf(r.id)).toMatchObject({ status: "confirmed", start_at: moscow(salonDate(5), "13:00") });
    expect(String((await eventRow(r.id, "create", "2026-01-10T18:42:05"))!.last_error)).toContain("from the payload");
  });

  it("reads +0300 stamps, display_name and a formatted phone", async () => {
    const customer = await newCustomer();
    const r = {
      ...record({ staff: ycStaff, date: salonDate(5), time: "14:00" }),
      client: { id: 1, name: "Петрова", surname: "Ольга", display_name: "Ольга Петрова", phone: `+7 ${customer.phone.slice(2, 5)} ${customer.phone.slice(5, 8)}-${customer.phone.slice(8, 10)}-${customer.phone.slice(10)}`, email: "" },
      last_change_date: "2026-01-12T09:30:41+0300",
    };
    await putRecord(r);
    const res = await call("POST", `/api/v1/yclients/webhook/${workerEnv.YCLIENTS_WEBHOOK_SECRET}`, { body: event("create", r) });
    expect(res.status).toBe(200);
    await settled(r.id, "create", "2026-01-12T09:30:41+0300");
    expect(await bookingOf(r.id)).toMatchObject({ user_id: customer.id, phone: customer.phone, customer_name: "Ольга Петрова", yclients_last_change: "2026-01-12T06:30:41.000Z" });
  });

  it("ignores an event for another company", async () => {
    const r = record({ staff: ycStaff, date: salonDate(5), time: "15:00" });
    const res = await sendWebhook({ ...event("create", r), company_id: COMPANY_ID + 1 });
    expect(res.status).toBe(200);
    expect(await settled(r.id, "create", "2026-01-10T18:42:05")).toMatchObject({ status: "ignored" });
    expect(await bookingOf(r.id)).toBeUndefined();
  });

  it.each(["webhook-client-update.json", "webhook-finances-operation.json"])("answers 2xx to %s and changes nothing", async (name) => {
    const body = fixtures[name]!;
    const before = await sql("select count(*) as n from bookings");
    const res = await call("POST", `/api/v1/yclients/webhook/${workerEnv.YCLIENTS_WEBHOOK_SECRET}`, { body });
    expect(res.status).toBe(200);
    const row = await eventually(async () => {
      const { rows } = await sql("select status, last_error from webhook_events where external_id like ?", [`${body.resource}:${body.resource_id}:%`]);
      return rows[0] && rows[0].status !== "received" ? rows[0] : undefined;
    }, "ignored event");
    expect(row.status).toBe("ignored");
    expect((await sql("select count(*) as n from bookings")).rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it("cancels a live record on delete and frees the master's time", async () => {
    const id = newRecordId();
    await deliver(event("create", record({ id, staff: ycStaff, date: salonDate(5), time: "10:00" })));
    expect((await snapshot(master.id)).some((i) => i.start === moscow(salonDate(5), "10:00"))).toBe(true);
    await deliver(event("delete", record({ id, staff: ycStaff, date: salonDate(5), time: "10:00", deleted: true, changed: "2026-01-12T08:00:00" })));
    expect((await bookingOf(id))!.status).toBe("cancelled");
    expect((await snapshot(master.id)).some((i) => i.start === moscow(salonDate(5), "10:00"))).toBe(false);
  });

  it("tells the master of a record made, moved and deleted in YClients, once each however often it is delivered", async () => {
    const own = await newMaster({ services: [HAIRCUT, 1] });
    const ycOwn = await linkStaff(own.id);
    const id = newRecordId();
    const created = event("create", record({ id, staff: ycOwn, date: salonDate(6), time: "12:00" }));
    await deliver(created);
    await deliver(created);
    await deliver(event("update", record({ id, staff: ycOwn, date: salonDate(6), time: "15:00", changed: "2026-01-11T08:00:00" })));
    await deliver(event("delete", record({ id, staff: ycOwn, date: salonDate(6), time: "15:00", deleted: true, changed: "2026-01-12T08:00:00" })));
    const { body } = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(own.phone)}`);
    expect(body.messages.map((m: { kind: string }) => m.kind).sort()).toEqual(["staff_booking_cancelled", "staff_booking_created", "staff_booking_moved"]);
  });

  it.each([
    [2, "confirmed"],
    [0, "pending"],
    [1, "completed"],
    [-1, "no_show"],
  ])("maps attendance %i to %s", async (attendance, status) => {
    const r = record({ staff: 1999, date: day, time: "10:00", attendance });
    await deliver(event("update", r));
    expect((await bookingOf(r.id))!.status).toBe(status);
  });

  it("blocks the same master's internal slot: booking it is 409 and time-slots shows it booked", async () => {
    const customer = await newCustomer();
    const r = record({ staff: ycStaff, date: day, time: "15:00", minutes: 60 });
    await deliver(event("create", r));
    const booked = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "15:30") });
    expect(booked.status).toBe(409);
    expect(booked.body.error.code).toBe("slot_taken");
    const slots = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${master.id}&date=${day}`);
    expect(slots.status).toBe(200);
    expect(slots.body.slots.find((s: { time: string }) => s.time === "15:00")).toMatchObject({ available: false, reason: "booked" });
    const row = await bookingOf(r.id);
    expect(await snapshot(master.id)).toContainEqual({ bookingId: Number(row!.id), start: moscow(day, "15:00"), end: moscow(day, "16:00"), status: "pending" });
  });

  it("takes a record that overlaps an internal booking and flags both for attention", async () => {
    const customer = await newCustomer();
    const other = salonDate(6);
    const internal = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(other, "12:00") });
    expect(internal.status).toBe(201);
    const r = record({ staff: ycStaff, date: other, time: "12:30" });
    await deliver(event("create", r));
    const row = await bookingOf(r.id);
    expect(row).toMatchObject({ status: "pending", needs_attention: `overlaps_booking:${internal.body.booking.id}` });
    const flagged = await sql("select needs_attention from bookings where id = ?", [internal.body.booking.id]);
    expect(flagged.rows[0]!.needs_attention).toBe(`overlaps_yclients_record:${r.id}`);
    expect((await snapshot(master.id)).filter((i) => i.start === moscow(other, "12:30"))).toHaveLength(1);
  });

  it("clears an internal booking's overlaps_yclients_record flag once that record is deleted", async () => {
    const customer = await newCustomer();
    const when = salonDate(8);
    const internal = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(when, "12:00") });
    expect(internal.status).toBe(201);
    const id = newRecordId();
    await deliver(event("create", record({ id, staff: ycStaff, date: when, time: "12:30", changed: "2026-01-10T18:42:05" })));
    const flag = async () => (await sql("select needs_attention from bookings where id = ?", [internal.body.booking.id])).rows[0]!.needs_attention;
    expect(await flag()).toBe(`overlaps_yclients_record:${id}`);
    await deliver(event("delete", record({ id, staff: ycStaff, date: when, time: "12:30", deleted: true, changed: "2026-01-12T08:00:00" })));
    expect(await bookingOf(id)).toMatchObject({ status: "cancelled" });
    expect(await flag()).toBeNull();
  });

  it("moves a record between masters out of the old master's ledger", async () => {
    const second = await newMaster({ services: [HAIRCUT, 1] });
    const secondYc = await linkStaff(second.id);
    const id = newRecordId();
    const when = salonDate(7);
    await deliver(event("create", record({ id, staff: ycStaff, date: when, time: "13:00" })));
    expect((await snapshot(master.id)).some((i) => i.start === moscow(when, "13:00"))).toBe(true);
    await deliver(event("update", record({ id, staff: secondYc, date: when, time: "13:00", changed: "2026-01-11T09:15:00" })));
    expect((await bookingOf(id))!.staff_id).toBe(second.id);
    expect((await snapshot(master.id)).some((i) => i.start === moscow(when, "13:00"))).toBe(false);
    expect((await snapshot(second.id)).some((i) => i.start === moscow(when, "13:00"))).toBe(true);
  });

  it("stores a record of an unknown master without one, flagged, occupying no ledger", async () => {
    const r = record({ staff: 1999, service: 4242, date: day, time: "10:00" });
    await deliver(event("create", r));
    expect(await bookingOf(r.id)).toMatchObject({
      staff_id: null,
      service_id: null,
      status: "pending",
      needs_attention: "unknown_yclients_staff:1999; unknown_yclients_service:4242",
    });
  });

  it("leaves an event that fails as failed with its attempts, and the cron's retry processes it", async () => {
    const r = record({ staff: ycStaff, date: day, time: "10:00" });
    const broken = { ...r, datetime: "soon", date: "soon" };
    await sendWebhook(event("create", broken as typeof r), { mirror: false });
    const failed = await settled(r.id, "create", "2026-01-10T18:42:05");
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(String(failed.last_error)).toContain("datetime");
    // The cause goes away (here: the stored body is repaired), as a transient failure would.
    await putRecord(r);
    await sql("update webhook_events set payload = ? where id = ?", [JSON.stringify(event("create", r)), Number(failed.id)]);
    await retryEvents(openDb(workerEnv), workerEnv, new Date());
    expect(await eventRow(r.id, "create", "2026-01-10T18:42:05")).toMatchObject({ status: "processed", attempts: 2 });
    expect((await bookingOf(r.id))!.status).toBe("pending");
    await eventually(async () => ((await snapshot(master.id)).some((i) => i.start === moscow(day, "10:00")) ? true : undefined), "ledger interval");
  });
});
