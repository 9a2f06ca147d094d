// The waitlist's first claim: a freed time is held for the first waiting
// customer in the very step that frees it, so nobody else can book it in
// between, however soon they ask; a stream of other cancellations does not
// hold the offer back; and a time freed while nobody waited is simply free.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { describe, expect, it } from "vitest";
import { call, runCron } from "../worker/client.js";
import { activeRows, ledgerOf, quickCustomer } from "../worker/direct-db.js";
import { adminToken, book, moscow, newMaster, salonDate, slot, sql } from "../worker/scenario.js";
import { entryOf, eventually, expireOffer, HAIRCUT, join } from "../worker/waitlist-helpers.js";

const cancel = (token: string, id: number) => call("PATCH", `/api/v1/bookings/${id}`, { token, body: { action: "cancel" } });
const plus45 = (time: string) => {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const end = h * 60 + m + 45;
  return `${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")}`;
};

/** P booked at `time`, W waiting for exactly that time. */
async function bookedAndAwaited(staffId: number, day: string, time: string) {
  const p = await quickCustomer();
  const taken = await book(p.token, { service_id: HAIRCUT, staff_id: staffId, appointment_datetime: slot(day, time) });
  expect(taken.status).toBe(201);
  const w = await quickCustomer();
  const joined = await join(w.token, { service_id: HAIRCUT, date: day, staff_id: staffId, from_time: time, to_time: plus45(time) });
  expect(joined.status).toBe(201);
  return { p, bookingId: taken.body.booking.id as number, w, entryId: joined.body.entry.id as number };
}

/** Waits until `ms` have passed since `from` by sending other requests (no timer of its own). */
async function otherRequestsFor(ms: number, from: number) {
  while (Date.now() - from < ms) await call("GET", "/api/v1/salon");
}

describe("a freed time is held for the first waiting customer in the step that frees it", () => {
  it("never lets another customer book it: in the same tick as the cancel, or at any offset up to 2 s after it", { timeout: 60_000 }, async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(8);
    const rounds: [time: string, offsetMs: number][] = [["10:00", 0], ["11:00", 100], ["12:00", 300], ["13:00", 600], ["15:00", 1200], ["16:00", 2000]];
    const other = await quickCustomer();
    const racer = await quickCustomer();
    for (const [time, offset] of rounds) {
      const { p, bookingId, w, entryId } = await bookedAndAwaited(master.id, day, time);
      const body = { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, time) };
      // Sent together with the cancel: whichever the ledger sees first, it is not the racer's.
      const [cancelled, sameTick] = await Promise.all([cancel(p.token, bookingId), book(racer.token, body)]);
      expect(cancelled.status).toBe(200);
      expect([time, sameTick.status]).toEqual([time, 409]);
      const freedAt = Date.now();
      await otherRequestsFor(offset, freedAt);
      const late = await book(other.token, body);
      expect([time, offset, late.status, late.body.error?.code]).toEqual([time, offset, 409, "slot_taken"]);
      expect(await entryOf(w.token, entryId)).toMatchObject({ state: "offered", offer: { start_at: moscow(day, time) } });
    }
    expect((await activeRows(master.id)).length).toBe(0);
  });

  it("offers the time as the cancel answers, however many other times the master's ledger frees around it", { timeout: 60_000 }, async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(9);
    const { p, bookingId, w, entryId } = await bookedAndAwaited(master.id, day, "11:00");
    // Two customers: one account holds only a few upcoming bookings.
    const early = await quickCustomer();
    const late = await quickCustomer();
    const stream: number[] = [];
    for (let i = 0; i < 8; i++) {
      const made = await book((i < 4 ? early : late).token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(10 + (i % 4)), i < 4 ? "12:00" : "16:00") });
      expect(made.status).toBe(201);
      stream.push(made.body.booking.id);
    }
    for (const id of stream.slice(0, 4)) expect((await cancel(early.token, id)).status).toBe(200);
    expect((await cancel(p.token, bookingId)).status).toBe(200);
    // No alarm run, no wait: the cancel itself held the time and recorded the offer.
    expect(await entryOf(w.token, entryId)).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "11:00") } });
    for (const id of stream.slice(4)) expect((await cancel(late.token, id)).status).toBe(200);
    const c = await quickCustomer();
    expect((await book(c.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") })).status).toBe(409);
    expect(await entryOf(w.token, entryId)).toMatchObject({ state: "offered" });
  });

  it("leaves a time freed while nobody waited free: a customer who joins afterwards is not offered it, and anyone can book it", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(8);
    const p = await quickCustomer();
    const taken = await book(p.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect((await cancel(p.token, taken.body.booking.id)).status).toBe(200);
    const w = await quickCustomer();
    const joined = await join(w.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "11:00", to_time: "11:45" });
    await runDurableObjectAlarm(ledgerOf(master.id));
    expect((await entryOf(w.token, joined.body.entry.id)).state).toBe("waiting");
    const c = await quickCustomer();
    expect((await book(c.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") })).status).toBe(201);
  });

  it("holds the time of a removed block for the waiting customer in the removal itself", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(8);
    const admin = await adminToken();
    const blocked = await call("POST", "/api/v1/admin/blocks", { token: admin, body: { staff_id: master.id, start: slot(day, "11:00"), end: slot(day, "12:00"), reason: "учёба" } });
    expect(blocked.status).toBe(201);
    const w = await quickCustomer();
    const joined = await join(w.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "11:00", to_time: "12:00" });
    expect((await call("DELETE", `/api/v1/admin/blocks/${blocked.body.block.id}`, { token: admin })).status).toBe(200);
    expect(await entryOf(w.token, joined.body.entry.id)).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "11:00") } });
    const c = await quickCustomer();
    expect((await book(c.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") })).status).toBe(409);
  });

  it("gets a ledger that lost its wishes back in line from the cron, so the next freed time is still held", { timeout: 60_000 }, async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(8);
    const { p, bookingId, w, entryId } = await bookedAndAwaited(master.id, day, "17:00");
    await runInDurableObject(ledgerOf(master.id), (_i: StaffLedger, state) => {
      state.storage.sql.exec("delete from wishes; delete from wish_spans;");
    });
    await runCron(Date.now());
    expect((await cancel(p.token, bookingId)).status).toBe(200);
    expect(await entryOf(w.token, entryId)).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "17:00") } });
  });

  it("passes a lapsed hold to the next waiting customer before another booking is checked, without waiting for the alarm", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(8);
    const { p, bookingId, w, entryId } = await bookedAndAwaited(master.id, day, "12:00");
    const next = await quickCustomer();
    const second = await join(next.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "12:00", to_time: "12:45" });
    expect((await cancel(p.token, bookingId)).status).toBe(200);
    expect((await entryOf(w.token, entryId)).state).toBe("offered");

    // The first hold runs out; the ledger's alarm is still minutes away.
    await expireOffer(entryId, master.id);
    const c = await quickCustomer();
    const taken = await book(c.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "12:00") });
    expect([taken.status, taken.body.error?.code]).toEqual([409, "slot_taken"]);
    const offered = await eventually(() => entryOf(next.token, second.body.entry.id), (e) => e.state !== "waiting");
    expect(offered).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "12:00") } });
  });

  it("offers an entry for any master one time only: another master's freed time goes to the next in line", async () => {
    // A service of its own, so only these two masters' ledgers hold these wishes.
    const service = Number((await sql("insert into services (name, duration_min, price_minor, currency) values (?, 45, 150000, 'RUB') returning id", [`Стрижка ${Date.now()}`])).rows[0]!.id);
    const [a, b] = [await newMaster({ services: [service] }), await newMaster({ services: [service] })];
    const day = salonDate(8);
    const p = await quickCustomer();
    const atA = await book(p.token, { service_id: service, staff_id: a.id, appointment_datetime: slot(day, "11:00") });
    const atB = await book(p.token, { service_id: service, staff_id: b.id, appointment_datetime: slot(day, "11:00") });
    const [first, second] = [await quickCustomer(), await quickCustomer()];
    const one = await join(first.token, { service_id: service, date: day, from_time: "11:00", to_time: "11:45" });
    const two = await join(second.token, { service_id: service, date: day, from_time: "11:00", to_time: "11:45" });

    expect((await cancel(p.token, atA.body.booking.id)).status).toBe(200);
    expect(await entryOf(first.token, one.body.entry.id)).toMatchObject({ state: "offered", offer: { staff: { id: a.id } } });
    expect((await cancel(p.token, atB.body.booking.id)).status).toBe(200);
    expect(await entryOf(second.token, two.body.entry.id)).toMatchObject({ state: "offered", offer: { staff: { id: b.id }, start_at: moscow(day, "11:00") } });
    expect(await entryOf(first.token, one.body.entry.id)).toMatchObject({ state: "offered", offer: { staff: { id: a.id } } });
  });

  it("registers the wishes again when the same customer joins again, so a join cut short after its row was written still gets the time", async () => {
    const master = await newMaster({ services: [HAIRCUT] });
    const day = salonDate(8);
    const { p, bookingId, w, entryId } = await bookedAndAwaited(master.id, day, "18:00");
    // As if the ledger never heard of the join.
    await runInDurableObject(ledgerOf(master.id), (_i: StaffLedger, state) => {
      state.storage.sql.exec("delete from wishes; delete from wish_spans;");
    });
    const again = await join(w.token, { service_id: HAIRCUT, date: day, staff_id: master.id, from_time: "18:00", to_time: "18:45" });
    expect([again.status, again.body.entry.id]).toEqual([200, entryId]);
    expect((await cancel(p.token, bookingId)).status).toBe(200);
    expect(await entryOf(w.token, entryId)).toMatchObject({ state: "offered", offer: { start_at: moscow(day, "18:00") } });
  });
});
