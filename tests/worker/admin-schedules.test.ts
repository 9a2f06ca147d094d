import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { adminToken, book, newCustomer, newMaster, salonDate, slot, sql, tokenFor } from "./scenario.js";

const dayOfWeek = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

describe("schedules admin", () => {
  let admin: string;
  let customer: { token: string };
  beforeAll(async () => {
    admin = await adminToken();
    customer = await newCustomer();
  });
  const path = (staffId: number, rest = "") => `/api/v1/admin/staff/${staffId}/schedule${rest}`;

  it("lists a master's weekly hours with breaks", async () => {
    const master = await newMaster({ days: [0, 2] });
    const res = await call("GET", path(master.id), { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.schedule).toHaveLength(2);
    expect(res.body.schedule[0]).toMatchObject({ day_of_week: 0, start_time: "10:00", end_time: "19:00", is_active: true, breaks: [{ start_time: "14:00", end_time: "15:00" }] });
  });

  it("adds working hours with two breaks and offers slots on them", async () => {
    const master = await newMaster({ days: [] });
    const date = salonDate(5);
    const created = await call("POST", path(master.id), {
      token: admin,
      body: { day_of_week: dayOfWeek(date), start_time: "09:00", end_time: "18:00", breaks: [{ start_time: "12:00", end_time: "12:30" }, { start_time: "15:00", end_time: "15:30" }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.schedule.breaks).toHaveLength(2);
    const slots = await call("GET", `/api/v1/booking/time-slots/3?staff_id=${master.id}&date=${date}`);
    const times = slots.body.slots.filter((s: { available: boolean }) => s.available).map((s: { time: string }) => s.time);
    expect(times).toContain("09:00");
    expect(times).not.toContain("11:30"); // 45 min would run into the 12:00 break
    expect(times).toContain("12:30");
  });

  it("refuses shortening hours under an existing booking, listing it, and flags it when forced", async () => {
    const master = await newMaster();
    const date = salonDate(4);
    const booked = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "17:00") });
    expect(booked.status).toBe(201);
    const { body } = await call("GET", path(master.id), { token: admin });
    const row = body.schedule.find((r: { day_of_week: number }) => r.day_of_week === dayOfWeek(date));

    const refused = await call("PATCH", path(master.id, `/${row.id}`), { token: admin, body: { end_time: "16:00" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("schedule_conflict");
    expect(refused.body.error.details.bookings.map((b: { id: number }) => b.id)).toEqual([booked.body.booking.id]);
    expect((await call("GET", path(master.id), { token: admin })).body.schedule.find((r: { id: number }) => r.id === row.id).end_time).toBe("19:00");

    const forced = await call("PATCH", path(master.id, `/${row.id}`), { token: admin, body: { end_time: "16:00", force: true } });
    expect(forced.status).toBe(200);
    expect(forced.body.flagged_booking_ids).toEqual([booked.body.booking.id]);
    const flagged = await call("GET", `/api/v1/bookings/${booked.body.booking.id}`, { token: admin });
    expect(flagged.body.booking).toMatchObject({ needs_attention: "outside_working_hours", status: "pending" });
  });

  it("refuses deleting a day with a booking, telling to send force in the query, and deletes it with ?force=true", async () => {
    const master = await newMaster();
    const date = salonDate(6);
    const booked = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "11:00") });
    expect(booked.status).toBe(201);
    const { body } = await call("GET", path(master.id), { token: admin });
    const row = body.schedule.find((r: { day_of_week: number }) => r.day_of_week === dayOfWeek(date));

    const refused = await call("DELETE", path(master.id, `/${row.id}`), { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.force_in).toBe("query");
    expect(refused.body.error.message).toContain("?force=true");
    const forced = await call("DELETE", path(master.id, `/${row.id}?force=true`), { token: admin });
    expect(forced.status).toBe(200);
    expect(forced.body.flagged_booking_ids).toEqual([booked.body.booking.id]);
  });

  it("refuses a vacation over a booking unless forced, and then closes the days", async () => {
    const master = await newMaster();
    const date = salonDate(6);
    const booked = await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "10:00") });
    const exceptions = `/api/v1/admin/staff/${master.id}/exceptions`;
    const vacation = { kind: "vacation", start_date: date, end_date: salonDate(8), note: "Отпуск" };
    const refused = await call("POST", exceptions, { token: admin, body: vacation });
    expect(refused.status).toBe(409);
    const forced = await call("POST", exceptions, { token: admin, body: { ...vacation, force: true } });
    expect(forced.status).toBe(201);
    expect(forced.body.flagged_booking_ids).toEqual([booked.body.booking.id]);
    const slots = await call("GET", `/api/v1/booking/time-slots/3?staff_id=${master.id}&date=${salonDate(7)}`);
    expect(slots.body.status).toBe("vacation");
    const removed = await call("DELETE", `${exceptions}/${forced.body.exception.id}`, { token: admin });
    expect(removed.status).toBe(200);
    expect((await call("GET", `/api/v1/booking/time-slots/3?staff_id=${master.id}&date=${salonDate(7)}`)).body.status).toBe("open");
  });

  it("sets custom hours for a date", async () => {
    const master = await newMaster();
    const date = salonDate(9);
    const res = await call("POST", `/api/v1/admin/staff/${master.id}/exceptions`, {
      token: admin,
      body: { kind: "custom_hours", start_date: date, end_date: date, start_time: "12:00", end_time: "16:00" },
    });
    expect(res.status).toBe(201);
    const slots = await call("GET", `/api/v1/booking/time-slots/3?staff_id=${master.id}&date=${date}`);
    expect(slots.body.slots[0].time).toBe("12:00");
  });

  it("deletes a day's hours only when no booking is stranded", async () => {
    const master = await newMaster();
    const date = salonDate(10);
    await book(customer.token, { service_id: 3, staff_id: master.id, appointment_datetime: slot(date, "11:00") });
    const { body } = await call("GET", path(master.id), { token: admin });
    const busyDay = body.schedule.find((r: { day_of_week: number }) => r.day_of_week === dayOfWeek(date));
    const freeDay = body.schedule.find((r: { day_of_week: number }) => r.day_of_week !== dayOfWeek(date));
    expect((await call("DELETE", path(master.id, `/${busyDay.id}`), { token: admin })).status).toBe(409);
    expect((await call("DELETE", path(master.id, `/${freeDay.id}`), { token: admin })).status).toBe(200);
    expect((await call("DELETE", path(master.id, `/${freeDay.id}`), { token: admin })).status).toBe(404);
  });

  it.each([
    ["end before start", { day_of_week: 1, start_time: "18:00", end_time: "09:00" }, 422],
    ["a break outside the hours", { day_of_week: 1, start_time: "10:00", end_time: "18:00", breaks: [{ start_time: "09:00", end_time: "09:30" }] }, 422],
    ["overlapping breaks", { day_of_week: 1, start_time: "10:00", end_time: "18:00", breaks: [{ start_time: "12:00", end_time: "13:00" }, { start_time: "12:30", end_time: "13:30" }] }, 422],
    ["day 7", { day_of_week: 7, start_time: "10:00", end_time: "18:00" }, 400],
    ["a malformed time", { day_of_week: 1, start_time: "9am", end_time: "18:00" }, 400],
  ])("refuses %s", async (_what, body, status) => {
    const master = await newMaster({ days: [] });
    const res = await call("POST", path(master.id), { token: admin, body });
    expect(res.status).toBe(status);
  });

  it("refuses bad exceptions", async () => {
    const master = await newMaster();
    const url = `/api/v1/admin/staff/${master.id}/exceptions`;
    expect((await call("POST", url, { token: admin, body: { kind: "day_off", start_date: "2026-02-30", end_date: "2026-03-01" } })).status).toBe(400);
    expect((await call("POST", url, { token: admin, body: { kind: "day_off", start_date: salonDate(5), end_date: salonDate(4) } })).status).toBe(422);
    expect((await call("POST", url, { token: admin, body: { kind: "custom_hours", start_date: salonDate(5), end_date: salonDate(5) } })).status).toBe(422);
  });

  it("is for admins only, and 404 for an unknown master", async () => {
    const master = await newMaster();
    expect((await call("GET", path(master.id), { token: customer.token })).status).toBe(403);
    expect((await call("GET", path(master.id), { token: await tokenFor(master.phone) })).status).toBe(403);
    expect((await call("GET", path(99999), { token: admin })).status).toBe(404);
    void sql;
  });
});
