// Payment and refund rows. "One open payment per booking" is enforced by the
// conditional insert below: a single statement, so SQLite's write lock makes
// the check and the insert one step however many requests race.
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";

export type PaymentRow = typeof s.payments.$inferSelect;
export type RefundRow = typeof s.refunds.$inferSelect;
export type PaymentStatus = PaymentRow["status"];
export type PaymentItemRow = typeof s.paymentItems.$inferSelect;

/** Statuses that block a second payment for the same booking. */
export const openStatuses: PaymentStatus[] = ["pending", "waiting_for_capture", "succeeded"];

const stamp = () => new Date().toISOString();

export async function findPayment(db: Db, id: number): Promise<PaymentRow | null> {
  const [row] = await db.select().from(s.payments).where(eq(s.payments.id, id)).limit(1);
  return row ?? null;
}

export async function findPaymentByProviderId(db: Db, provider: string, providerPaymentId: string): Promise<PaymentRow | null> {
  const [row] = await db
    .select()
    .from(s.payments)
    .where(and(eq(s.payments.provider, provider), eq(s.payments.providerPaymentId, providerPaymentId)))
    .limit(1);
  return row ?? null;
}

/** The payment stored under an idempotency key prefix (the key without its request hash). */
export async function findPaymentByKeyPrefix(db: Db, prefix: string): Promise<PaymentRow | null> {
  // Keys are built from hex and ':' only, all below '~', so this is an index range scan.
  const [row] = await db
    .select()
    .from(s.payments)
    .where(and(gte(s.payments.idempotencyKey, prefix), lt(s.payments.idempotencyKey, `${prefix}~`)))
    .limit(1);
  return row ?? null;
}

export async function openPaymentOf(db: Db, bookingId: number): Promise<PaymentRow | null> {
  const [row] = await db
    .select()
    .from(s.payments)
    .where(and(eq(s.payments.bookingId, bookingId), inArray(s.payments.status, openStatuses)))
    .orderBy(desc(s.payments.id))
    .limit(1);
  return row ?? null;
}

export async function succeededPaymentOf(db: Db, bookingId: number): Promise<PaymentRow | null> {
  const [row] = await db
    .select()
    .from(s.payments)
    .where(and(eq(s.payments.bookingId, bookingId), eq(s.payments.status, "succeeded")))
    .orderBy(desc(s.payments.id))
    .limit(1);
  return row ?? null;
}

export interface NewPayment {
  bookingId: number;
  provider: string;
  status: "pending" | "succeeded";
  amountMinor: number;
  currency: string;
  pointsUsed: number;
  method: string | null;
  idempotencyKey: string;
  keyPrefix: string;
  /** The receipt's JSON, or null when the payment carries none. */
  receipt: string | null;
}

/**
 * Inserts the payment unless the booking already has an open one or the key
 * prefix is taken; returns the new row or null.
 */
export async function insertPaymentIfNone(db: Db, p: NewPayment): Promise<PaymentRow | null> {
  const result = await db.run(sql`
    insert into payments (booking_id, provider, status, amount_minor, currency, points_used, method, idempotency_key, receipt)
    select ${p.bookingId}, ${p.provider}, ${p.status}, ${p.amountMinor}, ${p.currency}, ${p.pointsUsed}, ${p.method}, ${p.idempotencyKey}, ${p.receipt}
    where not exists (
      select 1 from payments where booking_id = ${p.bookingId} and status in ('pending', 'waiting_for_capture', 'succeeded')
    ) and not exists (
      select 1 from payments where idempotency_key >= ${p.keyPrefix} and idempotency_key < ${`${p.keyPrefix}~`}
    )
    returning id`);
  const id = result.rows[0]?.id;
  return id === undefined ? null : findPayment(db, Number(id));
}

export async function attachProviderPayment(db: Db, id: number, providerPaymentId: string, confirmationUrl: string | null): Promise<PaymentRow> {
  const [row] = await db
    .update(s.payments)
    .set({ providerPaymentId, confirmationUrl, lastError: null, updatedAt: stamp() })
    .where(eq(s.payments.id, id))
    .returning();
  return row!;
}

export async function notePaymentError(db: Db, id: number, error: string): Promise<void> {
  await db.update(s.payments).set({ lastError: error.slice(0, 500), updatedAt: stamp() }).where(eq(s.payments.id, id));
}

/** Moves a payment from one of `from` to `to`; null if it was elsewhere. */
export async function movePayment(
  db: Db,
  id: number,
  from: PaymentStatus[],
  to: PaymentStatus,
  lastError?: string,
): Promise<PaymentRow | null> {
  const [row] = await db
    .update(s.payments)
    .set({ status: to, updatedAt: stamp(), ...(lastError !== undefined ? { lastError } : {}) })
    .where(and(eq(s.payments.id, id), inArray(s.payments.status, from)))
    .returning();
  return row ?? null;
}

export async function refundsOf(db: Db, paymentId: number): Promise<RefundRow[]> {
  return db.select().from(s.refunds).where(eq(s.refunds.paymentId, paymentId));
}

/** The refund under this key, inserted now if it is new. */
export async function ensureRefund(
  db: Db,
  r: { paymentId: number; amountMinor: number; currency: string; reason: string; idempotencyKey: string },
): Promise<RefundRow> {
  const [row] = await db.insert(s.refunds).values(r).onConflictDoNothing({ target: s.refunds.idempotencyKey }).returning();
  if (row) return row;
  const [existing] = await db.select().from(s.refunds).where(eq(s.refunds.idempotencyKey, r.idempotencyKey)).limit(1);
  return existing!;
}

export async function updateRefund(db: Db, id: number, set: { providerRefundId?: string; status?: RefundRow["status"] }): Promise<RefundRow | null> {
  const [row] = await db.update(s.refunds).set({ ...set, updatedAt: stamp() }).where(eq(s.refunds.id, id)).returning();
  return row ?? null;
}

/** Payments of these bookings and their refunds: two reads, started together (one round trip). */
export async function moneyOf(db: Db, bookingIds: number[]): Promise<{ payments: PaymentRow[]; refunds: RefundRow[]; items: PaymentItemRow[] }> {
  if (bookingIds.length === 0) return { payments: [], refunds: [], items: [] };
  // onepay: a visit payment is each of its items' through payment_items.
  const ofTheseBookings = or(
    inArray(s.payments.bookingId, bookingIds),
    inArray(s.payments.id, db.select({ id: s.paymentItems.paymentId }).from(s.paymentItems).where(inArray(s.paymentItems.bookingId, bookingIds))),
  );
  const [payments, refunds, items] = await Promise.all([
    db.select().from(s.payments).where(ofTheseBookings).orderBy(asc(s.payments.id)),
    db
      .select({ refund: s.refunds })
      .from(s.refunds)
      .innerJoin(s.payments, eq(s.refunds.paymentId, s.payments.id))
      .where(ofTheseBookings)
      .orderBy(asc(s.refunds.id)),
    db.select().from(s.paymentItems).where(inArray(s.paymentItems.bookingId, bookingIds)),
  ]);
  return { payments, refunds: refunds.map((r) => r.refund), items };
}

/** Refunds the provider never accepted (it failed or was unreachable), untouched since `before`. */
export function stuckRefunds(db: Db, before: string, limit: number) {
  return db
    .select({ refund: s.refunds, payment: s.payments })
    .from(s.refunds)
    .innerJoin(s.payments, eq(s.refunds.paymentId, s.payments.id))
    .where(and(eq(s.refunds.status, "pending"), isNull(s.refunds.providerRefundId), lt(s.refunds.updatedAt, before)))
    .orderBy(asc(s.refunds.updatedAt))
    .limit(limit);
}

export async function findRefundByProviderId(db: Db, providerRefundId: string): Promise<RefundRow | null> {
  const [row] = await db.select().from(s.refunds).where(eq(s.refunds.providerRefundId, providerRefundId)).limit(1);
  return row ?? null;
}

/**
 * Recomputes the refunded total from the succeeded refunds (a sum, so a
 * repeated notification cannot count a refund twice); a fully refunded
 * payment becomes `refunded`.
 */
export async function settleRefunds(db: Db, paymentId: number): Promise<PaymentRow | null> {
  await db.run(sql`
    update payments set
      refunded_minor = (select coalesce(sum(amount_minor), 0) from refunds where payment_id = ${paymentId} and status = 'succeeded'),
      updated_at = ${stamp()}
    where id = ${paymentId}`);
  await db.run(sql`
    update payments set status = 'refunded'
    where id = ${paymentId} and status = 'succeeded' and refunded_minor >= amount_minor and amount_minor > 0`);
  return findPayment(db, paymentId);
}

export type WebhookEventRow = typeof s.webhookEvents.$inferSelect;

/** Records a provider notification once per (source, external id); the row, and whether it is new. */
export async function recordWebhookEvent(db: Db, source: string, externalId: string, payload: string): Promise<{ row: WebhookEventRow; fresh: boolean }> {
  const [row] = await db
    .insert(s.webhookEvents)
    .values({ source, externalId, payload })
    .onConflictDoNothing({ target: [s.webhookEvents.source, s.webhookEvents.externalId] })
    .returning();
  if (row) return { row, fresh: true };
  const [existing] = await db
    .select()
    .from(s.webhookEvents)
    .where(and(eq(s.webhookEvents.source, source), eq(s.webhookEvents.externalId, externalId)))
    .limit(1);
  return { row: existing!, fresh: false };
}

/** `received` again: looked at, but nothing final yet, so the same notification is applied when it comes again. */
export async function finishWebhookEvent(db: Db, row: WebhookEventRow, status: "processed" | "failed" | "ignored" | "received", error?: string): Promise<void> {
  await db
    .update(s.webhookEvents)
    .set({
      status,
      attempts: row.attempts + 1,
      lastError: error ? error.slice(0, 500) : null,
      processedAt: status === "failed" || status === "received" ? null : stamp(),
    })
    .where(eq(s.webhookEvents.id, row.id));
}

/**
 * Payments still open at a provider with an API whose booking is held, or
 * lost its hold meanwhile (within a week): what the cron asks the provider
 * about, soonest hold expiry first, so a payment whose notification was lost
 * confirms its booking instead of letting the hold run out with the money.
 */
export async function openPaymentsOfHolds(db: Db, provider: string, now: Date, limit: number): Promise<PaymentRow[]> {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const rows = await db
    .select({ payment: s.payments })
    .from(s.payments)
    .innerJoin(s.bookings, eq(s.bookings.id, s.payments.bookingId))
    .where(
      and(
        eq(s.payments.provider, provider),
        inArray(s.payments.status, ["pending", "waiting_for_capture"]),
        sql`${s.payments.providerPaymentId} is not null`,
        gte(s.payments.createdAt, weekAgo),
        sql`(${s.bookings.status} = 'held' or (${s.bookings.status} = 'cancelled' and ${s.bookings.cancelReason} = 'hold_expired'))`,
      ),
    )
    .orderBy(asc(s.bookings.holdExpiresAt))
    .limit(limit);
  return rows.map((r) => r.payment);
}
