// The next day Berlin's clocks go back (the last Sunday of October, 03:00
// CEST → 02:00 CET), so the DST tests never name a day that has passed.
// At least `minDaysAhead` days away: a booking on it clears the salon's notice.
export function nextBerlinFallBack(now: Date = new Date(), minDaysAhead = 2): string {
  const earliest = new Date(now.getTime() + minDaysAhead * 86_400_000).toISOString().slice(0, 10);
  for (let year = now.getUTCFullYear(); ; year++) {
    const lastOfOctober = new Date(Date.UTC(year, 9, 31));
    const sunday = new Date(lastOfOctober.getTime() - lastOfOctober.getUTCDay() * 86_400_000).toISOString().slice(0, 10);
    if (sunday >= earliest) return sunday;
  }
}

/** The two instants of 02:30 on that day: CEST (00:30Z) first, then CET (01:30Z). */
export const twoThirties = (date: string) => [`${date}T00:30:00.000Z`, `${date}T01:30:00.000Z`] as const;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in `zone` at `ms`, read off Intl (no table of rules to go stale). */
export function offsetMinutes(zone: string, ms: number): number {
  let format = offsetFormats.get(zone);
  if (!format) offsetFormats.set(zone, (format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })));
  const name = format.formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

export interface FallBack {
  zone: string;
  /** The instant the clocks go back. */
  at: number;
  /** Salon date and wall time where the repeated stretch begins (it happens twice from here). */
  date: string;
  time: string;
  /** The two instants of that wall time: before the change, then after it. */
  instants: [string, string];
}

/** The next time `zone`'s clocks go back, at least `minDaysAhead` days from `now`; null if none within 400 days. */
export function nextFallBackIn(zone: string, now: Date = new Date(), minDaysAhead = 2): FallBack | null {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  // Whole hours: clocks change on the minute, so the search below lands on one.
  let t = Math.floor((now.getTime() + minDaysAhead * DAY) / HOUR) * HOUR;
  // A day at a time (zones change at most once a day), then the hour within it.
  const end = t + 400 * DAY;
  while (t < end && offsetMinutes(zone, t + DAY) >= offsetMinutes(zone, t)) t += DAY;
  if (t >= end) return null;
  for (let hour = 0; hour < 24; hour++, t += HOUR) {
    const before = offsetMinutes(zone, t);
    const after = offsetMinutes(zone, t + HOUR);
    if (after >= before) continue;
    // The change lies in (t, t + 1 h]: narrow it to the minute.
    let lo = t;
    let hi = t + HOUR;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    // At the change the wall clock jumps back to the start of the repeated stretch.
    const wall = new Date(hi + after * 60_000).toISOString();
    const first = hi - (before - after) * 60_000;
    return { zone, at: hi, date: wall.slice(0, 10), time: wall.slice(11, 16), instants: [new Date(first).toISOString(), new Date(hi).toISOString()] };
  }
  return null;
}

/**
 * The nearest day, at least `minDaysAhead` away, on which Berlin or Sydney
 * goes back from 03:00 to 02:00 (half a year apart, so always under seven
 * months ahead): a salon in that zone reaches it within a booking horizon of
 * a year whatever today is (Berlin's alone can be 372 days away).
 */
export function nextFallBack(now: Date = new Date(), minDaysAhead = 2): { zone: string; date: string } {
  const found = ["Europe/Berlin", "Australia/Sydney"].map((zone) => nextFallBackIn(zone, now, minDaysAhead)!);
  return found.sort((a, b) => a.at - b.at)[0]!;
}
