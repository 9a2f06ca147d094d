// POST /bookings: the checks a person can act on first (service, add-ons,
// master, grid, time rules), then the master's ledger decides for real.
import type { SlotReason } from "../booking/slots.js";
import { readAppointment } from "../booking/appointment.js";
import { sha256Hex } from "../lib/digest.js";
import type { User } from "../contracts/auth.js";
import type { Booking, CreateBookingBody } from "../contracts/bookings.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { findByIdempotencyKey, type NewBooking } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { upsertUserByPhone } from "../repo/users.js";
import { findAlternatives } from "./alternatives.js";
import { loadSchedules, plansFor, rulesOf } from "./availability.js";
import { type BookingContext, candidatesFor, loadBookingContext, planQueryOf, quoteFor } from "./context.js";
import { notifyCustomer } from "./notify.js";
import { notifyMasters } from "./staff-notify.js";
import { bookingViews } from "./views.js";
import { ensureInternalBooking } from "../yclients/routing.js";

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

function ensureSameRequest(stored: string | null, hash: string) {
  if (stored !== hash) {
    throw new AppError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different booking; send a new key for a new booking",
    );
  }
}

/** Which masters can take this time, or the refusal to give when none can. */
export async function freeCandidates(db: Db, ctx: BookingContext, staffId: number | "any", appointment: { date: string; time: string }, now: Date, excludeBookingId?: number) {
  const candidates = candidatesFor(ctx, staffId);
  const rules = rulesOf(ctx.settings);
  const schedules = await loadSchedules(db, candidates.map((m) => m.id), appointment.date, appointment.date, { excludeBookingId });
  const plans = plansFor(rules, schedules, planQueryOf(ctx, appointment.date, now));
  const slots = plans.map((p) => ({ staffId: p.staffId, slot: p.plan.slots.find((s) => s.time === appointment.time) }));
  if (slots.every((s) => s.slot === undefined)) {
    const closed = plans.map((p) => p.plan.status).find((status) => status !== "open");
    if (closed && plans.every((p) => p.plan.status !== "open")) throw refusalFor(closed)!;
    throw new AppError("off_grid", `Bookings start on the ${rules.stepMin}-minute grid within working hours; ${appointment.time} is not one of them`);
  }
  const free = slots.filter((s) => s.slot?.available).map((s) => ({ staffId: s.staffId, start: s.slot!.start }));
  const refusal = free.length === 0 ? slots.map((s) => refusalFor(s.slot?.reason)).find((e) => e !== null) : undefined;
  // "booked" everywhere is a conflict (409 with alternatives), not a refusal.
  if (refusal && slots.every((s) => s.slot?.reason !== "booked")) throw refusal;
  return { free, candidates };
}

export async function createBooking(
  db: Db,
  env: Env,
  caller: User,
  key: string,
  body: CreateBookingBody,
  now: Date,
): Promise<{ booking: Booking; replayed: boolean }> {
  // Staff and admins book for the customer whose phone they enter.
  const customer =
    caller.role !== "customer" && body.phone && body.phone !== caller.phone
      ? await upsertUserByPhone(db, body.phone, body.customer_name)
      : caller;
  const hash = await requestHash(key, body);
  const ctx = await loadBookingContext(db, body.service_id, body.additional_services);
  const zone = ctx.settings.timeZone;

  const earlier = await findByIdempotencyKey(db, customer.id, key);
  if (earlier) {
    ensureSameRequest(earlier.requestHash, hash);
    return { booking: (await bookingViews(db, [earlier], zone))[0]!, replayed: true };
  }
  // Services linked to YClients are booked in its widget unless it is down.
  await ensureInternalBooking(env, ctx);

  const appointment = readAppointment(body.appointment_datetime, zone);
  if (typeof appointment === "string") {
    throw new AppError("validation_failed", appointment === "nonexistent_local_time"
      ? "That local time does not exist (the clocks skip it); pick another"
      : "appointment_datetime is not a valid date and time");
  }
  const { free, candidates } = await freeCandidates(db, ctx, body.staff_id, appointment, now);
  for (const { staffId, start } of free) {
    // Each master may have their own price and duration for the service.
    const priced = quoteFor(ctx, staffId);
    const occupiedMs = priced.occupiedMin * 60_000;
    const held = priced.prepaymentMinor > 0;
    const booking: NewBooking = {
      userId: customer.id,
      serviceId: ctx.service.id,
      staffId,
      startAt: start,
      endAt: new Date(Date.parse(start) + occupiedMs).toISOString(),
      status: held ? "held" : "pending",
      phone: body.phone ?? customer.phone,
      customerName: body.customer_name ?? customer.name,
      notes: body.notes ?? null,
      priceTotalMinor: priced.totalMinor,
      prepaymentMinor: priced.prepaymentMinor,
      currency: priced.currency,
      holdExpiresAt: held ? new Date(now.getTime() + ctx.settings.holdTtlMin * 60_000).toISOString() : null,
      idempotencyKey: key,
      requestHash: hash,
      addons: ctx.addons.map((a) => ({ serviceId: a.id, durationMin: a.durationMin, priceMinor: a.priceMinor })),
    };
    const result = await ledgerFor(env, staffId).reserve(booking);
    if (result.ok) {
      ensureSameRequest(result.booking.requestHash, hash);
      const [view] = await bookingViews(db, [result.booking], zone);
      if (!result.replayed) {
        await notifyCustomer(db, env, "booking_created", view!, customer, ctx.settings, now);
        await notifyMasters(db, env, null, result.booking, now, ctx.settings);
      }
      return { booking: view!, replayed: result.replayed };
    }
    if (result.reason === "unavailable") {
      throw new AppError("ledger_unavailable", "Could not save the booking just now; try again in a few seconds", undefined, { "retry-after": "2" });
    }
  }
  // A retry that raced its own first attempt finds that attempt's booking in
  // the way: answer it as the replay it is, not as a conflict.
  const raced = await findByIdempotencyKey(db, customer.id, key);
  if (raced) {
    ensureSameRequest(raced.requestHash, hash);
    return { booking: (await bookingViews(db, [raced], zone))[0]!, replayed: true };
  }
  const alternatives = await findAlternatives(db, ctx, candidates, appointment, now);
  throw new AppError("slot_taken", "This time has just been taken; here are the nearest free times", { alternatives });
}
