// "Delete my account and data" (152-ФЗ / GDPR). The person's future bookings
// are cancelled through their masters' ledgers (slots freed, refunds as when
// the salon cancels); every booking they ever had stays for the salon's
// records with no name, phone or notes; their user row stays only as an
// anonymous id (loyalty entries and bookings refer to it) and no session of
// theirs works again. A later sign-in with the same phone starts afresh.
import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { batchAll } from "../repo/batch.js";
import { activeStatuses } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { changeBooking } from "../reservations/change.js";
import { changeRecorder } from "../reservations/change-record.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { endAllSessions } from "../repo/sessions.js";

export const CANCEL_REASON = "account_deleted";

export async function deleteAccount(db: Db, env: Env, user: User, now: Date): Promise<{ cancelled: number }> {
  if (user.role !== "customer") throw new AppError("forbidden", "Staff and admin accounts are removed by the salon");
  const future = await db
    .select({ id: s.bookings.id })
    .from(s.bookings)
    .where(and(eq(s.bookings.userId, user.id), inArray(s.bookings.status, activeStatuses), gt(s.bookings.startAt, now.toISOString())));
  // As the salon would cancel: the salon's window does not keep a leaving customer's booking.
  const asSalon: User = { ...user, role: "admin" };
  for (const { id } of future) {
    await changeBooking(db, env, asSalon, id, { action: "cancel", reason: CANCEL_REASON }, now, changeRecorder(db, env, user, id, "cancel", now));
  }
  // waitlist: a time held for them passes on at once; their other entries and push subscriptions go.
  const offers = await db
    .select({ id: s.waitlistEntries.id, staffId: s.waitlistEntries.offerStaffId })
    .from(s.waitlistEntries)
    .where(and(eq(s.waitlistEntries.userId, user.id), eq(s.waitlistEntries.state, "offered")));
  for (const offer of offers) await ledgerFor(env, offer.staffId!).declineHold(offer.staffId!, offer.id, "cancelled");
  const anonymous = `deleted:${user.id}`;
  const contacts = [user.phone, ...(user.email ? [user.email] : [])];
  await batchAll(db, [
    db.update(s.bookings).set({ phone: anonymous, customerName: null, notes: null, updatedAt: now.toISOString() }).where(eq(s.bookings.userId, user.id)),
    db.delete(s.otpCodes).where(eq(s.otpCodes.phone, user.phone)),
    db.update(s.waitlistEntries).set({ state: "cancelled", updatedAt: now.toISOString() }).where(and(eq(s.waitlistEntries.userId, user.id), eq(s.waitlistEntries.state, "waiting"))),
    db.delete(s.pushSubscriptions).where(eq(s.pushSubscriptions.userId, user.id)),
    endAllSessions(db, user.id, now),
    // Messages to them (sent or not) go; messages to masters about them keep their text without phone and name.
    db.delete(s.notificationOutbox).where(inArray(s.notificationOutbox.recipient, contacts)),
    db
      .update(s.notificationOutbox)
      .set({ body: user.name ? sql`replace(replace(${s.notificationOutbox.body}, ${user.phone}, '—'), ${user.name}, '—')` : sql`replace(${s.notificationOutbox.body}, ${user.phone}, '—')` })
      .where(sql`instr(${s.notificationOutbox.body}, ${user.phone}) > 0`),
    db
      .update(s.users)
      .set({ phone: anonymous, name: null, email: null, notes: null, deletedAt: now.toISOString(), updatedAt: now.toISOString() })
      .where(and(eq(s.users.id, user.id), isNull(s.users.deletedAt))),
  ]);
  return { cancelled: future.length };
}
