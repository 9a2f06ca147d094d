// POST /visits: several services in one visit, reserved across the masters'
// ledgers all or nothing. The visit row is written first (`reserving`), then
// each item is claimed in its master's ledger as a booking tied to the visit,
// in a fixed order (master id, then time) so two visits racing for the same
// masters meet at the same first ledger and one of them wins. A refused item
// releases the ones before it; the last step marks the visit `booked` with
// the customer's messages in one write. Rules: worker/booking/README.md.
import { readAppointment } from "../booking/appointment.js";
import { VisitSearch } from "../booking/visit-slots.js";
import { addDays, instantToWall } from "../booking/zoned-time.js";
import { signedInUser, type Session } from "../auth/session.js";
import { findSessionUser } from "../repo/sessions.js";
import type { Booking, BookingOrigin } from "../contracts/bookings.js";
import type { CreateVisitBody, Visit } from "../contracts/visits.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { allInOrder } from "../lib/all-in-order.js";
import { type BookingRow, findByIdempotencyKey, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { bookingsOfVisits, findVisitByKey, itemKey, openVisit, retryVisit, settleVisitWrite, type VisitRow } from "../repo/visits.js";
import { rulesOf } from "./availability.js";
import { appointmentDates, draftBooking, ensureSameRequest, refusalFor, requestHash } from "./create.js";
import { ensureInternalVisit, loadVisitPlan, VISIT_SEARCH_DAYS, visitAlternatives, visitInputs } from "./visit-plan.js";
import { attemptItems, ledgerUnavailable, markBooked, releaseItems, settleStale, STALE_VISIT_MS, visitView } from "./visit-settle.js";
import { bookingViews, toView } from "./views.js";
import { viewPartsOf } from "./context.js";
import { accountLoad } from "../repo/account-load.js";
import { ensureMayAddBookings } from "./account-caps.js";
import { promoForBooking } from "../repo/promo.js";
import { coversMaster, ensurePromoApplies, promoRefused } from "../payments/promo.js";
import { requestKey } from "../ledger/claims.js";
import { needsOf } from "./resource-slots.js";
import { bindUnits, claimUnits, freeUnits, type HeldUnit, releaseUnits } from "./resources.js";
import { certificateByCode } from "../repo/certificates.js";
import { normaliseCode } from "../payments/certificate-codes.js";
import { depositFacts } from "../repo/deposit-facts.js";
import { abonementItems, abonementRaced, certificateRaced, certificateShares, dueAhead, visitCertificate } from "./visit-money.js";
import { abonementForBooking } from "../repo/abonements.js";

export interface CreatedVisit {
  visit: Visit;
  replayed: boolean;
}

export async function createVisit(db: Db, env: Env, session: Session, key: string, body: CreateVisitBody, now: Date, origin: BookingOrigin = "online"): Promise<CreatedVisit> {
  const dates = appointmentDates(body.appointment_datetime);
  if (!dates) throw new AppError("validation_failed", "appointment_datetime is not a valid date and time");
  const callerId = session.userId;
  // certificates: the code's certificate and the no-show facts are read with the rest (no extra round trip).
  const certificateCode = body.certificate_code === undefined ? undefined : normaliseCode(body.certificate_code);
  // abonements: as on a single booking, an abonement pays the services themselves; a code on top would pay them twice.
  if (body.abonement_id !== undefined && (body.promo_code !== undefined || body.certificate_code !== undefined)) {
    throw new AppError("abonement_not_combinable", "A visit paid with an abonement takes no promo code or certificate", { field: body.promo_code !== undefined ? "promo_code" : "certificate_code" });
  }
  const [callerRow, earlier, firstPlan, hash, load, promoFound, certificateRow, depositKnown, abonementFound] = await allInOrder([
    findSessionUser(db, session),
    findVisitByKey(db, callerId, key),
    // A week more than asked: the alternatives of a taken time come from the same read.
    loadVisitPlan(db, body.items, dates.from, addDays(dates.to, VISIT_SEARCH_DAYS)),
    requestHash(key, body),
    accountLoad(db, callerId, now, now.toISOString().slice(0, 10)),
    // promo: read with the rest (no extra round trip).
    body.promo_code ? promoForBooking(db, body.promo_code, { userId: callerId }) : Promise.resolve(null),
    certificateCode ? certificateByCode(db, certificateCode) : Promise.resolve(null),
    depositFacts(db, callerId, now),
    // abonements: read with the rest, each item's visit reserved in its own write.
    body.abonement_id !== undefined ? abonementForBooking(db, body.abonement_id) : Promise.resolve(null),
  ] as const);
  const caller = signedInUser(callerRow);
  let plan = firstPlan;
  const settings = plan.contexts[0]!.settings;
  const zone = settings.timeZone;

  let visit: VisitRow | null = earlier;
  if (visit) {
    ensureSameRequest(visit.requestHash, hash);
    if (visit.status === "reserving") {
      // Another request is still working on it, or its worker died half way.
      if (now.getTime() - Date.parse(visit.updatedAt) < STALE_VISIT_MS) throw ledgerUnavailable();
      const settled = await settleStale(db, env, visit, settings, now);
      if (settled === null) throw ledgerUnavailable();
      visit = { ...visit, status: settled };
      // Read again: the schedules still held the items just given back.
      if (settled === "failed") plan = await loadVisitPlan(db, body.items, dates.from, addDays(dates.to, VISIT_SEARCH_DAYS));
    }
    if (visit.status === "booked") {
      const rows = attemptItems(visit, await bookingsOfVisits(db, [visit.id]));
      return { visit: visitView(visit, await bookingViews(db, rows, zone)), replayed: true };
    }
  }

  await ensureInternalVisit(env, plan);
  const appointment = readAppointment(body.appointment_datetime, zone);
  if (typeof appointment === "string") {
    throw new AppError("validation_failed", appointment === "nonexistent_local_time"
      ? "That local time does not exist (the clocks skip it); pick another"
      : "appointment_datetime is not a valid date and time");
  }
  const rules = rulesOf(settings);
  // One search for the request: the fit and the alternatives reuse what the day worked out.
  const search = new VisitSearch(rules, visitInputs(plan), now);
  const day = search.day(appointment.date);
  const asked = appointment.instant.toISOString();
  const start = day.grid.find((s) => (appointment.exact ? s.start === asked : s.time === appointment.time));
  if (!start) {
    if (day.status !== "open") throw refusalFor(day.status)!;
    throw new AppError("off_grid", `Visits start on the ${rules.stepMin}-minute grid within working hours; ${appointment.time} is not one of them`);
  }
  // promo: one use per visit, on the first item (in the request's order) whose service the code covers.
  const promoFor = body.promo_code
    ? (() => {
        const index = plan.contexts.findIndex((ctx) => promoFound?.promo.serviceIds.length === 0 || promoFound?.promo.serviceIds.includes(ctx.service.id));
        const found = ensurePromoApplies(body.promo_code!, promoFound, plan.contexts[Math.max(0, index)]!.service.id, appointment.date);
        return { promo: found.promo, index };
      })()
    : null;
  const certificate = body.certificate_code === undefined ? null : visitCertificate(certificateRow, plan, now);
  const fit = search.fit(start.start);
  const conflict = () =>
    new AppError("slot_taken", "This time has just been taken for part of the visit; here are the nearest times the whole visit fits", {
      alternatives: visitAlternatives(plan, search, appointment),
    });
  if (!fit.ok) {
    if (fit.reason === "booked") {
      // A retry racing its own first attempt sees that attempt's items in the way: answer it as the replay it is.
      const raced = visit ? null : await findVisitByKey(db, caller.id, key);
      if (raced && raced.status !== "failed") return createVisit(db, env, session, key, body, now, origin);
      throw conflict();
    }
    const refusal = refusalFor(fit.reason)!;
    throw new AppError(refusal.code, `Service ${fit.item + 1} of the visit: ${refusal.message}`, { reason: fit.reason, item: fit.item });
  }

  // A retry of a failed attempt holds nothing, so it is capped like a new visit.
  // onepay: the visit's held items wait for one payment, so they count as one hold.
  // No-show deposits are asked of customers booking themselves, per item as on a single booking.
  const deposit = caller.role === "customer" ? depositKnown : null;
  // abonements: the items it pays are known before anything is written (a refusal opens no visit).
  const abonement = body.abonement_id === undefined
    ? null
    : abonementItems(abonementFound, caller.id, fit.items.map((placed, index) => ({ serviceId: plan.contexts[index]!.service.id, staffId: placed.staffId, startAt: placed.start, date: instantToWall(new Date(placed.start), zone).date })));
  const held = fit.items.some((placed, index) => dueAhead(plan.contexts[index]!, placed.staffId, deposit, abonement?.paid.has(index) ?? false) > 0) ? 1 : 0;
  ensureMayAddBookings(caller, load, settings, { bookings: fit.items.length, held });

  visit = visit ? await retryVisit(db, visit) : await openVisit(db, { userId: caller.id, key, hash, itemCount: body.items.length });
  if (visit.status !== "reserving") return createVisit(db, env, session, key, body, now, origin);

  if (promoFor && !coversMaster(promoFor.promo, fit.items[promoFor.index]!.staffId)) throw promoRefused(body.promo_code!, "master_not_covered");
  // certificates: the balance pays the items in the request's order, each item's part after its promo discount.
  const shares = certificateShares(certificate);
  const drafts = fit.items.map((placed, index) => {
    const booking = draftBooking(env, plan.contexts[index]!, placed.staffId, placed.start, caller, {
      phone: caller.phone,
      customerName: caller.name,
      notes: body.notes ?? null,
      key: itemKey(visit, index),
      hash,
      origin,
      visitId: visit.id,
      withMessage: false,
      promo: promoFor?.index === index ? promoFor.promo : null,
      deposit,
      certificate: shares.offer(plan.contexts[index]!.service.id),
      abonement: abonement?.paid.has(index) ? abonement.abonement : null,
    }, now);
    shares.spent(booking.certificateMinor ?? 0);
    return { index, booking };
  });
  // One fixed order across all visits: two visits wanting the same masters
  // contend at the same first ledger, so one of them gets every item.
  const order = [...drafts].sort((a, b) => a.booking.staffId - b.booking.staffId || a.booking.startAt.localeCompare(b.booking.startAt));
  const booked: BookingRow[] = [];
  const views: Booking[] = [];
  const heldUnits: { bookingId: number; units: HeldUnit[] }[] = [];
  const giveBack = () => Promise.all(heldUnits.map((h) => freeUnits(env, h.bookingId, h.units)));
  for (const { booking, index } of order) {
    // Each item's rooms and machines first, then its master (resources.ts).
    const ctx = plan.contexts[index]!;
    const unitKey = requestKey(`${caller.id}:${booking.idempotencyKey}`);
    const claimed = await claimUnits(env, needsOf(plan.data.resources, ctx.service.id), unitKey, booking.startAt, booking.endAt, settings.generation);
    if (!claimed.ok) {
      if (!(await releaseItems(db, env, booked, settings.generation, now))) throw ledgerUnavailable();
      await giveBack();
      await settleVisitWrite(db, visit, "failed");
      if (claimed.reason === "unavailable") throw ledgerUnavailable();
      throw conflict();
    }
    if (claimed.units.length > 0) booking.units = claimed.units;
    const result = await ledgerFor(env, booking.staffId).reserve(booking, settings.generation);
    if (claimed.units.length > 0) {
      if (result.ok) await bindUnits(env, claimed.units, unitKey, result.booking.id);
      else if (result.reason !== "unavailable") await releaseUnits(env, claimed.units, unitKey);
      if (result.ok) heldUnits.push({ bookingId: result.booking.id, units: claimed.units });
    }
    // A request joining an attempt in flight meets that attempt's item in the
    // ledger once it is written: the row under the item's key is ours, not a conflict.
    const row = result.ok ? result.booking : result.reason === "overlap" ? await findByIdempotencyKey(db, caller.id, booking.idempotencyKey) : null;
    if (row && isActive(row.status)) {
      booked.push(row);
      // Answered from what this request holds: the item keys are ours, so even a replayed row was made from this body.
      const paidBy = abonement?.paid.has(index) ? abonement.abonement : undefined;
      views.push(toView(row, viewPartsOf(plan.contexts[index]!, row.id, promoFor?.index === index && booking.promo ? { code: promoFor.promo.code, use: booking.promo } : undefined, paidBy), zone));
      continue;
    }
    // Give back what this attempt holds; the visit is failed only once all is given back.
    if (!(await releaseItems(db, env, booked, settings.generation, now))) throw ledgerUnavailable();
    await giveBack();
    await settleVisitWrite(db, visit, "failed");
    if (!result.ok && result.reason === "unavailable") throw ledgerUnavailable();
    if (!result.ok && result.reason === "promo_refused") throw promoRefused(body.promo_code!, "exhausted");
    if (!result.ok && result.reason === "certificate_refused") throw certificateRaced();
    if (!result.ok && result.reason === "abonement_refused") throw abonementRaced();
    throw conflict();
  }
  if (!(await markBooked(db, env, visit, booked, views, caller, settings, now))) {
    // Taken for dead and rolled back by a retry meanwhile: that retry answers the client.
    throw ledgerUnavailable();
  }
  return { visit: visitView({ ...visit, status: "booked" }, views), replayed: false };
}

