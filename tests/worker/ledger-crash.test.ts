// Claims a crash cut short: a reservation whose request is gone left its
// claim in the ledger without an answer. The next claim that meets it asks
// the database what became of it then and there (no 30-second alarm), so a
// time the API shows free is bookable as soon as the database answers; and a
// time the ledger refuses is never offered as its own alternative.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call } from "./client.js";
import { claimInFlight, ledgerOf, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { book, moscow, newKey, newMaster, salonDate, slot } from "./scenario.js";

const HAIRCUT = 3; // 45 min
const day = salonDate(7);

const freeTimes = async (staffId: number) => {
  const { body } = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${staffId}&date=${day}`);
  return (body.slots as { time: string; available: boolean }[]).filter((s) => s.available).map((s) => s.time);
};

/** A reservation's claim with no answer and no request behind it any more (the worker died mid-write). */
const plantGoneClaim = (staffId: number, key: string, start: string, end: string) =>
  runInDurableObject(ledgerOf(staffId), async (instance: StaffLedger, state) => {
    await instance.snapshot(staffId); // loads the ledger first
    state.storage.sql.exec(`insert into intervals (key, booking_id, start, "end", status, hold_expires_at) values (?, null, ?, ?, 'pending', null)`, key, start, end);
  });

const alarmAt = (staffId: number) => runInDurableObject(ledgerOf(staffId), (_i: StaffLedger, state) => state.storage.getAlarm());

describe("a claim cut short by a crash", () => {
  it("does not refuse a time the database shows free: the next booking of it gets 201 at once, without the alarm", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const gone = await quickCustomer();
    await plantGoneClaim(master.id, `r:${gone.id}:${newKey()}`, moscow(day, "11:00"), moscow(day, "11:45"));
    expect(await alarmAt(master.id)).toBeNull();
    expect(await freeTimes(master.id)).toContain("11:00");

    const bob = await quickCustomer();
    const booked = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect(booked.status).toBe(201);
    expect(await ledgerSnapshot(master.id)).toEqual([{ bookingId: booked.body.booking.id, start: moscow(day, "11:00"), end: moscow(day, "11:45"), status: "pending" }]);
  });

  it("keeps refusing when the cut-short write did land: the claim becomes that booking", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const alice = await quickCustomer();
    const key = newKey();
    const first = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "12:00") }, key);
    expect(first.status).toBe(201);
    // As if the answer was lost: the ledger holds the request's claim, not the booking.
    await runInDurableObject(ledgerOf(master.id), (_i: StaffLedger, state) => {
      state.storage.sql.exec(`update intervals set key = ?, booking_id = null where booking_id = ?`, `r:${alice.id}:${key}`, first.body.booking.id);
    });

    // Straight to the ledger (the database already shows the time taken, so the API would not get this far).
    const bob = await quickCustomer();
    const refused = await ledgerOf(master.id).reserve({
      userId: bob.id, serviceId: HAIRCUT, staffId: master.id, startAt: moscow(day, "12:15"), endAt: moscow(day, "13:00"),
      status: "pending", phone: bob.phone, customerName: null, notes: null, priceTotalMinor: 150000, prepaymentMinor: 0, currency: "RUB",
      holdExpiresAt: null, idempotencyKey: newKey(), requestHash: "crash", origin: "online", addons: [],
    });
    expect(refused).toMatchObject({ ok: false, reason: "overlap" });
    expect(await ledgerSnapshot(master.id)).toEqual([{ bookingId: first.body.booking.id, start: moscow(day, "12:00"), end: moscow(day, "12:45"), status: "pending" }]);
  });
});

describe("the alternatives of a refused time", () => {
  it("never list the refused time itself, even while the database still shows it free", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    // A claim whose write is in flight: the database does not show it yet, the ledger refuses.
    await claimInFlight(master.id, "in-flight-alternatives", moscow(day, "13:00"), moscow(day, "13:45"));
    expect(await freeTimes(master.id)).toContain("13:00");

    const bob = await quickCustomer();
    const refused = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "13:00") });
    expect([refused.status, refused.body.error.code]).toEqual([409, "slot_taken"]);
    const starts = refused.body.error.details.alternatives.same_staff.map((a: { start_at: string }) => a.start_at);
    expect(starts.length).toBeGreaterThan(0);
    expect(starts).not.toContain(moscow(day, "13:00"));
  });
});
