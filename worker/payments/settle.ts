// What a verified provider state means for our payment and its booking. Every
// step is conditional and idempotent, so a repeated, late or out-of-order
// notification (or the checkout page and a notification racing) changes
// nothing twice: the provider's verified state is the truth, and a succeeded
// payment never goes back.
import type { Env } from "../env.js";
import { type BookingRow, findBooking, flagBookings } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { movePayment, notePaymentError, type PaymentRow, refundsOf } from "../repo/payments.js";
import { confirmPaid } from "./confirm-paid.js";
import { returnPoints } from "./loyalty.js";
import type { ProviderPayment } from "./provider.js";
import { refundPayment } from "./refunds.js";
import { tellCustomer } from "./tell.js";
import { settlePaidVisit } from "./visit-paid.js";
import { itemsOfPayment } from "../repo/visit-payments.js";
import { log } from "../lib/log.js";

export type Outcome =
  | "confirmed"
  | "already_settled"
  | "reinstated"
  | "refunded_slot_taken"
  | "refunded_booking_cancelled"
  | "canceled"
  | "pending"
  | "amount_mismatch";



export async function applyProviderState(db: Db, env: Env, payment: PaymentRow, verified: ProviderPayment, now: Date): Promise<Outcome> {
  const booking = await findBooking(db, payment.bookingId);
  if (!booking) throw new Error(`payment ${payment.id} points at a missing booking`);
  // onepay: a visit's payment is for its items' prepayments together.
  const expected = payment.visitId !== null ? (await itemsOfPayment(db, payment.id)).reduce((sum, i) => sum + i.amountMinor + i.points, 0) : booking.prepaymentMinor;
  const amountsAgree =
    verified.amountMinor === payment.amountMinor &&
    verified.currency === payment.currency &&
    payment.amountMinor + payment.pointsUsed === expected;
  if (!amountsAgree) {
    log("warn", "payments", { payment_id: payment.id, booking_id: booking.id, verified_amount: verified.amountMinor, stored_amount: payment.amountMinor, prepayment: booking.prepaymentMinor, status: verified.status, outcome: "amount_mismatch" });
    await notePaymentError(db, payment.id, `amount_mismatch: provider says ${verified.amountMinor} ${verified.currency}`);
    if (verified.status === "succeeded") await flagBookings(db, [booking.id], "payment_amount_mismatch");
    return "amount_mismatch";
  }
  switch (verified.status) {
    case "pending":
      return "pending";
    case "waiting_for_capture":
      await movePayment(db, payment.id, ["pending"], "waiting_for_capture");
      return "pending";
    case "succeeded": {
      const moved = await movePayment(db, payment.id, ["pending", "waiting_for_capture"], "succeeded");
      const paid = moved ?? payment;
      if (paid.status !== "succeeded" && paid.status !== "refunded") {
        // We gave up on it locally (e.g. amount check at creation); the salon decides.
        await flagBookings(db, [booking.id], "payment_after_local_cancel");
        return "amount_mismatch";
      }
      // The test provider records success in our row itself, so for it every verified success is news.
      const justPaid = moved !== null || payment.provider === "test";
      if (paid.visitId !== null) return settlePaidVisit(db, env, paid, now);
      return settlePaidBooking(db, env, paid, booking, now, justPaid);
    }
    case "canceled": {
      const canceled = (await movePayment(db, payment.id, ["pending", "waiting_for_capture"], "canceled")) ?? payment;
      if (canceled.status !== "canceled") return "already_settled";
      // The booking keeps its hold: the customer may pay again until it runs
      // out, and the ledger's expiry releases it if nobody does.
      await returnPoints(db, canceled, booking.userId);
      return "canceled";
    }
  }
}

/** A succeeded payment: confirm the booking, or bring it back, or give the money back. */
export async function settlePaidBooking(db: Db, env: Env, payment: PaymentRow, booking: BookingRow, now: Date, justPaid: boolean): Promise<Outcome> {
  const settled = await confirmPaid(db, env, booking, now);
  booking = settled.booking;
  if (settled.outcome === "confirmed") return "confirmed";
  if (settled.outcome === "already") return "already_settled";
  if (settled.outcome === "reinstated") {
    log("info", "payments", { booking_id: booking.id, payment_id: payment.id, outcome: "reinstated" });
    return "reinstated";
  }
  if (settled.outcome === "slot_taken") {
    await refundPayment(db, env, payment, 100, "paid_after_expiry", booking);
    await flagBookings(db, [booking.id], "paid_after_expiry_refunded");
    await tellCustomer(db, env, "paid_after_expiry_refunded", booking, now);
    log("warn", "payments", { booking_id: booking.id, payment_id: payment.id, outcome: "refunded_slot_taken" });
    return "refunded_slot_taken";
  }
  // Cancelled by someone while the customer was paying: the money goes back in
  // full. A payment that had succeeded before was refunded by the cancel path.
  if (!justPaid || (await refundsOf(db, payment.id)).length > 0) return "already_settled";
  const refund = await refundPayment(db, env, payment, 100, "paid_after_cancel", booking);
  if (refund) await flagBookings(db, [booking.id], "paid_after_cancel_refunded");
  return "refunded_booking_cancelled";
}
