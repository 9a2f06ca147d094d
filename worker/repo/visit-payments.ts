// onepay: a visit's one payment and the items it pays for (db/schema.ts,
// payment_items). The payment and its items are written in one transaction,
// guarded so a visit (or any of its items) has one open payment at a time;
// a refund claims its items in the same transaction that writes the refund
// row, so each item's money goes back once however many paths race for it.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { type Db, schema as s } from "./db.js";
import { findPayment, type PaymentRow, type RefundRow } from "./payments.js";

export type { PaymentItemRow } from "./payments.js";
import type { PaymentItemRow } from "./payments.js";

export interface NewVisitPayment {
  visitId: number;
  /** The first prepaid item: payments.booking_id stays filled for every payment. */
  anchorId: number;
  provider: string;
  status: "pending" | "succeeded";
  amountMinor: number;
  currency: string;
  pointsUsed: number;
  method: string | null;
  idempotencyKey: string;
  keyPrefix: string;
  receipt: string | null;
  items: { bookingId: number; amountMinor: number; points: number; receipt: string | null }[];
}

/**
 * The payment and its items, unless the visit or one of the items already has
 * an open payment or the key prefix is taken; the new row or null.
 */
export async function insertVisitPaymentIfNone(db: Db, p: NewVisitPayment): Promise<PaymentRow | null> {
  const ids = sql.join(p.items.map((i) => sql`${i.bookingId}`), sql`, `);
  const values = sql.join(p.items.map((i) => sql`(${i.bookingId}, ${i.amountMinor}, ${i.points}, ${i.receipt})`), sql`, `);
  const [inserted] = await db.batch([
    db.run(sql`
      insert into payments (booking_id, visit_id, provider, status, amount_minor, currency, points_used, method, idempotency_key, receipt)
      select ${p.anchorId}, ${p.visitId}, ${p.provider}, ${p.status}, ${p.amountMinor}, ${p.currency}, ${p.pointsUsed}, ${p.method}, ${p.idempotencyKey}, ${p.receipt}
      where not exists (
        select 1 from payments where (visit_id = ${p.visitId} or booking_id in (${ids})
          or id in (select payment_id from payment_items where booking_id in (${ids})))
          and status in ('pending', 'waiting_for_capture', 'succeeded')
      ) and not exists (
        select 1 from payments where idempotency_key >= ${p.keyPrefix} and idempotency_key < ${`${p.keyPrefix}~`}
      )
      returning id`),
    db.run(sql`
      insert into payment_items (payment_id, booking_id, amount_minor, points, receipt)
      select p.id, x.column1, x.column2, x.column3, x.column4
      from payments p, (values ${values}) x
      where p.idempotency_key = ${p.idempotencyKey}
        and not exists (select 1 from payment_items i where i.payment_id = p.id)`),
  ]);
  const id = inserted.rows[0]?.id;
  return id === undefined ? null : findPayment(db, Number(id));
}

export function itemsOfPayment(db: Db, paymentId: number): Promise<PaymentItemRow[]> {
  return db.select().from(s.paymentItems).where(eq(s.paymentItems.paymentId, paymentId)).orderBy(asc(s.paymentItems.bookingId));
}

/** Items of any payment covering these bookings. */
export function itemsOfBookings(db: Db, bookingIds: number[]): Promise<PaymentItemRow[]> {
  if (bookingIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(s.paymentItems)
    .where(inArray(s.paymentItems.paymentId, db.select({ id: s.paymentItems.paymentId }).from(s.paymentItems).where(inArray(s.paymentItems.bookingId, bookingIds))));
}

/** The visit's payments that are open or paid, newest first. */
export async function openVisitPayment(db: Db, visitId: number): Promise<PaymentRow | null> {
  const [row] = await db
    .select()
    .from(s.payments)
    .where(and(eq(s.payments.visitId, visitId), inArray(s.payments.status, ["pending", "waiting_for_capture", "succeeded"])))
    .orderBy(sql`${s.payments.id} desc`)
    .limit(1);
  return row ?? null;
}

/** The succeeded (or partly refunded) visit payment covering this booking, with the booking's item. */
export async function paidItemOf(db: Db, bookingId: number): Promise<{ payment: PaymentRow; item: PaymentItemRow } | null> {
  const [row] = await db
    .select({ payment: s.payments, item: s.paymentItems })
    .from(s.paymentItems)
    .innerJoin(s.payments, eq(s.payments.id, s.paymentItems.paymentId))
    .where(and(eq(s.paymentItems.bookingId, bookingId), inArray(s.payments.status, ["succeeded", "refunded"])))
    .orderBy(sql`${s.payments.id} desc`)
    .limit(1);
  return row ?? null;
}

export interface RefundClaim {
  paymentId: number;
  currency: string;
  reason: string;
  /** The refund row's key; also what the items it covers are marked with. */
  key: string;
  /** Percent of each item's share (and points) given back. */
  percents: { bookingId: number; percent: number }[];
}

/**
 * Claims the items not claimed yet and writes one refund for their money, in
 * one transaction. Returns the refund row under the key (null when the
 * claimed items give nothing back) and every item the key now covers.
 */
export async function claimItemRefund(db: Db, c: RefundClaim): Promise<{ refund: RefundRow | null; items: PaymentItemRow[] }> {
  if (c.percents.length === 0) return { refund: null, items: [] };
  const ids = sql.join(c.percents.map((p) => sql`${p.bookingId}`), sql`, `);
  const percent = sql`(case booking_id ${sql.join(c.percents.map((p) => sql`when ${p.bookingId} then ${Math.max(0, Math.min(100, p.percent))}`), sql` `)} else 0 end)`;
  const [, , refunds, items] = await db.batch([
    db.run(sql`
      update payment_items set refund_key = ${c.key}, refund_minor = (amount_minor * ${percent}) / 100, refund_points = (points * ${percent}) / 100
      where payment_id = ${c.paymentId} and booking_id in (${ids}) and refund_key is null`),
    db.run(sql`
      insert into refunds (payment_id, amount_minor, currency, reason, idempotency_key)
      select * from (
        select ${c.paymentId} as payment_id, coalesce(sum(refund_minor), 0) as amount_minor, ${c.currency}, ${c.reason}, ${c.key}
        from payment_items where payment_id = ${c.paymentId} and refund_key = ${c.key}
      ) as claimed where claimed.amount_minor > 0
      on conflict (idempotency_key) do nothing`),
    db.select().from(s.refunds).where(eq(s.refunds.idempotencyKey, c.key)).limit(1),
    db.select().from(s.paymentItems).where(and(eq(s.paymentItems.paymentId, c.paymentId), eq(s.paymentItems.refundKey, c.key))),
  ]);
  return { refund: refunds[0] ?? null, items };
}

/** The items a refund row covers. */
export function itemsOfRefund(db: Db, refund: Pick<RefundRow, "paymentId" | "idempotencyKey">): Promise<PaymentItemRow[]> {
  return db
    .select()
    .from(s.paymentItems)
    .where(and(eq(s.paymentItems.paymentId, refund.paymentId), eq(s.paymentItems.refundKey, refund.idempotencyKey)))
    .orderBy(asc(s.paymentItems.bookingId));
}

/**
 * The closing receipt a visit payment owes, written once none of its items is
 * still to come and at least one was delivered (completed); batched with the
 * item's completion or no-show.
 */
export function visitSettlementReceiptInsert(db: Db, bookingId: number) {
  return db.run(sql`
    insert into receipts (payment_id, kind, idempotence_key)
    select p.id, 'settlement', 'settle-' || p.id || '-' || p.provider_payment_id
    from payments p join payment_items mine on mine.payment_id = p.id and mine.booking_id = ${bookingId}
    where p.visit_id is not null and p.status in ('succeeded', 'refunded') and p.receipt is not null and p.provider_payment_id is not null
      and not exists (
        select 1 from payment_items i join bookings b on b.id = i.booking_id
        where i.payment_id = p.id and b.status in ('held', 'pending', 'confirmed'))
      and exists (
        select 1 from payment_items i join bookings b on b.id = i.booking_id
        where i.payment_id = p.id and b.status = 'completed')
    on conflict do nothing`);
}

/** The items of a payment whose bookings were delivered, with their statuses. */
export async function deliveredItems(db: Db, paymentId: number): Promise<PaymentItemRow[]> {
  const rows = await db
    .select({ item: s.paymentItems })
    .from(s.paymentItems)
    .innerJoin(s.bookings, eq(s.bookings.id, s.paymentItems.bookingId))
    .where(and(eq(s.paymentItems.paymentId, paymentId), eq(s.bookings.status, "completed")))
    .orderBy(asc(s.paymentItems.bookingId));
  return rows.map((r) => r.item);
}
