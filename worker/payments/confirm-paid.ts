// A paid booking's first step, shared by a single booking's payment, each
// item of a visit's, and an admin's waiver of a booking's deposit (`told`):
// confirm it if it is still held, bring it back if its hold ran out and its
// time is still free. What to do when neither works differs between them, so
// it is the caller's.
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerOfBooking } from "../ledger/staff-ledger.js";
import { type BookingRow, findBooking } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { respendOnReinstate } from "./certificates.js";
import { tellCustomer } from "./tell.js";

export type PaidOutcome = "confirmed" | "reinstated" | "already" | "slot_taken" | "cancelled";

const ledgerDown = () => new AppError("ledger_unavailable", "Could not update the booking just now", undefined, { "retry-after": "2" });

/** Confirms or reinstates a paid booking through its ledger; the row as it ended up, for the caller's next step. */
export async function confirmPaid(db: Db, env: Env, booking: BookingRow, now: Date, told: "booking_paid" | "deposit_waived" = "booking_paid"): Promise<{ outcome: PaidOutcome; booking: BookingRow }> {
  const staffId = booking.staffId;
  if (staffId === null) throw new Error(`booking ${booking.id} has no master`);
  const { ledger } = await ledgerOfBooking(env, { staffId, classId: booking.classId });
  if (booking.status === "held") {
    const result = await ledger.transition(staffId, booking.id, ["held"], "confirmed");
    if (result.ok) {
      await tellCustomer(db, env, told, result.booking, now);
      return { outcome: "confirmed", booking: result.booking };
    }
    if (result.reason === "unavailable") throw ledgerDown();
    booking = (await findBooking(db, booking.id))!;
  }
  if (booking.status !== "cancelled") return { outcome: "already", booking };
  if (booking.cancelReason === "hold_expired") {
    const back = await ledger.reinstate(staffId, booking.id);
    if (back.ok) {
      // certificates: the lapse may have given the certificate's part back; it is taken again (or left to pay).
      const reinstated = await respendOnReinstate(db, back.booking, now);
      await tellCustomer(db, env, told, reinstated, now);
      return { outcome: "reinstated", booking: reinstated };
    }
    if (back.reason === "unavailable") throw ledgerDown();
    if (back.reason === "overlap") return { outcome: "slot_taken", booking };
    booking = (await findBooking(db, booking.id))!;
    if (booking.status !== "cancelled") return { outcome: "already", booking };
  }
  return { outcome: "cancelled", booking };
}
