// The engine against the plain reference (slots-reference.ts) on random
// schedules: many masters, zones with DST (including a 30-minute shift and a
// southern-hemisphere one), days around the transitions, overlapping and
// empty bookings. The seed is fixed, so a failure reproduces.
import { describe, expect, it } from "vitest";
import {
  anyStaffAvailability,
  type BusyInterval,
  dayAvailability,
  daySlots,
  freeStarts,
  mergeAnyStaff,
  type ScheduleException,
  type SlotRules,
  type StaffSchedule,
  type WeeklyHours,
} from "../../worker/booking/slots.js";
import { addDays, formatMinutes, wallMinutesToMs } from "../../worker/booking/zoned-time.js";
import { referenceDaySlots } from "./slots-reference.js";

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick };
}

type Rng = ReturnType<typeof prng>;

// Each zone with a date a few days before one of its 2026 transitions.
const ZONES: [zone: string, around: string][] = [
  ["Europe/Berlin", "2026-03-26"],
  ["Europe/Berlin", "2026-10-22"],
  ["America/New_York", "2026-03-05"],
  ["America/New_York", "2026-10-29"],
  ["Australia/Lord_Howe", "2026-04-02"],
  ["America/Santiago", "2026-04-02"],
  ["Europe/Moscow", "2026-06-01"],
  ["Asia/Kolkata", "2026-01-10"],
];

const hhmm = (rng: Rng, lo: number, hi: number) => formatMinutes(rng.int(lo / 15, hi / 15) * 15);

function randomWeek(rng: Rng): WeeklyHours[] {
  const rows: WeeklyHours[] = [];
  for (let day = 0; day < 7; day++) {
    for (let n = rng.int(0, 2); n > 0; n--) {
      const start = rng.int(0, 80) * 15;
      const end = Math.min(1440, start + rng.int(0, 48) * 15);
      const breaks = Array.from({ length: rng.int(0, 2) }, () => {
        const b = rng.int(start / 15, end / 15) * 15;
        return { start: formatMinutes(b), end: formatMinutes(Math.min(1440, b + rng.int(1, 6) * 15)) };
      });
      rows.push({ dayOfWeek: day, start: formatMinutes(start), end: formatMinutes(end), breaks });
    }
  }
  return rows;
}

function randomExceptions(rng: Rng, from: string): ScheduleException[] {
  return Array.from({ length: rng.int(0, 3) }, () => {
    const startDate = addDays(from, rng.int(0, 9));
    const kind = rng.pick(["day_off", "vacation", "custom_hours"] as const);
    return {
      kind,
      startDate,
      endDate: addDays(startDate, rng.int(0, 2)),
      startTime: kind === "custom_hours" ? hhmm(rng, 0, 720) : null,
      endTime: kind === "custom_hours" ? hhmm(rng, 600, 1440) : null,
    };
  });
}

function randomBusy(rng: Rng, from: string, zone: string): BusyInterval[] {
  const busy: BusyInterval[] = [];
  for (let n = rng.int(0, 40); n > 0; n--) {
    const date = addDays(from, rng.int(-1, 10));
    const start = wallMinutesToMs(date, rng.int(0, 95) * 15, zone) ?? wallMinutesToMs(date, 720, zone)!;
    // Some empty, some long enough to cross midnight or a transition.
    const length = rng.pick([0, 15, 30, 45, 60, 90, 120, 240, 600]) * 60_000;
    busy.push({ start: new Date(start).toISOString(), end: new Date(start + length).toISOString() });
  }
  return busy;
}

function randomCase(rng: Rng) {
  const [zone, around] = rng.pick(ZONES);
  const from = addDays(around, rng.int(-3, 0));
  const rules: SlotRules = { timeZone: zone, stepMin: rng.pick([10, 15, 20, 30, 45, 60]), minNoticeMin: rng.pick([0, 30, 60, 1440]), horizonDays: rng.int(0, 12) };
  const masters: StaffSchedule[] = Array.from({ length: rng.int(1, 4) }, () => ({
    week: randomWeek(rng),
    exceptions: randomExceptions(rng, from),
    busy: randomBusy(rng, from, zone),
  }));
  // "Now" from a day before the range to inside it, so past/notice/horizon all occur.
  const now = new Date(wallMinutesToMs(addDays(from, rng.int(-1, 3)), rng.int(0, 95) * 15, zone) ?? Date.parse(`${from}T12:00:00Z`));
  const query = { durationMin: rng.pick([15, 30, 45, 60, 90, 120]), bufferAfterMin: rng.pick([0, 0, 10, 15]), now };
  return { zone, from, rules, masters, query };
}

describe("slot engine against the plain reference", () => {
  it.each(["period_start", "clock"] as const)("gives the same slots, counts and any-master merges on 80 random schedules, grid from %s", { timeout: 60_000 }, (grid) => {
    const rng = prng(20261130);
    for (let c = 0; c < 80; c++) {
      const { from, rules: drawn, masters, query } = randomCase(rng);
      const rules = { ...drawn, grid };
      const days = 6;
      for (let i = 0; i < days; i++) {
        const date = addDays(from, i);
        const plans = masters.map((m, staffId) => {
          const plan = daySlots(rules, m, { ...query, date });
          expect(plan, `case ${c}, ${rules.timeZone} ${date}`).toEqual(referenceDaySlots(rules, m, { ...query, date }));
          // The alternatives' shortcut: the available slots' times and starts, in order.
          const free = freeStarts(rules, m, { ...query, date }).map((p) => ({ time: formatMinutes(p.t), start: new Date(p.start).toISOString() }));
          expect(free, `case ${c} free starts ${date}`).toEqual(plan.slots.filter((s) => s.available).map((s) => ({ time: s.time, start: s.start })));
          return { staffId, plan };
        });
        const merged = mergeAnyStaff(plans).slots.filter((s) => s.available).length;
        expect(anyStaffAvailability(rules, masters, { ...query, from: date, days: 1 })[0]!.available, `case ${c} any ${date}`).toBe(merged);
      }
      for (const m of masters) {
        const counts = dayAvailability(rules, m, { ...query, from, days });
        const expected = Array.from({ length: days }, (_, i) => {
          const plan = referenceDaySlots(rules, m, { ...query, date: addDays(from, i) });
          return { date: plan.date, status: plan.status, available: plan.slots.filter((s) => s.available).length };
        });
        expect(counts, `case ${c} counts`).toEqual(expected);
      }
    }
  });

  it("gives the same slots with rooms and machines shared by the masters, on 60 random schedules", { timeout: 60_000 }, () => {
    const rng = prng(20261207);
    for (let c = 0; c < 60; c++) {
      const { zone, from, rules, masters, query } = randomCase(rng);
      // One or two resources of one to three units, each unit with bookings of its own, shared by every master.
      const units = Array.from({ length: rng.int(1, 2) }, () => Array.from({ length: rng.int(1, 3) }, () => randomBusy(rng, from, zone)));
      const withUnits = masters.map((m) => ({ ...m, units }));
      for (let i = 0; i < 6; i++) {
        const date = addDays(from, i);
        const plans = withUnits.map((m, staffId) => {
          const plan = daySlots(rules, m, { ...query, date });
          expect(plan, `case ${c}, ${rules.timeZone} ${date}`).toEqual(referenceDaySlots(rules, m, { ...query, date }));
          const free = freeStarts(rules, m, { ...query, date }).map((p) => ({ time: formatMinutes(p.t), start: new Date(p.start).toISOString() }));
          expect(free, `case ${c} free starts ${date}`).toEqual(plan.slots.filter((s) => s.available).map((s) => ({ time: s.time, start: s.start })));
          // Never more free than without the resources.
          const alone = daySlots(rules, masters[staffId]!, { ...query, date });
          plan.slots.forEach((s, k) => expect(!s.available || alone.slots[k]!.available).toBe(true));
          return { staffId, plan };
        });
        const merged = mergeAnyStaff(plans).slots.filter((s) => s.available).length;
        expect(anyStaffAvailability(rules, withUnits, { ...query, from: date, days: 1 })[0]!.available, `case ${c} any ${date}`).toBe(merged);
      }
    }
  });

  it("sees a booking added to a list it has already been asked about", () => {
    const rules: SlotRules = { timeZone: "Europe/Moscow", stepMin: 30, minNoticeMin: 0, horizonDays: 60 };
    const master: StaffSchedule = { week: [{ dayOfWeek: 0, start: "10:00", end: "12:00", breaks: [] }], exceptions: [], busy: [] };
    const query = { date: "2026-06-01", durationMin: 30, bufferAfterMin: 0, now: new Date("2026-05-01T00:00:00Z") };
    expect(daySlots(rules, master, query).slots.every((s) => s.available)).toBe(true);
    master.busy.push({ start: "2026-06-01T07:00:00.000Z", end: "2026-06-01T07:30:00.000Z" });
    expect(daySlots(rules, master, query).slots.find((s) => s.time === "10:00")!.reason).toBe("booked");
  });
});
