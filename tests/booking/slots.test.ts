import { describe, expect, it } from "vitest";
import { overlaps } from "../../worker/booking/slots.js";
import {
  booking,
  customHours,
  dayOff,
  masterWith,
  offered,
  plan,
  slotAt,
  times,
  vacation,
  verdict,
} from "./scenario.js";

// Test week in Moscow (UTC+3, no DST): Monday 2026-11-23 ... Sunday 2026-11-29.
const MON = "2026-11-23";
const TUE = "2026-11-24";
const SUN = "2026-11-29";

describe("grid", () => {
  it("starts at the working period start and steps by stepMin", () => {
    const p = plan(masterWith({ mon: "10:00-12:00" }), { date: MON, duration: 30 });
    expect(p.status).toBe("open");
    expect(times(p)).toEqual(["10:00", "10:30", "11:00", "11:30"]);
    expect(offered(p)).toEqual(times(p));
  });

  it.each([
    [15, ["10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45"]],
    [30, ["10:00", "10:30", "11:00", "11:30"]],
    [60, ["10:00", "11:00"]],
  ])("offers a grid with step %i", (step, expected) => {
    const p = plan(masterWith({ mon: "10:00-12:00" }), { date: MON, duration: 15, step });
    expect(offered(p)).toEqual(expected);
  });

  it("counts a custom day's grid from its start by default (12:15, 12:45, …)", () => {
    const master = masterWith({ mon: "10:00-19:00" }, { exceptions: [customHours(MON, "12:15-18:00")] });
    const p = plan(master, { date: MON, duration: 30 });
    expect(times(p).slice(0, 4)).toEqual(["12:15", "12:45", "13:15", "13:45"]);
    expect(times(p)).not.toContain("14:00");
  });

  it("aligns the grid to the clock when the salon asks: 12:15–18:00 offers 12:30, 13:00 … 17:30 and the free 14:00", () => {
    const master = masterWith({ mon: "10:00-19:00" }, { exceptions: [customHours(MON, "12:15-18:00")] });
    const p = plan(master, { date: MON, duration: 30, grid: "clock" });
    // The period start between two clock times is not offered: the grid is the same every day.
    expect(times(p)).toEqual(["12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30", "17:00", "17:30"]);
    expect(verdict(p, "14:00")).toBe("ok");
  });

  it("keeps clock alignment after a break and in a split shift", () => {
    const master = masterWith({ mon: ["09:10-11:00 break 10:05-10:20", "13:50-15:00"] });
    const p = plan(master, { date: MON, duration: 20, step: 20, grid: "clock" });
    expect(times(p)).toEqual(["09:20", "09:40", "10:00", "10:20", "10:40", "14:00", "14:20", "14:40"]);
    expect(offered(p)).toEqual(["09:20", "09:40", "10:20", "10:40", "14:00", "14:20", "14:40"]);
  });

  it("offers nothing aligned to the clock in a period too short to hold a clock time", () => {
    const p = plan(masterWith({ mon: "10:05-10:25" }), { date: MON, duration: 15, grid: "clock" });
    expect(p.status).toBe("open");
    expect(p.slots).toEqual([]);
  });

  it("rejects an unknown grid", () => {
    expect(() => plan(masterWith({ mon: "10:00-19:00" }), { date: MON, grid: "hourly" as "clock" })).toThrow(RangeError);
  });

  it("converts Moscow wall slots to UTC instants three hours earlier", () => {
    const slot = slotAt(plan(masterWith({ mon: "10:00-19:00" }), { date: MON, duration: 45 }), "10:00");
    expect(slot).toEqual({
      time: "10:00",
      start: "2026-11-23T07:00:00.000Z",
      end: "2026-11-23T07:45:00.000Z",
      available: true,
      duration: 45,
    });
  });

  it("lists a slot that would run past closing as outside_hours", () => {
    const p = plan(masterWith({ mon: "10:00-12:00" }), { date: MON, duration: 60 });
    expect(times(p)).toEqual(["10:00", "10:30", "11:00", "11:30"]);
    expect(verdict(p, "11:00")).toBe("ok");
    expect(verdict(p, "11:30")).toBe("outside_hours");
  });

  it("refuses a late slot once add-ons lengthen the service", () => {
    const master = masterWith({ mon: "10:00-19:00" });
    expect(verdict(plan(master, { date: MON, duration: 60 }), "18:00")).toBe("ok");
    const withAddOn = plan(master, { date: MON, duration: 60 + 30 });
    expect(verdict(withAddOn, "18:00")).toBe("outside_hours");
    expect(verdict(withAddOn, "17:30")).toBe("ok");
    expect(slotAt(withAddOn, "17:30").end).toBe("2026-11-23T16:00:00.000Z");
  });

  it("counts the buffer after the service toward closing time but not toward the slot end", () => {
    const p = plan(masterWith({ mon: "10:00-19:00" }), { date: MON, duration: 60, buffer: 15 });
    expect(verdict(p, "18:00")).toBe("outside_hours");
    expect(verdict(p, "17:30")).toBe("ok");
    expect(slotAt(p, "17:30").end).toBe("2026-11-23T15:30:00.000Z");
  });

  it("offers nothing and reports a day off on a weekday without hours", () => {
    const p = plan(masterWith({ mon: "10:00-19:00" }), { date: SUN });
    expect(p).toEqual({ date: SUN, status: "day_off", slots: [] });
  });

  it("rejects nonsense rules instead of looping forever", () => {
    expect(() => plan(masterWith({ mon: "10:00-19:00" }), { date: MON, step: 0 })).toThrow(RangeError);
    expect(() => plan(masterWith({ mon: "10:00-19:00" }), { date: MON, duration: 0 })).toThrow(RangeError);
  });
});

describe("breaks", () => {
  const master = masterWith({ mon: "10:00-19:00 break 13:00-14:00" });

  it("offers a slot that ends exactly when the break starts", () => {
    expect(verdict(plan(master, { date: MON, duration: 60 }), "12:00")).toBe("ok");
  });

  it("refuses a slot that starts before the break and runs into it", () => {
    expect(verdict(plan(master, { date: MON, duration: 60 }), "12:30")).toBe("break");
  });

  it("refuses slots that start inside the break and offers the break end", () => {
    const p = plan(master, { date: MON, duration: 60 });
    expect(verdict(p, "13:00")).toBe("break");
    expect(verdict(p, "13:30")).toBe("break");
    expect(verdict(p, "14:00")).toBe("ok");
  });

  it("refuses a slot whose buffer runs into the break", () => {
    expect(verdict(plan(master, { date: MON, duration: 60, buffer: 10 }), "12:00")).toBe("break");
  });

  it("keeps the grid on the step after a break instead of restarting at the break end", () => {
    const p = plan(master, { date: MON, duration: 30, step: 45 });
    expect(offered(p)).toEqual(["10:00", "10:45", "11:30", "12:15", "14:30", "15:15", "16:00", "16:45", "17:30", "18:15"]);
    expect(verdict(p, "13:00")).toBe("break");
    expect(verdict(p, "13:45")).toBe("break");
  });

  it("honours two breaks in one day", () => {
    const p = plan(masterWith({ mon: "10:00-19:00 break 12:00-12:30 16:00-16:30" }), { date: MON, duration: 60 });
    expect(offered(p)).toEqual(["10:00", "10:30", "11:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "16:30", "17:00", "17:30", "18:00"]);
    expect(verdict(p, "11:30")).toBe("break");
    expect(verdict(p, "15:30")).toBe("break");
  });
});

describe("existing bookings", () => {
  const master = masterWith(
    { mon: "10:00-19:00" },
    { busy: [booking("2026-11-23T10:30:00+03:00", "2026-11-23T11:30:00+03:00")] },
  );

  it("refuses a slot that a booking started before and runs into", () => {
    const p = plan(master, { date: MON, duration: 30 });
    expect(verdict(p, "11:00")).toBe("booked");
    expect(verdict(p, "11:30")).toBe("ok");
  });

  it("refuses a slot that would run into a later booking", () => {
    expect(verdict(plan(master, { date: MON, duration: 60 }), "10:00")).toBe("booked");
  });

  it("offers a slot that ends exactly when the booking starts", () => {
    expect(verdict(plan(master, { date: MON, duration: 30 }), "10:00")).toBe("ok");
  });

  it("refuses a slot whose own buffer would reach the next booking", () => {
    expect(verdict(plan(master, { date: MON, duration: 30, buffer: 5 }), "10:00")).toBe("booked");
  });

  it("ignores bookings on other days", () => {
    expect(offered(plan(master, { date: "2026-11-30", duration: 30 }))).toHaveLength(18);
  });
});

describe("time limits", () => {
  const master = masterWith({ mon: "10:00-19:00" });

  it("marks slots at or before now as past", () => {
    const p = plan(master, { date: MON, duration: 30, now: "2026-11-23T12:00:00+03:00" });
    expect(verdict(p, "11:30")).toBe("past");
    expect(verdict(p, "12:00")).toBe("past");
    expect(verdict(p, "12:30")).toBe("ok");
  });

  it("marks slots inside the minimum notice and offers the first one at now + notice", () => {
    const p = plan(master, { date: MON, duration: 30, notice: 120, now: "2026-11-23T12:00:00+03:00" });
    expect(verdict(p, "12:30")).toBe("notice");
    expect(verdict(p, "13:30")).toBe("notice");
    expect(verdict(p, "14:00")).toBe("ok");
  });

  it("marks a whole day beyond the horizon", () => {
    const master2 = masterWith({ mon: "10:00-19:00", tue: "10:00-19:00" });
    // Friday + 3 days = Monday.
    expect(offered(plan(master2, { date: MON, horizon: 3 }))).toHaveLength(17);
    const tue = plan(master2, { date: TUE, horizon: 3 });
    expect(tue.status).toBe("open");
    expect(new Set(tue.slots.map((s) => s.reason))).toEqual(new Set(["horizon"]));
  });

  it("counts the horizon from today in the salon zone, not in UTC", () => {
    const master2 = masterWith({ tue: "10:00-19:00" });
    // 22:30 UTC on Friday is already Saturday 01:30 in Moscow, so Tuesday is within 3 days.
    const p = plan(master2, { date: TUE, horizon: 3, now: "2026-11-20T22:30:00Z" });
    expect(offered(p)).toHaveLength(17);
  });

  it("reports the reason with the highest precedence", () => {
    const busyMaster = masterWith(
      { mon: "10:00-19:00 break 18:30-19:00", tue: "10:00-19:00" },
      { busy: [booking("2026-11-23T10:00:00+03:00", "2026-11-23T19:00:00+03:00")] },
    );
    // booked + break + outside_hours + notice + past, in that order of strength
    const now = "2026-11-23T17:00:00+03:00";
    const p = plan(busyMaster, { date: MON, duration: 60, notice: 60, now });
    expect(verdict(p, "16:30")).toBe("past");
    expect(verdict(p, "17:30")).toBe("notice");
    expect(verdict(p, "18:30")).toBe("outside_hours");
    expect(verdict(p, "18:00")).toBe("break");
    const early = plan(busyMaster, { date: MON, duration: 60 });
    expect(verdict(early, "17:00")).toBe("booked");
    expect(verdict(plan(busyMaster, { date: TUE, duration: 60, horizon: 0, now }), "18:30")).toBe("horizon");
  });
});

describe("exceptions", () => {
  it("lists the weekly grid as unavailable on a day off", () => {
    const off = plan(masterWith({ mon: "10:00-12:00" }, { exceptions: [dayOff(MON)] }), { date: MON, duration: 60 });
    expect(off.status).toBe("day_off");
    expect(off.slots.map((s) => [s.time, s.available, s.reason])).toEqual([
      ["10:00", false, "day_off"],
      ["10:30", false, "day_off"],
      ["11:00", false, "day_off"],
      ["11:30", false, "day_off"],
    ]);
  });

  it("reports a day off with no slots when the weekday has no hours", () => {
    const p = plan(masterWith({ mon: "10:00-19:00" }, { exceptions: [dayOff(SUN)] }), { date: SUN });
    expect(p).toEqual({ date: SUN, status: "day_off", slots: [] });
  });

  it("covers both ends of a vacation and nothing after it", () => {
    const m = masterWith({ mon: "10:00-19:00", tue: "10:00-19:00" }, { exceptions: [vacation("2026-11-16", MON)] });
    const first = plan(m, { date: "2026-11-16", now: "2026-11-10T09:00:00+03:00" });
    const last = plan(m, { date: MON });
    expect([first.status, last.status]).toEqual(["vacation", "vacation"]);
    expect(last.slots.every((s) => !s.available && s.reason === "vacation")).toBe(true);
    expect(last.slots).toHaveLength(18);
    expect(plan(m, { date: TUE }).status).toBe("open");
  });

  it("lets vacation win over custom hours and a day off", () => {
    const m = masterWith({ mon: "10:00-19:00" }, { exceptions: [customHours(MON, "12:00-14:00"), dayOff(MON), vacation(MON)] });
    expect(plan(m, { date: MON }).status).toBe("vacation");
  });

  it("replaces the day's hours with custom hours and keeps weekly breaks inside them", () => {
    const m = masterWith(
      { mon: "10:00-19:00 break 13:00-14:00" },
      { exceptions: [customHours(MON, "12:00-16:00")] },
    );
    const p = plan(m, { date: MON, duration: 60 });
    expect(p.status).toBe("open");
    expect(times(p)).toEqual(["12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30"]);
    expect(offered(p)).toEqual(["12:00", "14:00", "14:30", "15:00"]);
  });

  it("opens a normally free weekday with custom hours", () => {
    const m = masterWith({ mon: "10:00-19:00" }, { exceptions: [customHours(SUN, "11:00-13:00")] });
    expect(offered(plan(m, { date: SUN, duration: 60 }))).toEqual(["11:00", "11:30", "12:00"]);
  });
});

describe("split shift", () => {
  const master = masterWith({ mon: ["10:00-13:00 break 10:30-10:45", "16:00-20:00"] });

  it("offers slots only inside each shift, each shift with its own grid", () => {
    const p = plan(master, { date: MON, duration: 60, step: 45 });
    expect(times(p)).toEqual(["10:00", "10:45", "11:30", "12:15", "16:00", "16:45", "17:30", "18:15", "19:00", "19:45"]);
    expect(offered(p)).toEqual(["10:45", "11:30", "16:00", "16:45", "17:30", "18:15", "19:00"]);
    expect(verdict(p, "12:15")).toBe("outside_hours");
    expect(verdict(p, "10:00")).toBe("break");
  });

  it("does not let a slot bridge the gap between shifts", () => {
    const p = plan(master, { date: MON, duration: 240 });
    expect(offered(p)).toEqual(["16:00"]);
  });
});

describe("overlaps", () => {
  const a = { start: "2026-11-23T07:00:00.000Z", end: "2026-11-23T08:00:00.000Z" };

  it("treats touching intervals as free and any shared minute as an overlap", () => {
    expect(overlaps(a, { start: "2026-11-23T08:00:00.000Z", end: "2026-11-23T09:00:00.000Z" })).toBe(false);
    expect(overlaps(a, { start: "2026-11-23T06:00:00.000Z", end: "2026-11-23T07:00:00.000Z" })).toBe(false);
    expect(overlaps(a, { start: "2026-11-23T06:00:00.000Z", end: "2026-11-23T07:01:00.000Z" })).toBe(true);
    expect(overlaps(a, { start: "2026-11-23T07:15:00.000Z", end: "2026-11-23T07:30:00.000Z" })).toBe(true);
    expect(overlaps(a, { start: "2026-11-23T06:00:00.000Z", end: "2026-11-23T09:00:00.000Z" })).toBe(true);
  });

  it("compares instants, not strings", () => {
    expect(overlaps(a, { start: "2026-11-23T10:59:00+03:00", end: "2026-11-23T12:00:00+03:00" })).toBe(true);
  });
});
