// The start grid as a salon setting: from each working period's start (the
// default) or aligned to the clock. Bookings, visits and waitlist spans all
// follow it. A master of its own works 12:15–18:00, so the two grids differ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { adminToken, book, moscow, newKey, newMaster, salonDate, slot } from "./scenario.js";
import { entryOf, HAIRCUT, join, untilStateLeaves } from "./waitlist-helpers.js";

const MANICURE = 5; // 90 min + 10 min clean-up

let admin: string;
let master: { id: number };
const day = salonDate(6);

const settings = async () => (await call("GET", "/api/v1/admin/settings", { token: admin })).body.settings as { slot_grid: string };
const setGrid = (slot_grid: unknown) => call("PATCH", "/api/v1/admin/settings", { token: admin, body: { slot_grid } });
const timesOn = async (date: string) =>
  ((await call("GET", `/api/v1/booking/time-slots/${HAIRCUT}?staff_id=${master.id}&date=${date}`)).body.slots as { time: string }[]).map((s) => s.time);

/** Runs `work` with the salon's grid aligned to the clock, then puts the setting back. */
async function onClockGrid(work: () => Promise<void>) {
  const before = (await settings()).slot_grid;
  expect((await setGrid("clock")).status).toBe(200);
  try {
    await work();
  } finally {
    await setGrid(before);
  }
}

beforeAll(async () => {
  admin = await adminToken();
  master = await newMaster({ services: [HAIRCUT, MANICURE], hours: { start: "12:15", end: "18:00" } });
});

afterAll(async () => {
  // A test that failed half-way must not leave the shared salon on the clock grid.
  await setGrid("period_start");
});

describe("the salon's start grid", () => {
  it("counts from the period start by default: 12:15 is bookable, 14:00 is off the grid", async () => {
    expect((await settings()).slot_grid).toBe("period_start");
    const times = await timesOn(day);
    expect(times.slice(0, 3)).toEqual(["12:15", "12:45", "13:15"]);
    expect(times).not.toContain("14:00");
    const customer = await quickCustomer();
    const off = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "14:00") });
    expect([off.status, off.body.error.code]).toEqual([422, "off_grid"]);
  });

  it("aligned to the clock offers 12:30 … and the free 14:00, books it, and refuses the off-grid 12:15", async () => {
    await onClockGrid(async () => {
      expect((await settings()).slot_grid).toBe("clock");
      const times = await timesOn(day);
      expect(times.slice(0, 4)).toEqual(["12:30", "13:00", "13:30", "14:00"]);
      expect(times).not.toContain("12:15");
      const customer = await quickCustomer();
      const off = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "12:15") });
      expect([off.status, off.body.error.code]).toEqual([422, "off_grid"]);
      const booked = await book(customer.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "14:00") });
      expect(booked.status).toBe(201);
      expect(booked.body.booking.start_at).toBe(moscow(day, "14:00"));
    });
  });

  it("starts a visit on the clock grid too", async () => {
    await onClockGrid(async () => {
      const date = salonDate(7);
      const grid = await call("GET", `/api/v1/booking/visit-slots?items=${HAIRCUT}:${master.id},${MANICURE}:${master.id}&date=${date}`);
      expect(grid.status).toBe(200);
      expect(grid.body.slots[0].time).toBe("12:30");
      const customer = await quickCustomer();
      const visit = (time: string) =>
        call("POST", "/api/v1/visits", { token: customer.token, body: { items: [{ service_id: HAIRCUT, staff_id: master.id }, { service_id: MANICURE, staff_id: master.id }], appointment_datetime: slot(date, time) }, headers: { "idempotency-key": newKey() } });
      const off = await visit("12:15");
      expect([off.status, off.body.error.code]).toEqual([422, "off_grid"]);
      expect((await visit("14:00")).status).toBe(201);
    });
  });

  it("offers a waiting customer a freed clock time the period-start grid would not have had", async () => {
    await onClockGrid(async () => {
      const date = salonDate(8);
      const holder = await quickCustomer();
      const taken = await book(holder.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(date, "14:00") });
      expect(taken.status).toBe(201);
      // Only a 14:00 start fits 14:00–14:45: on the period-start grid (13:45, 14:15) nothing would.
      const waiter = await quickCustomer();
      const joined = await join(waiter.token, { service_id: HAIRCUT, date, staff_id: master.id, from_time: "14:00", to_time: "14:45" });
      expect(joined.status).toBe(201);
      expect((await call("PATCH", `/api/v1/bookings/${taken.body.booking.id}`, { token: holder.token, body: { action: "cancel" } })).status).toBe(200);
      const entry = await untilStateLeaves(waiter.token, joined.body.entry.id, master.id);
      expect(entry.state).toBe("offered");
      expect(entry.offer).toMatchObject({ start_at: moscow(date, "14:00"), local_time: "14:00" });
      expect((await entryOf(waiter.token, joined.body.entry.id)).offer.start_at).toBe(moscow(date, "14:00"));
    });
  });

  it("refuses an unknown grid and changes nothing", async () => {
    const res = await setGrid("hourly");
    expect([res.status, res.body.error.code]).toEqual([400, "validation_failed"]);
    expect((await settings()).slot_grid).toBe("period_start");
  });
});
