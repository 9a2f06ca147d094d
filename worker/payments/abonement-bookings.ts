// What happens to a booking's abonement visit when the booking changes: a
// cancel gives it back inside the refund policy and spends it after (a late
// cancel), a move keeps it if the abonement still covers the new date and
// master. Completion and no-shows change it in their own batch (repo/bookings.ts).
import { eq } from "drizzle-orm";
import type { Appointment } from "../booking/appointment.js";
import { AppError } from "../errors.js";
import { abonementForBooking, settleUse } from "../repo/abonements.js";
import type { BookingRow } from "../repo/bookings.js";
import { type Db, schema as s } from "../repo/db.js";

/** A cancel: all of the money back (the policy's 100 %) gives the visit back; anything less spends it. Once per booking. */
export async function settleAbonementOnCancel(db: Db, booking: BookingRow, refundPercent: number, now: Date): Promise<void> {
  if (booking.abonementId === null) return;
  await settleUse(db, booking.id, refundPercent >= 100 ? "returned" : "spent", now.toISOString());
}

/**
 * Before a move: the abonement must still take the visit at its new date
 * (not expired, not frozen). Masters it does not cover are left out of
 * `staffIds` (null: the booking has no abonement, every master will do).
 */
export async function abonementMoveCheck(db: Db, booking: BookingRow, appointment: Pick<Appointment, "date" | "instant">): Promise<number[] | null> {
  if (booking.abonementId === null) return null;
  const found = await abonementForBooking(db, booking.abonementId);
  const a = found?.abonement;
  if (!found || !a) return null;
  if (a.expiresAt === null || appointment.instant.toISOString() >= a.expiresAt) {
    throw new AppError("abonement_expired", `The booking's abonement is valid until ${a.expiresAt}; pick an earlier date`, { field: "appointment_datetime", expires_at: a.expiresAt });
  }
  const freeze = found.freezes.find((f) => f.from <= appointment.date && appointment.date <= f.to);
  if (freeze) throw new AppError("abonement_frozen", `The booking's abonement is frozen from ${freeze.from} to ${freeze.to}`, { field: "appointment_datetime", from: freeze.from, to: freeze.to });
  return a.staffIds;
}

/** After a move: the visit's date follows the booking (freezes and "once a day" read it). */
export async function abonementMoved(db: Db, booking: BookingRow, newDate: string): Promise<void> {
  if (booking.abonementId === null) return;
  await db.update(s.abonementUses).set({ visitDate: newDate, updatedAt: new Date().toISOString() }).where(eq(s.abonementUses.bookingId, booking.id));
}
