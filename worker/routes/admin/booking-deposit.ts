// POST /admin/bookings/{id}/waive-deposit: no-show protection's waiver for
// one booking (the per-client waiver is /admin/deposit-policy/waivers/{id}).
// Admins only; the booking's panel comes back with the waiver in its money summary.
import { BookingDetail } from "../../contracts/admin.js";
import { BookingDepositWaiverBody } from "../../contracts/deposit.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody } from "../../http/validate.js";
import { dispatchSoon } from "../../notify/dispatcher.js";
import { waiveBookingDeposit } from "../../payments/deposit-waiver.js";
import { requestDb } from "../../repo/db.js";
import { bookingDetail } from "./bookings.js";
import { adminApp } from "./shared.js";

export const bookingDepositRoutes = adminApp();

bookingDepositRoutes.post(
  "/:id/waive-deposit",
  doc({
    tag: "Back office",
    summary: "Waive the no-show deposit of one held booking, with a reason",
    description: "The booking, held until its deposit is paid, is confirmed without payment through its master's ledger as a paid hold would be (a hold that just ran out is brought back when its time is still free); its prepayment becomes 0 and `money_summary.deposit_waived` keeps the deposit it asked, the reason and when. Audited (`waive_deposit` on the booking). Repeating it answers the booking as it is.",
    access: "admin",
    params: { id: "Booking id" },
    body: BookingDepositWaiverBody,
    responses: {
      200: ["The booking's panel after the waiver", BookingDetail],
      404: "`not_found`",
      409: "`no_deposit`: the booking asks no no-show deposit; `booking_not_held`: it does not wait for one (paid, cancelled, already confirmed); `payment_in_progress`: the customer is paying it now; `hold_expired`: its hold ran out and its time was taken",
    },
  }),
  async (c) => {
    const id = idParam(c);
    const body = await jsonBody(c, BookingDepositWaiverBody);
    const db = requestDb(c);
    const row = await waiveBookingDeposit(db, c.env, c.get("user"), id, body.reason, new Date());
    c.executionCtx.waitUntil(dispatchSoon(db, c.env));
    return c.json(await bookingDetail(db, row));
  },
);
