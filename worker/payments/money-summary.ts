// onepay: a booking's money in one place for the back office's booking panel:
// its price, what lowered it (discount, certificate, abonement, points), what
// was paid online, what is left to pay at the desk, refunds and receipts. A
// booking paid as part of a visit counts only its own share of the visit's
// payment (payment_items). The booking's price is stored after its promo
// discount, so the summary's price is the one before it; the certificate's and
// the abonement's parts are on the booking row (the abonement's visit, its
// share of the abonement's price and its state, in abonement_uses).
import { asc, eq, inArray, or } from "drizzle-orm";
import type { MoneySummary } from "../contracts/admin.js";
import type { BookingRow } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";
import { type BookingUseView, usesOfBookings } from "../repo/abonements.js";
import type { PaymentItemRow, PaymentRow, RefundRow } from "../repo/payments.js";
import type { ReceiptRow } from "../repo/receipts.js";
import { sharesOf } from "./booking-money.js";
import { receiptViews } from "./receipt-views.js";
import { receiptTotal } from "./receipt.js";
import { visitSettlementReceiptOf } from "./visit-receipts.js";

/** Everything about a booking's money: its payments (its own and its visit's), their refunds, closing receipts and items. */
export interface LoadedMoney {
  payments: PaymentRow[];
  refunds: RefundRow[];
  closing: ReceiptRow[];
  items: PaymentItemRow[];
  /** Status of each booking a visit payment covers (which items were delivered). */
  statuses: Map<number, string>;
  /** The promo code's discount taken off the booking's price (kept after a cancel released the use). */
  discountMinor: number;
  /** abonements: the booking's visit of an abonement, if one pays it. */
  abonementUse: BookingUseView | null;
}

export async function loadMoney(db: Db, bookingId: number): Promise<LoadedMoney> {
  const mine = db.select({ id: s.paymentItems.paymentId }).from(s.paymentItems).where(eq(s.paymentItems.bookingId, bookingId));
  const [payments, promo, uses] = await Promise.all([
    db.select().from(s.payments).where(or(eq(s.payments.bookingId, bookingId), inArray(s.payments.id, mine))).orderBy(asc(s.payments.id)),
    db.select({ discountMinor: s.promoUses.discountMinor }).from(s.promoUses).where(eq(s.promoUses.bookingId, bookingId)).limit(1),
    usesOfBookings(db, [bookingId]),
  ]);
  const discountMinor = promo[0]?.discountMinor ?? 0;
  const abonementUse = uses[0] ?? null;
  if (payments.length === 0) return { payments, refunds: [], closing: [], items: [], statuses: new Map(), discountMinor, abonementUse };
  const ids = payments.map((p) => p.id);
  const [refunds, closing, items] = await Promise.all([
    db.select().from(s.refunds).where(inArray(s.refunds.paymentId, ids)).orderBy(asc(s.refunds.id)),
    db.select().from(s.receipts).where(inArray(s.receipts.paymentId, ids)).orderBy(asc(s.receipts.id)),
    db.select().from(s.paymentItems).where(inArray(s.paymentItems.paymentId, ids)),
  ]);
  const covered = [...new Set(items.map((i) => i.bookingId))];
  const statuses = covered.length ? await db.select({ id: s.bookings.id, status: s.bookings.status }).from(s.bookings).where(inArray(s.bookings.id, covered)) : [];
  return { payments, refunds, closing, items, statuses: new Map(statuses.map((r) => [r.id, r.status])), discountMinor, abonementUse };
}

/** The panel's receipts: a visit payment's closing receipt counts its delivered items only. */
export function receiptsOf(loaded: LoadedMoney) {
  return receiptViews(loaded.payments, loaded.refunds, loaded.closing).map((view) => {
    const payment = loaded.payments.find((p) => p.id === view.payment_id);
    if (view.kind !== "settlement" || !payment || payment.visitId === null) return view;
    const delivered = loaded.items.filter((i) => i.paymentId === payment.id && loaded.statuses.get(i.bookingId) === "completed");
    const settled = visitSettlementReceiptOf(delivered);
    return { ...view, amount: { amount_minor: settled ? receiptTotal(settled) : 0, currency: payment.currency } };
  });
}

export function moneySummary(booking: BookingRow, loaded: LoadedMoney): MoneySummary {
  const shares = sharesOf(booking.id, { payments: loaded.payments, refunds: loaded.refunds, items: loaded.items });
  const paid = shares.filter((x) => x.payment.status === "succeeded" || x.payment.status === "refunded");
  const paidOnline = paid.reduce((sum, x) => sum + x.amountMinor, 0);
  const points = paid.reduce((sum, x) => sum + x.points, 0);
  // A visit payment's refunds are this booking's only by the part they claimed of its item.
  const refundsOf = (status: RefundRow["status"]) =>
    paid.reduce((sum, x) => {
      const rows = loaded.refunds.filter((r) => r.paymentId === x.payment.id && r.status === status && (x.payment.visitId === null || r.idempotencyKey === x.refundKey));
      return sum + (x.payment.visitId === null ? rows.reduce((a, r) => a + r.amountMinor, 0) : rows.length > 0 ? x.refundMinor : 0);
    }, 0);
  const discount = loaded.discountMinor;
  const certificate = booking.certificateMinor;
  const visitPayment = shares.find((x) => x.payment.visitId !== null)?.payment ?? null;
  return {
    currency: booking.currency,
    price_minor: booking.priceTotalMinor + discount,
    discount_minor: discount,
    certificate_minor: certificate,
    abonement: loaded.abonementUse && {
      abonement_id: loaded.abonementUse.abonementId,
      name: loaded.abonementUse.name,
      covered_minor: loaded.abonementUse.coveredMinor,
      value_minor: loaded.abonementUse.valueMinor,
      status: loaded.abonementUse.status,
    },
    points_minor: points,
    prepayment_minor: booking.prepaymentMinor,
    paid_online_minor: paidOnline,
    // The stored price is already after the discount.
    left_to_pay_minor: Math.max(0, booking.priceTotalMinor - certificate - booking.abonementMinor - points - paidOnline),
    refunded_minor: refundsOf("succeeded"),
    refund_pending_minor: refundsOf("pending"),
    visit_payment: visitPayment && {
      visit_id: visitPayment.visitId!,
      payment_id: visitPayment.id,
      amount_minor: visitPayment.amountMinor,
      items: loaded.items.filter((i) => i.paymentId === visitPayment.id).length,
    },
  };
}
