// No-show protection: an admin waives the deposit of one booking (besides the
// per-client waiver in routes/admin/deposit-policy.ts). A held booking waiting
// for its deposit is marked waived (the deposit it asked is kept on the row
// for the money summary, its prepayment drops to zero), then confirmed
// through the ledger's normal step for a paid hold, so the master's calendar
// and the customer's message follow as they would for a payment. Audited.
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { User } from "../contracts/auth.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { writeAudit } from "../repo/audit.js";
import { type BookingRow, findBooking } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { openPaymentOf } from "../repo/payments.js";
import { openVisitPayment } from "../repo/visit-payments.js";
import { confirmPaid } from "./confirm-paid.js";

/** The booking after the waiver; a repeat of a waiver that went through answers the booking as it is. */
export async function waiveBookingDeposit(db: Db, env: Env, actor: User, id: number, reason: string, now: Date): Promise<BookingRow> {
  const row = await findBooking(db, id);
  if (!row) throw new AppError("not_found", `Booking ${id} does not exist`);
  if (row.depositWaivedAt !== null) return finish(db, env, row, now);
  if (row.depositRule === null) throw new AppError("no_deposit", "This booking asks no no-show deposit", { booking_id: id });
  if (row.status !== "held") throw new AppError("booking_not_held", `A ${row.status} booking does not wait for its deposit`, { booking_status: row.status });
  // The customer is paying it right now (alone or with the visit): a waiver then would confirm a booking whose money still arrives.
  const open = await (row.visitId === null ? openPaymentOf(db, id) : openVisitPayment(db, row.visitId));
  if (open && open.status !== "succeeded") throw new AppError("payment_in_progress", "The customer is paying this deposit right now; wait for the payment to end", { payment_id: open.id });
  const at = now.toISOString();
  const b = s.bookings;
  const [marked] = await db
    .update(b)
    .set({ depositWaivedAt: at, depositWaivedMinor: row.prepaymentMinor, depositWaiverReason: reason, prepaymentMinor: 0, depositRule: null, updatedAt: at })
    .where(and(eq(b.id, id), eq(b.status, "held"), isNull(b.depositWaivedAt), isNotNull(b.depositRule)))
    .returning();
  if (!marked) {
    // Another waiver, a payment or the hold's expiry got there first: answer what that left.
    const current = await findBooking(db, id);
    if (current?.depositWaivedAt) return finish(db, env, current, now);
    throw new AppError("booking_not_held", "The booking changed meanwhile; reload it", { booking_status: current?.status ?? "cancelled" });
  }
  await writeAudit(db, actor, { action: "waive_deposit", entity: "booking", entityId: id, before: { prepayment_minor: row.prepaymentMinor, deposit_rule: row.depositRule }, after: { prepayment_minor: 0, reason } });
  return finish(db, env, marked, now);
}

/** Confirms the waived booking in its ledger (a retry finishes what an outage cut short). */
async function finish(db: Db, env: Env, row: BookingRow, now: Date): Promise<BookingRow> {
  if (row.status !== "held" && !(row.status === "cancelled" && row.cancelReason === "hold_expired")) return row;
  const { outcome, booking } = await confirmPaid(db, env, row, now, "deposit_waived");
  if (outcome === "slot_taken") throw new AppError("hold_expired", "The time held for this booking ran out and was taken meanwhile", { booking_id: row.id });
  return booking;
}
