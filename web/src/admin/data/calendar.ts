// Pure calendar geometry: which hours a master works on a date, where each
// booking or block sits in a column, which visits may be marked done. No I/O,
// so tests/web covers it under Node.
import type { Booking } from "../../../../worker/contracts/bookings";

type Hours = { start_time: string; end_time: string };
/** One master's day as GET /admin/calendar describes it. */
export type CalendarDayInput = { hours: Hours | null; breaks: Hours[]; exception: { kind: "day_off" | "vacation" | "custom_hours" } | null };

/** What a master's day looks like: closed (and why) or open hours with breaks. */
export type WorkDay = { closed: null | "day_off" | "vacation" | "no_hours"; open: [number, number][]; breaks: [number, number][] };

export const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export const toClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** 0 = Monday … 6 = Sunday, as the schedule API counts. */
export const weekdayOf = (date: string): number => (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;

/** A calendar day in minutes: closed and why, or its open hours and breaks. */
export function workDay(day: CalendarDayInput | undefined): WorkDay {
  if (!day?.hours) {
    const kind = day?.exception?.kind;
    return { closed: kind === "day_off" || kind === "vacation" ? kind : "no_hours", open: [], breaks: [] };
  }
  return {
    closed: null,
    open: [[toMinutes(day.hours.start_time), toMinutes(day.hours.end_time)]],
    breaks: day.breaks.map((b) => [toMinutes(b.start_time), toMinutes(b.end_time)] as [number, number]),
  };
}

/** The hours the grid shows: every open hour and booking, rounded out to whole hours; 09–21 when nothing is known. */
export function gridWindow(days: WorkDay[], items: { start: number; end: number }[]): [number, number] {
  const starts = [...days.flatMap((d) => d.open.map((o) => o[0])), ...items.map((i) => i.start)];
  const ends = [...days.flatMap((d) => d.open.map((o) => o[1])), ...items.map((i) => i.end)];
  if (starts.length === 0) return [9 * 60, 21 * 60];
  return [Math.floor(Math.min(...starts) / 60) * 60, Math.min(24 * 60, Math.ceil(Math.max(...ends) / 60) * 60)];
}

/** Stretches of `[from, to)` the master does not work: outside the hours and in breaks, merged and sorted. */
export function closedStretches(day: WorkDay, [from, to]: [number, number]): [number, number][] {
  if (day.closed) return [[from, to]];
  const out: [number, number][] = [];
  let cursor = from;
  for (const [s, e] of [...day.open].sort((a, b) => a[0] - b[0])) {
    if (s > cursor) out.push([cursor, Math.min(s, to)]);
    cursor = Math.max(cursor, e);
  }
  if (cursor < to) out.push([cursor, to]);
  for (const b of day.breaks) out.push([Math.max(b[0], from), Math.min(b[1], to)]);
  return out.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
}

/** Is minute `m` inside the master's open hours and outside breaks? */
export const isWorking = (day: WorkDay, m: number): boolean =>
  !day.closed && day.open.some(([s, e]) => m >= s && m < e) && !day.breaks.some(([s, e]) => m >= s && m < e);

/** An item placed on the grid. */
export type Placed<T> = { item: T; start: number; end: number; lane: number; lanes: number };

/**
 * Gives overlapping items side-by-side lanes (a cancelled visit under a new
 * one, or a YClients record during an outage). Items that never overlap get
 * the full width.
 */
export function placeInLanes<T>(items: { item: T; start: number; end: number }[]): Placed<T>[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const placed: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    for (const p of cluster) p.lanes = lanes;
    cluster = [];
  };
  for (const it of sorted) {
    if (it.start >= clusterEnd) close();
    const busy = new Set(cluster.filter((p) => p.end > it.start).map((p) => p.lane));
    let lane = 0;
    while (busy.has(lane)) lane++;
    const p: Placed<T> = { ...it, lane, lanes: 1 };
    cluster.push(p);
    placed.push(p);
    clusterEnd = Math.max(clusterEnd, it.end);
  }
  close();
  return placed;
}

/** Where a booking sits on its day, in minutes since midnight (salon time). */
export const bookingSpan = (b: Booking) => {
  const start = toMinutes(b.local_time);
  return { start, end: start + Math.max(5, b.duration_min) };
};

/** Statuses the calendar shows; a cancelled visit no longer occupies the master. */
export const shownOnGrid = (b: Booking): boolean => b.status !== "cancelled";

export const isActive = (b: Booking): boolean => b.status === "held" || b.status === "pending" || b.status === "confirmed";

/** "Completed" and "no-show" are answers about a visit that has begun. */
export const canMarkOutcome = (b: Booking, now: Date): boolean => isActive(b) && Date.parse(b.start_at) <= now.getTime();

/** Channel the colour says: ours, YClients, or ours but replayed from a phone's offline outbox. */
export function channelOf(b: Pick<Booking, "channel" | "origin">): "internal" | "yclients" | "offline" {
  if (b.channel === "yclients") return "yclients";
  return b.origin === "offline" ? "offline" : "internal";
}

/**
 * The start times a column offers for a new booking: the salon's grid
 * (`slot_grid`: from each working period's start, or multiples of the step
 * from midnight) in the window, where the master works and nothing is booked.
 * The server refuses other starts as off the grid.
 */
export function freeStarts(day: WorkDay, [from, to]: [number, number], step: number, taken: { start: number; end: number }[], grid: "period_start" | "clock" = "period_start"): number[] {
  const out: number[] = [];
  for (const [start, end] of day.open) {
    const first = grid === "clock" ? Math.ceil(start / step) * step : start;
    for (let m = first; m < Math.min(end, to); m += step) {
      if (m >= from && isWorking(day, m) && !taken.some((t) => m >= t.start && m < t.end)) out.push(m);
    }
  }
  return out;
}
