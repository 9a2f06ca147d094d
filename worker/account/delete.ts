// "Delete my account and data" (152-ФЗ / GDPR). The person's future bookings
// are cancelled through their masters' ledgers (slots freed, refunds as when
// they cancel themselves); then their personal data is removed or anonymised
// everywhere it is kept (anonymise.ts); their user row stays only as an
// anonymous id (loyalty entries and bookings refer to it) and no session of
// theirs works again. A later sign-in with the same phone starts afresh.
import { and, eq, gt, inArray } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { activeStatuses } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { changeBooking } from "../reservations/change.js";
import { changeRecorder } from "../reservations/change-record.js";
import { endWaiting } from "../reservations/waitlist.js";
import { endAllSessions } from "../repo/sessions.js";
import { anonymisePerson } from "./anonymise.js";

export const CANCEL_REASON = "account_deleted";

export async function deleteAccount(db: Db, env: Env, user: User, now: Date): Promise<{ cancelled: number }> {
  if (user.role !== "customer") throw new AppError("forbidden", "Staff and admin accounts are removed by the salon");
  const future = await db
    .select({ id: s.bookings.id })
    .from(s.bookings)
    .where(and(eq(s.bookings.userId, user.id), inArray(s.bookings.status, activeStatuses), gt(s.bookings.startAt, now.toISOString())));
  // As the salon would cancel, so no window keeps a leaving customer's booking;
  // the reason makes the refund the customer's own policy (payments/refunds.ts).
  const asSalon: User = { ...user, role: "admin" };
  for (const { id } of future) {
    await changeBooking(db, env, asSalon, id, { action: "cancel", reason: CANCEL_REASON }, now, changeRecorder(db, env, user, id, "cancel", now));
  }
  // waitlist: a time held for them passes on at once, their wishes leave the ledgers; push subscriptions go.
  const open = await db
    .select()
    .from(s.waitlistEntries)
    .where(and(eq(s.waitlistEntries.userId, user.id), inArray(s.waitlistEntries.state, ["waiting", "offered"])));
  for (const entry of open) await endWaiting(db, env, entry, ["waiting", "offered"], "cancelled");
  await anonymisePerson(db, env, user, now);
  // No session of theirs works again.
  await endAllSessions(db, user.id, now);
  return { cancelled: future.length };
}
