// How much of the calendar one customer account holds: the per-account caps
// (salon settings) are checked against it. One SELECT, so it joins the read
// batch a booking or waitlist request sends anyway.
import { sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export interface AccountLoad {
  /** Future bookings not cancelled (held, pending, confirmed). */
  active: number;
  /** Of them, payments awaited: held bookings, a visit's held items counting once (onepay: one payment each). */
  held: number;
  /** Waitlist entries still waiting or holding an offer, for today or later. */
  waiting: number;
}

export async function accountLoad(db: Db, userId: number, now: Date, salonToday: string): Promise<AccountLoad> {
  const b = s.bookings;
  const w = s.waitlistEntries;
  const at = now.toISOString();
  const [row] = await db.all<AccountLoad>(sql`
    select
      (select count(*) from ${b} where ${b.userId} = ${userId} and ${b.startAt} > ${at} and ${b.status} in ('held', 'pending', 'confirmed')) as active,
      (select count(distinct coalesce('v' || ${b.visitId}, 'b' || ${b.id})) from ${b} where ${b.userId} = ${userId} and ${b.startAt} > ${at} and ${b.status} = 'held') as held,
      (select count(*) from ${w} where ${w.userId} = ${userId} and ${w.date} >= ${salonToday} and ${w.state} in ('waiting', 'offered')) as waiting`);
  return row ?? { active: 0, held: 0, waiting: 0 };
}
