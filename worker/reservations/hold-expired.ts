// Tells customers whose hold ran out without a payment why their booking is
// gone. The ledger's alarm cancels such bookings (`hold_expired`); the cron
// looks back over the last hour, and the outbox dedupe key makes each
// booking's message go out once however many runs see it.
import { and, eq, gt, isNotNull, lte } from "drizzle-orm";
import type { Env } from "../env.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { notifyCustomer } from "./notify.js";
import { returnOnLapse } from "../payments/certificates.js";
import { bookingViews } from "./views.js";

const LOOK_BACK_MS = 3_600_000;

export async function tellExpiredHolds(db: Db, env: Env, now: Date): Promise<number> {
  const rows = await db
    .select()
    .from(s.bookings)
    .where(
      and(
        eq(s.bookings.status, "cancelled"),
        eq(s.bookings.cancelReason, "hold_expired"),
        isNotNull(s.bookings.userId),
        gt(s.bookings.holdExpiresAt, new Date(now.getTime() - LOOK_BACK_MS).toISOString()),
        lte(s.bookings.holdExpiresAt, now.toISOString()),
      ),
    );
  if (rows.length === 0) return 0;
  const settings = await loadSettings(db);
  const views = await bookingViews(db, rows, settings.timeZone);
  for (const [i, row] of rows.entries()) {
    const customer = await findUserById(db, row.userId!);
    await notifyCustomer(db, env, "hold_expired", views[i]!, { email: customer?.email ?? null }, settings, now);
    // certificates: an unpaid hold gives its certificate part back (once, unless a late payment brought it back).
    await returnOnLapse(db, row, now);
  }
  return rows.length;
}
