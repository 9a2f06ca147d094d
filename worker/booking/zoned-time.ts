// Wall-clock <-> instant conversion for a salon's IANA zone.
//
// Only Intl.DateTimeFormat is used because it is the one zone database that is
// available both in workerd and in Node without shipping tzdata ourselves.
// Dates are "YYYY-MM-DD", times "HH:MM", both in the salon's zone; instants are
// plain Date / epoch milliseconds (UTC).

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

// Constructing a DateTimeFormat is far more expensive than formatting with it,
// and the slot engine formats hundreds of instants per request.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      // h23, not hour12:false: some engines render midnight as "24" with the latter.
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock of `ms` in `zone` as the formatter reads it (the slow, exact way). */
function formattedParts(ms: number, zone: string): WallParts {
  const out: WallParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(zone).formatToParts(ms)) {
    if (part.type in out) out[part.type as keyof WallParts] = Number(part.value);
  }
  if (out.hour === 24) out.hour = 0; // defensive, see hourCycle above
  return out;
}

const HOUR_MS = 3_600_000;
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
const formattedOffset = (ms: number, zone: string) => {
  const p = formattedParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond(ms);
};

// formatToParts costs more than the rest of a booking's date work together,
// and a request asks for the same few hours' offsets again and again. An
// hour whose first and last second share one offset has no transition inside
// (zones change at most twice a year), so its offset is kept; an hour with a
// transition (NaN) is formatted exactly every time. Bounded: cleared when full.
const hourOffsets = new Map<string, number>();
const HOUR_OFFSETS_MAX = 20_000;
// Kept to the years a salon can mean (with margin); outside them, the exact way.
const CACHED_FROM = Date.UTC(1990, 0, 1);
const CACHED_TO = Date.UTC(2110, 0, 1);

function offsetOf(ms: number, zone: string): number {
  if (!(ms >= CACHED_FROM && ms < CACHED_TO)) return formattedOffset(ms, zone);
  const hourStart = Math.floor(ms / HOUR_MS) * HOUR_MS;
  const key = `${zone} ${hourStart}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const first = formattedOffset(hourStart, zone);
    offset = first === formattedOffset(hourStart + HOUR_MS - 1000, zone) ? first : Number.NaN;
    if (hourOffsets.size >= HOUR_OFFSETS_MAX) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return Number.isNaN(offset) ? formattedOffset(ms, zone) : offset;
}

function wallParts(ms: number, zone: string): WallParts {
  const wall = new Date(wholeSecond(ms) + offsetOf(ms, zone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The wall clock of `ms` in `zone`, read as if it were UTC (epoch ms). */
function wallAsUtc(ms: number, zone: string): number {
  return wholeSecond(ms) + offsetOf(ms, zone);
}

/** UTC offset of `zone` at instant `ms`, in milliseconds (Moscow: +3h). */
export function offsetMs(ms: number, zone: string): number {
  // Sub-second part is dropped by the formatter, so compare against whole seconds.
  return offsetOf(ms, zone);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Years a salon can mean. Dates and date-times from clients and webhooks
 * outside them are refused, so year 0 or 9999 never reaches the engine (where
 * Date would roll years below 100 into the 1900s).
 */
export const YEARS = { min: 2000, max: 2100 } as const;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function calendarParts(date: string, years: { min: number; max: number }): { y: number; m: number; d: number } | null {
  const match = DATE_RE.exec(date);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < years.min || y > years.max || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

/** A real calendar day "YYYY-MM-DD" within YEARS (no 2026-11-31, no 2025-02-30), or null. */
export function parseCalendarDate(date: string): { y: number; m: number; d: number } | null {
  return calendarParts(date, YEARS);
}

export interface DateTimeParts {
  date: string;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** Minutes east of UTC; null for a wall time without an offset. */
  offsetMin: number | null;
}

const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;

/**
 * The one strict reader of date-times the API and webhooks accept:
 * `YYYY-MM-DDTHH:MM[:SS[.mmm]]` with an optional `Z` or `±HH:MM` offset. The
 * date must exist (and lie within YEARS), hours run 00–23 (no 24:00), the
 * offset within ±14:00. Null for anything else; never Date.parse, which
 * rolls 2026-11-31 into December.
 */
export function parseDateTime(text: string): DateTimeParts | null {
  const match = DATE_TIME_RE.exec(text);
  if (!match) return null;
  const [, date, hh, mm, ss, frac, zulu, sign, oh, om] = match;
  if (!parseCalendarDate(date!)) return null;
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMin: number | null = null;
  if (zulu) offsetMin = 0;
  else if (sign) {
    const magnitude = Number(oh) * 60 + Number(om);
    if (Number(om) > 59 || magnitude > 14 * 60) return null;
    offsetMin = sign === "-" ? -magnitude : magnitude;
  }
  return { date: date!, hour, minute, second, millis: Number((frac ?? "").padEnd(3, "0")), offsetMin };
}

/** The instant a date-time with an offset names. */
export function instantOfParts(p: DateTimeParts & { offsetMin: number }): Date {
  const { y, m, d } = parseDate(p.date);
  return new Date(Date.UTC(y, m - 1, d, p.hour, p.minute, p.second, p.millis) - p.offsetMin * MINUTE_MS);
}

// The engine's own reader: any four-digit year, since it computes dates
// around validated ones (the day before, a month of days after).
function parseDate(date: string): { y: number; m: number; d: number } {
  const parts = calendarParts(date, { min: 0, max: 9999 });
  if (!parts) throw new RangeError(`invalid date "${date}", expected YYYY-MM-DD`);
  return parts;
}

/** Date.UTC for any year: it reads years 0–99 as 1900–1999. */
function utcMidnight(y: number, m: number, d: number): number {
  const at = new Date(Date.UTC(2000, m - 1, d));
  at.setUTCFullYear(y, m - 1, d);
  return at.getTime();
}

/** "HH:MM" -> minutes since midnight. "24:00" is accepted (1440) so a shift can end at midnight. */
export function minutesOf(time: string): number {
  const match = TIME_RE.exec(time);
  const h = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (!match || m > 59 || h > 24 || (h === 24 && m !== 0)) {
    throw new RangeError(`invalid time "${time}", expected HH:MM`);
  }
  return h * 60 + m;
}

/** Minutes since midnight (0..1440) -> "HH:MM". */
export function formatMinutes(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 1440) {
    throw new RangeError(`minutes out of range: ${n}`);
  }
  return `${pad2(Math.floor(n / 60))}:${pad2(n % 60)}`;
}

export function addDays(date: string, n: number): string {
  const { y, m, d } = parseDate(date);
  const at = new Date(utcMidnight(y, m, d) + n * DAY_MS);
  return `${String(at.getUTCFullYear()).padStart(4, "0")}-${pad2(at.getUTCMonth() + 1)}-${pad2(at.getUTCDate())}`;
}

/** 0 = Monday ... 6 = Sunday, matching the schedule tables. */
export function dayOfWeek(date: string): number {
  const { y, m, d } = parseDate(date);
  return (new Date(utcMidnight(y, m, d)).getUTCDay() + 6) % 7;
}

export function instantToWall(
  instant: Date,
  zone: string,
): { date: string; time: string; dayOfWeek: number } {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("invalid instant");
  const p = wallParts(ms, zone);
  const date = `${String(p.year).padStart(4, "0")}-${pad2(p.month)}-${pad2(p.day)}`;
  return { date, time: `${pad2(p.hour)}:${pad2(p.minute)}`, dayOfWeek: dayOfWeek(date) };
}

/** Wall minutes on `date` as if UTC; minutes >= 1440 roll into the following days. */
function naiveMs(date: string, minutes: number): number {
  const { y, m, d } = parseDate(date);
  return utcMidnight(y, m, d) + minutes * MINUTE_MS;
}

/** Every instant whose wall clock in `zone` reads exactly `naive`, earliest first. */
function instantsForWall(naive: number, zone: string): number[] {
  // Offsets that can apply lie within a day of the naive value (offsets span -12h..+14h),
  // and zones do not change offset twice within two days, so three samples find them all.
  const offsets = new Set([
    offsetMs(naive - DAY_MS, zone),
    offsetMs(naive, zone),
    offsetMs(naive + DAY_MS, zone),
  ]);
  const hits: number[] = [];
  for (const off of offsets) {
    const candidate = naive - off;
    if (wallAsUtc(candidate, zone) === naive && !hits.includes(candidate)) hits.push(candidate);
  }
  return hits.sort((a, b) => a - b);
}

/**
 * The instant at which the wall clock in `zone` shows `time` on `date`.
 * Null inside a spring-forward gap (that wall time never happens); in a
 * fall-back overlap the earlier of the two instants is returned.
 * "24:00" means midnight at the start of the next day.
 */
export function wallTimeToInstant(date: string, time: string, zone: string): Date | null {
  const ms = wallMinutesToMs(date, minutesOf(time), zone);
  return ms === null ? null : new Date(ms);
}

/** Every instant (epoch ms) whose wall clock shows these minutes on `date`: none in a gap, two where the clocks go back. */
export function wallMinutesToAllMs(date: string, minutes: number, zone: string): number[] {
  return instantsForWall(naiveMs(date, minutes), zone);
}

/** Same as wallTimeToInstant but with minutes since midnight and epoch ms. */
export function wallMinutesToMs(date: string, minutes: number, zone: string): number | null {
  return instantsForWall(naiveMs(date, minutes), zone)[0] ?? null;
}

/**
 * The first instant whose wall clock is at or after the given wall time.
 * Equal to wallMinutesToMs except in a spring-forward gap, where it is the
 * moment of the transition. Used for working-hour and break boundaries: a
 * shift "from 02:30" on a day that skips 02:00-03:00 starts when 03:00 arrives.
 */
export function wallMinutesToMsAtOrAfter(date: string, minutes: number, zone: string): number {
  const naive = naiveMs(date, minutes);
  const exact = instantsForWall(naive, zone)[0];
  if (exact !== undefined) return exact;
  // In a gap: before the transition the offset is smaller, after it larger.
  // naive - offAfter is still before the transition, naive - offBefore already after.
  const offBefore = offsetMs(naive - DAY_MS, zone);
  const offAfter = offsetMs(naive + DAY_MS, zone);
  let lo = naive - offAfter;
  let hi = naive - offBefore;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE_MS)) * MINUTE_MS;
    if (offsetMs(mid, zone) === offAfter) hi = mid;
    else lo = mid;
  }
  return hi;
}

// A zone's rules do not change while the isolate lives, and requests keep
// asking about the same few weeks: each day's offset is worked out once.
const steadyOffsets = new Map<string, number | null>();
const STEADY_CACHE_MAX = 20_000;

/** The day's single UTC offset, or null when it changes within the day (DST). */
function steadyOffset(date: string, midnight: number, zone: string): number | null {
  const key = `${zone} ${date}`;
  const known = steadyOffsets.get(key);
  if (known !== undefined) return known;
  // Samples a day beyond either end cover every instant the day's wall times
  // can map to; offsets never change twice within those three days.
  const offset = offsetMs(midnight - DAY_MS, zone);
  const steady = offset === offsetMs(midnight + DAY_MS, zone) && offset === offsetMs(midnight + 2 * DAY_MS, zone);
  if (steadyOffsets.size >= STEADY_CACHE_MAX) steadyOffsets.clear();
  steadyOffsets.set(key, steady ? offset : null);
  return steady ? offset : null;
}

export interface DayClock {
  /** wallMinutesToMs for this day */
  toMs(minutes: number): number | null;
  /** Every instant showing this wall time: none in a spring-forward gap, two in the hour the clocks go back. */
  allMs(minutes: number): number[];
  /** wallMinutesToMsAtOrAfter for this day */
  atOrAfter(minutes: number): number;
  /** One offset all day: wall minutes map to instants in order, none skipped or repeated. */
  steady: boolean;
}

/**
 * Conversions for one salon day. formatToParts is slow (tens of microseconds),
 * and a month of slots would spend the Worker's CPU budget on it, so on the
 * ordinary day whose offset does not change we subtract one offset instead.
 */
export function dayClock(date: string, zone: string): DayClock {
  const midnight = naiveMs(date, 0);
  const offset = steadyOffset(date, midnight, zone);
  if (offset === null) {
    return {
      toMs: (minutes) => wallMinutesToMs(date, minutes, zone),
      allMs: (minutes) => wallMinutesToAllMs(date, minutes, zone),
      atOrAfter: (minutes) => wallMinutesToMsAtOrAfter(date, minutes, zone),
      steady: false,
    };
  }
  const fixed = (minutes: number) => midnight + minutes * MINUTE_MS - offset;
  return { toMs: fixed, allMs: (minutes) => [fixed(minutes)], atOrAfter: fixed, steady: true };
}
