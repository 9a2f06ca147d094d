// PATCH /bookings/{id}: cancel, reschedule, and the master's completed /
// no-show marks. Every status change goes through the master's ledger.
import { readAppointment } from "../booking/appointment.js";
import type { User } from "../contracts/auth.js";
import { type Booking, customerCancelReasons, type UpdateBookingBody } from "../contracts/bookings.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor, ledgerOfBooking } from "../ledger/staff-ledger.js";
import { activeStatuses, addonsOf, type BookingRow, findBooking, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { findUserOfBooking } from "../repo/users.js";
import { signedInUser, type Session } from "../auth/session.js";
import { findSessionUser } from "../repo/sessions.js";
import { allInOrder } from "../lib/all-in-order.js";
import { sendClosingReceiptsOf } from "../payments/closing-receipts.js";
import { earnForVisit } from "../payments/loyalty.js";
import { cancelRefundPercent, refundOnCancel } from "../payments/refunds.js";
import { returnOnCancel } from "../payments/certificates.js";
import { settleCertificatePart } from "../payments/certificate-receipts.js";
import { settleAbonementPart } from "../payments/abonement-receipts.js";
import { abonementMoveCheck, abonementMoved, settleAbonementOnCancel } from "../payments/abonement-bookings.js";
import { withRefund } from "../payments/booking-money.js";
import { findAlternatives } from "./alternatives.js";
import { readSchedules } from "./availability.js";
import { loadBookingContext, quoteFor } from "./context.js";
import { freeCandidates } from "./create.js";
import { withSeriesHorizon } from "./series-rules.js";
import { customerMessageWrite, type notifyCustomer } from "./notify.js";
import type { BatchItem } from "drizzle-orm/batch";
import { batchAll } from "../repo/batch.js";
import { ensureMayBookOn } from "./masters-own.js";
import { bookingViews, toView, viewPartsOfBooking } from "./views.js";
import { cancelInYclients, moveInYclients } from "../yclients/customer-changes.js";
import { claimMoveUnits, settleMoveUnits } from "./resource-moves.js";
import { freeUnits } from "./resources.js";

/** The booking if the caller may see it: their own, their own schedule, or any for admins. */
export async function visibleBooking(db: Db, caller: User, id: number): Promise<BookingRow> {
  return ensureVisible(caller, id, await findBooking(db, id));
}

function ensureVisible(caller: User, id: number, row: BookingRow | null): BookingRow {
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

/** Customers pick their reason from a fixed list: a free one could pose as the salon's or the system's. */
function ensureCustomerReason(caller: User, reason: string | undefined) {
  if (caller.role !== "customer" || reason === undefined || (customerCancelReasons as readonly string[]).includes(reason)) return;
  throw new AppError("validation_failed", `Invalid request body: reason: customers choose one of ${customerCancelReasons.join(", ")}`, {
    issues: [{ path: "reason", message: `expected one of ${customerCancelReasons.join(", ")}` }],
  });
}

/** Told of a change that happened, with the rows before and after (and who made it), so the caller can record it after answering. */
export type OnChanged = (before: BookingRow, after: BookingRow, settings: SalonSettings, view: Booking, caller: User) => BatchItem<"sqlite">[];

/**
 * Round trips before the answer (each a network hop on Turso): one read batch
 * (the caller when given by id, the booking, the settings, its customer and
 * what its view shows), the ledger's write, and one batch with the customer's
 * message and what the caller records. A cancellation of a prepaid booking
 * also reads its payment; a reschedule reads the new time's schedules.
 */
/** `refund: false`: the caller refunds afterwards (onepay: a whole visit's cancel refunds once, for all its items). */
export async function changeBooking(db: Db, env: Env, callerOrSession: User | Session, id: number, changeOrRead: UpdateBookingBody | (() => Promise<UpdateBookingBody>), now: Date, onChanged?: OnChanged, opts: { refund?: boolean } = {}): Promise<Booking> {
  const [callerRow, found, settings, customer, parts] = await allInOrder([
    "userId" in callerOrSession ? findSessionUser(db, callerOrSession) : Promise.resolve(callerOrSession),
    findBooking(db, id),
    loadSettings(db),
    findUserOfBooking(db, id),
    viewPartsOfBooking(db, id),
  ] as const);
  const caller = signedInUser(callerRow);
  // A body read lazily is checked after the caller, as requireUser before the handler would have it.
  const change = typeof changeOrRead === "function" ? await changeOrRead() : changeOrRead;
  const row = ensureVisible(caller, id, found);
  if (row.staffId === null || row.serviceId === null) {
    throw new AppError("booking_not_active", "This booking has no master or service on file; the salon handles it");
  }
  const { ledger } = await ledgerOfBooking(env, { staffId: row.staffId, classId: row.classId }, settings.generation);
  // A status change keeps master, service and add-ons, so the parts read above still describe it.
  const view = async (r: BookingRow, money = parts.money) =>
    r.staffId === row.staffId ? toView(r, { ...parts, money }, settings.timeZone) : (await bookingViews(db, [r], settings.timeZone))[0]!;
  // The customer's message and whatever the caller records about the change travel in one batch.
  const tell = async (kind: Parameters<typeof notifyCustomer>[2], booking: Booking, extra: BatchItem<"sqlite">[] = []) => {
    const message = customer ? await customerMessageWrite(db, env, kind, booking, customer, settings, now) : [];
    await batchAll(db, [...message, ...extra]);
  };

  switch (change.action) {
    case "cancel": {
      // A retry after an outage cut the first attempt short finishes its
      // follow-ups (refund, message): both are keyed, so they happen once.
      // `fresh`: this request cancelled it (not a replay), so the caller may record the change.
      const cancelled = async (r: BookingRow, fresh = false) => {
        if (r.cancelReason === "hold_expired") return view(r);
        // Only a held booking is ever paid, and only one with a prepayment is held: no read for the others.
        // The refund just made is not in the rows read before it: the view and the message show it.
        const refund = r.prepaymentMinor > 0 && opts.refund !== false ? await refundOnCancel(db, env, r, caller, now) : null;
        // certificates: the certificate's part goes back by the same policy as money (once per booking).
        if (r.certificateMinor > 0) await returnOnCancel(db, r, cancelRefundPercent(r, caller, settings, now).percent, now);
        // abonements: the visit comes back on a cancel the policy refunds in full; a late cancel spends it (once per booking).
        if (r.abonementId !== null) await settleAbonementOnCancel(db, r, cancelRefundPercent(r, caller, settings, now).percent, now);
        const booking = await view(r, withRefund(parts.money, refund));
        await tell("booking_cancelled", booking, fresh ? onChanged?.(row, r, settings, booking, caller) : []);
        return booking;
      };
      if (row.status === "cancelled") {
        // The first attempt may have lost its answer after the row changed: the ledger lets go too.
        await ledger.forget(row.staffId, row.id);
        return cancelled(row);
      }
      if (!isActive(row.status)) throw new AppError("booking_not_active", `A ${row.status} booking cannot be cancelled`);
      ensureCustomerReason(caller, change.reason);
      ensureCustomerWindow(caller, row, settings.cancellationWindowHours, now, "cancellation");
      const reason = change.reason ?? (caller.role === "customer" ? "cancelled_by_customer" : "cancelled_by_salon");
      // A YClients booking is cancelled there first; the ledger follows.
      if (row.channel === "yclients") await cancelInYclients(env, row);
      const result = await ledger.transition(row.staffId, row.id, activeStatuses, "cancelled", reason, settings.generation);
      if (!result.ok) {
        if (result.reason === "unavailable") throw unavailable();
        return view((await findBooking(db, row.id))!);
      }
      await freeUnits(env, row.id, parts.units ?? []);
      return cancelled(result.booking, true);
    }
    case "complete":
    case "no_show": {
      if (caller.role === "customer") throw new AppError("forbidden", "Only the salon marks visits");
      const to = change.action === "complete" ? "completed" : "no_show";
      if (row.status === to) {
        // Finishes what a retried first attempt may not have (points and the review request are keyed per booking).
        if (to !== "completed") return view(row);
        await earnForVisit(db, row, settings);
        if (row.prepaymentMinor > 0) await sendClosingReceiptsOf(db, env, row.id);
        if (row.certificateMinor > 0) await settleCertificatePart(db, env, row);
        if (row.abonementId !== null) await settleAbonementPart(db, env, row);
        const done = await view(row);
        await tell("review_request", done);
        return done;
      }
      if (row.status !== "pending" && row.status !== "confirmed") {
        throw new AppError("booking_not_active", `A ${row.status} booking cannot be marked ${to}`);
      }
      if (Date.parse(row.startAt) > now.getTime()) throw new AppError("not_started_yet", "The visit has not started yet");
      const result = await ledger.transition(row.staffId, row.id, ["pending", "confirmed"], to, undefined, settings.generation);
      if (!result.ok) {
        if (result.reason === "unavailable") throw unavailable();
        throw new AppError("booking_not_active", "The booking changed meanwhile; reload it");
      }
      await freeUnits(env, row.id, parts.units ?? []);
      if (to === "completed") await earnForVisit(db, result.booking, settings);
      // The completion wrote the closing receipt a prepaid booking owes; it goes out now (the cron retries).
      // onepay: a visit's last item may be a no-show; that also closes its payment.
      if ((to === "completed" || row.visitId !== null) && row.prepaymentMinor > 0) await sendClosingReceiptsOf(db, env, row.id);
      // certificates: an online-sold certificate's advance is settled against the delivered visit.
      if (to === "completed" && row.certificateMinor > 0) await settleCertificatePart(db, env, result.booking);
      // abonements: the completion spent the visit in its batch; an online sale's share gets its closing receipt.
      if (to === "completed" && row.abonementId !== null) await settleAbonementPart(db, env, result.booking);
      const marked = await view(result.booking);
      // A completed visit asks the customer for a review (the link in the message).
      if (to === "completed") await tell("review_request", marked, onChanged?.(row, result.booking, settings, marked, caller));
      else await batchAll(db, onChanged?.(row, result.booking, settings, marked, caller) ?? []);
      return marked;
    }
    case "reschedule": {
      if (!isActive(row.status)) throw new AppError("booking_not_active", `A ${row.status} booking cannot be moved`);
      // A seat belongs to its session: another time is another session's seat (cancel, then book that one).
      if (row.classId !== null) throw new AppError("reschedule_not_allowed", "A class seat cannot be moved; book a seat in another session instead");
      ensureCustomerWindow(caller, row, settings.cancellationWindowHours, now, "rescheduling");
      const appointment = readAppointment(change.appointment_datetime, settings.timeZone);
      if (typeof appointment === "string") throw new AppError("validation_failed", "appointment_datetime is not a valid local time");
      if (row.channel === "yclients") {
        if (change.staff_id !== undefined && change.staff_id !== row.staffId) throw new AppError("validation_failed", "A YClients booking keeps its master when moved online");
        const moved = await moveInYclients(db, env, row, appointment.instant, settings, caller.role === "customer");
        const booking = await view(moved);
        await tell("booking_rescheduled", booking);
        return booking;
      }
      const addonIds = parts.addons.map((a) => a.id);
      const target = ensureMayBookOn(caller, change.staff_id ?? row.staffId);
      // abonements: the reservation moves with the booking while the abonement covers the new date and master.
      const abonementStaff = await abonementMoveCheck(db, row, appointment);
      const covers = (staffId: number) => !abonementStaff || abonementStaff.length === 0 || abonementStaff.includes(staffId);
      if (target !== "any" && !covers(target)) throw new AppError("abonement_not_covering", "The booking's abonement does not cover this master", { field: "staff_id", staff_ids: abonementStaff });
      const [loaded, data] = await Promise.all([
        loadBookingContext(db, row.serviceId, addonIds),
        readSchedules(db, target === "any" ? { serviceId: row.serviceId } : [target], appointment.date, appointment.date, [row.serviceId]),
      ]);
      // Staff move a series' dates within the series' own reach, past the online horizon.
      const ctx = row.seriesId !== null && caller.role !== "customer" ? withSeriesHorizon(loaded) : loaded;
      const { free, candidates } = freeCandidates(ctx, target, appointment, now, data, row.id);
      const keptMs = Date.parse(row.endAt) - Date.parse(row.startAt);
      // The cheapest dearer master who was free, should nobody at the booked price or below be.
      let dearer: { staffId: number; priceMinor: number } | null = null;
      for (const { staffId, start } of free) {
        if (!covers(staffId)) continue;
        // Another master takes as long as they take and costs what they cost (their own terms); a
        // dearer one only when the customer agreed to that very price, a cheaper one lowers it.
        const own = staffId === row.staffId ? null : quoteFor(ctx, staffId);
        if (own && own.totalMinor > row.priceTotalMinor && own.totalMinor !== change.accept_price_minor) {
          if (!dearer || own.totalMinor < dearer.priceMinor) dearer = { staffId, priceMinor: own.totalMinor };
          continue;
        }
        const occupiedMs = own ? own.occupiedMin * 60_000 : keptMs;
        const next = {
          startAt: start,
          endAt: new Date(Date.parse(start) + occupiedMs).toISOString(),
          ...(own && own.totalMinor !== row.priceTotalMinor ? { priceTotalMinor: own.totalMinor } : {}),
        };
        // Claim first, release second: the units at the new time, then the master.
        const units = await claimMoveUnits(env, data, row, parts.units ?? [], next, settings.generation);
        if (units === "taken") continue;
        const result = await ledgerFor(env, staffId).moveIn(staffId, row.id, { staffId: row.staffId, startAt: row.startAt }, next, settings.generation);
        await settleMoveUnits(env, row.id, parts.units ?? [], units, result.ok ? "landed" : result.reason === "unavailable" ? "unknown" : "refused");
        if (result.ok) {
          if (staffId !== row.staffId) await ledger.forget(row.staffId, row.id);
          await abonementMoved(db, row, appointment.date);
          const booking = await view(result.booking);
          await tell("booking_rescheduled", booking, onChanged?.(row, result.booking, settings, booking, caller));
          return booking;
        }
        if (result.reason === "unavailable") throw unavailable();
        if (result.reason === "stale") throw new AppError("booking_not_active", "The booking changed meanwhile; reload it");
      }
      if (dearer) {
        throw new AppError("price_changed", "That master's price for this service is higher; confirm the new price to move", {
          old_price_minor: row.priceTotalMinor,
          new_price_minor: dearer.priceMinor,
          currency: row.currency,
          staff_id: dearer.staffId,
        });
      }
      const alternatives = await findAlternatives(db, ctx, candidates, appointment, now, { id: row.id, staffId: row.staffId, startAt: row.startAt });
      throw new AppError("slot_taken", "This time is taken; here are the nearest free times", { alternatives });
    }
  }
}
