// GET /booking/time-slots/{service_id}: one day's times for a master or for
// anyone, and per-day counts over a range.
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./client.js";
import { quickCustomer } from "./direct-db.js";
import { book, moscow, newMaster, salonDate, slot } from "./scenario.js";

const HAIRCUT = 3; // 45 min
const STYLING = 4; // add-on, 30 min
const day = salonDate(3);

interface SlotView {
  time: string;
  start_at: string;
  available: boolean;
  duration: number;
  reason?: string;
  staff_ids?: number[];
}

const slotsOf = (query: string, serviceId = HAIRCUT) => call("GET", `/api/v1/booking/time-slots/${serviceId}?${query}`);
const byTime = (slots: SlotView[]) => new Map(slots.map((s) => [s.time, s]));

describe("GET /booking/time-slots/{service_id}", () => {
  // Both work every day 10:00–19:00 with a 14:00–15:00 break.
  let master: { id: number };
  let colleague: { id: number };
  beforeAll(async () => {
    master = await newMaster();
    colleague = await newMaster();
    const alice = await quickCustomer();
    const res = await book(alice.token, { service_id: HAIRCUT, staff_id: master.id, appointment_datetime: slot(day, "11:00") });
    expect(res.status).toBe(201);
  });

  it("lists one master's day on the grid with what is free and why the rest is not", async () => {
    const res = await slotsOf(`staff_id=${master.id}&date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: day, service_id: HAIRCUT, staff_id: master.id, duration: 45, status: "open" });
    const slots: SlotView[] = res.body.slots;
    expect(slots.map((s) => s.time)).toEqual([
      "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30",
      "15:00", "15:30", "16:00", "16:30", "17:00", "17:30", "18:00", "18:30",
    ]);
    const at = byTime(slots);
    expect(at.get("10:00")).toEqual({ time: "10:00", start_at: moscow(day, "10:00"), available: true, duration: 45 });
    expect(at.get("11:00")).toEqual({ time: "11:00", start_at: moscow(day, "11:00"), available: false, duration: 45, reason: "booked" });
    // 10:30–11:15 runs into the 11:00 visit; 11:30 starts inside it.
    expect(at.get("10:30")).toMatchObject({ available: false, reason: "booked" });
    expect(at.get("11:30")).toMatchObject({ available: false, reason: "booked" });
    expect(at.get("12:00")).toMatchObject({ available: true });
    expect(at.get("13:00")).toMatchObject({ available: true });
    for (const time of ["13:30", "14:00", "14:30"]) expect(at.get(time)).toMatchObject({ available: false, reason: "break" });
    expect(at.get("15:00")).toMatchObject({ available: true });
    expect(at.get("18:00")).toMatchObject({ available: true });
    expect(at.get("18:30")).toMatchObject({ available: false, reason: "outside_hours" });
    expect(slots.every((s) => s.duration === 45 && !("staff_ids" in s))).toBe(true);
    expect(slots.filter((s) => s.available)).toHaveLength(11);
  });

  it("lengthens the visit by its add-ons, closing the slot that would run into the break", async () => {
    const res = await slotsOf(`staff_id=${master.id}&date=${day}&additional_services=${STYLING}`);
    expect(res.status).toBe(200);
    expect(res.body.duration).toBe(75);
    const at = byTime(res.body.slots);
    expect(at.get("12:30")).toMatchObject({ available: true, duration: 75 });
    expect(at.get("13:00")).toMatchObject({ available: false, reason: "break", duration: 75 });
    // 10:00–11:15 now runs into the 11:00 visit as well.
    expect(at.get("10:00")).toMatchObject({ available: false, reason: "booked" });
    expect(at.get("18:00")).toMatchObject({ available: false, reason: "outside_hours" });
    expect(at.get("17:30")).toMatchObject({ available: true });
  });

  it("reports a past day's times as past", async () => {
    const res = await slotsOf(`staff_id=${master.id}&date=${salonDate(-1)}`);
    expect(res.status).toBe(200);
    expect(res.body.slots.length).toBeGreaterThan(0);
    expect(res.body.slots.every((s: SlotView) => !s.available && s.reason === "past")).toBe(true);
  });

  it("shows a cancelled booking's time as free again", async () => {
    const customer = await quickCustomer();
    const res = await book(customer.token, { service_id: HAIRCUT, staff_id: colleague.id, appointment_datetime: slot(day, "16:00") });
    expect(res.status).toBe(201);
    expect(byTime((await slotsOf(`staff_id=${colleague.id}&date=${day}`)).body.slots).get("16:00")).toMatchObject({ available: false, reason: "booked" });
    expect((await call("PATCH", `/api/v1/bookings/${res.body.booking.id}`, { token: customer.token, body: { action: "cancel" } })).status).toBe(200);
    expect(byTime((await slotsOf(`staff_id=${colleague.id}&date=${day}`)).body.slots).get("16:00")).toMatchObject({ available: true });
  });

  it("merges all masters who do the service when staff_id is left out", async () => {
    const res = await slotsOf(`date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: day, service_id: HAIRCUT, staff_id: "any", duration: 45 });
    const at = byTime(res.body.slots);
    const eleven = at.get("11:00")!;
    expect(eleven.available).toBe(true);
    expect(eleven.staff_ids).toContain(colleague.id);
    expect(eleven.staff_ids).not.toContain(master.id);
    expect(at.get("12:00")!.staff_ids).toEqual(expect.arrayContaining([master.id, colleague.id]));
    expect(res.body.slots.every((s: SlotView) => Array.isArray(s.staff_ids) && s.available === s.staff_ids.length > 0)).toBe(true);
  });

  it("counts free times per day over a range", async () => {
    const from = salonDate(2);
    const res = await slotsOf(`staff_id=${master.id}&from=${from}&days=7`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ service_id: HAIRCUT, staff_id: master.id, duration: 45, from });
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(Array.from({ length: 7 }, (_, i) => salonDate(2 + i)));
    // 14 free times on a plain day (18 on the grid less the break and the late one); 3 fewer around the booking.
    for (const d of res.body.days) {
      expect(d).toEqual({ date: d.date, status: "open", available: d.date === day ? 11 : 14 });
    }

    const month = await slotsOf(`staff_id=${master.id}&from=${from}&days=31`);
    expect(month.status).toBe(200);
    expect(month.body.days).toHaveLength(31);
    const defaults = await slotsOf(`staff_id=${master.id}&days=3`);
    expect(defaults.status).toBe(200);
    expect(defaults.body.from).toBe(salonDate(0));
  });

  it.each([
    ["32 days", "days=32"],
    ["0 days", "days=0"],
    ["a date that does not exist", "date=2026-02-30"],
    ["a malformed date", "date=tomorrow"],
    ["a malformed range start", "from=26-01-01&days=3"],
    ["a malformed staff id", "staff_id=abc"],
    ["malformed add-ons", "additional_services=4;5"],
  ])("refuses %s with 400", async (_what, query) => {
    const res = await slotsOf(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
  });

  it("refuses an unknown service, a master who does not do it, an add-on alone and a foreign add-on", async () => {
    const unknown = await slotsOf(`date=${day}`, 99_999);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const notTheirs = await slotsOf(`staff_id=${master.id}&date=${day}`, 5);
    expect(notTheirs.status).toBe(422);
    expect(notTheirs.body.error.code).toBe("staff_does_not_do_service");
    const addonAlone = await slotsOf(`date=${day}`, STYLING);
    expect(addonAlone.status).toBe(422);
    expect(addonAlone.body.error.code).toBe("service_is_addon");
    const foreignAddon = await slotsOf(`staff_id=${master.id}&date=${day}&additional_services=7`);
    expect(foreignAddon.status).toBe(422);
    expect(foreignAddon.body.error.code).toBe("invalid_addon");
  });
});
