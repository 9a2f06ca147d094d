import { describe, expect, it } from "vitest";
import { dayAvailability, mergeAnyStaff } from "../../worker/booking/slots.js";
import { booking, dayOff, EARLY, masterWith, plan, rulesOf, slotAt, times, vacation } from "./scenario.js";

// Moscow test week: Monday 2026-11-23 ... Sunday 2026-11-29.
const MON = "2026-11-23";
const TUE = "2026-11-24";

describe("mergeAnyStaff", () => {
  const morning = masterWith({ mon: "10:00-13:00" });
  const afternoon = masterWith(
    { mon: "12:00-16:00" },
    { busy: [booking("2026-11-23T12:00:00+03:00", "2026-11-23T13:00:00+03:00")] },
  );

  it("unions wall times and lists the free masters in the given order", () => {
    const both = masterWith({ mon: "10:00-16:00" });
    const merged = mergeAnyStaff([
      { staffId: 7, plan: plan(both, { date: MON, duration: 60 }) },
      { staffId: 3, plan: plan(morning, { date: MON, duration: 60 }) },
    ]);
    expect(merged.date).toBe(MON);
    expect(slotAt(merged, "10:00").staff_ids).toEqual([7, 3]);
    expect(slotAt(merged, "14:00").staff_ids).toEqual([7]);
    expect(slotAt(merged, "14:00").available).toBe(true);
  });

  it("offers a time when any master is free and explains refusals with the most specific reason", () => {
    const merged = mergeAnyStaff([
      { staffId: 1, plan: plan(morning, { date: MON, duration: 60 }) },
      { staffId: 2, plan: plan(afternoon, { date: MON, duration: 60 }) },
    ]);
    expect(times(merged)).toEqual(["10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30"]);
    expect(slotAt(merged, "11:00")).toMatchObject({ available: true, staff_ids: [1] });
    expect(slotAt(merged, "11:00").reason).toBeUndefined();
    // master 1 runs out of hours, master 2 is booked: "booked" says more
    expect(slotAt(merged, "12:00")).toMatchObject({ available: true, staff_ids: [1] });
    expect(slotAt(merged, "12:30")).toMatchObject({ available: false, reason: "booked", staff_ids: [] });
    expect(slotAt(merged, "13:00")).toMatchObject({ available: true, staff_ids: [2] });
  });

  it("prefers a time-based reason over a master who is away", () => {
    const away = masterWith({ mon: "10:00-13:00" }, { exceptions: [vacation(MON)] });
    const now = "2026-11-23T12:00:00+03:00";
    const merged = mergeAnyStaff([
      { staffId: 1, plan: plan(away, { date: MON, now }) },
      { staffId: 2, plan: plan(morning, { date: MON, now }) },
    ]);
    expect(slotAt(merged, "10:00").reason).toBe("past");
  });

  it("refuses to merge plans for different days", () => {
    expect(() =>
      mergeAnyStaff([
        { staffId: 1, plan: plan(morning, { date: MON }) },
        { staffId: 2, plan: plan(morning, { date: TUE }) },
      ]),
    ).toThrow(RangeError);
  });
});

describe("dayAvailability", () => {
  const master = masterWith(
    { mon: "10:00-19:00", tue: "10:00-19:00", wed: "10:00-19:00", thu: "10:00-14:00", sat: "11:00-15:00" },
    {
      exceptions: [vacation("2026-11-25"), dayOff("2026-11-28")],
      busy: [booking("2026-11-24T10:00:00+03:00", "2026-11-24T12:00:00+03:00")],
    },
  );
  const range = (days: number, horizon = 30) =>
    dayAvailability(rulesOf({ step: 60, horizon }), master, {
      from: MON,
      days,
      durationMin: 60,
      bufferAfterMin: 0,
      now: new Date(EARLY),
    });

  it("counts bookable slots per day for the calendar", () => {
    expect(range(7)).toEqual([
      { date: "2026-11-23", status: "open", available: 9 },
      { date: "2026-11-24", status: "open", available: 7 },
      { date: "2026-11-25", status: "vacation", available: 0 },
      { date: "2026-11-26", status: "open", available: 4 },
      { date: "2026-11-27", status: "day_off", available: 0 },
      { date: "2026-11-28", status: "day_off", available: 0 },
      { date: "2026-11-29", status: "day_off", available: 0 },
    ]);
  });

  it("shows nothing bookable beyond the horizon", () => {
    expect(range(2, 3).map((d) => d.available)).toEqual([9, 0]);
  });

  it("accepts up to 31 days", () => {
    expect(range(31)).toHaveLength(31);
    expect(range(31).at(-1)?.date).toBe("2026-12-23");
    expect(() => range(32)).toThrow(RangeError);
    expect(() => range(0)).toThrow(RangeError);
  });
});
