// The README's "delete data/ to start over", black-box: the masters' ledgers
// outlive the database, and must not keep the wiped bookings' times blocked
// or trip over the new bookings reusing the old ids.
import { inject, describe, expect, it } from "vitest";
import { call } from "../worker/client.js";
import { ledgerSnapshot } from "../worker/direct-db.js";
import { book, salonDate, slot, sql, tokenFor } from "../worker/scenario.js";
import { dayOfWeek } from "../../worker/booking/zoned-time.js";
import { nextBerlinFallBack, twoThirties } from "../support/dst.js";

const HAIRCUT = 3;
const ANNA = 1; // seeded master: Monday–Friday 10:00–19:00
const CUSTOMER = "+79990000100";
const ADMIN = "+79990000001";

/** The first weekday at least three days ahead (day +2 has seeded custom hours). */
function weekday(): string {
  for (let d = 3; ; d++) if (dayOfWeek(salonDate(d)) < 5) return salonDate(d);
}

async function wipeDatabase() {
  const answer = await fetch(inject("resetUrl"), { method: "POST" });
  expect(answer.status).toBe(204);
}

const freeTimes = async (date: string) => {
  const { body } = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${ANNA}&date=${date}`);
  return (body.slots as { time: string; available: boolean }[]).filter((s) => s.available).map((s) => s.time);
};

describe("a wiped and re-created database", () => {
  it("books the same times again (201), with the ids the old bookings had", async () => {
    const date = weekday();
    let token = await tokenFor(CUSTOMER);
    const before = [];
    for (const time of ["10:00", "12:00"]) {
      const created = await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: slot(date, time) });
      expect(created.status).toBe(201);
      before.push(created.body.booking.id);
    }
    expect((await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: slot(date, "10:00") })).status).toBe(409);

    await wipeDatabase();
    expect((await sql("select count(*) as n from bookings")).rows[0]!.n).toBe(0);
    token = await tokenFor(CUSTOMER);
    expect(await freeTimes(date)).toEqual(expect.arrayContaining(["10:00", "12:00"]));

    const after = [];
    for (const time of ["10:00", "12:00"]) {
      const created = await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: slot(date, time) });
      expect(created.status).toBe(201);
      after.push(created.body.booking.id);
    }
    // The new database hands out the same ids again: the collision the ledger must survive.
    expect(after).toEqual(before);
    expect((await ledgerSnapshot(ANNA)).map((i) => i.bookingId)).toEqual(after);
    // And it still guards the new bookings.
    const clash = await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: slot(date, "10:30") });
    expect(clash.status).toBe(409);
  });

  it("offers only times it can book: every free slot after a wipe is bookable", async () => {
    const date = salonDate(4);
    const other = dayOfWeek(date) < 5 ? date : salonDate(6);
    // The admin books the customer's visits: a customer's own account holds only a few upcoming bookings.
    let token = await tokenFor(ADMIN);
    // Fill the day, then wipe: the ledger now holds a full day the database does not have.
    for (const time of await freeTimes(other)) {
      await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: slot(other, time), phone: CUSTOMER });
    }
    expect(await freeTimes(other)).toEqual([]);
    await wipeDatabase();
    token = await tokenFor(ADMIN);
    let booked = 0;
    for (let free = await freeTimes(other); free.length > 0; free = await freeTimes(other)) {
      const created = await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: slot(other, free[0]!), phone: CUSTOMER });
      expect(created.status, `${free[0]} was offered as free`).toBe(201);
      booked++;
    }
    expect(booked).toBeGreaterThan(5);
  });
});

describe("a wiped database and a room's ledger", () => {
  /** A service only Anna does that needs a new one-unit room (ids repeat after a wipe). */
  async function roomService(): Promise<{ serviceId: number; resourceId: number }> {
    const service = await sql("insert into services (name, duration_min, price_minor, currency) values ('Массаж', 60, 300000, 'RUB') returning id");
    const serviceId = Number(service.rows[0]!.id);
    await sql("insert into staff_services (staff_id, service_id) values (?, ?)", [ANNA, serviceId]);
    const room = await sql("insert into resources (name, kind, units) values ('Кабинет', 'room', 1) returning id");
    const resourceId = Number(room.rows[0]!.id);
    await sql("insert into service_resources (service_id, resource_id) values (?, ?)", [serviceId, resourceId]);
    return { serviceId, resourceId };
  }

  it("books the room's time again after the wipe, and the room still guards the new booking", async () => {
    await wipeDatabase();
    const date = weekday();
    let token = await tokenFor(ADMIN);
    const first = await roomService();
    const made = await book(token, { service_id: first.serviceId, staff_id: ANNA, appointment_datetime: slot(date, "11:00"), phone: CUSTOMER });
    expect(made.status).toBe(201);
    await wipeDatabase();
    token = await tokenFor(ADMIN);
    const again = await roomService();
    expect(again).toEqual(first);
    const rebooked = await book(token, { service_id: again.serviceId, staff_id: ANNA, appointment_datetime: slot(date, "11:00"), phone: CUSTOMER });
    expect(rebooked.status).toBe(201);
    expect(rebooked.body.booking.resources).toEqual([{ id: again.resourceId, name: "Кабинет", kind: "room", unit: 1 }]);
  });
});

// Here because this project's database is its own: the salon moves to Berlin.
describe("a salon in a zone whose clocks go back (Europe/Berlin, the next last Sunday of October)", () => {
  it("lists the repeated 02:30 twice and books the instant that was asked for", async () => {
    await wipeDatabase();
    await sql("update salon_settings set time_zone = 'Europe/Berlin', horizon_days = 400 where id = 1");
    await sql("insert into staff_schedules (staff_id, day_of_week, start_time, end_time) values (?, 6, '00:00', '24:00')", [ANNA]);
    const token = await tokenFor(CUSTOMER);
    const date = nextBerlinFallBack();
    const [firstAt, secondAt] = twoThirties(date);

    const { body } = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${ANNA}&date=${date}`);
    const twice = (body.slots as { time: string; start_at: string }[]).filter((s) => s.time === "02:30").map((s) => s.start_at);
    expect(twice).toEqual([firstAt, secondAt]);

    const second = await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: `${date}T02:30+01:00` });
    expect(second.status).toBe(201);
    expect(second.body.booking.start_at).toBe(secondAt);
    // A wall time without an offset is the first occurrence, still free.
    const first = await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: `${date}T02:30` });
    expect(first.status).toBe(201);
    expect(first.body.booking.start_at).toBe(firstAt);
    const again = await book(token, { service_id: HAIRCUT, staff_id: ANNA, appointment_datetime: `${date}T02:30+01:00` });
    expect(again.status).toBe(409);
  });
});
