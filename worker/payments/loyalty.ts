// Loyalty rules: 1 point = 1 minor unit. Earned on a completed visit, spent on
// part of a prepayment, returned when that payment is canceled or refunded.
import type { BookingRow } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { addEntry } from "../repo/loyalty.js";
import type { PaymentRow } from "../repo/payments.js";
import type { SalonSettings } from "../repo/settings.js";

/** The smallest amount worth sending to a provider (YooKassa takes from 1 ₽). */
export const MIN_PROVIDER_AMOUNT_MINOR = 100;

/**
 * Points to spend on a prepayment: no more than the balance, the salon's share
 * of the price, or the prepayment itself; and never leaving a remainder too
 * small for the provider to charge.
 */
export function pointsToSpend(balance: number, booking: Pick<BookingRow, "priceTotalMinor" | "prepaymentMinor">, maxSpendPercent: number): number {
  const cap = Math.floor((booking.priceTotalMinor * maxSpendPercent) / 100);
  let points = Math.max(0, Math.min(balance, cap, booking.prepaymentMinor));
  const rest = booking.prepaymentMinor - points;
  if (rest > 0 && rest < MIN_PROVIDER_AMOUNT_MINOR) points = Math.max(0, booking.prepaymentMinor - MIN_PROVIDER_AMOUNT_MINOR);
  return points;
}

export function pointsEarned(priceMinor: number, earnPercent: number): number {
  return Math.max(0, Math.floor((priceMinor * earnPercent) / 100));
}

/** Credits the customer for a completed visit, once per booking. */
export async function earnForVisit(db: Db, booking: BookingRow, settings: SalonSettings): Promise<void> {
  const points = pointsEarned(booking.priceTotalMinor, settings.loyaltyEarnPercent);
  if (booking.userId === null || points === 0) return;
  await addEntry(db, { userId: booking.userId, bookingId: booking.id, paymentId: null, points, reason: "earned", dedupeKey: `earn:booking:${booking.id}` });
}

/** Gives back `percent`% of the points a payment used, once per payment. */
export async function returnPoints(db: Db, payment: PaymentRow, userId: number | null, percent = 100): Promise<void> {
  const points = Math.floor((payment.pointsUsed * percent) / 100);
  if (userId === null || points === 0) return;
  await addEntry(db, { userId, bookingId: payment.bookingId, paymentId: payment.id, points, reason: "returned", dedupeKey: `return:payment:${payment.id}` });
}
