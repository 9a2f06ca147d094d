import * as v from "valibot";

/** A salon-zone wall time; "24:00" closes a day that runs to midnight. */
export const WallTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "times look like 09:30"));

/** A real calendar date, YYYY-MM-DD. */
export const CalendarDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "dates look like 2026-12-01"),
  v.check((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(d);
  }, "no such date"),
);
