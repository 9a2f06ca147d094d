// PATCH /bookings/{id}: cancel, reschedule, completed / no-show marks.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call } from "./client.js";
import { activeRows, insertBookingRow, ledgerOf, ledgerSnapshot, quickCustomer } from "./direct-db.js";
import { adminToken, book, moscow, newMaster, salonDate, slot, sql, tokenFor } from "./scenario.js";

const HAIRCUT = 3;
const MASSAGE = 8;
const HOUR = 3_600_000;

const patch = (token: string, id: number, body: unknown) => call("PATCH", `/api/v1/bookings/${id}`, { token, body });
const get = async (token: string, id: number) => (await call("GET", `/api/v1/bookings/${id}`, { token })).body.booking;

async function booked(token: string, staffId: number, date: string, time: string, serviceId = HAIRCUT) {
  const res = await book(token, { service_id: serviceId, staff_id: staffId, appointment_datetime: slot(date, time) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.booking as { id: number; start_at: string; status: string; [k: string]: unknown };
}

async function outboxKinds(phone: string): Promise<{ kind: string; body: string }[]> {
  const res = await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`);
  return res.body.messages;
}

describe("cancelling", () => {
  const day = salonDate(3);

  it("lets the customer cancel ahead of the window: the slot opens for others and a message is queued", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const booking = await booked(alice.token, master.id, day, "10:00");

    const res = await patch(alice.token, booking.id, { action: "cancel" });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ id: booking.id, status: "cancelled", cancel_reason: "cancelled_by_customer" });
    expect((await get(alice.token, booking.id)).status).toBe("cancelled");
    expect(await activeRows(master.id)).toEqual([]);
    expect((await ledgerSnapshot(master.id)).some((i) => i.bookingId === booking.id)).toBe(false);

    const again = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") });
    expect(again.status).toBe(201);

    const messages = await outboxKinds(alice.phone);
    expect(messages.filter((m) => m.kind === "booking_cancelled")).toHaveLength(1);
  });

  it("answers a second cancel with the cancelled booking, unchanged", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const booking = await booked(alice.token, master.id, day, "11:00");
    const first = await patch(alice.token, booking.id, { action: "cancel", reason: "changed_plans" });
    const second = await patch(alice.token, booking.id, { action: "cancel" });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.booking).toEqual(first.body.booking);
    expect(second.body.booking.cancel_reason).toBe("changed_plans");
    expect((await outboxKinds(alice.phone)).filter((m) => m.kind === "booking_cancelled")).toHaveLength(1);
  });

  it("lets customers give only the fixed reasons, and nobody a system reason such as hold_expired", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const booking = await booked(alice.token, master.id, day, "12:00");
    for (const reason of ["hold_expired", "account_deleted", "Мастер заболел", ""]) {
      const res = await patch(alice.token, booking.id, { action: "cancel", reason });
      expect(res.status, reason).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    const staff = await tokenFor(master.phone);
    expect((await patch(staff, booking.id, { action: "cancel", reason: "hold_expired" })).status).toBe(400);
    expect((await patch(await adminToken(), booking.id, { action: "cancel", reason: " hold_expired " })).status).toBe(400);
    expect((await get(alice.token, booking.id)).status).toBe("pending");
    expect(await activeRows(master.id)).toHaveLength(1);

    const other = await booked(alice.token, master.id, day, "15:00");
    expect((await patch(staff, other.id, { action: "cancel", reason: "Мастер заболел" })).body.booking.cancel_reason).toBe("Мастер заболел");
    const ok = await patch(alice.token, booking.id, { action: "cancel", reason: "found_other_time" });
    expect(ok.status).toBe(200);
    expect(ok.body.booking.cancel_reason).toBe("found_other_time");
    // The cancel is told to the customer, as any cancel (a hold_expired one would have been silent).
    expect((await outboxKinds(alice.phone)).filter((m) => m.kind === "booking_cancelled")).toHaveLength(2);
  });

  it("refuses a customer inside the cancellation window; staff and admins may cancel any time", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    // Visits three hours away (the API would not book them inside the window
    // on demand). Inserted before the master's ledger is first used, so it loads them.
    const start = new Date(Math.ceil((Date.now() + 3 * HOUR) / 60_000) * 60_000);
    const interval = (offsetMin: number) => ({
      startAt: new Date(start.getTime() + offsetMin * 60_000).toISOString(),
      endAt: new Date(start.getTime() + (offsetMin + 45) * 60_000).toISOString(),
    });
    const soon = await insertBookingRow({ userId: alice.id, phone: alice.phone, staffId: master.id, ...interval(0) });
    const later = await insertBookingRow({ userId: alice.id, phone: alice.phone, staffId: master.id, ...interval(60) });

    const refused = await patch(alice.token, soon, { action: "cancel" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("cancellation_window_passed");
    expect(Date.parse(refused.body.error.details.deadline)).toBe(start.getTime() - 24 * HOUR);
    const moveRefused = await patch(alice.token, soon, { action: "reschedule", appointment_datetime: slot(salonDate(5), "10:00") });
    expect(moveRefused.status).toBe(422);
    expect(moveRefused.body.error.code).toBe("cancellation_window_passed");
    expect((await get(alice.token, soon)).status).toBe("pending");
    expect((await ledgerSnapshot(master.id)).map((i) => i.bookingId)).toEqual([soon, later]);

    const byMaster = await patch(await tokenFor(master.phone), soon, { action: "cancel", reason: "Мастер заболел" });
    expect(byMaster.status).toBe(200);
    expect(byMaster.body.booking).toMatchObject({ status: "cancelled", cancel_reason: "Мастер заболел" });

    const byAdmin = await patch(await adminToken(), later, { action: "cancel" });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.booking).toMatchObject({ status: "cancelled", cancel_reason: "cancelled_by_salon" });
    expect(await ledgerSnapshot(master.id)).toEqual([]);
  });

  it("does not let a customer cancel someone else's booking", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const mallory = await quickCustomer();
    const booking = await booked(alice.token, master.id, day, "12:00");
    const res = await patch(mallory.token, booking.id, { action: "cancel" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect((await get(alice.token, booking.id)).status).toBe("pending");
  });

  it("does not cancel a finished visit", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const id = await insertBookingRow({
      userId: alice.id, phone: alice.phone, staffId: master.id,
      startAt: new Date(Date.now() - 5 * HOUR).toISOString(), endAt: new Date(Date.now() - 4 * HOUR).toISOString(), status: "completed",
    });
    const res = await patch(await adminToken(), id, { action: "cancel" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("booking_not_active");
  });
});

describe("rescheduling", () => {
  const day = salonDate(4);

  it("moves a booking within the same master: the old time is freed, the new one taken", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const booking = await booked(alice.token, master.id, day, "10:00");

    const res = await patch(alice.token, booking.id, { action: "reschedule", appointment_datetime: slot(day, "12:00") });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ id: booking.id, status: "pending", start_at: moscow(day, "12:00"), end_at: moscow(day, "12:45"), local_time: "12:00", staff: { id: master.id } });

    expect((await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "10:00") })).status).toBe(201);
    const taken = await book(bob.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "12:00") });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("slot_taken");
    expect((await outboxKinds(alice.phone)).some((m) => m.kind === "booking_rescheduled")).toBe(true);
  });

  it("moves a booking onto an overlapping time of its own master", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const booking = await booked(alice.token, master.id, day, "10:00");
    const res = await patch(alice.token, booking.id, { action: "reschedule", appointment_datetime: slot(day, "10:30") });
    expect(res.status).toBe(200);
    expect(res.body.booking.start_at).toBe(moscow(day, "10:30"));
    expect((await ledgerSnapshot(master.id)).map((i) => [i.bookingId, i.start])).toEqual([[booking.id, moscow(day, "10:30")]]);
  });

  it("moves a booking to another master: only the new master's ledger holds it", async () => {
    const from = await newMaster();
    const to = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const booking = await booked(alice.token, from.id, day, "11:00");
    expect((await ledgerSnapshot(from.id)).map((i) => i.bookingId)).toEqual([booking.id]);

    const res = await patch(alice.token, booking.id, { action: "reschedule", appointment_datetime: slot(day, "16:00"), staff_id: to.id });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ id: booking.id, staff: { id: to.id }, start_at: moscow(day, "16:00") });

    expect(await ledgerSnapshot(from.id)).toEqual([]);
    expect(await ledgerSnapshot(to.id)).toEqual([{ bookingId: booking.id, start: moscow(day, "16:00"), end: moscow(day, "16:45"), status: "pending" }]);
    expect((await book(bob.token, { service_id: HAIRCUT, staff_id: from.id, appointment_datetime: slot(day, "11:00") })).status).toBe(201);
    const clash = await book(bob.token, { service_id: HAIRCUT, staff_id: to.id, appointment_datetime: slot(day, "16:30") });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("slot_taken");
  });

  it("re-prices a move to a dearer master: 409 price_changed with both prices and nothing moved, until the new price is accepted", async () => {
    const from = await newMaster();
    const dear = await newMaster();
    const alice = await quickCustomer();
    const booking = await booked(alice.token, from.id, day, "12:00");
    const old = (booking.price as { amount_minor: number }).amount_minor;
    await sql("update staff_services set price_minor = ? where staff_id = ? and service_id = ?", [old + 50_000, dear.id, HAIRCUT]);
    const move = { action: "reschedule", appointment_datetime: slot(day, "16:00"), staff_id: dear.id };

    const refused = await patch(alice.token, booking.id, move);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "price_changed", details: { old_price_minor: old, new_price_minor: old + 50_000, currency: "RUB", staff_id: dear.id } });
    expect(await get(alice.token, booking.id)).toMatchObject({ staff: { id: from.id }, start_at: moscow(day, "12:00") });
    expect((await patch(alice.token, booking.id, { ...move, accept_price_minor: old + 10_000 })).status).toBe(409);

    const accepted = await patch(alice.token, booking.id, { ...move, accept_price_minor: old + 50_000 });
    expect(accepted.status).toBe(200);
    expect(accepted.body.booking).toMatchObject({ staff: { id: dear.id }, start_at: moscow(day, "16:00"), price: { amount_minor: old + 50_000 } });
  });

  it("lowers the price on a move to a cheaper master, without asking", async () => {
    const from = await newMaster();
    const cheap = await newMaster();
    const alice = await quickCustomer();
    const booking = await booked(alice.token, from.id, day, "13:00");
    const old = (booking.price as { amount_minor: number }).amount_minor;
    await sql("update staff_services set price_minor = ? where staff_id = ? and service_id = ?", [old - 20_000, cheap.id, HAIRCUT]);
    const res = await patch(alice.token, booking.id, { action: "reschedule", appointment_datetime: slot(day, "17:00"), staff_id: cheap.id });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ staff: { id: cheap.id }, price: { amount_minor: old - 20_000 } });
  });

  it("keeps the hold of a held booking moved to another master: it still expires there", async () => {
    const from = await newMaster();
    const to = await newMaster();
    const alice = await quickCustomer();
    const booking = await booked(alice.token, from.id, day, "10:00", MASSAGE);
    expect(booking.status).toBe("held");

    const res = await patch(alice.token, booking.id, { action: "reschedule", appointment_datetime: slot(day, "12:00"), staff_id: to.id });
    expect(res.status).toBe(200);
    expect(res.body.booking).toMatchObject({ status: "held", hold_expires_at: booking.hold_expires_at, staff: { id: to.id } });

    const ledger = ledgerOf(to.id);
    const stored = await runInDurableObject(ledger, async (_instance: StaffLedger, state) => ({
      rows: state.storage.sql.exec("select booking_id, status, hold_expires_at from intervals").toArray(),
      alarm: await state.storage.getAlarm(),
    }));
    expect(stored.rows).toEqual([{ booking_id: booking.id, status: "held", hold_expires_at: booking.hold_expires_at }]);
    expect(stored.alarm).toBe(Date.parse(booking.hold_expires_at as string));

    // Let the hold run out, then the new master's alarm releases it.
    const past = new Date(Date.now() - 60_000).toISOString();
    await sql("update bookings set hold_expires_at = ? where id = ?", [past, booking.id]);
    await runInDurableObject(ledger, (_instance: StaffLedger, state) => {
      state.storage.sql.exec("update intervals set hold_expires_at = ? where booking_id = ?", past, booking.id);
    });
    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    expect(await get(alice.token, booking.id)).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
    expect(await ledgerSnapshot(to.id)).toEqual([]);
  });

  it("refuses a taken time with alternatives and leaves the booking where it was", async () => {
    const master = await newMaster();
    const other = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const mine = await booked(alice.token, master.id, day, "10:00");
    await booked(bob.token, master.id, day, "12:00");

    const res = await patch(alice.token, mine.id, { action: "reschedule", appointment_datetime: slot(day, "12:30") });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("slot_taken");
    const { same_staff, other_staff } = res.body.error.details.alternatives;
    expect(same_staff.length).toBeGreaterThan(0);
    expect(same_staff.every((a: { staff_id: number }) => a.staff_id === master.id)).toBe(true);
    // The booking's own time counts as free for it.
    expect(same_staff.map((a: { start_at: string }) => a.start_at)).toContain(moscow(day, "11:00"));
    expect(other_staff.map((a: { staff_id: number }) => a.staff_id)).toContain(other.id);

    const after = await get(alice.token, mine.id);
    expect(after).toMatchObject({ status: "pending", start_at: mine.start_at, staff: { id: master.id } });
    expect((await ledgerSnapshot(master.id)).map((i) => i.start)).toEqual([moscow(day, "10:00"), moscow(day, "12:00")]);
  });

  it("does not offer a moved booking's own current time as an alternative", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const bob = await quickCustomer();
    const mine = await booked(alice.token, master.id, day, "10:00");
    await booked(bob.token, master.id, day, "11:00");
    // 10:00 is the nearest free start to 11:00 for Alice's booking, but moving there changes nothing.
    const res = await patch(alice.token, mine.id, { action: "reschedule", appointment_datetime: slot(day, "11:00") });
    expect(res.status).toBe(409);
    const starts = res.body.error.details.alternatives.same_staff.map((a: { start_at: string }) => a.start_at);
    expect(starts.length).toBeGreaterThan(0);
    expect(starts).not.toContain(moscow(day, "10:00"));
    expect(starts).toContain(moscow(day, "12:00"));
  });

  it("refuses times the master does not offer", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const mine = await booked(alice.token, master.id, day, "10:00");
    const inBreak = await patch(alice.token, mine.id, { action: "reschedule", appointment_datetime: slot(day, "13:30") });
    expect(inBreak.status).toBe(422);
    expect(inBreak.body.error.code).toBe("in_break");
    const past = await patch(alice.token, mine.id, { action: "reschedule", appointment_datetime: slot(salonDate(-1), "10:00") });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe("in_past");
    expect((await get(alice.token, mine.id)).start_at).toBe(mine.start_at);
  });
});

describe("marking visits", () => {
  async function pastVisit(staffId: number, customer: { id: number; phone: string }, hoursAgo = 2) {
    return insertBookingRow({
      userId: customer.id, phone: customer.phone, staffId, status: "confirmed",
      startAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
      endAt: new Date(Date.now() - hoursAgo * HOUR + 45 * 60_000).toISOString(),
    });
  }

  it("lets the booking's master mark a started visit completed or no-show", async () => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const staff = await tokenFor(master.phone);
    const done = await pastVisit(master.id, alice);
    const missed = await pastVisit(master.id, alice, 3);

    const completed = await patch(staff, done, { action: "complete" });
    expect(completed.status).toBe(200);
    expect(completed.body.booking.status).toBe("completed");
    const again = await patch(staff, done, { action: "complete" });
    expect(again.status).toBe(200);
    expect(again.body.booking).toEqual(completed.body.booking);

    const noShow = await patch(staff, missed, { action: "no_show" });
    expect(noShow.status).toBe(200);
    expect(noShow.body.booking.status).toBe("no_show");

    const flip = await patch(staff, missed, { action: "complete" });
    expect(flip.status).toBe(409);
    expect(flip.body.error.code).toBe("booking_not_active");
    const cancelDone = await patch(staff, done, { action: "cancel" });
    expect(cancelDone.status).toBe(409);
    expect(cancelDone.body.error.code).toBe("booking_not_active");
  });

  it("refuses the customer, another master, and a visit that has not started", async () => {
    const master = await newMaster();
    const stranger = await newMaster();
    const alice = await quickCustomer();
    const visit = await pastVisit(master.id, alice);

    const byCustomer = await patch(alice.token, visit, { action: "complete" });
    expect(byCustomer.status).toBe(403);
    expect(byCustomer.body.error.code).toBe("forbidden");
    const byStranger = await patch(await tokenFor(stranger.phone), visit, { action: "no_show" });
    expect(byStranger.status).toBe(403);
    expect(byStranger.body.error.code).toBe("forbidden");
    expect((await get(alice.token, visit)).status).toBe("confirmed");

    const upcoming = await booked(alice.token, master.id, salonDate(2), "10:00");
    const early = await patch(await tokenFor(master.phone), upcoming.id, { action: "complete" });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe("not_started_yet");
    const earlyAdmin = await patch(await adminToken(), upcoming.id, { action: "no_show" });
    expect(earlyAdmin.status).toBe(422);
    expect(earlyAdmin.body.error.code).toBe("not_started_yet");
    expect((await get(alice.token, upcoming.id)).status).toBe("pending");
  });
});

describe("bad requests", () => {
  it.each([
    ["an unknown action", { action: "explode" }],
    ["a reschedule without a time", { action: "reschedule" }],
    ["a malformed time", { action: "reschedule", appointment_datetime: "next tuesday" }],
    ["no action at all", {}],
  ])("refuses %s with 400", async (_what, body) => {
    const master = await newMaster();
    const alice = await quickCustomer();
    const booking = await booked(alice.token, master.id, salonDate(5), "10:00");
    const res = await patch(alice.token, booking.id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });

  it("refuses invalid JSON, a bad id, an unknown booking and no session", async () => {
    const admin = await adminToken();
    const invalid = await call("PATCH", "/api/v1/bookings/1", { token: admin, raw: "{nope", headers: { "content-type": "application/json" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("invalid_json");
    const badId = await patch(admin, "abc" as unknown as number, { action: "cancel" });
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe("invalid_id");
    const missing = await patch(admin, 99_999_999, { action: "cancel" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const anonymous = await call("PATCH", "/api/v1/bookings/1", { body: { action: "cancel" } });
    expect(anonymous.status).toBe(401);
  });
});
