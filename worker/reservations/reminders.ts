// Reminders before a visit, as the salon chose: a day ahead and/or two hours
// ahead. The cron runs every few minutes over a one-hour window per kind; the
// outbox dedupe key (kind, booking, start, master) sends each kind once, and
// again only when the booking moves.
import { and, gt, inArray, lte, or } from "drizzle-orm";
import type { Env } from "../env.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { type BookingMessageKind, notifyCustomer } from "./notify.js";
import { bookingViews } from "./views.js";

const HOUR = 3_600_000;

const reminderKinds: { kind: BookingMessageKind; hours: number; on: (s: SalonSettings) => boolean }[] = [
  { kind: "booking_reminder", hours: 24, on: (s) => s.reminder24h },
  { kind: "booking_reminder_2h", hours: 2, on: (s) => s.reminder2h },
];

/** Enqueues the reminders due now; returns how many bookings were looked at per kind, summed. */
export async function enqueueReminders(db: Db, env: Env, now: Date): Promise<number> {
  const settings = await loadSettings(db);
  const kinds = reminderKinds.filter((k) => k.on(settings));
  if (kinds.length === 0) return 0;
  const windowOf = (hours: number) => [new Date(now.getTime() + (hours - 1) * HOUR).toISOString(), new Date(now.getTime() + hours * HOUR).toISOString()] as const;
  const rows = await db
    .select()
    .from(s.bookings)
    .where(
      and(
        inArray(s.bookings.status, ["pending", "confirmed"]),
        or(...kinds.map((k) => and(gt(s.bookings.startAt, windowOf(k.hours)[0]), lte(s.bookings.startAt, windowOf(k.hours)[1])))),
      ),
    );
  if (rows.length === 0) return 0;
  const views = await bookingViews(db, rows, settings.timeZone);
  let count = 0;
  for (const [i, row] of rows.entries()) {
    const customer = row.userId === null ? null : await findUserById(db, row.userId);
    // A deleted account gets no messages.
    if (row.userId !== null && !customer) continue;
    for (const { kind, hours } of kinds) {
      const [from, to] = windowOf(hours);
      if (!(row.startAt > from && row.startAt <= to)) continue;
      await notifyCustomer(db, env, kind, views[i]!, { email: customer?.email ?? null }, settings, now);
      count += 1;
    }
  }
  return count;
}
