// The periods a statistics range is cut into, as UTC instant bounds of salon
// dates, so the SQL groups by the salon's calendar whatever the DST.
import { addDays, dayOfWeek, wallTimeToInstant } from "../booking/zoned-time.js";

export type Group = "day" | "week" | "month";

export interface Period {
  /** First salon date of the period (Monday for weeks, the 1st for months). */
  label: string;
  /** [start, end) as UTC ISO instants, clipped to the asked range. */
  start: string;
  end: string;
}

const labelOf = (date: string, group: Group): string =>
  group === "day" ? date : group === "week" ? addDays(date, -dayOfWeek(date)) : `${date.slice(0, 8)}01`;

function midnight(date: string, zone: string): string {
  // Midnight exists in every zone the salon could use; fall back to 01:00 where a DST jump skips it.
  return (wallTimeToInstant(date, "00:00", zone) ?? wallTimeToInstant(date, "01:00", zone)!).toISOString();
}

export function periodsOf(from: string, to: string, group: Group, zone: string): Period[] {
  const out: Period[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const label = labelOf(date, group);
    const last = out[out.length - 1];
    if (last && last.label === label) last.end = midnight(addDays(date, 1), zone);
    else out.push({ label, start: midnight(date, zone), end: midnight(addDays(date, 1), zone) });
  }
  return out;
}
