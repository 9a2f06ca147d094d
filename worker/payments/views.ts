import type { Payment } from "../contracts/payments.js";
import type { PaymentRow } from "../repo/payments.js";

export function paymentView(row: PaymentRow, bookingStatus: string): Payment {
  return {
    id: row.id,
    booking_id: row.bookingId,
    visit_id: row.visitId,
    provider: row.provider,
    status: row.status,
    amount: { amount_minor: row.amountMinor, currency: row.currency },
    points_used: row.pointsUsed,
    refunded: { amount_minor: row.refundedMinor, currency: row.currency },
    confirmation_url: row.confirmationUrl,
    booking_status: bookingStatus,
    created_at: row.createdAt,
  };
}
