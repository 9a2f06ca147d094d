// Rooms and machines: a booking holds its master and one unit of every
// resource the service needs, all or nothing, through the resources' ledgers.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StaffLedger } from "../../worker/ledger/staff-ledger.js";
import { call } from "./client.js";
import { ledgerOf, quickCustomer } from "./direct-db.js";
import { leftoverClaim, newService, roomLedger, roomScenario, unitRows, unitSnapshot, wipeRoomLedger } from "./resource-helpers.js";
import { adminToken, book, moscow, newKey, newMaster, salonDate, slot, sql } from "./scenario.js";

const day = salonDate(9);

describe("admin: resources", () => {
  it("creates a room, lists it, changes its units and hours, closes it for a day and archives it", async () => {
    const admin = await adminToken();
    const made = await call("POST", "/api/v1/admin/resources", { token: admin, body: { name: "Кабинет массажа", kind: "room", units: 2 } });
    expect(made.status).toBe(201);
    const id = made.body.resource.id;
    expect(made.body.resource).toMatchObject({ name: "Кабинет массажа", kind: "room", units: 2, hours: null, archived: false, service_ids: [], closures: [] });
    const hours = [["09:00", "21:00"], ["09:00", "21:00"], ["09:00", "21:00"], ["09:00", "21:00"], ["09:00", "21:00"], null, null];
    const changed = await call("PATCH", `/api/v1/admin/resources/${id}`, { token: admin, body: { units: 3, hours, name: "Кабинет 1" } });
    expect(changed.status).toBe(200);
    expect(changed.body.resource).toMatchObject({ units: 3, hours, name: "Кабинет 1" });
    const closed = await call("POST", `/api/v1/admin/resources/${id}/closures`, { token: admin, body: { from_date: day, to_date: day, note: "ремонт" } });
    expect(closed.status).toBe(201);
    expect(closed.body.resource.closures).toEqual([{ id: expect.any(Number), from_date: day, to_date: day, note: "ремонт" }]);
    const listed = await call("GET", "/api/v1/admin/resources", { token: admin });
    expect(listed.body.resources.map((r: { id: number }) => r.id)).toContain(id);
    const archived = await call("DELETE", `/api/v1/admin/resources/${id}`, { token: admin });
    expect(archived.body.resource.archived).toBe(true);
    expect((await call("GET", "/api/v1/admin/resources", { token: admin })).body.resources.map((r: { id: number }) => r.id)).not.toContain(id);
  });

  it("refuses bad input with 4xx and changes nothing", async () => {
    const admin = await adminToken();
    const bad = [
      { name: "A", kind: "room", units: 0 },
      { name: "A", kind: "room", units: 1.5 },
      { name: "A", kind: "sofa", units: 1 },
      { name: "", kind: "room", units: 1 },
      { name: "A", kind: "room", units: 1, colour: "red" },
      { name: "A", kind: "room", units: 1, hours: [["10:00", "09:00"], null, null, null, null, null, null] },
      { name: "A", kind: "room", units: 1, hours: [null] },
    ];
    const before = Number((await sql("select count(*) as n from resources where name = 'A'")).rows[0]!.n);
    for (const body of bad) {
      const res = await call("POST", "/api/v1/admin/resources", { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    expect(Number((await sql("select count(*) as n from resources where name = 'A'")).rows[0]!.n)).toBe(before);
    const master = await newMaster({ services: [] });
    const service = await newService([master.id]);
    const unknown = await call("PATCH", `/api/v1/admin/services/${service}`, { token: admin, body: { resource_ids: [999999] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe("invalid_reference");
    expect((await call("PATCH", "/api/v1/admin/resources/999999", { token: admin, body: { units: 2 } })).status).toBe(404);
    const closure = await call("POST", "/api/v1/admin/resources/999999/closures", { token: admin, body: { from_date: day, to_date: day } });
    expect(closure.status).toBe(404);
    const { token } = await quickCustomer();
    expect((await call("POST", "/api/v1/admin/resources", { token, body: { name: "B", kind: "room", units: 1 } })).status).toBe(403);
  });

  it("shows which resources a service needs", async () => {
    const { serviceId, room } = await roomScenario(1);
    const service = await call("GET", `/api/v1/admin/services/${serviceId}`, { token: room.admin });
    expect(service.body.service.resource_ids).toEqual([room.id]);
  });
});

describe("booking a service that needs a room", () => {
  it("gives the last unit to exactly one of many requests racing across two masters", { timeout: 120_000 }, async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const customers = await Promise.all(Array.from({ length: 6 }, () => quickCustomer()));
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        book(customers[i % customers.length]!.token, { service_id: serviceId, staff_id: staff[i % 2]!.id, appointment_datetime: slot(day, "11:00") }),
      ),
    );
    const won = answers.filter((a) => a.status === 201);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(59);
    expect(answers.every((a) => a.status === 201 || ["slot_taken", "resource_taken"].includes(a.body.error.code))).toBe(true);
    expect(won[0]!.body.booking.resources).toEqual([{ id: room.id, name: expect.any(String), kind: "room", unit: 1 }]);
    expect(await unitRows(room.id)).toEqual([{ bookingId: won[0]!.body.booking.id, unit: 1, status: "pending" }]);
    const held = await unitSnapshot(room.id);
    expect(held.map((c) => [c.bookingId, c.unit])).toEqual([[won[0]!.body.booking.id, 1]]);
  });

  it("answers 409 resource_taken with alternatives when the master is free but the only room is not, and the slots say so", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const first = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "12:00") });
    expect(first.status).toBe(201);
    const second = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "12:00") });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("resource_taken");
    const alternatives = second.body.error.details.alternatives;
    const offered = [...alternatives.same_staff, ...alternatives.other_staff];
    expect(offered.length).toBeGreaterThan(0);
    // None of the alternatives overlaps the room's booking.
    for (const alt of offered) expect(Date.parse(alt.start_at) >= Date.parse(moscow(day, "13:00")) || Date.parse(alt.start_at) + 3_600_000 <= Date.parse(moscow(day, "12:00"))).toBe(true);
    const slots = await call("GET", `/api/v1/booking/time-slots/${serviceId}?staff_id=${staff[1]!.id}&date=${day}`);
    const noon = slots.body.slots.find((s: { time: string }) => s.time === "12:00");
    expect(noon).toMatchObject({ available: false, reason: "booked" });
    const any = await call("GET", `/api/v1/booking/time-slots/${serviceId}?staff_id=any&date=${day}`);
    expect(any.body.slots.find((s: { time: string }) => s.time === "12:00").available).toBe(false);
    expect(any.body.slots.find((s: { time: string }) => s.time === "13:00").available).toBe(true);
    expect((await unitRows(room.id)).length).toBe(1);
  });

  it("hands out units lowest first and refuses a third master when both rooms are taken", async () => {
    const { staff, serviceId, room } = await roomScenario(3, 2);
    const customers = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer()]);
    const made = [];
    for (const [i, m] of staff.entries()) made.push(await book(customers[i]!.token, { service_id: serviceId, staff_id: m.id, appointment_datetime: slot(day, "16:00") }));
    expect(made.map((r) => r.status)).toEqual([201, 201, 409]);
    expect(made.map((r) => r.body.booking?.resources?.[0]?.unit)).toEqual([1, 2, undefined]);
    expect(made[2]!.body.error.code).toBe("resource_taken");
    // "Any master" is refused too: no room, whoever is free.
    const any = await book(customers[2]!.token, { service_id: serviceId, staff_id: "any", appointment_datetime: slot(day, "16:00") });
    expect(any.status).toBe(409);
    expect((await unitRows(room.id)).map((r) => r.unit)).toEqual([1, 2]);
  });

  it("claims master and room all or nothing: a busy master leaves no unit claimed", async () => {
    const { staff, serviceId, room } = await roomScenario(1, 2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    expect((await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "10:00") })).status).toBe(201);
    const refused = await book(b.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "10:00") });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("slot_taken");
    expect((await unitSnapshot(room.id)).map((c) => c.unit)).toEqual([1]);
  });

  it("frees the unit on cancel and on no-show, and the next customer gets it", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b, c] = await Promise.all([quickCustomer(), quickCustomer(), quickCustomer()]);
    const first = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "17:00") });
    expect(first.status).toBe(201);
    expect((await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "17:00") })).status).toBe(409);
    const cancelled = await call("PATCH", `/api/v1/bookings/${first.body.booking.id}`, { token: a.token, body: { action: "cancel", reason: "changed_plans" } });
    expect(cancelled.status).toBe(200);
    expect(await unitSnapshot(room.id)).toEqual([]);
    const second = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "17:00") });
    expect(second.status).toBe(201);
    expect(second.body.booking.resources[0].unit).toBe(1);

    // A no-show (marked after the start) frees the room too: a visit that started a minute ago.
    const admin = room.admin;
    const now = Date.now();
    const start = new Date(now - 60_000).toISOString();
    const end = new Date(now + 59 * 60_000).toISOString();
    const { rows } = await sql(
      "insert into bookings (user_id, service_id, staff_id, start_at, end_at, status, phone, price_total_minor, currency) values (?, ?, ?, ?, ?, 'confirmed', ?, 300000, 'RUB') returning id",
      [c.id, serviceId, staff[0]!.id, start, end, c.phone],
    );
    const started = Number(rows[0]!.id);
    await sql("insert into booking_resources (booking_id, resource_id, unit) values (?, ?, 1)", [started, room.id]);
    await wipeRoomLedger(room.id);
    expect((await unitSnapshot(room.id)).map((x) => x.bookingId)).toContain(started);
    const marked = await call("PATCH", `/api/v1/bookings/${started}`, { token: admin, body: { action: "no_show" } });
    expect(marked.status).toBe(200);
    expect((await unitSnapshot(room.id)).map((x) => x.bookingId)).not.toContain(started);
  });

  it("moves a booking with its room: the unit at the new time is claimed, the old time is free", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const made = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "11:00") });
    const blocker = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "16:00") });
    expect([made.status, blocker.status]).toEqual([201, 201]);
    // The room is taken at 16:00 (by another master's customer): the move there is refused.
    const refused = await call("PATCH", `/api/v1/bookings/${made.body.booking.id}`, { token: a.token, body: { action: "reschedule", appointment_datetime: slot(day, "16:00") } });
    expect(refused.status).toBe(409);
    const moved = await call("PATCH", `/api/v1/bookings/${made.body.booking.id}`, { token: a.token, body: { action: "reschedule", appointment_datetime: slot(day, "12:00") } });
    expect(moved.status).toBe(200);
    const held = await unitSnapshot(room.id);
    expect(held.find((c) => c.bookingId === made.body.booking.id)).toMatchObject({ start: moscow(day, "12:00"), unit: 1 });
    expect(held.some((c) => c.start === moscow(day, "11:00"))).toBe(false);
    const other = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "11:00") });
    expect(other.status).toBe(201);
  });

  it("lets the admin move a booking to another free unit, and refuses a busy one", async () => {
    const { staff, serviceId, room } = await roomScenario(2, 2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const first = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "18:00") });
    expect(first.body.booking.resources[0].unit).toBe(1);
    const moved = await call("PATCH", `/api/v1/admin/bookings/${first.body.booking.id}/units`, { token: room.admin, body: { resource_id: room.id, unit: 2 } });
    expect(moved.status).toBe(200);
    expect(moved.body.booking.resources[0].unit).toBe(2);
    expect(await unitRows(room.id)).toEqual([{ bookingId: first.body.booking.id, unit: 2, status: "pending" }]);
    const second = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "18:00") });
    expect(second.body.booking.resources[0].unit).toBe(1);
    const busy = await call("PATCH", `/api/v1/admin/bookings/${first.body.booking.id}/units`, { token: room.admin, body: { resource_id: room.id, unit: 1 } });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("resource_taken");
    const tooMany = await call("PATCH", `/api/v1/admin/bookings/${first.body.booking.id}/units`, { token: room.admin, body: { resource_id: room.id, unit: 3 } });
    expect(tooMany.status).toBe(422);
  });

  it("respects the room's closure days and hours in slots and bookings", async () => {
    const { staff, serviceId, room } = await roomScenario(1);
    const { token } = await quickCustomer();
    const closedDay = salonDate(10);
    await call("POST", `/api/v1/admin/resources/${room.id}/closures`, { token: room.admin, body: { from_date: closedDay, to_date: closedDay } });
    const slots = await call("GET", `/api/v1/booking/time-slots/${serviceId}?staff_id=${staff[0]!.id}&date=${closedDay}`);
    expect(slots.body.slots.filter((s: { available: boolean }) => s.available)).toEqual([]);
    const refused = await book(token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(closedDay, "11:00") });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("resource_taken");
    const hours = Array.from({ length: 7 }, () => ["15:00", "19:00"]);
    await call("PATCH", `/api/v1/admin/resources/${room.id}`, { token: room.admin, body: { hours } });
    const open = await call("GET", `/api/v1/booking/time-slots/${serviceId}?staff_id=${staff[0]!.id}&date=${day}`);
    const free = open.body.slots.filter((s: { available: boolean }) => s.available).map((s: { time: string }) => s.time);
    expect(free[0]).toBe("15:00");
    expect(free).not.toContain("18:30");
  });
});

describe("units whose booking ended without the room's ledger being told", () => {
  it("frees the unit of a hold that expired in the master's ledger the first time another booking meets it", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const held = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "13:00") });
    expect(held.status).toBe(201);
    expect((await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "13:00") })).status).toBe(409);
    // What the master's hold alarm writes when an unpaid hold runs out (the room's ledger is not told): it still holds the unit.
    await sql("update bookings set status = 'cancelled', cancel_reason = 'hold_expired' where id = ?", [held.body.booking.id]);
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([held.body.booking.id]);
    const next = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "13:00") });
    expect(next.status).toBe(201);
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([next.body.booking.id]);
  });
});

describe("an unpaid hold that runs out", () => {
  it("frees its unit in the room's ledger when the master's alarm expires it, and the time shows free", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const held = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "17:00") });
    expect(held.status).toBe(201);
    const id = held.body.booking.id;
    // An unpaid hold whose time ran out a minute ago, in the database and in its master's ledger.
    const past = new Date(Date.now() - 60_000).toISOString();
    await sql("update bookings set status = 'held', hold_expires_at = ? where id = ?", [past, id]);
    const master = ledgerOf(staff[0]!.id);
    await runInDurableObject(master, async (_i: StaffLedger, state) => {
      state.storage.sql.exec("update intervals set status = 'held', hold_expires_at = ? where booking_id = ?", past, id);
      await state.storage.setAlarm(Date.parse(past));
    });
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([id]);

    // The alarm may already be running (it was due): run it if not, then wait for its outcome.
    await runDurableObjectAlarm(master);
    await expect.poll(async () => (await sql("select status, cancel_reason from bookings where id = ?", [id])).rows[0]).toMatchObject({ status: "cancelled", cancel_reason: "hold_expired" });
    await expect.poll(() => unitSnapshot(room.id)).toEqual([]);
    const slots = await call("GET", `/api/v1/booking/time-slots/${serviceId}?staff_id=${staff[1]!.id}&date=${day}`);
    expect(slots.body.slots.find((s: { time: string }) => s.time === "17:00")?.available).toBe(true);
    const next = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "17:00") });
    expect(next.status).toBe(201);
  });
});

describe("visits", () => {
  it("books a visit whose item needs the room only when the room is free, and holds nothing when it is not", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const first = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "11:00") });
    expect(first.status).toBe(201);
    const visit = (time: string) =>
      call("POST", "/api/v1/visits", { token: b.token, headers: { "idempotency-key": newKey() }, body: { items: [{ service_id: serviceId, staff_id: staff[1]!.id }, { service_id: serviceId, staff_id: staff[1]!.id }], appointment_datetime: slot(day, time) } });
    // 10:00–11:00 then 11:00–12:00: the second item needs the room the first booking holds.
    const taken = await visit("10:00");
    expect(taken.status).toBe(409);
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([first.body.booking.id]);
    const fits = await visit("12:00");
    expect(fits.status).toBe(201);
    expect((await unitRows(room.id)).filter((r) => r.status === "pending").length).toBe(3);
  });
});

describe("recovery", () => {
  it("settles a claim a dead request left in the room's ledger: given back when no booking landed", async () => {
    const { staff, serviceId, room } = await roomScenario(1);
    const { token } = await quickCustomer();
    const start = moscow(day, "13:00");
    const end = moscow(day, "14:00");
    // A request that claimed the room and died before its master's ledger wrote anything.
    await leftoverClaim(room.id, `r:999999:${newKey()}`, start, end, 60_000);
    const booked = await book(token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "13:00") });
    expect(booked.status).toBe(201);
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([booked.body.booking.id]);
  });

  it("trusts a claim of a request that may still be writing its booking", async () => {
    const { staff, serviceId, room } = await roomScenario(1);
    const { token } = await quickCustomer();
    await leftoverClaim(room.id, `r:999999:${newKey()}`, moscow(day, "15:00"), moscow(day, "16:00"), 1_000);
    const refused = await book(token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "15:00") });
    expect(refused.status).toBe(409);
  });

  it("binds a dead request's claim to its booking when the booking did land (crash between the write and the bind)", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const key = newKey();
    const made = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "10:00") }, key);
    expect(made.status).toBe(201);
    // As if the bind never arrived: the ledger holds only the request's claim, taken a minute ago.
    await wipeRoomLedger(room.id);
    await unitSnapshot(room.id);
    await roomLedger(room.id).freeUnit(room.id, made.body.booking.id);
    await leftoverClaim(room.id, `r:${a.id}:${key}`, moscow(day, "10:00"), moscow(day, "11:00"), 60_000);
    // Another request's claim meets it (the database already shows the room busy, so only a claim that read it free earlier gets here).
    const other = await roomLedger(room.id).claimUnit(room.id, { key: `r:${b.id}:${newKey()}`, start: moscow(day, "10:00"), end: moscow(day, "11:00"), units: 1 });
    expect(other).toMatchObject({ ok: false, reason: "taken" });
    expect((await unitSnapshot(room.id)).map((c) => c.bookingId)).toEqual([made.body.booking.id]);
  });

  it("rebuilds an emptied room ledger from the database before it answers", async () => {
    const { staff, serviceId, room } = await roomScenario(2);
    const [a, b] = await Promise.all([quickCustomer(), quickCustomer()]);
    const made = await book(a.token, { service_id: serviceId, staff_id: staff[0]!.id, appointment_datetime: slot(day, "12:00") });
    expect(made.status).toBe(201);
    await wipeRoomLedger(room.id);
    const refused = await book(b.token, { service_id: serviceId, staff_id: staff[1]!.id, appointment_datetime: slot(day, "12:00") });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("resource_taken");
  });
});
