// onepay: a visit's one payment succeeded. Every item it pays for is settled
// in its own master's ledger in one pass: a held item is confirmed, an item
// whose hold ran out is reinstated when its time is still free; an item that
// cannot be (its time was taken, or it was cancelled while the customer paid)
// gets its share back, claimed so no other path refunds it again. Repeating
// this (a duplicate notification, the cron) changes nothing twice.
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { log } from "../lib/log.js";
import { type BookingRow, findBooking, flagBookings } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import type { PaymentRow } from "../repo/payments.js";
import { itemsOfPayment } from "../repo/visit-payments.js";
import type { Outcome } from "./settle.js";
import { tellCustomer } from "./tell.js";
import { refundVisitItems } from "./visit-refunds.js";

const ledgerDown = () => new AppError("ledger_unavailable", "Could not update the visit just now", undefined, { "retry-after": "2" });

type ItemOutcome = "confirmed" | "reinstated" | "already" | "slot_taken" | "cancelled";

async function settleItem(db: Db, env: Env, booking: BookingRow, now: Date): Promise<ItemOutcome> {
  const staffId = booking.staffId;
  if (staffId === null) return "already";
  const ledger = ledgerFor(env, staffId);
  if (booking.status === "held") {
    const result = await ledger.transition(staffId, booking.id, ["held"], "confirmed");
    if (result.ok) {
      await tellCustomer(db, env, "booking_paid", result.booking, now);
      return "confirmed";
    }
    if (result.reason === "unavailable") throw ledgerDown();
    booking = (await findBooking(db, booking.id))!;
  }
  if (booking.status !== "cancelled") return "already";
  if (booking.cancelReason === "hold_expired") {
    const back = await ledger.reinstate(staffId, booking.id);
    if (back.ok) {
      await tellCustomer(db, env, "booking_paid", back.booking, now);
      return "reinstated";
    }
    if (back.reason === "unavailable") throw ledgerDown();
    if (back.reason === "overlap") return "slot_taken";
    booking = (await findBooking(db, booking.id))!;
    if (booking.status !== "cancelled") return "already";
  }
  return "cancelled";
}

export async function settlePaidVisit(db: Db, env: Env, payment: PaymentRow, now: Date): Promise<Outcome> {
  const items = await itemsOfPayment(db, payment.id);
  const bookings = (await Promise.all(items.map((i) => findBooking(db, i.bookingId)))).filter((b): b is BookingRow => b !== null);
  const outcomes = new Map<number, ItemOutcome>();
  for (const booking of bookings) outcomes.set(booking.id, await settleItem(db, env, booking, now));
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
