// The memoised multi-service search against the plain backtracking one
// (visit-reference.ts) on random small salons, and its step budget on the
// worst case a salon can ask for.
import { describe, expect, it } from "vitest";
import type { BusyInterval, ScheduleException, SlotRules, StaffSchedule, WeeklyHours } from "../../worker/booking/slots.js";
import { fitSequence, VISIT_SEARCH_MAX_STEPS, type VisitItemInput, VisitSearch, visitDaySlots } from "../../worker/booking/visit-slots.js";
import { addDays, wallMinutesToMs } from "../../worker/booking/zoned-time.js";
import { AppError } from "../../worker/errors.js";
import { referenceDay, referenceFit } from "./visit-reference.js";
import { WORST_DAYS, WORST_FROM, WORST_ITEMS, WORST_MASTERS, WORST_NOW, WORST_RULES, worstCaseVisit } from "./visit-worst-case.js";

/** mulberry32: a fixed seed reproduces a failure. */
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

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, "0")}:${String(min % 60).padStart(2, "0")}`;

function randomMaster(rng: Rng, zone: string, from: string): StaffSchedule {
  const week: WeeklyHours[] = [];
  for (let d = 0; d < 7; d++) {
    if (rng.next() < 0.15) continue;
    const start = rng.int(16, 24) * 30;
    const end = start + rng.int(8, 20) * 30;
    const breaks = rng.next() < 0.5 ? [{ start: hhmm(start + 180), end: hhmm(start + 180 + rng.pick([15, 30, 60])) }] : [];
    week.push({ dayOfWeek: d, start: hhmm(start), end: hhmm(Math.min(end, 23 * 60 + 30)), breaks });
  }
  const exceptions: ScheduleException[] = rng.next() < 0.3 ? [{ kind: rng.pick(["day_off", "vacation"] as const), startDate: addDays(from, rng.int(0, 3)), endDate: addDays(from, rng.int(3, 4)), startTime: null, endTime: null }] : [];
  const busy: BusyInterval[] = [];
  for (let day = 0; day < 5; day++) {
    for (let k = rng.int(0, 4); k > 0; k--) {
      const start = wallMinutesToMs(addDays(from, day), rng.int(18, 40) * 15, zone);
      if (start === null) continue;
      busy.push({ start: new Date(start).toISOString(), end: new Date(start + rng.pick([15, 30, 45, 60, 90]) * 60_000).toISOString() });
    }
  }
  return { week, exceptions, busy };
}

/** 2–4 items over a pool of up to 5 masters, so one master often does several items of the visit. */
function randomVisit(rng: Rng, zone: string, from: string): VisitItemInput[] {
  const pool = Array.from({ length: rng.int(1, 5) }, () => randomMaster(rng, zone, from));
  return Array.from({ length: rng.int(2, 4) }, () => {
    const ids = [...pool.keys()].filter(() => rng.next() < 0.7);
    const chosen = ids.length ? ids : [rng.int(0, pool.length - 1)];
    return {
      bufferAfterMin: rng.pick([0, 0, 5, 10, 15]),
      candidates: chosen.sort(() => rng.next() - 0.5).map((id) => ({ staffId: id + 1, schedule: pool[id]!, durationMin: rng.pick([15, 20, 30, 45, 60, 75, 90, 120]) })),
    };
  });
}

describe("visit search", () => {
  it("lists the same starts with the same masters as the plain backtracking search, on random salons", () => {
    const rng = prng(18_2);
    let compared = 0;
    for (let round = 0; round < 60; round++) {
      const zone = rng.pick(["Europe/Moscow", "Europe/Berlin", "Asia/Yekaterinburg"]);
      const rules: SlotRules = { timeZone: zone, stepMin: rng.pick([15, 30, 60]), minNoticeMin: rng.pick([0, 60]), horizonDays: 60 };
      // Around Berlin's autumn change too, so instants that repeat a wall time are covered.
      const from = rng.pick(["2026-11-23", "2026-10-23"]);
      const now = new Date(`${addDays(from, -1)}T12:00:00Z`);
      const items = randomVisit(rng, zone, from);
      const search = new VisitSearch(rules, items, now);
      for (let d = 0; d < 5; d++) {
        const date = addDays(from, d);
        const expected = referenceDay(rules, items, date, now);
        expect(search.day(date), `round ${round} ${date}`).toEqual(expected);
        expect(visitDaySlots(rules, items, date, now)).toEqual(expected);
        compared += expected.slots.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("names the same failing item and reason as the plain search, for starts on and off the grid", () => {
    const rng = prng(18_3);
    const reasons = new Set<string>();
    for (let round = 0; round < 150; round++) {
      const zone = "Europe/Moscow";
      const rules: SlotRules = { timeZone: zone, stepMin: 30, minNoticeMin: 60, horizonDays: 3 };
      const from = "2026-11-23";
      const now = new Date("2026-11-23T08:00:00Z");
      const items = randomVisit(rng, zone, from);
      const search = new VisitSearch(rules, items, now);
      for (let k = 0; k < 8; k++) {
        const start = new Date(wallMinutesToMs(addDays(from, rng.int(0, 4)), rng.int(32, 88) * 15, zone)!).toISOString();
        const expected = referenceFit(rules, items, start, now);
        if (!expected.ok) reasons.add(`${expected.item}:${expected.reason}`);
        expect(fitSequence(rules, items, start, now), `round ${round} ${start}`).toEqual(expected);
        // A shared search answers alike whatever it worked out before.
        expect(search.fit(start), `round ${round} ${start} shared`).toEqual(expected);
      }
    }
    expect(reasons.size).toBeGreaterThan(10);
  });

  it("searches 5 services × 50 masters × 31 days in under 500,000 checks, within the step budget", () => {
    const search = new VisitSearch(WORST_RULES, worstCaseVisit(), WORST_NOW);
    let grid = 0;
    for (let d = 0; d < WORST_DAYS; d++) {
      const day = search.day(addDays(WORST_FROM, d));
      expect(day.slots).toEqual([]);
      grid += day.grid.length;
    }
    expect(grid).toBeGreaterThan(WORST_DAYS * 20);
    // Every start of every day did try every master of the first four items (the search did not stop early) ...
    expect(search.steps).toBeGreaterThan(grid * WORST_MASTERS);
    // ... yet each (item, instant) was checked once: 50⁴ sequences per start were never walked.
    expect(search.steps).toBeLessThan(500_000);
    expect(search.steps).toBeLessThan(VISIT_SEARCH_MAX_STEPS);
    expect(WORST_ITEMS).toBe(5);
  });

  it("refuses a search past its step budget as visit_search_too_large instead of running on", () => {
    // Every master with a different own duration to the minute: the instants multiply past the budget.
    const items = worstCaseVisit((i, m) => 30 + m + i);
    const search = new VisitSearch(WORST_RULES, items, WORST_NOW);
    let error: unknown;
    try {
      for (let d = 0; d < WORST_DAYS; d++) search.day(addDays(WORST_FROM, d));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("visit_search_too_large");
    expect((error as AppError).status).toBe(422);
    expect(search.steps).toBe(VISIT_SEARCH_MAX_STEPS + 1);
  });
});
