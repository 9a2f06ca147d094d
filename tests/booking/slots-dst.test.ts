import { describe, expect, it } from "vitest";
import { booking, masterWith, offered, plan, slotAt, times, verdict } from "./scenario.js";

// Europe/Berlin 2026: clocks jump 02:00 CET -> 03:00 CEST on Sunday 29 March and
// fall back 03:00 CEST -> 02:00 CET on Sunday 25 October.
describe("DST in Europe/Berlin", () => {
  const berlin = { zone: "Europe/Berlin", duration: 30, now: "2026-03-01T00:00:00Z", horizon: 365 };
  const nightShift = masterWith({ sun: "01:00-05:00" });

  it("omits the spring-forward gap and loses nothing else", () => {
    const p = plan(nightShift, { ...berlin, date: "2026-03-29" });
    expect(times(p)).toEqual(["01:00", "01:30", "03:00", "03:30", "04:00", "04:30"]);
    expect(p.slots.map((s) => s.start)).toEqual([
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T00:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:30:00.000Z",
      "2026-03-29T02:00:00.000Z",
      "2026-03-29T02:30:00.000Z",
    ]);
    expect(p.slots.every((s) => s.available)).toBe(true);
  });

  it("measures a slot across spring-forward in real minutes", () => {
    const p = plan(nightShift, { ...berlin, date: "2026-03-29", duration: 60 });
    // 01:30 CET + 60 real minutes = 03:30 CEST
    expect(slotAt(p, "01:30").end).toBe("2026-03-29T01:30:00.000Z");
    // The shift is 3 real hours long, so 04:00 is the last hour-long slot.
    expect(offered(p)).toEqual(["01:00", "01:30", "03:00", "03:30", "04:00"]);
  });

  it("blocks the slots on both sides of the gap for a booking spanning it", () => {
    const m = masterWith({ sun: "01:00-05:00" }, { busy: [booking("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00")] });
    const p = plan(m, { ...berlin, date: "2026-03-29" });
    expect(offered(p)).toEqual(["01:00", "03:30", "04:00", "04:30"]);
  });

  it("starts a break that begins in the gap at the transition", () => {
    const m = masterWith({ sun: "01:00-05:00 break 02:30-03:30" });
    expect(offered(plan(m, { ...berlin, date: "2026-03-29" }))).toEqual(["01:00", "01:30", "03:30", "04:00", "04:30"]);
  });

  it("offers both occurrences of the repeated hour on the fall-back day, in time order", () => {
    const p = plan(nightShift, { ...berlin, date: "2026-10-25" });
    expect(times(p)).toEqual(["01:00", "01:30", "02:00", "02:30", "02:00", "02:30", "03:00", "03:30", "04:00", "04:30"]);
    expect(p.slots.map((s) => s.start)).toEqual([
      "2026-10-24T23:00:00.000Z",
      "2026-10-24T23:30:00.000Z",
      "2026-10-25T00:00:00.000Z", // 02:00 CEST
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z", // 02:00 CET, the clocks went back
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T02:30:00.000Z",
      "2026-10-25T03:00:00.000Z",
      "2026-10-25T03:30:00.000Z",
    ]);
    expect(new Set(p.slots.map((s) => s.start)).size).toBe(p.slots.length);
  });

  it("measures a slot across fall-back in real minutes", () => {
    const p = plan(nightShift, { ...berlin, date: "2026-10-25", duration: 60 });
    // 02:30 CEST + 60 real minutes = 02:30 CET
    expect(slotAt(p, "02:30").end).toBe("2026-10-25T01:30:00.000Z");
    // The shift is 5 real hours long, so 04:00 CET still fits.
    expect(verdict(p, "04:00")).toBe("ok");
    expect(verdict(p, "04:30")).toBe("outside_hours");
  });

  it("has 23 hourly slots on the spring day and 25 on the fall day, one per real hour", () => {
    const allDay = masterWith({ sun: "00:00-24:00" });
    const spring = plan(allDay, { ...berlin, date: "2026-03-29", step: 60, duration: 60 });
    const fall = plan(allDay, { ...berlin, date: "2026-10-25", step: 60, duration: 60 });
    expect(offered(spring)).toHaveLength(23);
    expect(spring.slots.find((s) => s.time === "02:00")).toBeUndefined();
    expect(offered(fall)).toHaveLength(25);
    expect(slotAt(fall, "23:00").end).toBe("2026-10-25T23:00:00.000Z");
  });
});

describe("a grid aligned to the clock across DST (Europe/Berlin)", () => {
  const berlin = { zone: "Europe/Berlin", duration: 30, now: "2026-03-01T00:00:00Z", horizon: 365, grid: "clock" as const };
  const offClockNight = masterWith({ sun: "01:15-04:00" });

  it("skips the spring-forward gap and keeps to the clock", () => {
    expect(times(plan(offClockNight, { ...berlin, date: "2026-03-29" }))).toEqual(["01:30", "03:00", "03:30"]);
  });

  it("offers both occurrences of the repeated clock times on the fall-back day", () => {
    const p = plan(offClockNight, { ...berlin, date: "2026-10-25" });
    expect(times(p)).toEqual(["01:30", "02:00", "02:30", "02:00", "02:30", "03:00", "03:30"]);
    expect(p.slots.filter((s) => s.time === "02:30").map((s) => s.start)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]);
  });
});

describe("DST in America/New_York", () => {
  it("resolves the repeated 01:30 to daylight time", () => {
    const p = plan(masterWith({ sun: "00:00-03:00" }), {
      date: "2026-11-01",
      zone: "America/New_York",
      duration: 30,
      now: "2026-10-30T00:00:00Z",
    });
    expect(slotAt(p, "01:30").start).toBe("2026-11-01T05:30:00.000Z");
    expect(slotAt(p, "02:00").start).toBe("2026-11-01T07:00:00.000Z");
  });
});
