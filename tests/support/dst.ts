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
