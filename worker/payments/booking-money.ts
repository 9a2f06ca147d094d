// A booking's money as its customer sees it, from its payment and refund rows:
// paid, points used, left to pay at the salon, the last attempt and a refund.
import type { BookingMoney } from "../contracts/bookings.js";
import type { BookingRow } from "../repo/bookings.js";
import type { PaymentRow, RefundRow } from "../repo/payments.js";
import type { PaymentItemRow } from "../repo/visit-payments.js";

export interface MoneyRows {
  payments: PaymentRow[];
  refunds: RefundRow[];
  /** onepay: the items of visit payments among `payments`. */
  items?: PaymentItemRow[];
}

/**
 * onepay: the part of each payment that is this booking's: a visit payment
 * counts only the booking's item (its share, points and refund), a single
 * booking's payment all of itself. Payments the booking has no part in are left out.
 */
export function sharesOf(bookingId: number, rows: MoneyRows): { payment: PaymentRow; amountMinor: number; points: number; refundKey: string | null; refundMinor: number }[] {
  return rows.payments.flatMap((p) => {
    if (p.visitId === null) return p.bookingId === bookingId ? [{ payment: p, amountMinor: p.amountMinor, points: p.pointsUsed, refundKey: null, refundMinor: 0 }] : [];
    const item = rows.items?.find((i) => i.paymentId === p.id && i.bookingId === bookingId);
    return item ? [{ payment: p, amountMinor: item.amountMinor, points: item.points, refundKey: item.refundKey, refundMinor: item.refundMinor }] : [];
  });
}

/**
 * A pending refund the provider never took (no provider id) but that was
 * tried (touched since it was written) failed; the cron sends it again.
 */
function refundState(refund: RefundRow): { status: "pending" | "succeeded" | "failed"; retrying: boolean } {
  if (refund.status === "succeeded") return { status: "succeeded", retrying: false };
  if (refund.status === "canceled") return { status: "failed", retrying: false };
  const triedAndLost = refund.providerRefundId === null && refund.updatedAt !== refund.createdAt;
  return triedAndLost ? { status: "failed", retrying: true } : { status: "pending", retrying: false };
}

/** `abonementName`: the name of the abonement paying the service (its part is on the booking row). */
export function bookingMoney(booking: BookingRow, rows: MoneyRows = { payments: [], refunds: [] }, abonementName?: string): BookingMoney {
  const shares = sharesOf(booking.id, rows);
  const paidRows = shares.filter(({ payment: p }) => p.status === "succeeded" || p.status === "refunded");
  const paid = paidRows.reduce((sum, p) => sum + p.amountMinor, 0);
  const points = paidRows.reduce((sum, p) => sum + p.points, 0);
  const last = shares.at(-1)?.payment ?? null;
  // A visit payment's refunds count for this booking only where they claimed its item, and by its part.
  const refunds = paidRows.flatMap((share) =>
    rows.refunds
      .filter((r) => r.paymentId === share.payment.id && (share.payment.visitId === null || r.idempotencyKey === share.refundKey))
      .map((r) => ({ row: r, amountMinor: share.payment.visitId === null ? r.amountMinor : share.refundMinor })),
  );
  const refund = refunds.at(-1)?.row ?? null;
  const currency = booking.currency;
  return {
    paid: { amount_minor: paid, currency },
    points_used: points,
    // certificates: the certificate's part is paid already.
    ...(booking.certificateMinor > 0 ? { certificate_used: { amount_minor: booking.certificateMinor, currency } } : {}),
    // abonements: the abonement pays the service's price; add-ons are left to pay.
    ...(booking.abonementId !== null && booking.abonementMinor > 0
      ? { abonement_used: { abonement_id: booking.abonementId, name: abonementName ?? "Абонемент", covered: { amount_minor: booking.abonementMinor, currency } } }
      : {}),
    left_to_pay: { amount_minor: Math.max(0, booking.priceTotalMinor - paid - points - booking.certificateMinor - booking.abonementMinor), currency },
    last_payment: last && { id: last.id, status: last.status },
    refund: refund && {
      amount: { amount_minor: refunds.reduce((sum, r) => sum + r.amountMinor, 0), currency: refund.currency },
      ...refundState(refund),
    },
  };
}

/** The rows with a refund added or brought up to date. */
export function withRefund(rows: MoneyRows = { payments: [], refunds: [] }, refund: RefundRow | null): MoneyRows {
  if (!refund) return rows;
  return { ...rows, refunds: [...rows.refunds.filter((r) => r.id !== refund.id), refund] };
}
