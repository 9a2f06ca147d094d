// The slot engine: pure functions from a master's schedule, existing bookings
// and "now" to the bookable start times of one day. No I/O, so the route layer
// and the tests feed it plain data. Rules are summarised in ./README.md.

import { addDays, dayClock, dayOfWeek, formatMinutes, instantToWall, minutesOf } from "./zoned-time.js";
import type {
  BusyInterval,
  DayPlan,
  ScheduleException,
  Slot,
  SlotQuery,
  SlotReason,
  SlotRules,
  StaffSchedule,
  WeeklyHours,
} from "./slot-types.js";

// Re-exported so callers need one import for the engine and its data shapes.
export type * from "./slot-types.js";

const MINUTE_MS = 60_000;

/** Half-open [start, end) in epoch ms. */
interface Span {
  start: number;
  end: number;
}

/** [start, end) in minutes after the salon's local midnight. */
export type WallRange = [number, number];

function spansOverlap(a: Span, b: Span): boolean {
  // Empty intervals occupy no time, so they cannot collide with anything.
  return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant "${iso}"`);
  return ms;
}

/** True overlap of half-open intervals: touching end-to-start is not an overlap. */
export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return spansOverlap(
    { start: parseInstant(a.start), end: parseInstant(a.end) },
    { start: parseInstant(b.start), end: parseInstant(b.end) },
  );
}

function wallRange(start: string, end: string): WallRange[] {
  const s = minutesOf(start);
  const e = minutesOf(end);
  // Overnight rows (end before start) are not supported by the schedule model; drop them.
  return e > s ? [[s, e]] : [];
}

/** Touching or overlapping rows merge: the master is at work for their whole union. */
function mergeRanges(ranges: WallRange[]): WallRange[] {
  const out: WallRange[] = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export interface DayFrame {
  status: DayPlan["status"];
  periods: WallRange[];
  breaks: WallRange[];
  closedBy?: "day_off" | "vacation";
}

// A week's hours per weekday, worked out once per week list (inputs are treated as immutable).
const weekdayFrames = new WeakMap<WeeklyHours[], { weekly: WallRange[]; breaks: WallRange[] }[]>();

function weekdayFrame(week: WeeklyHours[], dow: number): { weekly: WallRange[]; breaks: WallRange[] } {
  let frames = weekdayFrames.get(week);
  if (!frames) {
    frames = [0, 1, 2, 3, 4, 5, 6].map((d) => {
      const rows = week.filter((r) => r.dayOfWeek === d);
      return {
        weekly: mergeRanges(rows.flatMap((r) => wallRange(r.start, r.end))),
        breaks: rows.flatMap((r) => r.breaks.flatMap((b) => wallRange(b.start, b.end))),
      };
    });
    weekdayFrames.set(week, frames);
  }
  // Copies: callers may not change what later days share.
  const { weekly, breaks } = frames[dow]!;
  return { weekly: weekly.map(([s, e]) => [s, e]), breaks };
}

/** A master's working periods and breaks on one date (minutes of the day), after exceptions. */
export function frameFor(date: string, week: WeeklyHours[], exceptions: ScheduleException[]): DayFrame {
  const { weekly, breaks } = weekdayFrame(week, dayOfWeek(date));
  // String comparison is date comparison for zero-padded YYYY-MM-DD.
  const covering = exceptions.filter((e) => e.startDate <= date && date <= e.endDate);
  for (const kind of ["vacation", "day_off"] as const) {
    // The weekly grid is still listed so the client can show what the day would have been.
    if (covering.some((e) => e.kind === kind)) return { status: kind, periods: weekly, breaks, closedBy: kind };
  }
  const custom = covering.flatMap((e) =>
    e.kind === "custom_hours" && e.startTime && e.endTime ? wallRange(e.startTime, e.endTime) : [],
  );
  const periods = custom.length > 0 ? mergeRanges(custom) : weekly;
  // A weekday without hours is reported as a day off: "open" with nothing in it would mislead the calendar.
  return { status: periods.length > 0 ? "open" : "day_off", periods, breaks };
}

function requireInt(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}`);
}

/**
 * A master's busy list, parsed once: starts in order, and for each position
 * the latest end so far. Some interval overlaps [start, end) exactly when,
 * among those starting before `end`, the latest end is after `start`; one
 * binary search per slot, so a day costs log(bookings), not bookings.
 */
interface BusyIndex {
  length: number;
  starts: Float64Array;
  maxEnds: Float64Array;
}

// Keyed by the list itself: the engine is asked about many days (a month,
// many masters) with the same lists, and parses each once. Inputs are
// treated as immutable; a list that grew or shrank is parsed again.
const busyIndexes = new WeakMap<BusyInterval[], BusyIndex>();

function busyIndex(busy: BusyInterval[]): BusyIndex {
  const cached = busyIndexes.get(busy);
  if (cached && cached.length === busy.length) return cached;
  const spans: Span[] = [];
  for (const b of busy) {
    const span = { start: parseInstant(b.start), end: parseInstant(b.end) };
    // Empty intervals occupy no time (see spansOverlap).
    if (span.start < span.end) spans.push(span);
  }
  spans.sort((x, y) => x.start - y.start);
  const starts = new Float64Array(spans.length);
  const maxEnds = new Float64Array(spans.length);
  let latest = -Infinity;
  spans.forEach((span, i) => {
    starts[i] = span.start;
    latest = Math.max(latest, span.end);
    maxEnds[i] = latest;
  });
  const index = { length: busy.length, starts, maxEnds };
  busyIndexes.set(busy, index);
  return index;
}

function isBusy(index: BusyIndex, occupied: Span): boolean {
  if (occupied.start >= occupied.end) return false;
  let lo = 0;
  let hi = index.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.starts[mid]! < occupied.end) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && index.maxEnds[lo - 1]! > occupied.start;
}

// The salon's "today" for the horizon: every day of a request asks it for the same "now".
let lastToday: { ms: number; zone: string; date: string } | undefined;
function salonToday(now: Date, zone: string): string {
  const ms = now.getTime();
  if (lastToday?.ms !== ms || lastToday.zone !== zone) lastToday = { ms, zone, date: instantToWall(now, zone).date };
  return lastToday.date;
}

interface GridPoint {
  /** wall minutes after midnight */
  t: number;
  start: number;
  reason: SlotReason | undefined;
}

/**
 * The refusal rules of one master's day, in precedence order (the first
 * reason that applies is the one reported). Shared by the grid (planDay) and
 * by checks of one exact start (startRefusal), so both refuse alike.
 */
function dayRules(rules: SlotRules, staff: StaffSchedule, query: Pick<SlotQuery, "date" | "now">, frame: DayFrame) {
  const nowMs = query.now.getTime();
  const zone = rules.timeZone;
  const busy = busyIndex(staff.busy);
  const resources = (staff.units ?? []).map((units) => units.map(busyIndex));
  // Boundaries that fall into a spring-forward gap start/end at the transition itself.
  const clock = dayClock(query.date, zone);
  const breaks: Span[] = frame.breaks.map(([s, e]) => ({ start: clock.atOrAfter(s), end: clock.atOrAfter(e) }));
  const noticeMs = nowMs + rules.minNoticeMin * MINUTE_MS;
  const beyondHorizon = query.date > addDays(salonToday(query.now, zone), rules.horizonDays);
  const refusal = (occupied: Span, periodEnd: number): SlotReason | undefined => {
    if (occupied.start <= nowMs) return "past";
    if (occupied.start < noticeMs) return "notice";
    if (beyondHorizon) return "horizon";
    if (occupied.end > periodEnd) return "outside_hours";
    if (breaks.some((b) => spansOverlap(b, occupied))) return "break";
    if (isBusy(busy, occupied)) return "booked";
    if (resources.some((units) => units.every((unit) => isBusy(unit, occupied)))) return "booked";
    return undefined;
  };
  return { clock, refusal };
}

/**
 * Why a master cannot start a visit at exactly this instant (undefined: they
 * can), off the grid or not: a later item of a multi-service visit starts when
 * the one before it ends. Same rules and reasons as the day's grid; a start
 * outside every working period is `outside_hours`.
 */
export function startRefusal(rules: SlotRules, staff: StaffSchedule, query: Omit<SlotQuery, "date">, startIso: string): SlotReason | undefined {
  requireInt("durationMin", query.durationMin, 1);
  requireInt("bufferAfterMin", query.bufferAfterMin, 0);
  const start = parseInstant(startIso);
  const check = startChecker(rules, staff, query.now, instantToWall(new Date(start), rules.timeZone).date);
  return check(start, (query.durationMin + query.bufferAfterMin) * MINUTE_MS);
}

/**
 * startRefusal for many starts of one master that fall on one salon date
 * (epoch ms, with how long the master is occupied from there): the day's
 * frame and rules are worked out once, so a multi-service search asking about
 * thousands of starts pays a binary search per start, not a zone conversion.
 */
export function startChecker(rules: SlotRules, staff: StaffSchedule, now: Date, date: string): (start: number, occupiedMs: number) => SlotReason | undefined {
  const frame = frameFor(date, staff.week, staff.exceptions);
  const closed = frame.closedBy ?? (frame.periods.length === 0 ? "day_off" : undefined);
  if (closed) return () => closed;
  const { clock, refusal } = dayRules(rules, staff, { date, now }, frame);
  const periods = frame.periods.map(([s, e]) => [clock.atOrAfter(s), clock.atOrAfter(e)] as const);
  return (start, occupiedMs) => {
    const occupied = { start, end: start + occupiedMs };
    const period = periods.find(([s, e]) => s <= start && start < e);
    if (!period) return refusal(occupied, -Infinity) ?? "outside_hours";
    return refusal(occupied, period[1]);
  };
}

/**
 * The first grid time of a period starting at `from` (wall minutes). Aligned to
 * the clock, a period start between two multiples of the step is not offered
 * itself: the grid is the same every day whatever the hours.
 */
export function gridStart(rules: Pick<SlotRules, "grid" | "stepMin">, from: number): number {
  return rules.grid === "clock" ? Math.ceil(from / rules.stepMin) * rules.stepMin : from;
}

/** One day of one master: its status and every grid start with the reason it is refused, if it is. */
function planDay(rules: SlotRules, staff: StaffSchedule, query: SlotQuery): { status: DayPlan["status"]; points: GridPoint[] } {
  requireInt("stepMin", rules.stepMin, 1);
  if (rules.grid !== undefined && rules.grid !== "period_start" && rules.grid !== "clock") throw new RangeError(`unknown grid "${String(rules.grid)}"`);
  requireInt("minNoticeMin", rules.minNoticeMin, 0);
  requireInt("horizonDays", rules.horizonDays, 0);
  requireInt("durationMin", query.durationMin, 1);
  requireInt("bufferAfterMin", query.bufferAfterMin, 0);
  const nowMs = query.now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError("invalid now");

  const { date } = query;
  const frame = frameFor(date, staff.week, staff.exceptions);
  if (frame.periods.length === 0) return { status: frame.status, points: [] };
  const { clock, refusal } = dayRules(rules, staff, query, frame);
  const boundary = (minutes: number): number => clock.atOrAfter(minutes);
  const occupiedMs = (query.durationMin + query.bufferAfterMin) * MINUTE_MS;

  // On a day with one offset, merged ascending periods give distinct starts in order already.
  const seen = clock.steady ? null : new Set<number>();
  const points: GridPoint[] = [];
  const add = (t: number, start: number, periodEnd: number) =>
    points.push({ t, start, reason: frame.closedBy ?? refusal({ start, end: start + occupiedMs }, periodEnd) });
  for (const [from, to] of frame.periods) {
    const periodEnd = boundary(to);
    // The grid is counted in wall minutes (from the period start, or from midnight
    // when aligned to the clock) so it stays on the step across breaks; durations
    // below are real elapsed time, so DST is honoured.
    for (let t = gridStart(rules, from); t < to; t += rules.stepMin) {
      if (!seen) {
        add(t, clock.toMs(t)!, periodEnd);
        continue;
      }
      // None in a spring-forward gap; both occurrences where the clocks go back.
      for (const start of clock.allMs(t)) {
        if (seen.has(start)) continue;
        seen.add(start);
        add(t, start, periodEnd);
      }
    }
  }
  if (seen) points.sort((x, y) => x.start - y.start);
  return { status: frame.status, points };
}

export function daySlots(rules: SlotRules, staff: StaffSchedule, query: SlotQuery): DayPlan {
  const { status, points } = planDay(rules, staff, query);
  const durationMs = query.durationMin * MINUTE_MS;
  const slots = points.map(({ t, start, reason }) => {
    const slot: Slot = {
      time: formatMinutes(t),
      start: new Date(start).toISOString(),
      end: new Date(start + durationMs).toISOString(),
      available: reason === undefined,
      duration: query.durationMin,
    };
    if (reason) slot.reason = reason;
    return slot;
  });
  return { date: query.date, status, slots };
}

/**
 * The starts one master can take that day, in order: daySlots' available
 * slots without building them (a conflict's alternatives look at a week of
 * every master and keep three).
 */
export function freeStarts(rules: SlotRules, staff: StaffSchedule, query: SlotQuery): { t: number; start: number }[] {
  const out: { t: number; start: number }[] = [];
  for (const p of planDay(rules, staff, query).points) if (p.reason === undefined) out.push({ t: p.t, start: p.start });
  return out;
}

/**
 * "Any of these masters" as bare grid points, in time order: each start any of
 * them has on their grid, available when one of them can take it. What
 * mergeAnyStaff over daySlots says about availability, without building a
 * slot per master (a multi-service search asks this for 50 masters × 31 days).
 */
export function anyStaffGrid(
  rules: SlotRules,
  masters: { schedule: StaffSchedule; durationMin: number }[],
  query: Omit<SlotQuery, "durationMin">,
): { status: DayPlan["status"]; points: { time: string; start: number; available: boolean }[] } {
  const byStart = new Map<number, { time: string; start: number; available: boolean }>();
  // Open when one of them works that day, else the first master's status (as the merged day plans say).
  let first: DayPlan["status"] | undefined;
  let open = false;
  for (const m of masters) {
    const plan = planDay(rules, m.schedule, { ...query, durationMin: m.durationMin });
    first ??= plan.status;
    open ||= plan.status === "open";
    for (const p of plan.points) {
      const current = byStart.get(p.start);
      if (!current) byStart.set(p.start, { time: formatMinutes(p.t), start: p.start, available: p.reason === undefined });
      else if (p.reason === undefined) current.available = true;
    }
  }
  return { status: open ? "open" : (first ?? "day_off"), points: [...byStart.values()].sort((a, b) => a.start - b.start) };
}

export type MergedSlot = Slot & { staff_ids: number[] };

// When nobody can take a wall time we report the reason of the master who came
// closest to offering it. Time-based reasons apply to everyone alike, so they win;
// then "booked" (someone works then but is taken) over "break" over
// "outside_hours" over a master who is not working that day at all.
const MERGE_PREFERENCE: readonly SlotReason[] = [
  "past",
  "notice",
  "horizon",
  "booked",
  "break",
  "outside_hours",
  "day_off",
  "vacation",
];

function mergeRank(reason: SlotReason | undefined): number {
  const i = reason === undefined ? -1 : MERGE_PREFERENCE.indexOf(reason);
  return i < 0 ? MERGE_PREFERENCE.length : i;
}

/** "Any master": union of wall times; available when at least one master is free. */
export function mergeAnyStaff(perStaff: { staffId: number; plan: DayPlan }[]): {
  date: string;
  slots: MergedSlot[];
} {
  const date = perStaff[0]?.plan.date ?? "";
  if (perStaff.some((p) => p.plan.date !== date)) throw new RangeError("plans for different dates");
  const merged = new Map<number, MergedSlot>();
  for (const { staffId, plan } of perStaff) {
    for (const slot of plan.slots) {
      const key = parseInstant(slot.start);
      const current = merged.get(key);
      if (!current) {
        merged.set(key, { ...slot, staff_ids: slot.available ? [staffId] : [] });
      } else if (slot.available) {
        if (!current.available) {
          current.available = true;
          delete current.reason;
        }
        current.staff_ids.push(staffId);
      } else if (!current.available && mergeRank(slot.reason) < mergeRank(current.reason)) {
        current.reason = slot.reason;
      }
    }
  }
  const slots = [...merged.entries()].sort((a, b) => a[0] - b[0]).map(([, slot]) => slot);
  return { date, slots };
}

export interface RangeQuery {
  from: string;
  /** 1..31 */
  days: number;
  durationMin: number;
  bufferAfterMin: number;
  now: Date;
}

export interface DayAvailability {
  date: string;
  status: DayPlan["status"];
  available: number;
}

/** Per-day counts of bookable slots, for the calendar dots. */
export function dayAvailability(rules: SlotRules, staff: StaffSchedule, query: RangeQuery): DayAvailability[] {
  return anyStaffAvailability(rules, [staff], query);
}

/**
 * Per-day counts of distinct start times at least one of these masters can
 * take; the day is open when anyone works, else it has the first master's
 * status. Equal to counting mergeAnyStaff's available slots, without
 * building a slot list per master and day.
 */
export function anyStaffAvailability(rules: SlotRules, staff: StaffSchedule[], query: RangeQuery): DayAvailability[] {
  requireInt("days", query.days, 1);
  if (query.days > 31) throw new RangeError("days must be <= 31");
  const out: DayAvailability[] = [];
  for (let i = 0; i < query.days; i++) {
    const date = addDays(query.from, i);
    const free = new Set<number>();
    let first: DayPlan["status"] | undefined;
    let anyOpen = false;
    for (const schedule of staff) {
      const plan = planDay(rules, schedule, { ...query, date });
      first ??= plan.status;
      anyOpen ||= plan.status === "open";
      for (const p of plan.points) if (p.reason === undefined) free.add(p.start);
    }
    out.push({ date, status: anyOpen ? "open" : (first ?? "day_off"), available: free.size });
  }
  return out;
}

/**
 * Whether an occupied interval lies inside the master's working hours for
 * that day and touches no break. Schedule changes use it to find the bookings
 * a new schedule would strand.
 */
export function fitsWorkingHours(
  timeZone: string,
  schedule: Pick<StaffSchedule, "week" | "exceptions">,
  interval: { start: string; end: string },
): boolean {
  const span: Span = { start: parseInstant(interval.start), end: parseInstant(interval.end) };
  const { date } = instantToWall(new Date(span.start), timeZone);
  const frame = frameFor(date, schedule.week, schedule.exceptions);
  if (frame.closedBy) return false;
  const clock = dayClock(date, timeZone);
  const inside = frame.periods.some(([s, e]) => clock.atOrAfter(s) <= span.start && span.end <= clock.atOrAfter(e));
  return inside && !frame.breaks.some(([s, e]) => spansOverlap({ start: clock.atOrAfter(s), end: clock.atOrAfter(e) }, span));
}
