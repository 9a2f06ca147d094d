// Reminders a day ahead. The cron runs every few minutes over a one-hour
// window; the outbox dedupe key makes each booking's reminder go out once.
import { and, gt, inArray, lte } from "drizzle-orm";
import type { Env } from "../env.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { notifyCustomer } from "./notify.js";
import { bookingViews } from "./views.js";

const HOUR = 3_600_000;

export async function enqueueReminders(db: Db, env: Env, now: Date): Promise<number> {
  const rows = await db
    .select()
    .from(s.bookings)
    .where(
      and(
        inArray(s.bookings.status, ["pending", "confirmed"]),
        gt(s.bookings.startAt, new Date(now.getTime() + 23 * HOUR).toISOString()),
        lte(s.bookings.startAt, new Date(now.getTime() + 24 * HOUR).toISOString()),
      ),
    );
  if (rows.length === 0) return 0;
  const settings = await loadSettings(db);
  const views = await bookingViews(db, rows, settings.timeZone);
  for (const [i, row] of rows.entries()) {
    const customer = row.userId === null ? null : await findUserById(db, row.userId);
    await notifyCustomer(db, env, "booking_reminder", views[i]!, { email: customer?.email ?? null }, settings, now);
  }
  return rows.length;
}
