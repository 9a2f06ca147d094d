// The month calendar of the booking screen: which days a month grid shows,
// which of them can be asked for (today up to the salon's horizon), and the
// one range request that covers them (GET /booking/time-slots ?from&days).
// Pure functions of calendar dates (YYYY-MM-DD, salon wall dates).
import { addDays } from "../format";

/** YYYY-MM of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

function parts(month: string): { y: number; m: number } {
  return { y: Number(month.slice(0, 4)), m: Number(month.slice(5, 7)) };
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const { y, m } = parts(month);
  return iso(new Date(Date.UTC(y, m - 1 + n, 1))).slice(0, 7);
}

export function daysInMonth(month: string): number {
  const { y, m } = parts(month);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Every date of the month, after as many empty cells as the 1st is past Monday. */
export function monthGrid(month: string): { leading: number; dates: string[] } {
  const first = `${month}-01`;
  const leading = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  return { leading, dates: Array.from({ length: daysInMonth(month) }, (_, i) => addDays(first, i)) };
}

/** The last day customers can book: today + the salon's horizon. */
export const lastBookable = (today: string, horizonDays: number): string => addDays(today, horizonDays);

/**
 * The bookable part of a month as one range request, or null when none of it
 * is bookable (a past month, or beyond the horizon). At most 31 days: the API's limit.
 */
export function monthRange(month: string, today: string, horizonDays: number): { from: string; days: number } | null {
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
  const from = first > today ? first : today;
  const end = lastBookable(today, horizonDays) < last ? lastBookable(today, horizonDays) : last;
  if (from > end) return null;
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return { from, days };
}

/** The months a customer can page through: this month up to the horizon's month. */
export function monthBounds(today: string, horizonDays: number): { first: string; last: string } {
  return { first: monthOf(today), last: monthOf(lastBookable(today, horizonDays)) };
}

export type DayKind = "free" | "full" | "closed" | "outside";

/**
 * What a day cell says: free times, none left, closed (day off, vacation,
 * nobody works), or outside what can be booked (past, beyond the horizon).
 */
export function dayKind(day: { status: string; available: number } | undefined): DayKind {
  if (!day) return "outside";
  if (day.available > 0) return "free";
  return day.status === "open" ? "full" : "closed";
}
