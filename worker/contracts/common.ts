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

/** The Idempotency-Key header of mutating requests: a fresh UUID per new request, the same one for its retries. */
export const IdempotencyKey = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{8,200}$/, "Idempotency-Key must be 8–200 visible ASCII characters (a UUID is ideal)"),
  v.description(
    "8–200 visible ASCII characters (a UUID is ideal). A retry with the same key and body returns the first result " +
      "(header `idempotent-replayed: true`) and never books or pays twice; the same key with another body is 422 `idempotency_key_reused`.",
  ),
);
