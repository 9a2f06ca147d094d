// Customer messages about payments, through the booking notification outbox.
import type { Env } from "../env.js";
import type { BookingRow } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { type BookingMessageKind, notifyCustomer } from "../reservations/notify.js";
import { notifyMasters } from "../reservations/staff-notify.js";
import { bookingViews } from "../reservations/views.js";

export async function tellCustomer(db: Db, env: Env, kind: BookingMessageKind, booking: BookingRow, now: Date): Promise<void> {
  if (booking.userId === null) return;
  const [customer, settings] = await Promise.all([findUserById(db, booking.userId), loadSettings(db)]);
  if (!customer) return;
  const [view] = await bookingViews(db, [booking], settings.timeZone);
  await notifyCustomer(db, env, kind, view!, customer, settings, now);
  // A paid hold is the master's new booking from now on.
  if (kind === "booking_paid" || kind === "deposit_waived") await notifyMasters(db, env, { ...booking, status: "held" }, booking, now, settings);
}
