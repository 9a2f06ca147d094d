// The ledger trusts an interval only as far as the database backs it: a row
// deleted or cancelled by hand, a ledger filled from another database, and
// the cron audit / admin rebuild that repair what requests do not touch.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call, runCron } from "../worker/client.js";
import { insertBookingRow, ledgerOf, ledgerSnapshot, quickCustomer } from "../worker/direct-db.js";
import { adminToken, book, moscow, newMaster, salonDate, slot, sql } from "../worker/scenario.js";

const HAIRCUT = 3; // 45 min
const day = salonDate(6);

const freeTimes = async (staffId: number, date: string) => {
  const { body } = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${staffId}&date=${date}`);
  return (body.slots as { time: string; available: boolean }[]).filter((s) => s.available).map((s) => s.time);
};

/** An interval in the ledger for a booking id the database never had (as after a restore). */
const plantStale = (staffId: number, bookingId: number, start: string, end: string) =>
  runInDurableObject(ledgerOf(staffId), async (instance: StaffLedger, state) => {
    await instance.snapshot(staffId); // loads the ledger first
    state.storage.sql.exec(
      `insert into intervals (key, booking_id, start, "end", status, hold_expires_at) values (?, ?, ?, ?, 'pending', null)`,
      `b${bookingId}`, bookingId, start, end,
    );
  });

const unusedBookingId = async () => Number((await sql("select coalesce(max(id), 0) + 1000000 as id from bookings")).rows[0]!.id);

describe("a conflict the database does not back", () => {
  it("is dropped when the booking row was deleted by hand, and the time books (201)", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const first = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    expect(first.status).toBe(201);
    await sql("delete from bookings where id = ?", [first.body.booking.id]);
    expect(await freeTimes(master.id, day)).toContain("10:00");

    const again = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    expect(again.status).toBe(201);
    expect(await ledgerSnapshot(master.id)).toEqual([{ bookingId: again.body.booking.id, start: moscow(day, "10:00"), end: moscow(day, "10:45"), status: "pending" }]);
  });

  it("is dropped when the row was cancelled by hand; a backed conflict still answers 409", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const kept = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "12:00") });
    const gone = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "16:00") });
    await sql("update bookings set status = 'cancelled' where id = ?", [gone.body.booking.id]);

    const clash = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "12:00") });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("slot_taken");
    const freed = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "16:00") });
    expect(freed.status).toBe(201);
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual([kept.body.booking.id, freed.body.booking.id]);
  });

  it("does not block a reschedule onto its time", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const booked = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    await plantStale(master.id, await unusedBookingId(), moscow(day, "17:00"), moscow(day, "18:00"));
    const moved = await call("PATCH", `/api/v1/bookings/${booked.body.booking.id}`, {
      token: alice.token,
      body: { action: "reschedule", appointment_datetime: slot(day, "17:00") },
    });
    expect(moved.status).toBe(200);
    expect(await ledgerSnapshot(master.id)).toEqual([{ bookingId: booked.body.booking.id, start: moscow(day, "17:00"), end: moscow(day, "17:45"), status: "pending" }]);
  });

  it("keeps every slot the API shows as free bookable, with stale intervals all over the day", async () => {
    const master = await newMaster();
    const base = await unusedBookingId();
    for (const [i, time] of ["10:00", "11:30", "13:00", "16:00", "18:00"].entries()) {
      await plantStale(master.id, base + i, moscow(day, time), moscow(day, time === "18:00" ? "19:00" : `${String(Number(time.slice(0, 2)) + 1).padStart(2, "0")}:00`));
    }
    let booked = 0;
    for (let free = await freeTimes(master.id, day); free.length > 0; free = await freeTimes(master.id, day)) {
      // A customer per booking: one account holds only a few upcoming bookings.
      const created = await book((await quickCustomer()).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, free[0]!) });
      expect(created.status, `${free[0]} was offered as free`).toBe(201);
      booked++;
    }
    expect(booked).toBeGreaterThanOrEqual(8);
  });
});

describe("a YClients record over an interval the database does not back", () => {
  it("is written without an overlap flag, and the stale interval is gone", async () => {
    const master = await newMaster();
    await plantStale(master.id, await unusedBookingId(), moscow(day, "11:00"), moscow(day, "12:00"));
    const recordId = 700_000_000 + Math.floor(Math.random() * 1_000_000);
    const result = await ledgerOf(master.id).applyExternal(master.id, {
      recordId, staffId: master.id, serviceId: null, userId: null, phone: "", customerName: null, notes: null,
      startAt: moscow(day, "11:00"), endAt: moscow(day, "11:45"), status: "confirmed", cancelReason: null,
      priceTotalMinor: 0, currency: "RUB", lastChange: new Date().toISOString(), needsAttention: null,
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.booking.needsAttention).toBeNull();
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual([result.ok ? result.booking.id : -1]);
  });
});

describe("a ledger filled from another database", () => {
  it("rebuilds from this one when the caller's generation differs", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const stale = await unusedBookingId();
    await plantStale(master.id, stale, moscow(day, "11:00"), moscow(day, "12:00"));
    await runInDurableObject(ledgerOf(master.id), (_i: StaffLedger, state) => {
      state.storage.sql.exec(`insert or replace into meta (name, value) values ('generation', 'another-database')`);
    });
    const other = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "15:00") });
    expect(other.status).toBe(201);
    // The reload happened before the claim, not by a conflict check: 11:00 was not asked for.
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual([other.body.booking.id]);
    const generation = (await sql("select generation from database_identity")).rows[0]!.generation;
    const stored = await runInDurableObject(ledgerOf(master.id), (_i: StaffLedger, state) =>
      state.storage.sql.exec(`select value from meta where name = 'generation'`).toArray()[0]?.value,
    );
    expect(stored).toBe(generation);
  });
});

describe("the ledger audit", () => {
  it("the admin rebuild adds bookings the ledger misses, drops the ones the database lacks, and says so", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const booked = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    const missing = await insertBookingRow({ userId: alice.id, phone: alice.phone, staffId: master.id, startAt: moscow(day, "12:00"), endAt: moscow(day, "12:45") });
    const stale = await unusedBookingId();
    await plantStale(master.id, stale, moscow(day, "16:00"), moscow(day, "17:00"));
    await sql("update bookings set end_at = ? where id = ?", [moscow(day, "11:00"), booked.body.booking.id]);

    const rebuilt = await call("POST", `/api/v1/admin/staff/${master.id}/ledger/rebuild`, { token: await adminToken() });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.staff_id).toBe(master.id);
    const changes = Object.fromEntries(rebuilt.body.repairs.map((r: { booking_id: number; change: string }) => [r.booking_id, r.change]));
    expect(changes).toEqual({ [booked.body.booking.id]: "updated", [missing]: "added", [stale]: "removed" });
    expect(await ledgerSnapshot(master.id)).toEqual([
      { bookingId: booked.body.booking.id, start: moscow(day, "10:00"), end: moscow(day, "11:00"), status: "pending" },
      { bookingId: missing, start: moscow(day, "12:00"), end: moscow(day, "12:45"), status: "pending" },
    ]);
    const again = await call("POST", `/api/v1/admin/staff/${master.id}/ledger/rebuild`, { token: await adminToken() });
    expect(again.body.repairs).toEqual([]);
  });

  it("the rebuild is for admins, of masters that exist", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    expect((await call("POST", `/api/v1/admin/staff/${master.id}/ledger/rebuild`, { token: alice.token })).status).toBe(403);
    expect((await call("POST", `/api/v1/admin/staff/999999/ledger/rebuild`, { token: await adminToken() })).status).toBe(404);
  });

  it("the cron repairs every master's ledger", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    const missing = await insertBookingRow({ userId: alice.id, phone: alice.phone, staffId: master.id, startAt: moscow(day, "13:00"), endAt: moscow(day, "13:45") });
    await plantStale(master.id, await unusedBookingId(), moscow(day, "16:00"), moscow(day, "17:00"));
    await runCron(Date.now());
    const held = await ledgerSnapshot(master.id);
    expect(held.map((i) => i.start)).toEqual([moscow(day, "10:00"), moscow(day, "13:00")]);
    expect(held[1]!.bookingId).toBe(missing);
  });
});
