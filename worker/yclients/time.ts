// YClients' date values → UTC instants: the API's one strict parser
// (worker/booking/zoned-time.ts) after YClients' own spellings are brought to
// ISO form. Accepted: ISO 8601 with `+03:00`, `+0300` or `Z`, unix seconds (as
// a number or a digit string), and salon wall time `YYYY-MM-DD HH:MM[:SS]`
// read in the salon's zone, never as UTC.
import { instantOfParts, parseDateTime, wallTimeToInstant } from "../booking/zoned-time.js";

/** 2000-01-01 … 2100-01-01 as unix seconds, the same years the strict parser takes. */
const UNIX_RANGE = [946_684_800, 4_102_444_800] as const;

function fromUnix(seconds: number): string | null {
  if (!Number.isInteger(seconds) || seconds < UNIX_RANGE[0] || seconds > UNIX_RANGE[1]) return null;
  return new Date(seconds * 1000).toISOString();
}

/** "2025-01-15 10:00:00+0300" → "2025-01-15T10:00:00+03:00". */
const toIso = (text: string) => text.replace(/^(\d{4}-\d{2}-\d{2}) /, "$1T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");

/**
 * A YClients date value as a UTC ISO instant, or null when it is unreadable
 * or not a real calendar time (2025-02-30, 24:00). Values without an offset
 * are salon wall time, so they need the zone; without one they are refused.
 */
export function ycInstant(value: string | number | null | undefined, zone?: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return fromUnix(value);
  const text = value.trim();
  if (/^\d{9,10}$/.test(text)) return fromUnix(Number(text));
  const parts = parseDateTime(toIso(text));
  if (!parts) return null;
  if (parts.offsetMin !== null) return instantOfParts({ ...parts, offsetMin: parts.offsetMin }).toISOString();
  if (!zone) return null;
  const time = `${String(parts.hour).padStart(2, "0")}:${String(parts.minute).padStart(2, "0")}`;
  const wall = wallTimeToInstant(parts.date, time, zone);
  return wall ? new Date(wall.getTime() + parts.second * 1000 + parts.millis).toISOString() : null;
}
