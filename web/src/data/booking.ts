// Reads for the booking screens, each cached for offline reading where that
// makes sense (service detail with its masters, bookings lists; the salon
// itself is in salon.ts). Slot lists
// are never cached: a stale "free" would only end in a 409.
import * as v from "valibot";
import { ServiceDetail } from "../../../worker/contracts/catalog";
import { cachedRead } from "./cached";
import { BookingEnvelope, BookingListResult, getBooking, getService, listBookings } from "./endpoints";

export const loadService = (id: number) => cachedRead(`service:${id}`, ServiceDetail, () => getService(id));

export const loadMyBookings = (userId: number) =>
  cachedRead(`bookings:${userId}`, BookingListResult, () => listBookings({ limit: 200 }));

export const loadBooking = (id: number) => cachedRead(`booking:${id}`, BookingEnvelope, () => getBooking(id));

/** A master's schedule for [from, to] (inclusive dates). */
export const loadSchedule = (userId: number, from: string, to: string) =>
  cachedRead(`schedule:${userId}:${from}:${to}`, BookingListResult, () => listBookings({ from, to, limit: 200 }));

export const PaymentRef = v.object({ paymentId: v.number(), bookingId: v.number() });

/** The payment started for a booking, so the return page can poll it. */
export function rememberPayment(bookingId: number, paymentId: number): void {
  try {
    sessionStorage.setItem(`payment:${bookingId}`, JSON.stringify({ paymentId, bookingId }));
    localStorage.setItem(`payment:${bookingId}`, JSON.stringify({ paymentId, bookingId }));
  } catch {
    // the return page falls back to polling the booking
  }
}

export function recallPayment(bookingId: number): number | null {
  try {
    const raw = sessionStorage.getItem(`payment:${bookingId}`) ?? localStorage.getItem(`payment:${bookingId}`);
    const parsed = v.safeParse(PaymentRef, raw ? JSON.parse(raw) : null);
    return parsed.success ? parsed.output.paymentId : null;
  } catch {
    return null;
  }
}
