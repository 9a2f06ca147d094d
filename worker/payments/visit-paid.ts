// onepay: a visit's one payment succeeded. Every item it pays for is settled
// in its own master's ledger in one pass: a held item is confirmed, an item
// whose hold ran out is reinstated when its time is still free; an item that
// cannot be (its time was taken, or it was cancelled while the customer paid)
// gets its share back, claimed so no other path refunds it again. Repeating
// this (a duplicate notification, the cron) changes nothing twice.
import type { Env } from "../env.js";
import { log } from "../lib/log.js";
import { type BookingRow, findBooking, flagBookings } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import type { PaymentRow } from "../repo/payments.js";
import { itemsOfPayment } from "../repo/visit-payments.js";
import { confirmPaid, type PaidOutcome } from "./confirm-paid.js";
import type { Outcome } from "./settle.js";
import { tellCustomer } from "./tell.js";
import { refundVisitItems } from "./visit-refunds.js";

export async function settlePaidVisit(db: Db, env: Env, payment: PaymentRow, now: Date): Promise<Outcome> {
  const items = await itemsOfPayment(db, payment.id);
  const bookings = (await Promise.all(items.map((i) => findBooking(db, i.bookingId)))).filter((b): b is BookingRow => b !== null);
  const outcomes = new Map<number, PaidOutcome>();
  for (const booking of bookings) outcomes.set(booking.id, (await confirmPaid(db, env, booking, now)).outcome);
  const lost = bookings.filter((b) => outcomes.get(b.id) === "slot_taken");
  const cancelled = bookings.filter((b) => outcomes.get(b.id) === "cancelled");
  const userId = bookings[0]?.userId ?? null;
  // Keys name the items: a retry of this settle claims the same items under the same key.
  if (lost.length > 0) {
    const key = `refund:${payment.id}:taken:${lost.map((b) => b.id).join("-")}`;
    await refundVisitItems(db, env, payment, key, "paid_after_expiry", lost.map((b) => ({ bookingId: b.id, percent: 100 })), userId);
    await flagBookings(db, lost.map((b) => b.id), "paid_after_expiry_refunded");
    for (const b of lost) await tellCustomer(db, env, "paid_after_expiry_refunded", b, now);
  }
  if (cancelled.length > 0) {
    // Cancelled while the customer was paying: an item refunded by its cancel is claimed already and left out.
    const key = `refund:${payment.id}:late:${cancelled.map((b) => b.id).join("-")}`;
    const refund = await refundVisitItems(db, env, payment, key, "paid_after_cancel", cancelled.map((b) => ({ bookingId: b.id, percent: 100 })), userId);
    if (refund) await flagBookings(db, cancelled.map((b) => b.id), "paid_after_cancel_refunded");
  }
  const all = [...outcomes.values()];
  log("info", "payments: visit settled", { payment_id: payment.id, visit_id: payment.visitId, items: all.join(",") });
  if (lost.length > 0) return "refunded_slot_taken";
  if (cancelled.length > 0 && cancelled.length === all.length) return "refunded_booking_cancelled";
  if (all.includes("reinstated")) return "reinstated";
  return all.includes("confirmed") ? "confirmed" : "already_settled";
}
