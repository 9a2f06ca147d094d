// A booking's money as its customer sees it, from its payment and refund rows:
// paid, points used, left to pay at the salon, the last attempt and a refund.
import type { BookingMoney } from "../contracts/bookings.js";
import type { BookingRow } from "../repo/bookings.js";
import type { PaymentRow, RefundRow } from "../repo/payments.js";

export interface MoneyRows {
  payments: PaymentRow[];
  refunds: RefundRow[];
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

export function bookingMoney(booking: BookingRow, rows: MoneyRows = { payments: [], refunds: [] }): BookingMoney {
  const payments = rows.payments.filter((p) => p.bookingId === booking.id);
  const paidRows = payments.filter((p) => p.status === "succeeded" || p.status === "refunded");
  const paid = paidRows.reduce((sum, p) => sum + p.amountMinor, 0);
  const points = paidRows.reduce((sum, p) => sum + p.pointsUsed, 0);
  const last = payments.at(-1) ?? null;
  const paidIds = new Set(paidRows.map((p) => p.id));
  const refunds = rows.refunds.filter((r) => paidIds.has(r.paymentId));
  const refund = refunds.at(-1) ?? null;
  const currency = booking.currency;
  return {
    paid: { amount_minor: paid, currency },
    points_used: points,
    // certificates: the certificate's part is paid already.
    ...(booking.certificateMinor > 0 ? { certificate_used: { amount_minor: booking.certificateMinor, currency } } : {}),
    left_to_pay: { amount_minor: Math.max(0, booking.priceTotalMinor - paid - points - booking.certificateMinor), currency },
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
