// Every date and date-time field of every route goes through one strict
// parser: impossible dates, 24:00, years outside 2000–2100 and random
// mutations are a 400 validation_failed naming the field, never a 5xx.
import { describe, expect, it } from "vitest";
import { parseCalendarDate, parseDateTime } from "../../worker/booking/zoned-time.js";
import { call } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, book, newMaster, salonDate, slot } from "./scenario.js";

const HAIRCUT = 3;

const BAD_DATES = ["0000-01-01", "0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "2026-11-31", "2025-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-12-00", "2026-1-01", "2026-12-01T10:00", "", "tomorrow", "２０２６-12-01", "2026-12-01\u0000"];
const BAD_DATE_TIMES = ["0000-01-01T10:00", "0001-01-01T10:00+03:00", "9999-12-31T23:59:59.999Z", "2026-11-31T12:00+03:00", "2025-02-30T10:00", "2026-12-01T24:00", "2026-12-01T23:60", "2026-12-01T10:00:60", "2026-12-01T10:00+15:00", "2026-12-01T10:00+03", "2026-12-01 10:00", "2026-12-01", "1e20", "2026-12-01T10:00:00.1234Z"];
const BAD_TIMES = ["24:30", "25:00", "9:00", "09:60", "0900", "", "24:00:00"];

/** A small deterministic generator, so a failure names a reproducible input. */
function mutations(seed: string, n: number, valid: string): string[] {
  let state = [...seed].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  const next = () => (state = (state * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
  const alphabet = "0123456789-:T+Z. 9";
  return Array.from({ length: n }, () => {
    const chars = [...valid];
    for (let k = 1 + Math.floor(next() * 3); k > 0; k--) chars[Math.floor(next() * chars.length)] = alphabet[Math.floor(next() * alphabet.length)]!;
    return chars.join("");
  });
}

function expectFieldRefused(res: { status: number; body: any }, field: string, input: string) {
  expect(res.status, `${field}=${JSON.stringify(input)}: ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.body.error.code).toBe("validation_failed");
  expect(res.body.error.details.issues[0].path).toBe(field);
}

describe("date fields", () => {
  it("time-slots refuses bad `date` and `from`", async () => {
    for (const bad of BAD_DATES) {
      expectFieldRefused(await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?date=${encodeURIComponent(bad)}`), "date", bad);
      expectFieldRefused(await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?from=${encodeURIComponent(bad)}&days=3`), "from", bad);
    }
  });

  it("the bookings list refuses bad `from` and `to`", async () => {
    const { token } = await quickCustomer();
    for (const bad of BAD_DATES) {
      expectFieldRefused(await call("GET", `/api/v1/bookings?from=${encodeURIComponent(bad)}`, { token }), "from", bad);
      expectFieldRefused(await call("GET", `/api/v1/bookings?to=${encodeURIComponent(bad)}`, { token }), "to", bad);
    }
  });

  it("booking and rescheduling refuse bad `appointment_datetime`", async () => {
    const master = await newMaster();
    const { token } = await quickCustomer();
    const booked = await book(token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(salonDate(3), "10:00") });
    expect(booked.status).toBe(201);
    for (const bad of BAD_DATE_TIMES) {
      expectFieldRefused(await book(token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: bad }), "appointment_datetime", bad);
      const moved = await call("PATCH", `/api/v1/bookings/${booked.body.booking.id}`, { token, body: { action: "reschedule", appointment_datetime: bad } });
      expectFieldRefused(moved, "appointment_datetime", bad);
    }
  });

  it("exceptions refuse bad dates and ranges longer than a year; schedules refuse bad times", async () => {
    const master = await newMaster();
    const admin = await adminToken();
    const path = `/api/v1/admin/staff/${master.id}/exceptions`;
    for (const bad of BAD_DATES) {
      expectFieldRefused(await call("POST", path, { token: admin, body: { kind: "day_off", start_date: bad, end_date: salonDate(40) } }), "start_date", bad);
      expectFieldRefused(await call("POST", path, { token: admin, body: { kind: "day_off", start_date: salonDate(40), end_date: bad } }), "end_date", bad);
    }
    const long = await call("POST", path, { token: admin, body: { kind: "vacation", start_date: "2027-01-01", end_date: "2028-01-02" } });
    expect(long.status).toBe(422);
    expect(long.body.error.code).toBe("invalid_schedule");
    const year = await call("POST", path, { token: admin, body: { kind: "vacation", start_date: "2027-01-01", end_date: "2028-01-01" } });
    expect(year.status).toBe(201);
    for (const bad of BAD_TIMES) {
      const res = await call("POST", `/api/v1/admin/staff/${master.id}/schedule`, { token: admin, body: { day_of_week: 0, start_time: bad, end_time: "18:00" } });
      expectFieldRefused(res, "start_time", bad);
    }
  });

  it("random mutations of valid dates are either read or refused as 400, never a 5xx", async () => {
    const master = await newMaster();
    const { token } = await quickCustomer();
    const statuses = new Map<number, number>();
    for (const input of mutations("date", 60, salonDate(4))) {
      const res = await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${master.id}&date=${encodeURIComponent(input)}`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (parseCalendarDate(input) === null) expectFieldRefused(res, "date", input);
      else expect(res.status, input).toBe(200);
    }
    for (const input of mutations("datetime", 60, `${salonDate(4)}T11:00+03:00`)) {
      const res = await book(token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: input });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (parseDateTime(input) === null) expectFieldRefused(res, "appointment_datetime", input);
      else expect(res.status, `${input}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  });
});
