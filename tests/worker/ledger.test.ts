// The per-master ledger Durable Object: rebuilding from the database, hold
// expiry by alarm, and giving a claim back when the database write fails.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import type { NewBooking } from "../../worker/repo/bookings.js";
import { call } from "./client.js";
import { activeRows, ledgerOf, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { book, moscow, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";

const HAIRCUT = 3;
const MASSAGE = 8;
const day = salonDate(5);

function newBooking(staffId: number, customer: { id: number; phone: string }, start: string, minutes = 45): NewBooking {
  return {
    userId: customer.id,
    serviceId: HAIRCUT,
    staffId,
    startAt: start,
    endAt: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
    status: "pending",
    phone: customer.phone,
    customerName: null,
    notes: null,
    priceTotalMinor: 150000,
    prepaymentMinor: 0,
    currency: "RUB",
    holdExpiresAt: null,
    idempotencyKey: newKey(),
    requestHash: "test",
    origin: "online",
    addons: [],
  };
}

const wipe = (staffId: number) =>
  runInDurableObject(ledgerOf(staffId), (_instance: StaffLedger, state) => {
    state.storage.sql.exec("delete from intervals");
    state.storage.sql.exec("delete from meta");
  });

const intervalsTable = (staffId: number) =>
  runInDurableObject(ledgerOf(staffId), (_instance: StaffLedger, state) =>
    state.storage.sql.exec("select booking_id, start, status, hold_expires_at from intervals order by start").toArray(),
  );

describe("StaffLedger", () => {
  it("rebuilds from the database when its storage is empty", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const first = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    expect(first.status).toBe(201);
    const id = first.body.booking.id;

    await wipe(master.id);
    expect(await intervalsTable(master.id)).toEqual([]);

    // The ledger itself refuses an overlapping claim: it reloaded the booking first.
    const direct = await runInDurableObject(ledgerOf(master.id), (instance: StaffLedger) =>
      instance.reserve(newBooking(master.id, bob, moscow(day, "10:30"))),
    );
    expect(direct).toEqual({ ok: false, reason: "overlap", conflicts: [{ start: moscow(day, "10:00"), end: moscow(day, "10:45") }] });
    expect(await ledgerSnapshot(master.id)).toEqual([{ bookingId: id, start: moscow(day, "10:00"), end: moscow(day, "10:45"), status: "pending" }]);

    await wipe(master.id);
    const clash = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("slot_taken");
    const next = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect(next.status).toBe(201);
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual([id, next.body.booking.id]);
    expect((await activeRows(master.id)).map((r) => r.id)).toEqual([id, next.body.booking.id]);
  });

  it("releases an expired hold by alarm, once, and the slot opens again", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const held = await book(alice.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(day, "16:00") });
    expect(held.status).toBe(201);
    expect(held.body.booking.status).toBe("held");
    const id = held.body.booking.id;
    const ledger = ledgerOf(master.id);
    expect(await runInDurableObject(ledger, (_i: StaffLedger, state) => state.storage.getAlarm())).toBe(Date.parse(held.body.booking.hold_expires_at));

    const past = new Date(Date.now() - 60_000).toISOString();
    await sql("update bookings set hold_expires_at = ? where id = ?", [past, id]);
    await runInDurableObject(ledger, (_i: StaffLedger, state) => {
      state.storage.sql.exec("update intervals set hold_expires_at = ? where booking_id = ?", past, id);
    });

    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    const after = await call("GET", `/api/v1/bookings/${id}`, { token: alice.token });
    expect(after.body.booking).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
    expect(await ledgerSnapshot(master.id)).toEqual([]);

    const again = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "16:00") });
    expect(again.status).toBe(201);

    // A second run finds nothing to do and touches nothing.
    expect(await runDurableObjectAlarm(ledger)).toBe(false);
    await runInDurableObject(ledger, (instance: StaffLedger) => instance.alarm());
    expect((await call("GET", `/api/v1/bookings/${id}`, { token: alice.token })).body.booking.status).toBe("cancelled");
    expect(await ledgerSnapshot(master.id)).toEqual([{ bookingId: again.body.booking.id, start: moscow(day, "16:00"), end: moscow(day, "16:45"), status: "pending" }]);
  });

  it("keeps a hold that was paid meanwhile, taking the database's word for it", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const held = await book(alice.token, { service_id: MASSAGE, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect(held.status).toBe(201);
    const id = held.body.booking.id;
    const ledger = ledgerOf(master.id);
    // Paid: the database says confirmed, the ledger still thinks the hold ran out.
    await sql("update bookings set status = 'confirmed', hold_expires_at = null where id = ?", [id]);
    await runInDurableObject(ledger, (_i: StaffLedger, state) => {
      state.storage.sql.exec("update intervals set hold_expires_at = ? where booking_id = ?", new Date(Date.now() - 60_000).toISOString(), id);
    });

    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    expect((await call("GET", `/api/v1/bookings/${id}`, { token: alice.token })).body.booking.status).toBe("confirmed");
    expect(await intervalsTable(master.id)).toEqual([{ booking_id: id, start: moscow(day, "11:00"), status: "confirmed", hold_expires_at: null }]);
  });

  it("gives the claim back when the database refuses the booking", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const existing = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    expect(existing.status).toBe(201);
    const before = await ledgerSnapshot(master.id);
    const start = moscow(day, "12:00");

    const refused = [
      // NOT NULL: no phone.
      { ...newBooking(master.id, alice, start), phone: null as unknown as string },
      // CHECK bookings_interval_order: an interval that ends before it starts.
      { ...newBooking(master.id, alice, start), endAt: moscow(day, "11:00") },
    ];
    for (const booking of refused) {
      const result = await runInDurableObject(ledgerOf(master.id), (instance: StaffLedger) => instance.reserve(booking));
      expect(result).toEqual({ ok: false, reason: "unavailable" });
      expect(await ledgerSnapshot(master.id)).toEqual(before);
    }

    const valid = newBooking(master.id, alice, start);
    const result = await runInDurableObject(ledgerOf(master.id), (instance: StaffLedger) => instance.reserve(valid));
    expect(result).toMatchObject({ ok: true, replayed: false, booking: { staffId: master.id, startAt: start, status: "pending" } });
    expect((await ledgerSnapshot(master.id)).map((i) => i.start)).toEqual([moscow(day, "10:00"), start]);
  });
});
