// Unpaid holds that ran out, from the ledger's alarm: the row is cancelled
// (`hold_expired`, guarded on `status = 'held'`, so a payment that landed
// first wins) and the interval freed. Running it twice does nothing more.
import { type BookingRow, findBooking, isActive, transitionBooking } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import type { IntervalStore } from "./intervals.js";
import type { Span } from "./standing.js";

/**
 * `freed` is told, in the same synchronous step as the release, of each time
 * given back. Returns the bookings it cancelled.
 */
export async function expireHolds(intervals: IntervalStore, staffId: number, db: Db, at: string, freed: (span: Span) => void): Promise<number[]> {
  const cancelled: number[] = [];
  for (const interval of intervals.expiredHolds(at)) {
    const id = interval.bookingId!;
    // Only a row that is this master's and expired by its own clock is
    // released: after a database reset the same id can be another booking.
    const row = await findBooking(db, id);
    const expired: boolean = !!row && row.staffId === staffId && row.status === "held" && row.holdExpiresAt !== null && row.holdExpiresAt <= at;
    const released = expired ? await transitionBooking(db, id, ["held"], "cancelled", { cancelReason: "hold_expired" }) : null;
    if (released) {
      const current = intervals.ofBooking(id);
      intervals.drop(id);
      if (current) freed(current);
      cancelled.push(id);
      continue;
    }
    // Paid or cancelled meanwhile, or not the booking we thought: take the database's word for it.
    const current: BookingRow | null = expired ? await findBooking(db, id) : row;
    if (current && current.staffId === staffId && isActive(current.status)) {
      intervals.putBooking({ bookingId: id, start: current.startAt, end: current.endAt, status: current.status, holdExpiresAt: current.holdExpiresAt });
    } else intervals.drop(id);
  }
  return cancelled;
}
