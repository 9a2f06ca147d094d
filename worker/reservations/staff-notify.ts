// Tells masters when a booking of theirs appears, is cancelled or moves, from
// any channel (our API, the back office, YClients). One message per master
// and change: by email when the master's account has an address and email is
// configured, by SMS otherwise. The dedupe key makes a replayed webhook or a
// retried request enqueue nothing new (they write no new row version).
import { and, inArray } from "drizzle-orm";
import type { Env } from "../env.js";
import { emailTransportFor } from "../notify/transports.js";
import type { BookingRow } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { enqueue } from "../repo/outbox.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { bookingViews } from "./views.js";

type StaffMessage = "staff_booking_created" | "staff_booking_cancelled" | "staff_booking_moved" | "staff_booking_moved_away";

interface Change {
  staffId: number;
  kind: StaffMessage;
}

/**
 * A booking a master should know of: pending or confirmed. An unpaid hold is
 * not one yet (most lapse); the master hears of it once it is paid.
 */
const live = (b: BookingRow) => (b.status === "pending" || b.status === "confirmed") && b.staffId !== null;

/** What each master concerned should hear about a booking going from `before` to `after`. */
export function staffChanges(before: BookingRow | null, after: BookingRow): Change[] {
  const wasActive = before !== null && live(before);
  const isNowActive = live(after);
  if (!wasActive && isNowActive) return [{ staffId: after.staffId!, kind: "staff_booking_created" }];
  if (wasActive && !isNowActive) {
    return after.status === "cancelled" ? [{ staffId: before!.staffId!, kind: "staff_booking_cancelled" }] : [];
  }
  if (!wasActive || !isNowActive) return [];
  if (before!.staffId !== after.staffId) {
    return [
      { staffId: before!.staffId!, kind: "staff_booking_moved_away" },
      { staffId: after.staffId!, kind: "staff_booking_created" },
    ];
  }
  return before!.startAt !== after.startAt ? [{ staffId: after.staffId!, kind: "staff_booking_moved" }] : [];
}

function formatDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${d}.${m}.${y}`;
}

export async function notifyMasters(db: Db, env: Env, before: BookingRow | null, after: BookingRow, now: Date, known?: SalonSettings): Promise<number> {
  const changes = staffChanges(before, after);
  if (changes.length === 0) return 0;
  const settings = known ?? (await loadSettings(db));
  const [accounts, [view], [old]] = await Promise.all([
    db
      .select({ staffId: s.users.staffId, phone: s.users.phone, email: s.users.email })
      .from(s.users)
      .where(and(inArray(s.users.staffId, changes.map((c) => c.staffId)), inArray(s.users.role, ["staff", "admin"]))),
    bookingViews(db, [after], settings.timeZone),
    before ? bookingViews(db, [before], settings.timeZone) : Promise.resolve([]),
  ]);
  const byEmail = emailTransportFor(env) !== null;
  let sent = 0;
  for (const change of changes) {
    const account = accounts.find((a) => a.staffId === change.staffId);
    if (!account) continue;
    const when = `${formatDate(view!.local_date)} ${view!.local_time}`;
    const was = old ? `${formatDate(old.local_date)} ${old.local_time}` : "";
    const who = [after.customerName, after.phone].filter(Boolean).join(", ");
    const what = view!.service?.name ?? "услуга";
    const text: Record<StaffMessage, [string, string]> = {
      staff_booking_created: [`Новая запись ${when}`, `Новая запись: ${what}, ${when}. Клиент: ${who}`],
      staff_booking_cancelled: [`Отмена ${when}`, `Запись отменена: ${what}, ${when}. Клиент: ${who}`],
      staff_booking_moved: [`Перенос на ${when}`, `Запись перенесена с ${was} на ${when}: ${what}. Клиент: ${who}`],
      staff_booking_moved_away: [`Запись ${was} передана`, `Запись ${was} (${what}, ${who}) передана другому мастеру`],
    };
    const [subject, body] = text[change.kind];
    const email = byEmail && account.email ? account.email : null;
    await enqueue(
      db,
      {
        channel: email ? "email" : "sms",
        recipient: email ?? account.phone,
        kind: change.kind,
        subject,
        body,
        // One message per write of the row: moving there and back twice still tells twice.
        dedupeKey: `${change.kind}:${after.id}:${change.staffId}:${after.updatedAt}`,
      },
      now,
    );
    sent += 1;
  }
  return sent;
}
