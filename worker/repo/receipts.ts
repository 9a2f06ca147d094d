// Closing-receipt rows (see db/schema.ts, receipts). The row is written by a
// conditional insert that only a completed booking with a receipt-carrying,
// succeeded payment satisfies; the unique (payment, kind) index makes any
// repeat of it a no-op, so a booking completed twice, or by two paths at
// once, still owes one receipt.
import { and, asc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import type { PaymentRow } from "./payments.js";

export type ReceiptRow = typeof s.receipts.$inferSelect;

const stamp = () => new Date().toISOString();

/**
 * The closing receipt a booking owes once completed. The provider's
 * Idempotence-Key is derived from the payment (ours and the provider's id), so
 * whatever re-sends it, the provider sees one receipt.
 */
export function settlementReceiptInsert(db: Db, bookingId: number) {
  return db.run(sql`
    insert into receipts (payment_id, kind, idempotence_key)
    select p.id, 'settlement', 'settle-' || p.id || '-' || p.provider_payment_id
    from payments p join bookings b on b.id = p.booking_id
    where p.booking_id = ${bookingId} and b.status = 'completed' and p.status = 'succeeded' and p.visit_id is null
      and p.receipt is not null and p.provider_payment_id is not null
    on conflict do nothing`);
}

export async function receiptsOfBooking(db: Db, bookingId: number): Promise<{ receipt: ReceiptRow; payment: PaymentRow }[]> {
  return db
    .select({ receipt: s.receipts, payment: s.payments })
    .from(s.receipts)
    .innerJoin(s.payments, eq(s.payments.id, s.receipts.paymentId))
    // onepay: a visit payment is the booking's through its item.
    .where(or(eq(s.payments.bookingId, bookingId), inArray(s.payments.id, db.select({ id: s.paymentItems.paymentId }).from(s.paymentItems).where(eq(s.paymentItems.bookingId, bookingId)))))
    .orderBy(asc(s.receipts.id));
}

/** Receipts not accepted yet whose last attempt is older than `before` (oldest first). */
export async function unsentReceipts(db: Db, before: string, limit: number): Promise<{ receipt: ReceiptRow; payment: PaymentRow }[]> {
  return db
    .select({ receipt: s.receipts, payment: s.payments })
    .from(s.receipts)
    .innerJoin(s.payments, eq(s.payments.id, s.receipts.paymentId))
    .where(and(inArray(s.receipts.status, ["pending", "failed"]), lt(s.receipts.updatedAt, before)))
    .orderBy(asc(s.receipts.updatedAt))
    .limit(limit);
}

/** Records an attempt's outcome; a receipt once sent stays sent. */
export async function noteReceiptAttempt(db: Db, id: number, outcome: { status: ReceiptRow["status"]; providerReceiptId?: string; error?: string }): Promise<void> {
  await db
    .update(s.receipts)
    .set({
      status: outcome.status,
      attempts: sql`${s.receipts.attempts} + 1`,
      lastError: outcome.error?.slice(0, 500) ?? null,
      updatedAt: stamp(),
      ...(outcome.providerReceiptId ? { providerReceiptId: outcome.providerReceiptId } : {}),
    })
    .where(and(eq(s.receipts.id, id), inArray(s.receipts.status, ["pending", "failed"])));
}
