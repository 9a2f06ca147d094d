// Tells masters when a booking of theirs appears, is cancelled or moves, from
// any channel (our API, the back office, YClients). One message per master
// and change: by email when the master's account has an address and email is
// configured, by SMS otherwise. Each message is one INSERT … SELECT from the
// master's account, so a change costs one round trip however many masters it
// concerns; the dedupe key (per row version) makes a replayed webhook or a
// retried request enqueue nothing new.
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { instantToWall } from "../booking/zoned-time.js";
import type { Env } from "../env.js";
import { plainSnippet } from "../lib/plain-text.js";
import { emailTransportFor } from "../notify/transports.js";
import { batchAll } from "../repo/batch.js";
import type { BookingRow } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { bookingViews } from "./views.js";

/** Characters of a customer's name in a master's message. */
export const CUSTOMER_NAME_MAX = 40;

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

function when(instant: string, zone: string): string {
  const wall = instantToWall(new Date(instant), zone);
  const [y, m, d] = wall.date.split("-");
  return `${d}.${m}.${y} ${wall.time}`;
}

/** The outbox inserts telling the masters concerned; empty when nobody needs telling. */
export function masterMessages(db: Db, env: Env, before: BookingRow | null, after: BookingRow, serviceName: string | null, settings: SalonSettings, now: Date): BatchItem<"sqlite">[] {
  const byEmail = emailTransportFor(env) !== null ? 1 : 0;
  const at = when(after.startAt, settings.timeZone);
  const was = before ? when(before.startAt, settings.timeZone) : "";
  // The name is the customer's own text: no links, and short enough for one SMS.
  const who = [after.customerName ? plainSnippet(after.customerName, CUSTOMER_NAME_MAX) : null, after.phone].filter(Boolean).join(", ");
  const what = serviceName ?? "услуга";
  const text: Record<StaffMessage, [string, string]> = {
    staff_booking_created: [`Новая запись ${at}`, `Новая запись: ${what}, ${at}. Клиент: ${who}`],
    staff_booking_cancelled: [`Отмена ${at}`, `Запись отменена: ${what}, ${at}. Клиент: ${who}`],
    staff_booking_moved: [`Перенос на ${at}`, `Запись перенесена с ${was} на ${at}: ${what}. Клиент: ${who}`],
    staff_booking_moved_away: [`Запись ${was} передана`, `Запись ${was} (${what}, ${who}) передана другому мастеру`],
  };
  return staffChanges(before, after).map(({ staffId, kind }) => {
    const [subject, body] = text[kind];
    // One message per write of the row: moving there and back twice still tells twice.
    // "#" separators keep these apart from the customers' "kind:id:…" keys.
    const dedupeKey = `${kind}#${after.id}#${staffId}#${Date.parse(after.updatedAt)}`;
    // Due a minute from now: the cron (every 5 minutes) sends masters' messages,
    // so a customer's request only pays for sending the customer's own.
    const due = new Date(now.getTime() + 60_000).toISOString();
    return db.run(sql`
      insert or ignore into notification_outbox (channel, recipient, kind, subject, body, dedupe_key, next_attempt_at)
      select case when ${byEmail} = 1 and email is not null then 'email' else 'sms' end,
             case when ${byEmail} = 1 and email is not null then email else phone end,
             ${kind}, ${subject}, ${body}, ${dedupeKey}, ${due}
      from users where staff_id = ${staffId} and role in ('staff', 'admin') order by id limit 1`);
  });
}

/** For callers that hold only the rows (YClients, payments): reads the names it needs, then writes. */
export async function notifyMasters(db: Db, env: Env, before: BookingRow | null, after: BookingRow, now: Date, known?: SalonSettings): Promise<number> {
  if (staffChanges(before, after).length === 0) return 0;
  const settings = known ?? (await loadSettings(db));
  const [view] = await bookingViews(db, [after], settings.timeZone);
  const writes = masterMessages(db, env, before, after, view?.service?.name ?? null, settings, now);
  await batchAll(db, writes);
  return writes.length;
}
