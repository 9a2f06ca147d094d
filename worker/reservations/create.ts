// POST /bookings: the checks a person can act on first (service, add-ons,
// master, grid, time rules), then the master's ledger decides for real.
import type { SlotReason } from "../booking/slots.js";
import { type Appointment, readAppointment } from "../booking/appointment.js";
import { allInOrder } from "../lib/all-in-order.js";
import { sha256Hex } from "../lib/digest.js";
import type { Booking, BookingOrigin, CreateBookingBody } from "../contracts/bookings.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { signedInUser, type Session } from "../auth/session.js";
import { findSessionUser } from "../repo/sessions.js";
import type { User } from "../contracts/auth.js";
import { addDays, instantOfParts, instantToWall, parseDateTime } from "../booking/zoned-time.js";
import { type BookingRow, findByIdempotencyKey, findByIdempotencyKeyForPhone, type NewBooking } from "../repo/bookings.js";
import type { SalonSettings } from "../repo/settings.js";
import type { Db } from "../repo/db.js";
import { upsertUserByPhone } from "../repo/users.js";
import { findAlternatives } from "./alternatives.js";
import { plansFor, readSchedules, rulesOf, type ScheduleData, schedulesFor } from "./availability.js";
import { type BookingContext, candidatesFor, loadBookingContext, planQueryOf, quoteFor, servicePriceFor, viewPartsOf } from "./context.js";
import { abonementForBooking, type AbonementRow } from "../repo/abonements.js";
import { usableAbonement } from "../payments/abonements.js";
import { ensureMayBookOn } from "./masters-own.js";
import { bookingMessage, dedupeKeyOf } from "./notify.js";
import { bookingViews, toView } from "./views.js";
import { ensureInternalBooking } from "../yclients/routing.js";
import { holdKeyOf } from "./waitlist-wishes.js";
import { ensurePhoneServed } from "../lib/phone-country.js";
import { accountLoad } from "../repo/account-load.js";
import { certificateByCode, type CertificateRow } from "../repo/certificates.js";
import { normaliseCode } from "../payments/certificate-codes.js";
import { certificatePart, usableCertificate } from "../payments/certificates.js";
import { ensureMayAddBookings } from "./account-caps.js";
import { prepaymentOf } from "../booking/pricing.js";
import { type PromoRow, promoForBooking } from "../repo/promo.js";
import { ensurePromoApplies, mastersForPromo, promoRefused, promoUseFor } from "../payments/promo.js";
import { type DepositFacts, depositFacts } from "../repo/deposit-facts.js";
import { withDeposit } from "../payments/deposit-policy.js";
import { requestKey } from "../ledger/claims.js";
import { needsOf, unitViews } from "./resource-slots.js";
import { bindUnits, claimUnits, releaseUnits, resourceTaken } from "./resources.js";

const refusals: Record<Exclude<SlotReason, "booked">, [code: ConstructorParameters<typeof AppError>[0], message: string]> = {
  past: ["in_past", "This time has already passed"],
  notice: ["too_soon", "This time is too soon to book; pick a later one"],
  horizon: ["beyond_horizon", "Bookings are not open that far ahead yet"],
  outside_hours: ["outside_working_hours", "The visit would not fit in the master's working hours"],
  day_off: ["outside_working_hours", "The master does not work that day"],
  vacation: ["outside_working_hours", "The master is on vacation that day"],
  break: ["in_break", "The visit would run into the master's break"],
};

export function refusalFor(reason: SlotReason | undefined): AppError | null {
  if (reason === undefined || reason === "booked") return null;
  const [code, message] = refusals[reason];
  return new AppError(code, message, { reason });
}

export const requestHash = (key: string, body: unknown): Promise<string> => sha256Hex(JSON.stringify([key, body]));

export function ensureSameRequest(stored: string | null, hash: string) {
  if (stored !== hash) {
    throw new AppError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different booking; send a new key for a new booking",
    );
  }
}

/** Which masters can take this time, or the refusal to give when none can. */
export function freeCandidates(
  ctx: BookingContext,
  staffId: number | "any",
  appointment: Pick<Appointment, "date" | "time" | "instant" | "exact">,
  now: Date,
  data: ScheduleData,
  excludeBookingId?: number,
  excludeHoldOf?: number,
  /** False: the masters alone, as if the service needed no room or machine (to tell a taken room from a taken master). */
  withResources = true,
) {
  const candidates = candidatesFor(ctx, staffId);
  const rules = rulesOf(ctx.settings);
  const service = withResources ? { id: ctx.service.id, zone: ctx.settings.timeZone } : undefined;
  const schedules = schedulesFor(data, candidates.map((m) => m.id), { excludeBookingId, excludeHoldOf, service });
  const plans = plansFor(rules, schedules, planQueryOf(ctx, appointment.date, now));
  // An instant the client named is matched as an instant: where the clocks go
  // back, the same wall time labels two instants and only the first is a slot.
  const asked = appointment.instant.toISOString();
  const matches = (s: { time: string; start: string }) => (appointment.exact ? s.start === asked : s.time === appointment.time);
  const slots = plans.map((p) => ({ staffId: p.staffId, slot: p.plan.slots.find(matches) }));
  if (slots.every((s) => s.slot === undefined)) {
    const closed = plans.map((p) => p.plan.status).find((status) => status !== "open");
    if (closed && plans.every((p) => p.plan.status !== "open")) throw refusalFor(closed)!;
    const twin = appointment.exact ? plans.flatMap((p) => p.plan.slots).find((s) => s.time === appointment.time) : undefined;
    if (twin) {
      throw new AppError("off_grid", `${appointment.date} ${appointment.time} happens twice (the clocks go back); only its first occurrence, ${twin.start}, is offered`, { offered_start_at: twin.start });
    }
    throw new AppError("off_grid", `Bookings start on the ${rules.stepMin}-minute grid within working hours; ${appointment.time} is not one of them`);
  }
  const free = slots.filter((s) => s.slot?.available).map((s) => ({ staffId: s.staffId, start: s.slot!.start }));
  const refusal = free.length === 0 ? slots.map((s) => refusalFor(s.slot?.reason)).find((e) => e !== null) : undefined;
  // "booked" everywhere is a conflict (409 with alternatives), not a refusal.
  if (refusal && slots.every((s) => s.slot?.reason !== "booked")) throw refusal;
  return { free, candidates };
}

/** What a new booking's row says, for one master at one start. */
export function draftBooking(
  env: Env,
  ctx: BookingContext,
  staffId: number,
  start: string,
  customer: User,
  input: { phone: string; customerName: string | null; notes: string | null; key: string; hash: string; origin: BookingOrigin; visitId?: number; seriesId?: number; withMessage: boolean; certificate?: CertificateRow | null; promo?: PromoRow | null; deposit?: DepositFacts | null; abonement?: AbonementRow | null },
  now: Date,
): NewBooking {
  // Each master may have their own price and duration for the service.
  const quoted = quoteFor(ctx, staffId);
  // promo: the discount comes off this master's total; the prepayment (and the no-show deposit) follow the discounted price.
  const promo = input.promo ? promoUseFor(input.promo, quoted.totalMinor) : undefined;
  const totalMinor = quoted.totalMinor - (promo?.discountMinor ?? 0);
  // abonements: the abonement pays this master's price of the service; only the add-ons are asked for before the visit.
  const covered = input.abonement ? Math.min(servicePriceFor(ctx, staffId), totalMinor) : 0;
  const deposit = withDeposit(ctx.settings, input.deposit ?? null, ctx.service.id, totalMinor - covered, prepaymentOf(ctx.service, totalMinor - covered));
  // certificates: a gift certificate pays its part of the discounted price, off the prepayment (or deposit) first.
  const paidBy = certificatePart(input.certificate, { totalMinor, prepaymentMinor: deposit.prepaymentMinor });
  const priced = { ...quoted, totalMinor, prepaymentMinor: paidBy.prepaymentMinor };
  const held = priced.prepaymentMinor > 0;
  const status = held ? "held" : "pending";
  const member = ctx.staff.find((m) => m.id === staffId)!;
  const wall = instantToWall(new Date(start), ctx.settings.timeZone);
  const facts = { service: { id: ctx.service.id, name: ctx.service.name }, staff: { id: member.id, name: member.name }, local_date: wall.date, local_time: wall.time, status, phone: input.phone, start_at: start } as const;
  return {
    userId: customer.id,
    serviceId: ctx.service.id,
    staffId,
    startAt: start,
    endAt: new Date(Date.parse(start) + priced.occupiedMin * 60_000).toISOString(),
    status,
    phone: input.phone,
    customerName: input.customerName,
    notes: input.notes,
    priceTotalMinor: priced.totalMinor,
    prepaymentMinor: priced.prepaymentMinor,
    currency: priced.currency,
    holdExpiresAt: held ? new Date(now.getTime() + ctx.settings.holdTtlMin * 60_000).toISOString() : null,
    idempotencyKey: input.key,
    requestHash: input.hash,
    origin: input.origin,
    visitId: input.visitId ?? null,
    seriesId: input.seriesId ?? null,
    promo,
    depositRule: deposit.depositRule,
    addons: ctx.addons.map((a) => ({ serviceId: a.id, durationMin: a.durationMin, priceMinor: a.priceMinor })),
    certificateId: paidBy.certificateId,
    certificateMinor: paidBy.certificateMinor,
    certificateAt: now.toISOString(),
    abonementId: input.abonement?.id ?? null,
    abonementMinor: covered,
    abonement: input.abonement ? { abonementId: input.abonement.id, coveredMinor: covered, visitDate: wall.date, startAt: start } : undefined,
    // A visit's items get their messages once the whole visit is booked.
    message: input.withMessage ? bookingMessage(env, "booking_created", facts, customer, ctx.settings, now) : undefined,
  };
}

/**
 * Salon dates that surely contain the appointment's salon date, before the
 * salon's zone is known: a wall time names its date; an instant is within a
 * day of its UTC date in any zone. Null when the value is not a date at all
 * (readAppointment then says why).
 */
export function appointmentDates(value: string): { from: string; to: string } | null {
  const parts = parseDateTime(value);
  if (!parts) return null;
  if (parts.offsetMin === null) return { from: parts.date, to: parts.date };
  const utcDate = instantOfParts({ ...parts, offsetMin: parts.offsetMin }).toISOString().slice(0, 10);
  return { from: addDays(utcDate, -1), to: addDays(utcDate, 1) };
}

/**
 * Round trips before the answer (each is a network hop on Turso): one read
 * batch with everything the decision needs (the caller, the service and its
 * masters, an earlier booking with this key, schedules and bookings), one
 * write of the booking with its customer message (the ledger), and for a
 * booking made by staff for a new phone one more for the customer's account.
 */
export async function createBooking(
  db: Db,
  env: Env,
  /** The request's session (its user is read with the rest), or a user already checked. */
  callerOrSession: User | Session,
  key: string,
  body: CreateBookingBody,
  now: Date,
  origin: BookingOrigin = "online",
  /** Booking the time a waitlist entry holds: that hold is not in the way, and the ledger hands it over. */
  waitlist?: { entryId: number },
): Promise<{ booking: Booking; replayed: boolean; messageKey?: string; created?: { row: BookingRow; caller: User; settings: SalonSettings } }> {
  const dates = appointmentDates(body.appointment_datetime);
  const staffSet = body.staff_id === "any" ? { serviceId: body.service_id } : [body.staff_id];
  const callerId = "userId" in callerOrSession ? callerOrSession.userId : callerOrSession.id;
  // certificates: the code's certificate is read with the rest (a code that cannot be one is not looked up).
  const certificateCode = body.certificate_code === undefined ? undefined : normaliseCode(body.certificate_code);
  // abonements: an abonement pays the service alone; a code on top of it would pay the same twice.
  if (body.abonement_id !== undefined && (body.promo_code !== undefined || body.certificate_code !== undefined)) {
    throw new AppError("abonement_not_combinable", "A booking paid with an abonement takes no promo code or certificate", { field: body.promo_code !== undefined ? "promo_code" : "certificate_code" });
  }
  const [callerRow, ctx, earlierOwn, earlierForPhone, data, hash, load, certificateRow, promoFound, depositKnown, abonementFound] = await allInOrder([
    "userId" in callerOrSession ? findSessionUser(db, callerOrSession) : Promise.resolve(callerOrSession),
    loadBookingContext(db, body.service_id, body.additional_services),
    findByIdempotencyKey(db, callerId, key),
    body.phone ? findByIdempotencyKeyForPhone(db, body.phone, key) : Promise.resolve(null),
    dates ? readSchedules(db, staffSet, dates.from, dates.to, [body.service_id]) : Promise.resolve(null),
    requestHash(key, body),
    // The caps count only bookings; the waitlist's day does not matter here.
    accountLoad(db, callerId, now, now.toISOString().slice(0, 10)),
    certificateCode ? certificateByCode(db, certificateCode) : Promise.resolve(null),
    // promo and no-show protection: read with the rest (no extra round trip).
    body.promo_code ? promoForBooking(db, body.promo_code, { phone: body.phone, userId: callerId }) : Promise.resolve(null),
    depositFacts(db, callerId, now),
    // abonements: read with the rest, reserved in the write (no extra round trip).
    body.abonement_id !== undefined ? abonementForBooking(db, body.abonement_id) : Promise.resolve(null),
  ] as const);
  const caller = signedInUser(callerRow);
  const staffId = ensureMayBookOn(caller, body.staff_id);
  // Messages (with a link that can cancel the booking) go to the booking's
  // phone: a customer's is the account's verified one.
  if (caller.role === "customer" && body.phone !== undefined && body.phone !== caller.phone) {
    throw new AppError("phone_not_own", "Your bookings use your account's phone; only the salon's staff book for another number", { phone: caller.phone });
  }
  const zone = ctx.settings.timeZone;
  // Staff and admins book for the customer whose phone they enter.
  const forSomeoneElse = caller.role !== "customer" && body.phone !== undefined && body.phone !== caller.phone;
  const earlier = forSomeoneElse ? earlierForPhone : earlierOwn;
  if (earlier) {
    ensureSameRequest(earlier.requestHash, hash);
    return { booking: (await bookingViews(db, [earlier], zone))[0]!, replayed: true };
  }
  // Staff booking for someone else: the confirmations go by SMS to that number.
  if (forSomeoneElse) ensurePhoneServed(body.phone!, ctx.settings.phoneCountries);
  ensureMayAddBookings(caller, load, ctx.settings, { bookings: 1, held: 0 });
  // Services linked to YClients are booked in its widget unless it is down.
  await ensureInternalBooking(env, ctx);
  const certificate = body.certificate_code === undefined ? null : usableCertificate(certificateRow, ctx.service.id, now);

  const appointment = readAppointment(body.appointment_datetime, zone);
  if (typeof appointment === "string" || data === null) {
    throw new AppError("validation_failed", appointment === "nonexistent_local_time"
      ? "That local time does not exist (the clocks skip it); pick another"
      : "appointment_datetime is not a valid date and time");
  }
  // promo: a code that does not apply is refused before anything is written.
  const promo = body.promo_code ? ensurePromoApplies(body.promo_code, promoFound, ctx.service.id, appointment.date).promo : null;
  const { free: open, candidates } = freeCandidates(ctx, staffId, appointment, now, data, undefined, waitlist?.entryId);
  const customer = forSomeoneElse ? await upsertUserByPhone(db, body.phone!, body.customer_name) : caller;
  // abonements: the customer's own, covering the service (and, for "any master", only the masters it covers).
  const abonement = body.abonement_id === undefined ? null : usableAbonement(abonementFound, customer.id, { serviceId: ctx.service.id, staffId, startAt: appointment.instant.toISOString(), date: appointment.date });
  const covering = abonement && abonement.staffIds.length > 0 ? open.filter((m) => abonement.staffIds.includes(m.staffId)) : open;
  if (abonement && open.length > 0 && covering.length === 0) {
    throw new AppError("abonement_not_covering", "This abonement does not cover the masters free at this time", { field: "abonement_id", staff_ids: abonement.staffIds });
  }
  const free = promo ? mastersForPromo(body.promo_code!, promo, covering) : covering;
  const needs = needsOf(data.resources, ctx.service.id);
  // The claim key the master's ledger gives this request: the units are claimed under the same one.
  const unitKey = requestKey(`${customer.id}:${key}`);
  let roomTaken = false;
  for (const { staffId, start } of free) {
    const booking = draftBooking(env, ctx, staffId, start, customer, {
      phone: forSomeoneElse ? body.phone! : customer.phone,
      customerName: body.customer_name ?? customer.name,
      notes: body.notes ?? null,
      key,
      hash,
      origin,
      withMessage: true,
      certificate,
      promo,
      // No-show deposits are asked of customers booking themselves; the desk knows who it books.
      deposit: caller.role === "customer" ? depositKnown : null,
      abonement,
    }, now);
    if (booking.status === "held") ensureMayAddBookings(caller, load, ctx.settings, { bookings: 1, held: 1 });
    // Resources first (by id), the master last: its ledger writes the row with the units.
    const claimed = await claimUnits(env, needs, unitKey, booking.startAt, booking.endAt, ctx.settings.generation);
    if (!claimed.ok) {
      if (claimed.reason === "unavailable") throw new AppError("ledger_unavailable", "Could not save the booking just now; try again in a few seconds", undefined, { "retry-after": "2" });
      roomTaken = true;
      continue;
    }
    if (claimed.units.length > 0) booking.units = claimed.units;
    const result = await ledgerFor(env, staffId).reserve(booking, ctx.settings.generation, waitlist ? holdKeyOf(waitlist.entryId) : null);
    if (claimed.units.length > 0 && result.ok) {
      const same = result.booking.startAt === booking.startAt && result.booking.endAt === booking.endAt;
      await (same ? bindUnits(env, claimed.units, unitKey, result.booking.id) : releaseUnits(env, claimed.units, unitKey));
    } else if (claimed.units.length > 0 && !result.ok && result.reason !== "unavailable") await releaseUnits(env, claimed.units, unitKey);
    if (result.ok) {
      ensureSameRequest(result.booking.requestHash, hash);
      // A replay may carry another request's add-on prices: read it back; a new booking is all known here.
      const view = result.replayed
        ? (await bookingViews(db, [result.booking], zone))[0]!
        : toView(result.booking, { ...viewPartsOf(ctx, result.booking.id, promo && booking.promo ? { code: promo.code, use: booking.promo } : undefined, abonement ?? undefined), units: unitViews(data.resources, result.booking.id, claimed.units) }, zone);
      // `created` lets the route tell the master and write the back office's history after answering.
      const created = result.replayed ? undefined : { row: result.booking, caller, settings: ctx.settings };
      return { booking: view, replayed: result.replayed, messageKey: dedupeKeyOf("booking_created", view), created };
    }
    // promo: its last uses went to racing bookings while this one was written; nothing was.
    if (result.reason === "promo_refused") throw promoRefused(body.promo_code!, "exhausted");
    if (result.reason === "hold_gone") {
      // A second tap that reached the ledger after the first one booked the time.
      const raced = await findByIdempotencyKey(db, customer.id, key);
      if (!raced) throw new AppError("offer_not_active", "The time held for you has passed to the next customer");
      ensureSameRequest(raced.requestHash, hash);
      return { booking: (await bookingViews(db, [raced], zone))[0]!, replayed: true };
    }
    if (result.reason === "unavailable") {
      throw new AppError("ledger_unavailable", "Could not save the booking just now; try again in a few seconds", undefined, { "retry-after": "2" });
    }
    if (result.reason === "abonement_refused") {
      throw new AppError("abonement_used_up", "The abonement's visits changed meanwhile (booked by another request, frozen or ended); check it and try again", { field: "abonement_id" });
    }
    if (result.reason === "certificate_refused") {
      throw new AppError("certificate_used_up", "The certificate's balance changed meanwhile (used on another booking); check it and try again", { field: "certificate_code" });
    }
  }
  // A retry that raced its own first attempt finds that attempt's booking in
  // the way: answer it as the replay it is, not as a conflict. Both reads go
  // out together: under contention most requests end here.
  const [raced, alternatives] = await Promise.all([
    findByIdempotencyKey(db, customer.id, key),
    findAlternatives(db, ctx, candidates, appointment, now),
  ]);
  if (raced) {
    ensureSameRequest(raced.requestHash, hash);
    return { booking: (await bookingViews(db, [raced], zone))[0]!, replayed: true };
  }
  // A master is free but no unit of a room or machine the service needs is.
  if (roomTaken || (free.length === 0 && needs.length > 0 && freeCandidates(ctx, staffId, appointment, now, data, undefined, waitlist?.entryId, false).free.length > 0)) {
    throw resourceTaken(alternatives);
  }
  throw new AppError("slot_taken", "This time has just been taken; here are the nearest free times", { alternatives });
}
