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

const sundayOnOrBefore = (year: number, month: number, day: number) => {
  const d = new Date(Date.UTC(year, month, day));
  return new Date(d.getTime() - d.getUTCDay() * 86_400_000).toISOString().slice(0, 10);
};

/**
 * Zones whose clocks go back from 03:00 to 02:00 (so 02:00–03:00 happens
 * twice), half a year apart: Berlin on the last Sunday of October, Sydney on
 * the first Sunday of April.
 */
const FALL_BACKS = [
  { zone: "Europe/Berlin", on: (year: number) => sundayOnOrBefore(year, 9, 31) },
  { zone: "Australia/Sydney", on: (year: number) => sundayOnOrBefore(year, 3, 7) },
] as const;

/**
 * The nearest day, at least `minDaysAhead` away, on which one of those zones
 * goes back: always under seven months ahead, so a salon in that zone reaches
 * it within a booking horizon of a year whatever today is (Berlin's alone can
 * be 372 days away).
 */
export function nextFallBack(now: Date = new Date(), minDaysAhead = 2): { zone: string; date: string } {
  const earliest = new Date(now.getTime() + minDaysAhead * 86_400_000).toISOString().slice(0, 10);
  const candidates = FALL_BACKS.flatMap(({ zone, on }) => [0, 1].map((ahead) => ({ zone, date: on(now.getUTCFullYear() + ahead) })));
  return candidates.filter((c) => c.date >= earliest).sort((a, b) => a.date.localeCompare(b.date))[0]!;
}
