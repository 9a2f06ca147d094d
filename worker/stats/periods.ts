// A statistics range in UTC and the salon zone's offsets over it, so the SQL
// groups by the salon's calendar whatever the DST.
import { addDays, offsetMs, wallTimeToInstant } from "../booking/zoned-time.js";

export type Group = "day" | "week" | "month";

function midnight(date: string, zone: string): string {
  // Midnight exists in every zone the salon could use; fall back to 01:00 where a DST jump skips it.
  return (wallTimeToInstant(date, "00:00", zone) ?? wallTimeToInstant(date, "01:00", zone)!).toISOString();
}

/** Salon dates from…to (inclusive) as UTC instants [start, end). */
export function rangeOf(from: string, to: string, zone: string): { start: string; end: string } {
  return { start: midnight(from, zone), end: midnight(addDays(to, 1), zone) };
}

/** From `from` on (UTC ISO), the salon's clock is `offsetMin` minutes ahead of UTC. */
export interface OffsetSegment {
  from: string;
  offsetMin: number;
}

/**
 * The salon zone's UTC offsets over [start, end): one segment per DST state,
 * found day by day and then to the minute, so SQL can turn an instant into a
 * salon date with plain arithmetic instead of joining every booking to every day.
 */
export function offsetSegments(start: string, end: string, zone: string): OffsetSegment[] {
  const endMs = Date.parse(end);
  let at = Date.parse(start);
  const segments: OffsetSegment[] = [{ from: start, offsetMin: offsetMs(at, zone) / 60_000 }];
  while (at < endMs) {
    const next = Math.min(at + 86_400_000, endMs);
    if (offsetMs(next, zone) !== offsetMs(at, zone)) {
      let lo = at;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMs(mid, zone) === offsetMs(at, zone)) lo = mid;
        else hi = mid;
      }
      segments.push({ from: new Date(hi).toISOString(), offsetMin: offsetMs(hi, zone) / 60_000 });
    }
    at = next;
  }
  return segments;
}

/** Everything the statistics SQL needs to know about the asked range. */
export function scopeOf(q: { from: string; to: string; group: Group; staffId: number | null }, zone: string) {
  const { start, end } = rangeOf(q.from, q.to, zone);
  return { ...q, start, end, offsets: offsetSegments(start, end, zone) };
}
