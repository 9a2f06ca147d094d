// A prepaid visit nobody marked is taken as delivered some hours after its
// end: the cron marks it completed through the master's ledger, like a
// master's "completed" mark, so its closing receipt (54-FZ) goes out and the
// customer earns their points. The hours leave the salon time to mark a
// no-show instead; a booking it marked is never touched.
import { and, eq, exists, lt, sql, or } from "drizzle-orm";
import type { Env } from "../env.js";
import { ledgerOfBooking } from "../ledger/staff-ledger.js";
import { log } from "../lib/log.js";
import { sendClosingReceiptsOf } from "../payments/closing-receipts.js";
import { settleCertificatePart } from "../payments/certificate-receipts.js";
import { settleAbonementPart } from "../payments/abonement-receipts.js";
import { earnForVisit } from "../payments/loyalty.js";
import { tellCustomer } from "../payments/tell.js";
import { type Db, schema as s } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";

export const AUTO_COMPLETE_AFTER_MS = 12 * 3_600_000;

export async function completeUnmarkedPrepaid(db: Db, env: Env, now: Date): Promise<{ completed: number; failed: number }> {
  const rows = await db
    .select()
    .from(s.bookings)
    .where(
      and(
        eq(s.bookings.status, "confirmed"),
        lt(s.bookings.endAt, new Date(now.getTime() - AUTO_COMPLETE_AFTER_MS).toISOString()),
        or(
          exists(db.select({ one: sql`1` }).from(s.payments).where(and(eq(s.payments.bookingId, s.bookings.id), eq(s.payments.status, "succeeded")))),
          // onepay: an item paid with its visit's one payment.
          exists(
            db
              .select({ one: sql`1` })
              .from(s.paymentItems)
              .innerJoin(s.payments, eq(s.payments.id, s.paymentItems.paymentId))
              .where(and(eq(s.paymentItems.bookingId, s.bookings.id), eq(s.payments.status, "succeeded"))),
          ),
        ),
      ),
    )
    .limit(20);
  if (rows.length === 0) return { completed: 0, failed: 0 };
  const settings = await loadSettings(db);
  let completed = 0;
  let failed = 0;
  for (const row of rows) {
    if (row.staffId === null) continue;
    const { ledger } = await ledgerOfBooking(env, { staffId: row.staffId, classId: row.classId }, settings.generation);
    const result = await ledger.transition(row.staffId, row.id, ["confirmed"], "completed", undefined, settings.generation);
    if (!result.ok) {
      // Marked meanwhile (wrong_state) is fine; an outage is tried again next run.
      if (result.reason === "unavailable") failed += 1;
      continue;
    }
    completed += 1;
    await earnForVisit(db, result.booking, settings);
    await sendClosingReceiptsOf(db, env, row.id);
    if (result.booking.certificateMinor > 0) await settleCertificatePart(db, env, result.booking);
    if (result.booking.abonementId !== null) await settleAbonementPart(db, env, result.booking);
    await tellCustomer(db, env, "review_request", result.booking, now);
  }
  if (completed + failed > 0) log("info", "cron: prepaid visits completed", { completed, failed });
  return { completed, failed };
}
