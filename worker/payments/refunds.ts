// Refunds: how much the salon's policy gives back, and sending it through the
// payment's provider. One refund per payment (its key is the payment id), so a
// cancellation and a late notification can never refund twice.
import type { User } from "../contracts/auth.js";
import type { Env } from "../env.js";
import { type BookingRow, clearFlag, flagBookings } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { ensureRefund, type PaymentRow, type RefundRow, settleRefunds, stuckRefunds, succeededPaymentOf, updateRefund } from "../repo/payments.js";
import type { SalonSettings } from "../repo/settings.js";
import { loadSettings } from "../repo/settings.js";
import { returnPoints } from "./loyalty.js";
import { POINTS_PROVIDER, providerFor } from "./providers.js";
import { receiptOf } from "./receipt-data.js";
import { type Receipt, reshapeReceipt } from "./receipt.js";
import { log } from "../lib/log.js";
import { depositRefundPercent } from "./deposit-policy.js";
import { visitRefundReceipt } from "./visit-receipts.js";
import { refundVisitItemOnCancel } from "./visit-refunds.js";

/** Percent of a prepayment given back when a paid booking is cancelled. */
export function refundPercent(
  cancelledBy: User["role"],
  startAt: string,
  settings: Pick<SalonSettings, "refundFullHours" | "refundLatePercent">,
  now: Date,
): number {
  if (cancelledBy !== "customer") return 100;
  const fullUntil = Date.parse(startAt) - settings.refundFullHours * 3_600_000;
  return now.getTime() <= fullUntil ? 100 : Math.min(100, Math.max(0, settings.refundLatePercent));
}

/**
 * Refunds `percent`% of a succeeded payment (money through its provider,
 * points back to the ledger). A provider failure does not throw: the booking
 * is flagged `refund_failed` for the salon and the refund row stays pending.
 */
export async function refundPayment(db: Db, env: Env, payment: PaymentRow, percent: number, reason: string, booking: BookingRow): Promise<RefundRow | null> {
  await returnPoints(db, payment, booking.userId, percent);
  const money = Math.min(Math.floor((payment.amountMinor * percent) / 100), payment.amountMinor - payment.refundedMinor);
  if (money <= 0 || payment.provider === POINTS_PROVIDER || !payment.providerPaymentId) return null;
  const refund = await ensureRefund(db, { paymentId: payment.id, amountMinor: money, currency: payment.currency, reason, idempotencyKey: `refund:${payment.id}` });
  if (refund.status === "succeeded") return refund;
  return sendRefund(db, env, payment, refund, booking.id);
}

/**
 * 54-FZ: a partial refund lists what is returned (the payment's items, the
 * refund spread over them as the payment was); a full refund needs no receipt,
 * the provider returns the whole receipt itself.
 */
export function refundReceipt(payment: Pick<PaymentRow, "amountMinor" | "receipt">, refundMinor: number): Receipt | null {
  const paid = receiptOf(payment);
  if (!paid || refundMinor >= payment.amountMinor) return null;
  return reshapeReceipt(paid, refundMinor);
}

/**
 * Asks the provider for a refund row's money. The provider key is derived
 * from the row, so sending it again after a failure can never pay twice.
 */
export async function sendRefund(db: Db, env: Env, payment: PaymentRow, refund: RefundRow, bookingId: number): Promise<RefundRow> {
  try {
    const provider = providerFor(env, db, payment.provider);
    const key = `refund-${refund.id}-${payment.providerPaymentId}`.slice(0, 64);
    const answer = await provider.refund(
      {
        providerPaymentId: payment.providerPaymentId!,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        // onepay: a visit payment's refund lists only the items it returns.
        receipt: payment.visitId !== null ? await visitRefundReceipt(db, payment, refund) : refundReceipt(payment, refund.amountMinor),
      },
      key,
    );
    const status = answer.status === "canceled" ? "canceled" : answer.status;
    await updateRefund(db, refund.id, { providerRefundId: answer.id, status });
    if (status === "succeeded") {
      await settleRefunds(db, payment.id);
      await clearFlag(db, bookingId, "refund_failed");
    }
    if (status === "canceled") await flagBookings(db, [bookingId], "refund_failed");
    return { ...refund, providerRefundId: answer.id, status };
  } catch (error) {
    log("error", "payments: refund failed", { payment_id: payment.id, booking_id: bookingId, error: String(error) });
    await flagBookings(db, [bookingId], "refund_failed");
    // Marks the attempt, so the cron waits RETRY_AFTER_MS before the next one.
    return (await updateRefund(db, refund.id, {})) ?? refund;
  }
}

const RETRY_AFTER_MS = 5 * 60_000;

/** From the cron: sends again the refunds a provider failure left pending. */
export async function retryStuckRefunds(db: Db, env: Env, now: Date): Promise<{ retried: number; succeeded: number }> {
  const stuck = await stuckRefunds(db, new Date(now.getTime() - RETRY_AFTER_MS).toISOString(), 20);
  let succeeded = 0;
  for (const { refund, payment } of stuck) {
    if (!payment.providerPaymentId) continue;
    const result = await sendRefund(db, env, payment, refund, payment.bookingId);
    if (result.status === "succeeded") succeeded += 1;
  }
  return { retried: stuck.length, succeeded };
}

/**
 * Cancels the customer chose although the salon carries them out: leaving
 * (account/delete.ts cancels as the salon so no window keeps the booking) is
 * refunded as the customer's own cancel would be, not in full.
 */
const CUSTOMER_CHOSEN = new Set(["account_deleted"]);

/** The share of what was paid ahead that a cancel gives back, per the salon's policy. */
export function cancelRefundPercent(booking: BookingRow, cancelledBy: User, settings: Pick<SalonSettings, "refundFullHours" | "refundLatePercent">, now: Date): { percent: number; byCustomer: boolean } {
  const byCustomer = cancelledBy.role === "customer" || CUSTOMER_CHOSEN.has(booking.cancelReason ?? "");
  // Counted from the earliest start the booking had: moving it later first does not widen the full-refund window.
  const windowStart = booking.originalStartAt !== null && booking.originalStartAt < booking.startAt ? booking.originalStartAt : booking.startAt;
  const policy = refundPercent(byCustomer ? "customer" : cancelledBy.role, windowStart, settings, now);
  // No-show protection: a deposit comes back whole within the window, not at all after it.
  return { percent: booking.depositRule ? depositRefundPercent(policy) : policy, byCustomer };
}

/** Hook for the cancel path: refunds a paid booking per the salon's policy; the refund, for the message that tells of it. */
export async function refundOnCancel(db: Db, env: Env, booking: BookingRow, cancelledBy: User, now: Date): Promise<RefundRow | null> {
  // onepay: an item of a paid visit gets its own share back.
  if (booking.visitId !== null) {
    const share = await refundVisitItemOnCancel(db, env, booking, cancelledBy, now);
    if (share !== undefined) return share;
  }
  const payment = await succeededPaymentOf(db, booking.id);
  if (!payment) return null;
  const { percent, byCustomer } = cancelRefundPercent(booking, cancelledBy, await loadSettings(db), now);
  const reason = byCustomer ? "cancelled_by_customer" : "cancelled_by_salon";
  return refundPayment(db, env, payment, percent, reason, booking);
}
