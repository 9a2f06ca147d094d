// YClients' date values → UTC instants. The one place YClients dates are
// parsed (so a stricter shared parser can replace it): ISO 8601 with `+03:00`,
// `+0300` or `Z`, unix seconds (as a number or a digit string), and salon wall
// time `YYYY-MM-DD HH:MM[:SS]` read in the salon's zone, never as UTC.
import { wallTimeToInstant } from "../booking/zoned-time.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
/** 2000-01-01 … 2100-01-01 as unix seconds: anything else is not a booking time. */
const UNIX_RANGE = [946_684_800, 4_102_444_800] as const;

function calendarOk(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || h > 23 || mi > 59 || s > 59) return false;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

function fromUnix(seconds: number): string | null {
  if (!Number.isInteger(seconds) || seconds < UNIX_RANGE[0] || seconds > UNIX_RANGE[1]) return null;
  return new Date(seconds * 1000).toISOString();
}

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
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (!calendarOk(y, mo, d, h, mi, s)) return null;
  const offset = m[7];
  if (offset === undefined) {
    if (!zone) return null;
    const wall = wallTimeToInstant(`${m[1]}-${m[2]}-${m[3]}`, `${m[4]}:${m[5]}`, zone);
    return wall ? new Date(wall.getTime() + s * 1000).toISOString() : null;
  }
  if (offset === "Z") return new Date(Date.UTC(y, mo - 1, d, h, mi, s)).toISOString();
  const sign = offset.startsWith("-") ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  const oh = Number(digits.slice(0, 2));
  const om = Number(digits.slice(2, 4));
  if (oh > 14 || om > 59) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - sign * (oh * 60 + om) * 60_000).toISOString();
}
