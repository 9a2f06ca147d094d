// Group classes: a session holds its master's time once, its seats are
// counted by its own ledger (`class:<id>`), so a race for the last seats has
// exactly as many winners as seats; a seat is a booking in every other way.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.js";
import { ledgerOf as ownerLedger } from "../../worker/ledger/staff-ledger.js";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, book, moscow, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";

const HAIRCUT = 3;
let admin: string;
let yoga: number;

const classLedger = (id: number): DurableObjectStub<StaffLedger> => ownerLedger(env as unknown as Env, { kind: "class", id });

async function newClassService(price = 90000): Promise<number> {
  const made = await call("POST", "/api/v1/admin/services", {
    token: admin,
    body: { name: `Йога ${Math.random().toString(36).slice(2, 6)}`, duration_min: 60, price_minor: price, is_class: true, default_seats: 12 },
  });
  expect(made.status).toBe(201);
  expect(made.body.service.is_class).toBe(true);
  return made.body.service.id;
}

async function newClass(opts: { seats: number; time?: string; day?: number; service?: number; master?: number; until?: string }) {
  const master = opts.master ?? (await newMaster({ services: [HAIRCUT, opts.service ?? yoga] })).id;
  const made = await call("POST", "/api/v1/admin/classes", {
    token: admin,
    body: { service_id: opts.service ?? yoga, staff_id: master, start_at: slot(salonDate(opts.day ?? 5), opts.time ?? "11:00"), seats: opts.seats, ...(opts.until ? { repeat_weekly_until: opts.until } : {}) },
  });
  return { master, made };
}

const seat = (token: string, classId: number, key = newKey(), body: Record<string, unknown> = {}) =>
  call("POST", `/api/v1/classes/${classId}/seats`, { token, body, headers: { "idempotency-key": key } });

async function seatsLeft(classId: number, day = 5): Promise<number> {
  const { body } = await call("GET", `/api/v1/classes?from=${salonDate(day)}&to=${salonDate(day)}`);
  return body.classes.find((c: { id: number }) => c.id === classId).seats_left;
}

beforeAll(async () => {
  admin = await adminToken();
  yoga = await newClassService();
});

describe("scheduling a class", () => {
  it("creates a session with its seats and lists it with the seats left", async () => {
    const { master, made } = await newClass({ seats: 8 });
    expect(made.status).toBe(201);
    expect(made.body.class).toMatchObject({ seats: 8, seats_left: 8, status: "scheduled", staff: { id: master }, service: { id: yoga }, local_time: "11:00" });
    expect(await seatsLeft(made.body.class.id)).toBe(8);
  });

  it("holds the master's time once for the session: a booking then is refused", async () => {
    const { master } = await newClass({ seats: 10 });
    const alice = await quickCustomer();
    const refused = await book(alice.token, { service_id: HAIRCUT, staff_id: master, appointment_datetime: slot(salonDate(5), "11:30") });
    expect(refused.status).toBe(409);
    const blocks = await sql("select id from time_blocks where staff_id = ? and removed_at is null", [master]);
    expect(blocks.rows).toHaveLength(1);
    // Its time is freed by cancelling the session, not by removing the block.
    const removed = await call("DELETE", `/api/v1/admin/blocks/${Number(blocks.rows[0]!.id)}`, { token: admin });
    expect([removed.status, removed.body.error?.code]).toEqual([409, "class_session_time"]);
  });

  it("refuses a session when the master is busy then (409)", async () => {
    const master = (await newMaster({ services: [HAIRCUT, yoga] })).id;
    const alice = await quickCustomer();
    expect((await book(alice.token, { service_id: HAIRCUT, staff_id: master, appointment_datetime: slot(salonDate(5), "11:30") })).status).toBe(201);
    const { made } = await newClass({ seats: 5, master });
    expect(made.status).toBe(409);
    expect(made.body.error.code).toBe("slot_taken");
    expect(made.body.error.details.conflicts[0].reason).toBe("master_busy");
  });

  it("repeats weekly until a date and reports the weeks the master is busy", async () => {
    const master = (await newMaster({ services: [HAIRCUT, yoga] })).id;
    const alice = await quickCustomer();
    // The second week's 11:00 is taken by a haircut.
    expect((await book(alice.token, { service_id: HAIRCUT, staff_id: master, appointment_datetime: slot(salonDate(12), "11:00") })).status).toBe(201);
    const { made } = await newClass({ seats: 4, master, until: salonDate(19) });
    expect(made.status).toBe(201);
    expect(made.body.sessions.map((s: { local_date: string }) => s.local_date)).toEqual([salonDate(5), salonDate(19)]);
    expect(made.body.conflicts).toEqual([{ start_at: moscow(salonDate(12), "11:00"), local_date: salonDate(12), reason: "master_busy" }]);
    const series = new Set(made.body.sessions.map((s: { series_id: string }) => s.series_id));
    expect(series.size).toBe(1);
    expect([...series][0]).toEqual(expect.any(String));
  });

  it("refuses bad input with 4xx and changes nothing", async () => {
    const master = (await newMaster({ services: [HAIRCUT, yoga] })).id;
    const base = { service_id: yoga, staff_id: master, start_at: slot(salonDate(5), "16:00"), seats: 3 };
    const answers = await Promise.all([
      call("POST", "/api/v1/admin/classes", { token: admin, body: { ...base, seats: 0 } }),
      call("POST", "/api/v1/admin/classes", { token: admin, body: { ...base, service_id: HAIRCUT } }),
      call("POST", "/api/v1/admin/classes", { token: admin, body: { ...base, start_at: slot(salonDate(-2), "16:00") } }),
      call("POST", "/api/v1/admin/classes", { token: admin, body: { ...base, start_at: "tomorrow" } }),
      call("POST", "/api/v1/admin/classes", { token: admin, body: { ...base, repeat_weekly_until: salonDate(1) } }),
    ]);
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [400, "validation_failed"],
      [422, "service_not_class"],
      [422, "in_past"],
      [400, "validation_failed"],
      [400, "validation_failed"],
    ]);
    const rows = await sql("select count(*) as n from class_sessions where staff_id = ?", [master]);
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});

describe("booking seats", () => {
  it("gives the last 3 seats to exactly 3 of 50 simultaneous customers", { timeout: 120_000 }, async () => {
    const { made } = await newClass({ seats: 5, time: "12:00" });
    const id = made.body.class.id;
    const early = await Promise.all([quickCustomer(), quickCustomer()]);
    for (const c of early) expect((await seat(c.token, id)).status).toBe(201);
    const customers = await Promise.all(Array.from({ length: 50 }, () => quickCustomer()));

    const answers = await Promise.all(customers.map((c) => seat(c.token, id)));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(47);
    expect(refused.every((a) => a.status === 409 && a.body.error.code === "class_full" && a.body.error.details.waitlist === true)).toBe(true);
    const active = await sql("select count(*) as n from bookings where class_id = ? and status in ('held', 'pending', 'confirmed')", [id]);
    expect(Number(active.rows[0]!.n)).toBe(5);
    expect(await seatsLeft(id)).toBe(0);
  });

  it("answers a retry with the same key with the same seat, taken once", async () => {
    const { made } = await newClass({ seats: 4, time: "16:00" });
    const id = made.body.class.id;
    const alice = await quickCustomer();
    const key = newKey();
    const answers = await Promise.all([seat(alice.token, id, key), seat(alice.token, id, key), seat(alice.token, id, key)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.booking.id)).size).toBe(1);
    const again = await seat(alice.token, id, key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.booking.id).toBe(answers[0]!.body.booking.id);
    expect(await seatsLeft(id)).toBe(3);
    const reused = await seat(alice.token, id, key, { notes: "другое" });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
  });

  it("shows the seat in the customer's bookings, and a cancel frees it for the next customer", async () => {
    const { made } = await newClass({ seats: 1, time: "17:00" });
    const id = made.body.class.id;
    const [alice, bob] = await Promise.all([quickCustomer(), quickCustomer()]);
    const mine = await seat(alice.token, id);
    expect(mine.status).toBe(201);
    expect(mine.body.booking).toMatchObject({ class_id: id, service: { id: yoga }, status: "pending" });
    const list = await call("GET", "/api/v1/bookings", { token: alice.token });
    expect(list.body.bookings.map((b: { id: number; class_id: number }) => [b.id, b.class_id])).toEqual([[mine.body.booking.id, id]]);

    const full = await seat(bob.token, id);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("class_full");

    const cancelled = await call("PATCH", `/api/v1/bookings/${mine.body.booking.id}`, { token: alice.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(cancelled.status).toBe(200);
    expect(await seatsLeft(id)).toBe(1);
    expect((await seat(bob.token, id)).status).toBe(201);
  });

  it("refuses bad seat requests with 4xx", async () => {
    const { made } = await newClass({ seats: 2, time: "18:00" });
    const id = made.body.class.id;
    const alice = await quickCustomer();
    const noKey = await call("POST", `/api/v1/classes/${id}/seats`, { token: alice.token, body: {} });
    expect([noKey.status, noKey.body.error.code]).toEqual([400, "idempotency_key_required"]);
    const missing = await seat(alice.token, 99_999_999);
    expect([missing.status, missing.body.error.code]).toEqual([404, "not_found"]);
    const other = await seat(alice.token, id, newKey(), { phone: "+79991112233" });
    expect([other.status, other.body.error.code]).toEqual([403, "phone_not_own"]);
    const grid = await book(alice.token, { service_id: yoga, staff_id: made.body.class.staff.id, appointment_datetime: slot(salonDate(5), "10:00") });
    expect([grid.status, grid.body.error.code]).toEqual([422, "service_is_class"]);
    const anonymous = await call("POST", `/api/v1/classes/${id}/seats`, { body: {}, headers: { "idempotency-key": newKey() } });
    expect(anonymous.status).toBe(401);
    expect(await seatsLeft(id)).toBe(2);
  });

  it("still counts every seat after the class's ledger lost its storage", async () => {
    const { made } = await newClass({ seats: 2, time: "13:00", day: 6 });
    const id = made.body.class.id;
    const [a, b, c] = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer()]);
    const first = await seat(a.token, id);
    expect((await seat(b.token, id)).status).toBe(201);
    // A wiped object (new deploy, storage reset): it loads the seats from the database.
    await runInDurableObject(classLedger(id), (_i: StaffLedger, state) => {
      state.storage.sql.exec(`delete from intervals; delete from meta;`);
    });
    const full = await seat(c.token, id);
    expect([full.status, full.body.error?.code]).toEqual([409, "class_full"]);
    expect((await call("PATCH", `/api/v1/bookings/${first.body.booking.id}`, { token: a.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);
    // Met with another database: reloaded from this one, still bookable.
    await runInDurableObject(classLedger(id), (_i: StaffLedger, state) => {
      state.storage.sql.exec(`insert or replace into meta (name, value) values ('generation', 'another-database')`);
    });
    expect((await seat(c.token, id)).status).toBe(201);
    expect(await seatsLeft(id, 6)).toBe(0);
  });

  it("staff book a seat for a customer by phone; fewer seats than taken is refused", async () => {
    const { made } = await newClass({ seats: 3, time: "15:00", day: 6 });
    const id = made.body.class.id;
    const guest = await quickCustomer();
    const forGuest = await seat(admin, id, newKey(), { phone: guest.phone, customer_name: "Гость" });
    expect(forGuest.status).toBe(201);
    expect(forGuest.body.booking.phone).toBe(guest.phone);
    const fewer = await call("PATCH", `/api/v1/admin/classes/${id}`, { token: admin, body: { seats: 0 } });
    expect(fewer.status).toBe(400);
    const shrink = await call("PATCH", `/api/v1/admin/classes/${id}`, { token: admin, body: { seats: 1 } });
    expect(shrink.status).toBe(200);
    expect(shrink.body.class).toMatchObject({ seats: 1, seats_left: 0 });
    const list = await call("GET", `/api/v1/admin/classes/${id}/seats`, { token: admin });
    expect(list.body.seats).toEqual([{ booking_id: forGuest.body.booking.id, customer_name: "Гость", phone: guest.phone, status: "pending", paid: false, attended: null }]);
    const marked = await call("PATCH", `/api/v1/admin/classes/${id}/seats/${forGuest.body.booking.id}`, { token: admin, body: { attended: true } });
    expect(marked.body.seat.attended).toBe(true);
    const cancelled = await call("DELETE", `/api/v1/admin/classes/${id}`, { token: admin });
    expect(cancelled.body.class.status).toBe("cancelled");
    const seatRow = await sql("select status from bookings where id = ?", [forGuest.body.booking.id]);
    expect(seatRow.rows[0]!.status).toBe("cancelled");
    const late = await seat(guest.token, id);
    expect([late.status, late.body.error.code]).toEqual([409, "class_cancelled"]);
  });
});

describe("the waitlist of a full session", () => {
  it("holds a freed seat for the first waiting customer in the step that frees it, and they book it in one tap", async () => {
    const { made } = await newClass({ seats: 1, time: "10:00", day: 7 });
    const id = made.body.class.id;
    const [alice, bob, carol, dave] = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer(), quickCustomer()]);
    const first = await seat(alice.token, id);
    expect(first.status).toBe(201);
    const joinBob = await call("POST", `/api/v1/classes/${id}/waitlist`, { token: bob.token });
    expect(joinBob.status).toBe(201);
    expect(joinBob.body.entry).toMatchObject({ state: "waiting", class_id: id });
    const again = await call("POST", `/api/v1/classes/${id}/waitlist`, { token: bob.token });
    expect([again.status, again.body.entry.id]).toEqual([200, joinBob.body.entry.id]);
    const joinCarol = await call("POST", `/api/v1/classes/${id}/waitlist`, { token: carol.token });
    expect(joinCarol.status).toBe(201);

    expect((await call("PATCH", `/api/v1/bookings/${first.body.booking.id}`, { token: alice.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);
    // Nobody else gets the freed seat: it is Bob's until his hold runs out.
    const stranger = await seat(dave.token, id);
    expect([stranger.status, stranger.body.error?.code]).toEqual([409, "class_full"]);
    const offered = await call("GET", `/api/v1/waitlist/${joinBob.body.entry.id}`, { token: bob.token });
    expect(offered.body.entry.state).toBe("offered");
    expect((await call("GET", `/api/v1/waitlist/${joinCarol.body.entry.id}`, { token: carol.token })).body.entry.state).toBe("waiting");

    const taps = await Promise.all([
      call("POST", `/api/v1/waitlist/${joinBob.body.entry.id}/confirm`, { token: bob.token }),
      call("POST", `/api/v1/waitlist/${joinBob.body.entry.id}/confirm`, { token: bob.token }),
    ]);
    expect(taps.map((t) => t.status)).toEqual([201, 201]);
    expect(taps[0]!.body.booking.id).toBe(taps[1]!.body.booking.id);
    expect(taps[0]!.body.booking.class_id).toBe(id);
    const active = await sql("select count(*) as n from bookings where class_id = ? and status in ('held', 'pending', 'confirmed')", [id]);
    expect(Number(active.rows[0]!.n)).toBe(1);
  });

  it("passes a declined seat on to the next waiting customer", async () => {
    const { made } = await newClass({ seats: 1, time: "12:00", day: 7 });
    const id = made.body.class.id;
    const [alice, bob, carol] = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer()]);
    const first = await seat(alice.token, id);
    const bobEntry = (await call("POST", `/api/v1/classes/${id}/waitlist`, { token: bob.token })).body.entry.id;
    const carolEntry = (await call("POST", `/api/v1/classes/${id}/waitlist`, { token: carol.token })).body.entry.id;
    await call("PATCH", `/api/v1/bookings/${first.body.booking.id}`, { token: alice.token, body: { action: "cancel", reason: "changed_plans" } });
    expect((await call("POST", `/api/v1/waitlist/${bobEntry}/decline`, { token: bob.token })).status).toBe(200);
    expect((await call("GET", `/api/v1/waitlist/${carolEntry}`, { token: carol.token })).body.entry.state).toBe("offered");
    expect((await call("POST", `/api/v1/waitlist/${carolEntry}/confirm`, { token: carol.token })).status).toBe(201);
  });
});

describe("statistics", () => {
  it("reports the fill rate per class: seats taken over seats of the sessions held", async () => {
    const service = await newClassService();
    const master = (await newMaster({ services: [HAIRCUT, service] })).id;
    const first = await newClass({ seats: 4, time: "10:00", day: 8, service, master });
    const second = await newClass({ seats: 6, time: "16:00", day: 8, service, master });
    const [a, b, c] = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer()]);
    expect((await seat(a.token, first.made.body.class.id)).status).toBe(201);
    expect((await seat(b.token, first.made.body.class.id)).status).toBe(201);
    const gone = await seat(c.token, second.made.body.class.id);
    expect((await call("PATCH", `/api/v1/bookings/${gone.body.booking.id}`, { token: c.token, body: { action: "cancel", reason: "other" } })).status).toBe(200);
    expect((await seat(c.token, second.made.body.class.id, newKey())).status).toBe(201);
    const stats = await call("GET", `/api/v1/admin/stats?from=${salonDate(8)}&to=${salonDate(8)}&group=day&staff_id=${master}`, { token: admin });
    expect(stats.status).toBe(200);
    expect(stats.body.classes).toEqual([{ service_id: service, name: expect.any(String), sessions: 2, seats: 10, seats_taken: 3, fill_rate: 0.3 }]);
  });
});

describe("a class with a prepayment", () => {
  it("holds the seat until paid; an unpaid hold running out frees the seat for the first waiting customer", async () => {
    const made = await call("POST", "/api/v1/admin/services", {
      token: admin,
      body: { name: `Мастер-класс ${Math.random().toString(36).slice(2, 6)}`, duration_min: 90, price_minor: 300000, is_class: true, prepayment: { kind: "full" } },
    });
    const service = made.body.service.id;
    const { made: session } = await newClass({ seats: 1, time: "12:00", day: 9, service });
    const id = session.body.class.id;
    const [alice, bob] = await Promise.all([quickCustomer(), quickCustomer()]);
    const held = await seat(alice.token, id);
    expect(held.body.booking).toMatchObject({ status: "held", class_id: id, prepayment: { amount_minor: 300000 } });
    const ledger = classLedger(id);
    expect(await runInDurableObject(ledger, (_i: StaffLedger, state) => state.storage.getAlarm())).toBe(Date.parse(held.body.booking.hold_expires_at));
    const bobEntry = (await call("POST", `/api/v1/classes/${id}/waitlist`, { token: bob.token })).body.entry.id;

    const past = new Date(Date.now() - 60_000).toISOString();
    await sql("update bookings set hold_expires_at = ? where id = ?", [past, held.body.booking.id]);
    await runInDurableObject(ledger, (_i: StaffLedger, state) => {
      state.storage.sql.exec("update intervals set hold_expires_at = ? where booking_id = ?", past, held.body.booking.id);
    });
    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    expect((await call("GET", `/api/v1/bookings/${held.body.booking.id}`, { token: alice.token })).body.booking).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
    expect((await call("GET", `/api/v1/waitlist/${bobEntry}`, { token: bob.token })).body.entry.state).toBe("offered");
  });
});

describe("moving a session", () => {
  it("tells every booked customer of the new time, as a moved booking does, once per move", async () => {
    const { made } = await newClass({ seats: 4, day: 6, time: "09:00" });
    expect(made.status).toBe(201);
    const id = made.body.class.id;
    const [a, b, c] = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer()]);
    expect((await seat(a.token, id)).status).toBe(201);
    const left = await seat(b.token, id);
    expect(left.status).toBe(201);
    expect((await call("PATCH", `/api/v1/bookings/${left.body.booking.id}`, { token: b.token, body: { action: "cancel", reason: "changed_plans" } })).status).toBe(200);
    expect((await seat(c.token, id)).status).toBe(201);
    const rescheduled = async (phone: string) =>
      ((await call("GET", `/api/v1/dev/outbox?phone=${encodeURIComponent(phone)}`)).body.messages as { kind: string; body: string }[]).filter((m) => m.kind === "booking_rescheduled");

    const moved = await call("PATCH", `/api/v1/admin/classes/${id}`, { token: admin, body: { start_at: slot(salonDate(6), "13:00") } });
    expect(moved.status).toBe(200);
    expect(moved.body.class.local_time).toBe("13:00");
    for (const phone of [a.phone, c.phone]) {
      const told = await rescheduled(phone);
      expect(told).toHaveLength(1);
      expect(told[0]!.body).toContain("13:00");
    }
    expect(await rescheduled(b.phone)).toEqual([]);
    // The same time again moves nothing and tells nobody twice.
    expect((await call("PATCH", `/api/v1/admin/classes/${id}`, { token: admin, body: { start_at: slot(salonDate(6), "13:00") } })).status).toBe(200);
    expect(await rescheduled(a.phone)).toHaveLength(1);
  });
});
