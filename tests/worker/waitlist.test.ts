// The waitlist: joining (and what is refused), and a freed time held for the
// first waiting customer it fits, who books it, declines it or lets it lapse.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { activeRows, ledgerOf, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { runInDurableObject } from "cloudflare:test";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { adminToken, book, moscow, newMaster, salonDate, slot, sql } from "./scenario.js";
import { entryOf, eventually, expireOffer, HAIRCUT, join, outboxOf, untilOffersSettled, untilStateLeaves } from "./waitlist-helpers.js";

const cancel = (token: string, id: number) => call("PATCH", `/api/v1/bookings/${id}`, { token, body: { action: "cancel" } });
const confirm = (token: string, id: number) => call("POST", `/api/v1/waitlist/${id}/confirm`, { token });

/** A master whose 11:00 haircut is booked by B, and A waiting for 11:00–12:00 that day. */
async function busyEleven(waiters = 1) {
  const master = await newMaster({ services: [HAIRCUT] });
  const day = salonDate(5);
  const b = await quickCustomer();
  const taken = await book(b.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
  expect(taken.status).toBe(201);
  const waiting = [];
  for (let i = 0; i < waiters; i++) {
    const customer = await quickCustomer();
    const joined = await join(customer.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "11:00", to_time: "12:00" });
    expect(joined.status).toBe(201);
    waiting.push({ ...customer, entryId: joined.body.entry.id as number });
  }
  return { master, day, b, booking: taken.body.booking, waiting };
}

describe("joining the waitlist", () => {
  it("adds an entry once, lists it with its state, and leaves it", async () => {
    const a = await quickCustomer();
    const day = salonDate(3);
    const first = await join(a.token, { service_id: HAIRCUT, date: day, from_time: "12:00", to_time: "16:00" });
    expect(first.status).toBe(201);
    expect(first.body.entry).toMatchObject({ state: "waiting", date: day, from_time: "12:00", to_time: "16:00", staff: null, offer: null, service: { id: HAIRCUT } });
    const again = await join(a.token, { service_id: HAIRCUT, date: day, from_time: "12:00", to_time: "16:00" });
    expect(again.status).toBe(200);
    expect(again.body.entry.id).toBe(first.body.entry.id);

    const list = await call("GET", "/api/v1/waitlist", { token: a.token });
    expect(list.body.entries.map((e: { id: number }) => e.id)).toEqual([first.body.entry.id]);
    const left = await call("DELETE", `/api/v1/waitlist/${first.body.entry.id}`, { token: a.token });
    expect(left.status).toBe(200);
    expect(left.body.entry.state).toBe("cancelled");
    // Someone else's entry is not theirs to read or leave.
    const other = await quickCustomer();
    expect((await call("DELETE", `/api/v1/waitlist/${first.body.entry.id}`, { token: other.token })).status).toBe(403);
  });

  it("refuses what cannot be waited for with a code a person can act on", async () => {
    const a = await quickCustomer();
    const day = salonDate(3);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ service_id: HAIRCUT, date: salonDate(-1) }, 422, "in_past"],
      [{ service_id: HAIRCUT, date: salonDate(400) }, 422, "beyond_horizon"],
      [{ service_id: 999_999, date: day }, 404, "not_found"],
      [{ service_id: HAIRCUT, date: day, staff_id: 999_999 }, 404, "not_found"],
      [{ service_id: HAIRCUT, date: day, from_time: "15:00", to_time: "15:30" }, 422, "invalid_time_range"],
      [{ service_id: HAIRCUT, date: day, from_time: "16:00", to_time: "12:00" }, 422, "invalid_time_range"],
      [{ service_id: HAIRCUT, date: day, from_time: "25:00" }, 400, "validation_failed"],
      [{ service_id: HAIRCUT, date: "2026-02-30" }, 400, "validation_failed"],
      [{ service_id: 4, date: day }, 422, "service_is_addon"],
    ];
    for (const [body, status, code] of cases) {
      const res = await join(a.token, body);
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const masseur = await newMaster({ services: [8] });
    const res = await join(a.token, { service_id: HAIRCUT, date: day, staff_id: masseur.id });
    expect([res.status, res.body.error.code]).toEqual([422, "staff_does_not_do_service"]);
    expect((await call("POST", "/api/v1/waitlist", { body: { service_id: HAIRCUT, date: day } })).status).toBe(401);
  });
});

describe("a freed time held for the waitlist", () => {
  it("holds a cancelled time for the first waiting customer, tells them, and keeps everyone else out", async () => {
    const { master, day, b, booking, waiting } = await busyEleven(2);
    const [a, second] = waiting as [(typeof waiting)[0], (typeof waiting)[0]];
    expect((await cancel(b.token, booking.id)).status).toBe(200);

    const entry = await untilStateLeaves(a.token, a.entryId, master.id);
    expect(entry.state).toBe("offered");
    expect(entry.offer).toMatchObject({ staff: { id: master.id }, start_at: moscow(day, "11:00"), end_at: moscow(day, "11:45"), local_time: "11:00" });
    const minutes = (Date.parse(entry.offer.expires_at) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
    expect((await entryOf(second.token, second.entryId)).state).toBe("waiting");
    // No push subscription: the offer goes out by SMS with the screen to answer it.
    const sms = (await eventually(() => outboxOf(a.phone), (messages) => messages.some((m) => m.kind === "waitlist_offer"))).find((m) => m.kind === "waitlist_offer");
    expect(sms?.body).toContain(`/waitlist/${a.entryId}`);
    expect(sms?.body).toContain("11:00");

    const slots = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${master.id}&date=${day}`);
    expect(slots.body.slots.find((s: { time: string }) => s.time === "11:00")).toMatchObject({ available: false, reason: "booked" });
    const c = await quickCustomer();
    const taken = await book(c.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect([taken.status, taken.body.error.code]).toEqual([409, "slot_taken"]);
    expect((await ledgerSnapshot(master.id)).filter((i) => i.status === "waitlist")).toEqual([{ bookingId: null, start: moscow(day, "11:00"), end: moscow(day, "11:45"), status: "waitlist" }]);
  });

  it("books the held time in one tap, once, however often it is tapped", async () => {
    const { master, day, b, booking, waiting } = await busyEleven();
    const a = waiting[0]!;
    await cancel(b.token, booking.id);
    expect((await untilStateLeaves(a.token, a.entryId, master.id)).state).toBe("offered");

    const [one, two] = await Promise.all([confirm(a.token, a.entryId), confirm(a.token, a.entryId)]);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(one.body.booking.id).toBe(two.body.booking.id);
    expect(one.body.booking).toMatchObject({ status: "pending", start_at: moscow(day, "11:00"), staff: { id: master.id } });
    const again = await confirm(a.token, a.entryId);
    expect([again.status, again.body.booking.id, again.headers.get("idempotent-replayed")]).toEqual([201, one.body.booking.id, "true"]);

    expect(await entryOf(a.token, a.entryId)).toMatchObject({ state: "booked", booking_id: one.body.booking.id, offer: null });
    expect((await activeRows(master.id)).map((r) => r.id)).toEqual([one.body.booking.id]);
    expect((await ledgerSnapshot(master.id)).map((i) => [i.bookingId, i.status])).toEqual([[one.body.booking.id, "pending"]]);
    // Only the holder can take it.
    const c = await quickCustomer();
    expect((await confirm(c.token, a.entryId)).status).toBe(403);
  });

  it("passes the hold to the next customer when the first declines", async () => {
    const { master, b, booking, waiting } = await busyEleven(2);
    const [a, second] = waiting as [(typeof waiting)[0], (typeof waiting)[0]];
    await cancel(b.token, booking.id);
    expect((await untilStateLeaves(a.token, a.entryId, master.id)).state).toBe("offered");

    const declined = await call("POST", `/api/v1/waitlist/${a.entryId}/decline`, { token: a.token });
    expect([declined.status, declined.body.entry.state]).toEqual([200, "declined"]);
    expect((await untilStateLeaves(second.token, second.entryId, master.id)).state).toBe("offered");
    const late = await confirm(a.token, a.entryId);
    expect([late.status, late.body.error.code]).toEqual([409, "offer_not_active"]);

    // Leaving the waitlist while a time is held passes it on too (here: to nobody, so it is free).
    const left = await call("DELETE", `/api/v1/waitlist/${second.entryId}`, { token: second.token });
    expect(left.body.entry.state).toBe("cancelled");
    expect((await ledgerSnapshot(master.id)).filter((i) => i.status === "waitlist")).toEqual([]);
  });

  it("passes a lapsed hold to the next customer, and frees the time when nobody is left", async () => {
    const { master, day, b, booking, waiting } = await busyEleven(2);
    const [a, second] = waiting as [(typeof waiting)[0], (typeof waiting)[0]];
    await cancel(b.token, booking.id);
    expect((await untilStateLeaves(a.token, a.entryId, master.id)).state).toBe("offered");

    await expireOffer(a.entryId, master.id);
    // A lapsed hold reads as lapsed at once, and blocks nobody even before the alarm tidies it up.
    expect((await entryOf(a.token, a.entryId)).state).toBe("lapsed");
    expect((await untilStateLeaves(second.token, second.entryId, master.id)).state).toBe("offered");
    expect((await confirm(a.token, a.entryId)).body.error.code).toBe("offer_not_active");

    await expireOffer(second.entryId, master.id);
    expect((await untilStateLeaves(second.token, second.entryId, master.id, "offered")).state).toBe("lapsed");
    expect((await ledgerSnapshot(master.id)).filter((i) => i.status === "waitlist")).toEqual([]);
    const c = await quickCustomer();
    expect((await book(c.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") })).status).toBe(201);
  });

  it("re-arms a lost alarm from the cron's audit, so a held time still lapses", async () => {
    const { master, b, booking, waiting } = await busyEleven();
    const a = waiting[0]!;
    await cancel(b.token, booking.id);
    expect((await untilStateLeaves(a.token, a.entryId, master.id)).state).toBe("offered");
    const alarm = () => runInDurableObject(ledgerOf(master.id), (_: StaffLedger, state: DurableObjectState) => state.storage.getAlarm());
    await runInDurableObject(ledgerOf(master.id), (_: StaffLedger, state: DurableObjectState) => state.storage.deleteAlarm());
    expect(await alarm()).toBeNull();

    const rebuilt = await call("POST", `/api/v1/admin/staff/${master.id}/ledger/rebuild`, { token: await adminToken() });
    expect(rebuilt.status).toBe(200);
    expect(await alarm()).toBe(Date.parse((await entryOf(a.token, a.entryId)).offer.expires_at));
  });

  it("ends the entries of a deleted account and passes its held time on", async () => {
    const { master, b, booking, waiting } = await busyEleven(2);
    const [a, second] = waiting as [(typeof waiting)[0], (typeof waiting)[0]];
    await cancel(b.token, booking.id);
    expect((await untilStateLeaves(a.token, a.entryId, master.id)).state).toBe("offered");
    const later = await join(a.token, { service_id: HAIRCUT, date: salonDate(7) });

    expect((await call("DELETE", "/api/v1/me", { token: a.token })).status).toBe(200);
    const { rows } = await sql("select id, state from waitlist_entries where user_id = ? order by id", [a.id]);
    expect(rows.map((r) => [Number(r.id), r.state])).toEqual([[a.entryId, "cancelled"], [later.body.entry.id, "cancelled"]]);
    expect((await untilStateLeaves(second.token, second.entryId, master.id)).state).toBe("offered");
  });

  it("offers the time a rescheduled booking left", async () => {
    const { master, day, b, booking, waiting } = await busyEleven();
    const a = waiting[0]!;
    const moved = await call("PATCH", `/api/v1/bookings/${booking.id}`, { token: b.token, body: { action: "reschedule", appointment_datetime: slot(day, "16:00") } });
    expect(moved.status).toBe(200);
    const entry = await untilStateLeaves(a.token, a.entryId, master.id);
    expect(entry).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "11:00") } });
  });

  it("does not offer a freed time outside the customer's range or to another master's waiters", async () => {
    const { master, day, b, booking } = await busyEleven(0);
    const picky = await quickCustomer();
    const late = await join(picky.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "15:00", to_time: "18:00" });
    const other = await newMaster({ services: [HAIRCUT] });
    const elsewhere = await join(picky.token, { service_id: HAIRCUT, date: day, staff_id: other.id, from_time: "11:00", to_time: "12:00" });
    await cancel(b.token, booking.id);
    await untilOffersSettled(master.id);
    expect((await entryOf(picky.token, late.body.entry.id)).state).toBe("waiting");
    expect((await entryOf(picky.token, elsewhere.body.entry.id)).state).toBe("waiting");
  });
});
