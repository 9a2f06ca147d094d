// PATCH /bookings/{id}: cancel, reschedule, and the master's completed /
// no-show marks. Every status change goes through the master's ledger.
import { readAppointment } from "../booking/appointment.js";
import type { User } from "../contracts/auth.js";
import type { Booking, UpdateBookingBody } from "../contracts/bookings.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { activeStatuses, addonsOf, type BookingRow, findBooking, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { earnForVisit } from "../payments/loyalty.js";
import { refundOnCancel } from "../payments/refunds.js";
import { findAlternatives } from "./alternatives.js";
import { loadBookingContext, quoteFor } from "./context.js";
import { freeCandidates } from "./create.js";
import { notifyCustomer } from "./notify.js";
import { notifyMasters } from "./staff-notify.js";
import { bookingViews } from "./views.js";

/** The booking if the caller may see it: their own, their own schedule, or any for admins. */
export async function visibleBooking(db: Db, caller: User, id: number): Promise<BookingRow> {
  const row = await findBooking(db, id);
  if (!row) throw new AppError("not_found", `Booking ${id} does not exist`);
  const mine =
    caller.role === "admin" ||
    row.userId === caller.id ||
    (caller.role === "staff" && caller.staff_id !== null && row.staffId === caller.staff_id);
  if (!mine) throw new AppError("forbidden", "This booking belongs to someone else");
  return row;
}

const unavailable = () =>
  new AppError("ledger_unavailable", "Could not save the change just now; try again in a few seconds", undefined, { "retry-after": "2" });

function ensureCustomerWindow(caller: User, row: BookingRow, windowHours: number, now: Date, what: string) {
  if (caller.role !== "customer") return;
  const deadline = Date.parse(row.startAt) - windowHours * 3_600_000;
  if (now.getTime() > deadline) {
    throw new AppError("cancellation_window_passed", `Online ${what} closes ${windowHours} h before the visit; please call the salon`, {
      deadline: new Date(deadline).toISOString(),
    });
  }
}

export async function changeBooking(db: Db, env: Env, caller: User, id: number, change: UpdateBookingBody, now: Date): Promise<Booking> {
  const row = await visibleBooking(db, caller, id);
  if (row.staffId === null || row.serviceId === null) {
    throw new AppError("booking_not_active", "This booking has no master or service on file; the salon handles it");
  }
  const settings = await loadSettings(db);
  const ledger = ledgerFor(env, row.staffId);
  const view = async (r: BookingRow) => (await bookingViews(db, [r], settings.timeZone))[0]!;
  const customer = row.userId === null ? null : await findUserById(db, row.userId);
  const tell = async (kind: Parameters<typeof notifyCustomer>[2], booking: Booking) => {
    if (customer) await notifyCustomer(db, env, kind, booking, customer, settings, now);
  };

  switch (change.action) {
    case "cancel": {
      if (row.status === "cancelled") return view(row);
      if (!isActive(row.status)) throw new AppError("booking_not_active", `A ${row.status} booking cannot be cancelled`);
      ensureCustomerWindow(caller, row, settings.cancellationWindowHours, now, "cancellation");
      const reason = change.reason ?? (caller.role === "customer" ? "cancelled_by_customer" : "cancelled_by_salon");
      const result = await ledger.transition(row.staffId, row.id, activeStatuses, "cancelled", reason);
      if (!result.ok) {
        if (result.reason === "unavailable") throw unavailable();
        return view((await findBooking(db, row.id))!);
      }
      await refundOnCancel(db, env, result.booking, caller, now);
      const booking = await view(result.booking);
      await tell("booking_cancelled", booking);
      await notifyMasters(db, env, row, result.booking, now, settings);
      return booking;
    }
    case "complete":
    case "no_show": {
      if (caller.role === "customer") throw new AppError("forbidden", "Only the salon marks visits");
      const to = change.action === "complete" ? "completed" : "no_show";
      if (row.status === to) return view(row);
      if (row.status !== "pending" && row.status !== "confirmed") {
        throw new AppError("booking_not_active", `A ${row.status} booking cannot be marked ${to}`);
      }
      if (Date.parse(row.startAt) > now.getTime()) throw new AppError("not_started_yet", "The visit has not started yet");
      const result = await ledger.transition(row.staffId, row.id, ["pending", "confirmed"], to);
      if (!result.ok) {
        if (result.reason === "unavailable") throw unavailable();
        throw new AppError("booking_not_active", "The booking changed meanwhile; reload it");
      }
      if (to === "completed") await earnForVisit(db, result.booking, settings);
      return view(result.booking);
    }
    case "reschedule": {
      if (!isActive(row.status)) throw new AppError("booking_not_active", `A ${row.status} booking cannot be moved`);
      ensureCustomerWindow(caller, row, settings.cancellationWindowHours, now, "rescheduling");
      const appointment = readAppointment(change.appointment_datetime, settings.timeZone);
      if (typeof appointment === "string") throw new AppError("validation_failed", "appointment_datetime is not a valid local time");
      const addonIds = (await addonsOf(db, [row.id])).map((a) => a.id);
      const ctx = await loadBookingContext(db, row.serviceId, addonIds);
      const target = change.staff_id ?? row.staffId;
      const { free, candidates } = await freeCandidates(db, ctx, target, appointment, now, row.id);
      const keptMs = Date.parse(row.endAt) - Date.parse(row.startAt);
      for (const { staffId, start } of free) {
        // Another master takes as long as they take; the agreed price stays.
        const occupiedMs = staffId === row.staffId ? keptMs : quoteFor(ctx, staffId).occupiedMin * 60_000;
        const next = { startAt: start, endAt: new Date(Date.parse(start) + occupiedMs).toISOString() };
        const result = await ledgerFor(env, staffId).moveIn(staffId, row.id, { staffId: row.staffId, startAt: row.startAt }, next);
        if (result.ok) {
          if (staffId !== row.staffId) await ledger.forget(row.staffId, row.id);
          const booking = await view(result.booking);
          await tell("booking_rescheduled", booking);
          await notifyMasters(db, env, row, result.booking, now, settings);
          return booking;
        }
        if (result.reason === "unavailable") throw unavailable();
        if (result.reason === "stale") throw new AppError("booking_not_active", "The booking changed meanwhile; reload it");
      }
      const alternatives = await findAlternatives(db, ctx, candidates, appointment, now, row.id);
      throw new AppError("slot_taken", "This time is taken; here are the nearest free times", { alternatives });
    }
  }
}
