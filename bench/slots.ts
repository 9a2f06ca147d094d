// Part 1: the pure slot engine, in-process. No I/O is involved, so these
// figures are the CPU floor under every time-slots request and every booking
// check the Worker makes.
import { performance } from "node:perf_hooks";
import { anyStaffAvailability, dayAvailability, daySlots, type BusyInterval, type SlotRules, type StaffSchedule } from "../worker/booking/slots.js";
import { addDays, dayOfWeek, wallMinutesToMs } from "../worker/booking/zoned-time.js";
import { VISIT_SEARCH_MAX_STEPS, VisitSearch } from "../worker/booking/visit-slots.js";
import { WORST_DAYS, WORST_FROM, WORST_NOW, WORST_RULES, worstCaseVisit } from "../tests/booking/visit-worst-case.js";
import { summarize, type Summary } from "./stats.js";

const ZONE = "Europe/Moscow";
/** First salon day of the benchmarked month; "now" is the day before so every slot is bookable in principle. */
const FROM = "2026-06-01";
const NOW = new Date("2026-05-31T09:00:00Z");
const DAYS = 31;
const BOOKINGS_PER_DAY = 8;

const rules: SlotRules = { timeZone: ZONE, stepMin: 30, minNoticeMin: 60, horizonDays: 60 };

/** Mon–Fri 10–20 with lunch and a short afternoon break, Saturday split shift, Sunday off. */
function week(): StaffSchedule["week"] {
  const weekday = [0, 1, 2, 3, 4].map((d) => ({
    dayOfWeek: d,
    start: "10:00",
    end: "20:00",
    breaks: [
      { start: "13:00", end: "14:00" },
      { start: "16:30", end: "16:45" },
    ],
  }));
  const saturday = [
    { dayOfWeek: 5, start: "09:00", end: "13:00", breaks: [] },
    { dayOfWeek: 5, start: "14:00", end: "18:00", breaks: [{ start: "16:00", end: "16:15" }] },
  ];
  return [...weekday, ...saturday];
}

/** Eight one-hour bookings on every working day, placed around the breaks. */
function monthOfBookings(): BusyInterval[] {
  const starts = ["10:00", "11:00", "12:00", "14:00", "15:00", "17:00", "18:00", "19:00"].slice(0, BOOKINGS_PER_DAY);
  const busy: BusyInterval[] = [];
  for (let i = 0; i < DAYS; i++) {
    const date = addDays(FROM, i);
    if (dayOfWeek(date) === 6) continue;
    for (const t of starts) {
      const [h, m] = t.split(":").map(Number) as [number, number];
      const start = wallMinutesToMs(date, h * 60 + m, ZONE);
      if (start === null) continue;
      busy.push({ start: new Date(start).toISOString(), end: new Date(start + 60 * 60_000).toISOString() });
    }
  }
  return busy;
}

export interface SlotBenchResult {
  busyIntervals: number;
  /** dayAvailability over 31 days (calendar dots), one sample per run. */
  month: Summary;
  /** 31 × daySlots with full slot lists, one sample per run. */
  monthFull: Summary;
  /** One daySlots call with the whole month's busy list (what a range request hands each day). */
  dayWithMonthBusy: Summary;
  /** One daySlots call with only that day's bookings (what a single-day request loads). */
  dayWithDayBusy: Summary;
  slotsPerMonth: number;
}

export function runSlotBench(runs = 200, warmup = 30): SlotBenchResult {
  const busy = monthOfBookings();
  const staff: StaffSchedule = {
    week: week(),
    // One day off mid-month, as a real schedule usually has.
    exceptions: [{ kind: "day_off", startDate: addDays(FROM, 10), endDate: addDays(FROM, 10), startTime: null, endTime: null }],
    busy,
  };
  const base = { durationMin: 60, bufferAfterMin: 0, now: NOW };
  const dates = Array.from({ length: DAYS }, (_, i) => addDays(FROM, i));
  // Each day's own bookings, precomputed so the single-day timing excludes the filtering.
  const perDay = new Map(
    dates.map((date) => {
      const lo = wallMinutesToMs(date, 0, ZONE)!;
      const hi = lo + 86_400_000;
      return [date, { ...staff, busy: busy.filter((b) => Date.parse(b.start) < hi && Date.parse(b.end) > lo) }];
    }),
  );

  let slotsPerMonth = 0;
  // Warm-up lets V8 optimise the hot loops and fills the Intl formatter cache,
  // so the samples describe the steady state a long-lived isolate is in.
  for (let i = 0; i < warmup; i++) {
    dayAvailability(rules, staff, { from: FROM, days: DAYS, ...base });
    slotsPerMonth = dates.reduce((n, date) => n + daySlots(rules, staff, { ...base, date }).slots.length, 0);
  }

  const month: number[] = [];
  const monthFull: number[] = [];
  const dayWithMonthBusy: number[] = [];
  const dayWithDayBusy: number[] = [];
  let sink = 0; // consumed below so the calls cannot be optimised away
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    sink += dayAvailability(rules, staff, { from: FROM, days: DAYS, ...base }).length;
    month.push(performance.now() - t);

    t = performance.now();
    for (const date of dates) sink += daySlots(rules, staff, { ...base, date }).slots.length;
    monthFull.push(performance.now() - t);

    // Every day of the month is sampled singly, so the per-day figures cover
    // working days, the Saturday split shift, Sundays and the day off alike.
    for (const date of dates) {
      t = performance.now();
      sink += daySlots(rules, staff, { ...base, date }).slots.length;
      dayWithMonthBusy.push(performance.now() - t);

      const own = perDay.get(date)!;
      t = performance.now();
      sink += daySlots(rules, own, { ...base, date }).slots.length;
      dayWithDayBusy.push(performance.now() - t);
    }
  }
  if (sink < 0) console.log(sink);

  return {
    busyIntervals: busy.length,
    month: summarize(month),
    monthFull: summarize(monthFull),
    dayWithMonthBusy: summarize(dayWithMonthBusy),
    dayWithDayBusy: summarize(dayWithDayBusy),
    slotsPerMonth,
  };
}

/** Busy list of `perDay` back-to-back short bookings on every day of the month, e.g. a 10,000-bookings/month salon-wide list. */
function denseBookings(perDay: number): BusyInterval[] {
  const busy: BusyInterval[] = [];
  for (let i = 0; i < DAYS; i++) {
    const date = addDays(FROM, i);
    const dayStart = wallMinutesToMs(date, 0, ZONE)!;
    const span = (24 * 60 * 60_000) / perDay;
    for (let k = 0; k < perDay; k++) {
      const start = dayStart + Math.floor(k * span);
      busy.push({ start: new Date(start).toISOString(), end: new Date(start + Math.min(span, 15 * 60_000)).toISOString() });
    }
  }
  return busy;
}

export interface ScaleBenchResult {
  /** dayAvailability over 31 days with ~10,000 bookings in the month. */
  tenThousand: Summary;
  tenThousandCount: number;
  /** anyStaffAvailability over 31 days for 50 masters with 8 bookings per working day each. */
  fiftyMasters: Summary;
}

/**
 * The scale goals of the engine: cost must grow with days + bookings, not
 * their product. Each sample gets fresh busy lists (copies), so the
 * once-per-list parse is inside every sample, as it is in a request.
 */
export function runScaleBench(runs = 40, warmup = 5): ScaleBenchResult {
  const base = { durationMin: 60, bufferAfterMin: 0, now: NOW, from: FROM, days: DAYS };
  const dense = denseBookings(Math.ceil(10_000 / DAYS));
  const month = monthOfBookings();
  const exceptions: StaffSchedule["exceptions"] = [];
  const tenThousand: number[] = [];
  const fiftyMasters: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs + warmup; r++) {
    const one: StaffSchedule = { week: week(), exceptions, busy: [...dense] };
    let t = performance.now();
    sink += dayAvailability(rules, one, base).length;
    if (r >= warmup) tenThousand.push(performance.now() - t);

    const fifty: StaffSchedule[] = Array.from({ length: 50 }, () => ({ week: week(), exceptions, busy: [...month] }));
    t = performance.now();
    sink += anyStaffAvailability(rules, fifty, base).length;
    if (r >= warmup) fiftyMasters.push(performance.now() - t);
  }
  if (sink < 0) console.log(sink);
  return { tenThousand: summarize(tenThousand), tenThousandCount: dense.length, fiftyMasters: summarize(fiftyMasters) };
}

export interface VisitBenchResult {
  /** One request's whole search: 31 days of the worst-case visit, from a fresh search each sample. */
  month: Summary;
  /** The same in this process's CPU time (user + system): what a loaded machine's wall clock hides. */
  monthCpu: Summary;
  /** Candidate checks the search made (the figure the step budget caps). */
  steps: number;
}

/**
 * The multi-service visit search on its worst case (tests/booking/visit-worst-case.ts:
 * 5 services × 50 masters × 31 days, nothing fitting, so every start explores everything).
 */
export function runVisitBench(runs = 30, warmup = 5): VisitBenchResult {
  const month: number[] = [];
  const monthCpu: number[] = [];
  let steps = 0;
  for (let r = 0; r < runs + warmup; r++) {
    const items = worstCaseVisit();
    const cpu = process.cpuUsage();
    const t = performance.now();
    const search = new VisitSearch(WORST_RULES, items, WORST_NOW);
    for (let d = 0; d < WORST_DAYS; d++) search.day(addDays(WORST_FROM, d));
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (r >= warmup) {
      month.push(wall);
      monthCpu.push((used.user + used.system) / 1000);
    }
    steps = search.steps;
  }
  return { month: summarize(month), monthCpu: summarize(monthCpu), steps };
}

// `npx tsx bench/slots.ts` runs the visit search part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = runVisitBench();
  console.log(`visit search, 5 services × 50 masters × 31 days (worst case): median ${r.month.p50.toFixed(1)} ms (CPU ${r.monthCpu.p50.toFixed(1)} ms), p99 ${r.month.p99.toFixed(1)} ms, ${r.steps} checks (budget ${VISIT_SEARCH_MAX_STEPS})`);
}
