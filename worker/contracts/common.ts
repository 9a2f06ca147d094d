import * as v from "valibot";
import { parseCalendarDate, parseDateTime, YEARS } from "../booking/zoned-time.js";

/** A salon-zone wall time; "24:00" closes a day that runs to midnight. */
export const WallTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "times look like 09:30"));

/** A real calendar date, YYYY-MM-DD, in a year a salon can mean. */
export const CalendarDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "dates look like 2026-12-01"),
  v.check((d) => parseCalendarDate(d) !== null, `no such date (or a year outside ${YEARS.min}–${YEARS.max})`),
);

/**
 * "2026-12-01T10:00" / "…T10:00:00" (salon wall time) or an instant with a
 * `Z` or `±HH:MM` offset; the date must exist and hours run 00–23.
 */
export const DateTime = (what: string) =>
  v.pipe(
    v.string(),
    v.check(
      (s) => parseDateTime(s) !== null,
      `${what} must be a real date and time like 2026-12-01T10:00 (salon time) or with an offset like 2026-12-01T10:00+03:00, in ${YEARS.min}–${YEARS.max}`,
    ),
  );

/** A query-string count (limit, offset, days) from 0 to `max`: "1e20" or twenty digits are a 400, not a database error. */
export const QueryCount = (name: string, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,9}$/, `${name} must be a whole number`),
    v.transform(Number),
    v.maxValue(max, `${name} must be at most ${max}`),
  );
