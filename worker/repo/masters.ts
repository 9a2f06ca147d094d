// Every master there is, active or not: whose ledgers the cron audits (an
// inactive master can still hold bookings).
import { asc } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export async function allStaffIds(db: Db): Promise<number[]> {
  const rows = await db.select({ id: s.staff.id }).from(s.staff).orderBy(asc(s.staff.id));
  return rows.map((r) => r.id);
}
