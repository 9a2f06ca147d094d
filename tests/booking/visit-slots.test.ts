import { describe, expect, it } from "vitest";
import { fitSequence, type VisitItemInput, visitDaySlots } from "../../worker/booking/visit-slots.js";
import { booking, EARLY, masterWith, rulesOf } from "./scenario.js";
import type { StaffSchedule } from "../../worker/booking/slots.js";

const MON = "2026-11-23"; // Moscow test week (see scenario.ts)
const item = (buffer: number, ...candidates: [staffId: number, schedule: StaffSchedule, durationMin: number][]): VisitItemInput => ({
  bufferAfterMin: buffer,
  candidates: candidates.map(([staffId, schedule, durationMin]) => ({ staffId, schedule, durationMin })),
});

describe("visitDaySlots", () => {
  it("starts each next service when the one before ends, its clean-up included, and skips starts that run a later item into a break", () => {
    const a = masterWith({ mon: "10:00-19:00" });
    const b = masterWith({ mon: "10:00-19:00 break 14:00-15:00" });
    const day = visitDaySlots(rulesOf({}), [item(15, [1, a, 45]), item(0, [2, b, 60])], MON, new Date(EARLY));
    const first = day.slots[0]!;
    expect(first.time).toBe("10:00");
    expect(first.items.map((i) => [i.staffId, i.start, i.end])).toEqual([
      [1, "2026-11-23T07:00:00.000Z", "2026-11-23T07:45:00.000Z"],
      [2, "2026-11-23T08:00:00.000Z", "2026-11-23T09:00:00.000Z"],
    ]);
    // 12:30 → B from 13:30 to 14:30 runs into the break; 13:00 → B at 14:00 too.
    expect(day.slots.map((s) => s.time)).not.toContain("12:30");
    expect(day.slots.map((s) => s.time)).not.toContain("13:00");
    expect(day.slots.map((s) => s.time)).toContain("12:00");
    // The visit must end by 19:00: 17:00 + 60 + 60 = 19:00 is the last start.
    expect(day.slots.at(-1)!.time).toBe("17:00");
  });

  it("tries the next master of an 'any' item when the first is busy, and backtracks when a later item cannot follow", () => {
    const busyAt11 = masterWith({ mon: "10:00-19:00" }, { busy: [booking("2026-11-23T11:00:00+03:00", "2026-11-23T12:00:00+03:00")] });
    const free = masterWith({ mon: "10:00-19:00" });
    const shortDay = masterWith({ mon: "10:00-12:00" });
    const rules = rulesOf({});
    const fit = fitSequence(rules, [item(0, [1, free, 60], [2, free, 90]), item(0, [3, busyAt11, 60], [4, shortDay, 60])], "2026-11-23T07:00:00.000Z", new Date(EARLY));
    // Master 1 (60 min) leads to 11:00, where master 3 is busy and master 4 fits until 12:00.
    expect(fit).toMatchObject({ ok: true, items: [{ staffId: 1 }, { staffId: 4 }] });
    // Master 4's day ends at 12:00: after a 90-minute first item nobody can follow, so master 1 is kept.
    const late = fitSequence(rules, [item(0, [2, free, 90], [1, free, 60]), item(0, [3, busyAt11, 60], [4, shortDay, 60])], "2026-11-23T07:00:00.000Z", new Date(EARLY));
    expect(late).toMatchObject({ ok: true, items: [{ staffId: 1 }, { staffId: 4 }] });
  });

  it("names the item that cannot be placed and prefers 'booked' over a rule", () => {
    const taken = masterWith({ mon: "10:00-19:00" }, { busy: [booking("2026-11-23T11:00:00+03:00", "2026-11-23T11:30:00+03:00")] });
    const inBreak = masterWith({ mon: "10:00-19:00 break 11:00-11:30" });
    const free = masterWith({ mon: "10:00-19:00" });
    const rules = rulesOf({});
    const at10 = "2026-11-23T07:00:00.000Z";
    expect(fitSequence(rules, [item(0, [1, free, 60]), item(0, [2, inBreak, 30])], at10, new Date(EARLY))).toEqual({ ok: false, item: 1, reason: "break" });
    expect(fitSequence(rules, [item(0, [1, free, 60]), item(0, [2, inBreak, 30], [3, taken, 30])], at10, new Date(EARLY))).toEqual({ ok: false, item: 1, reason: "booked" });
  });

  it("counts real minutes across the DST changes (Europe/Berlin)", () => {
    const berlin = rulesOf({ zone: "Europe/Berlin", horizon: 365 });
    const night = masterWith({ sun: "01:00-05:00" });
    const now = new Date("2026-03-01T00:00:00Z");
    // Spring forward: 01:30 CET + 60 real minutes = 03:30 CEST; the 3-hour night fits three 2-hour visits.
    const spring = visitDaySlots(berlin, [item(0, [1, night, 60]), item(0, [2, night, 60])], "2026-03-29", now);
    expect(spring.slots.map((s) => s.time)).toEqual(["01:00", "01:30", "03:00"]);
    expect(spring.slots[1]!.items[1]!.start).toBe("2026-03-29T01:30:00.000Z");
    // Fall back: a visit starting at the first 02:30 (CEST) has its second item 60 real minutes later, at the second 02:30 (CET).
    const autumn = visitDaySlots(berlin, [item(0, [1, night, 60]), item(0, [2, night, 60])], "2026-10-25", now);
    const firstAt0230 = autumn.slots.find((s) => s.start === "2026-10-25T00:30:00.000Z")!;
    expect(firstAt0230.time).toBe("02:30");
    expect(firstAt0230.items[1]!.start).toBe("2026-10-25T01:30:00.000Z");
  });
});
