// A time held for a waiting customer under fire: 100 other customers try to
// book it at once while the holder confirms. The hold wins, nobody else gets
// the time, and the master is never double-booked. About 20 s alone.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { activeRows, ledgerOf, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { book, moscow, newMaster, salonDate, slot } from "./scenario.js";
import { HAIRCUT, join, untilStateLeaves } from "./waitlist-helpers.js";

describe("a waitlist hold against concurrent bookings", () => {
  it("lets the holder book while 100 simultaneous bookings of the held time all fail", { timeout: 120_000 }, async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(6);
    const b = await quickCustomer();
    const taken = await book(b.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    const a = await quickCustomer();
    const entry = (await join(a.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "11:00", to_time: "12:00" })).body.entry;
    await call("PATCH", `/api/v1/bookings/${taken.body.booking.id}`, { token: b.token, body: { action: "cancel" } });
    expect((await untilStateLeaves(a.token, entry.id, master.id)).state).toBe("offered");

    const others = await Promise.all(Array.from({ length: 10 }, () => quickCustomer()));
    const body = { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") };
    // A third of them ask for 10:30, which runs into the held 11:00.
    const attempts = Array.from({ length: 100 }, (_, i) =>
      book(others[i % others.length]!.token, i % 3 === 2 ? { ...body, appointment_datetime: slot(day, "10:30") } : body),
    );
    const [confirmed, ...answers] = await Promise.all([call("POST", `/api/v1/waitlist/${entry.id}/confirm`, { token: a.token }), ...attempts]);

    expect(confirmed.status).toBe(201);
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(409));
    expect(answers.every((r) => r.body.error.code === "slot_taken")).toBe(true);
    const rows = await activeRows(master.id);
    expect(rows).toEqual([{ id: confirmed.body.booking.id, start: moscow(day, "11:00"), end: moscow(day, "11:45"), status: "pending" }]);
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual([confirmed.body.booking.id]);
  });

  it("refuses in the ledger itself: 100 reservations sent straight to it cannot take the held time", { timeout: 120_000 }, async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(6);
    const b = await quickCustomer();
    const taken = await book(b.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    const a = await quickCustomer();
    const entry = (await join(a.token, { service_id: HAIRCUT, date: day, staff_id: master.id })).body.entry;
    await call("PATCH", `/api/v1/bookings/${taken.body.booking.id}`, { token: b.token, body: { action: "cancel" } });
    expect((await untilStateLeaves(a.token, entry.id, master.id)).offer.start_at).toBe(moscow(day, "11:00"));

    // Past the slot engine's check (which already shows the time as taken): only the ledger stands in the way.
    const others = await Promise.all(Array.from({ length: 10 }, () => quickCustomer()));
    const ledger = ledgerOf(master.id);
    const attempts = Array.from({ length: 100 }, (_, i) => {
      const who = others[i % others.length]!;
      return ledger.reserve({
        userId: who.id, serviceId: HAIRCUT, staffId: master.id, startAt: moscow(day, i % 2 ? "11:00" : "11:30"), endAt: moscow(day, i % 2 ? "11:45" : "12:15"),
        status: "pending", phone: who.phone, customerName: null, notes: null, priceTotalMinor: 150000, prepaymentMinor: 0, currency: "RUB",
        holdExpiresAt: null, idempotencyKey: `race-${i}`, requestHash: `race-${i}`, origin: "online", addons: [],
      });
    });
    const [confirmed, ...results] = await Promise.all([call("POST", `/api/v1/waitlist/${entry.id}/confirm`, { token: a.token }), ...attempts]);

    expect(confirmed.status).toBe(201);
    expect(results.every((r) => !r.ok && r.reason === "overlap")).toBe(true);
    expect((await activeRows(master.id)).map((r) => r.id)).toEqual([confirmed.body.booking.id]);
  });
});
