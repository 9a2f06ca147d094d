// What the salon's no-show policy needs to know about a customer: visits
// completed, no-shows within the policy's months, and whether the admin
// waived the deposit for them. One SELECT, so it joins the booking's read batch.
import { sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export interface DepositFacts {
  completed: number;
  /** No-shows within the salon's deposit_no_show_months before now. */
  recentNoShows: number;
  waived: boolean;
}

export async function depositFacts(db: Db, userId: number, now: Date): Promise<DepositFacts> {
  const b = s.bookings;
  const at = now.toISOString();
  // The months come from the settings row in the same statement, so nothing waits for the settings first.
  const since = sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '-' || (select ${s.salonSettings.depositNoShowMonths} from ${s.salonSettings} where ${s.salonSettings.id} = 1) || ' months')`;
  const [row] = await db.all<{ completed: number; recent_no_shows: number; waived: number | null }>(sql`
    select
      (select count(*) from ${b} where ${b.userId} = ${userId} and ${b.status} = 'completed') as completed,
      (select count(*) from ${b} where ${b.userId} = ${userId} and ${b.status} = 'no_show' and ${b.startAt} >= ${since} and ${b.startAt} <= ${at}) as recent_no_shows,
      (select ${s.users.depositWaived} from ${s.users} where ${s.users.id} = ${userId}) as waived`);
  return { completed: Number(row?.completed ?? 0), recentNoShows: Number(row?.recent_no_shows ?? 0), waived: Boolean(row?.waived) };
}
