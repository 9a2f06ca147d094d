import * as v from "valibot";
import { parseCalendarDate, parseDateTime, YEARS } from "../booking/zoned-time.js";

/**
 * Bounds of the numbers clients send. A JSON number past 2^53 (1e20, 1e308)
 * is still an "integer" to JavaScript; stored, it becomes a price nobody can
 * pay or an order nothing sorts after, so every integer a body takes has a
 * ceiling here.
 */
export const LIMITS = {
  /** Row ids are SQLite integers; no salon has two billion of anything. */
  id: 2_147_483_647,
  /** A price, deposit or amount: 1,000,000.00 in the salon's currency. */
  moneyMinor: 100_000_000,
  /** Positions in the salon's lists. */
  sortOrder: 1_000_000,
} as const;

/** A record id in a body: a whole number 1 … 2^31−1. */
export const BodyId = v.pipe(v.number(), v.integer("ids are whole numbers"), v.minValue(1), v.maxValue(LIMITS.id, `ids are at most ${LIMITS.id}`));

/** An amount in minor units (kopecks), 0 … 100,000,000. */
export const MoneyMinor = v.pipe(
  v.number(),
  v.integer("amounts are integer minor units (kopecks)"),
  v.minValue(0),
  v.maxValue(LIMITS.moneyMinor, `amounts are at most ${LIMITS.moneyMinor} minor units`),
);

/** A position in one of the salon's lists, 0 … 1,000,000. */
export const SortOrder = v.pipe(v.number(), v.integer("sort_order is a whole number"), v.minValue(0), v.maxValue(LIMITS.sortOrder, `sort_order is at most ${LIMITS.sortOrder}`));

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

/** The Idempotency-Key header of mutating requests: a fresh UUID per new request, the same one for its retries. */
export const IdempotencyKey = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{8,200}$/, "Idempotency-Key must be 8–200 visible ASCII characters (a UUID is ideal)"),
  v.description(
    "8–200 visible ASCII characters (a UUID is ideal). A retry with the same key and body returns the first result " +
      "(header `idempotent-replayed: true`) and never books or pays twice; the same key with another body is 422 `idempotency_key_reused`.",
  ),
);
