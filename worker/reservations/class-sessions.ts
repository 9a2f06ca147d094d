// The back office's class sessions: scheduling (weekly repetition), seat
// count and time changes, cancelling. The master's time is held once per
// session, as a time block claimed through the master's ledger (a busy
// master refuses the session like a booking); the seats are counted by the
// session's own ledger (class-seats.ts).
import { readAppointment } from "../booking/appointment.js";
import { addDays, instantToWall, wallTimeToInstant } from "../booking/zoned-time.js";
import type { User } from "../contracts/auth.js";
import type { ClassSession, CreateClassBody, UpdateClassBody } from "../contracts/classes.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor, openClassLedger } from "../ledger/staff-ledger.js";
import { log } from "../lib/log.js";
import { activeServiceRow, staffForService } from "../repo/catalog.js";
import { cancelClassRow, type ClassRow, findClass, findClassListing, insertClass, retimeClass, seatsOf, setClassSeats } from "../repo/classes.js";
import type { Db } from "../repo/db.js";
import { isActive } from "../repo/bookings.js";
import { loadSettings, type SalonSettings } from "../repo/settings.js";
import { findUserById } from "../repo/users.js";
import { changeBooking } from "./change.js";
import { classView } from "./class-seats.js";
import { cancelClassWaitlist } from "./class-waitlist.js";
import { notifyCustomer } from "./notify.js";
import { bookingViews } from "./views.js";
import { loadBookingContext, quoteFor } from "./context.js";

/** Weekly repetition runs at most a year ahead. */
const MAX_WEEKS = 53;

const unavailable = () => new AppError("ledger_unavailable", "Could not save the session just now; try again in a few seconds", undefined, { "retry-after": "2" });

type Conflict = { start_at: string; local_date: string; reason: "master_busy" | "in_past" };

export async function createClasses(db: Db, env: Env, user: User, body: CreateClassBody, now: Date): Promise<{ class: ClassSession; sessions: ClassSession[]; conflicts: Conflict[] }> {
  const [settings, service, masters] = await Promise.all([loadSettings(db), activeServiceRow(db, body.service_id), staffForService(db, body.service_id)]);
  const zone = settings.timeZone;
  if (!service) throw new AppError("not_found", `Service ${body.service_id} does not exist or is not offered`);
  if (!service.isClass) throw new AppError("service_not_class", `"${service.name}" is not a group class; mark it as one first`);
  if (!masters.some((m) => m.id === body.staff_id)) throw new AppError("staff_does_not_do_service", `Master ${body.staff_id} does not do "${service.name}"`);
  const first = readAppointment(body.start_at, zone);
  if (typeof first === "string") throw new AppError("validation_failed", "start_at is not a valid local time", { field: "start_at" });
  const until = body.repeat_weekly_until;
  if (until !== undefined && until < first.date) throw new AppError("validation_failed", "repeat_weekly_until is before the first session", { field: "repeat_weekly_until" });
  const ctx = await loadBookingContext(db, service.id, [], { classes: true });
  const occupiedMs = quoteFor(ctx, body.staff_id).occupiedMin * 60_000;
  const starts: Date[] = [first.instant];
  for (let week = 1; until !== undefined && week < MAX_WEEKS; week++) {
    const date = addDays(first.date, 7 * week);
    if (date > until) break;
    // The same wall time every week (across a clock change too); a time the clocks skip that week is its next real instant.
    const start = wallTimeToInstant(date, first.time, zone);
    if (start) starts.push(start);
  }
  const seriesId = starts.length > 1 ? crypto.randomUUID() : null;
  const made: ClassRow[] = [];
  const conflicts: Conflict[] = [];
  for (const start of starts) {
    const startAt = start.toISOString();
    const endAt = new Date(start.getTime() + occupiedMs).toISOString();
    const local_date = instantToWall(start, zone).date;
    if (start.getTime() <= now.getTime()) {
      conflicts.push({ start_at: startAt, local_date, reason: "in_past" });
      continue;
    }
    const held = await ledgerFor(env, body.staff_id).block({ staffId: body.staff_id, startAt, endAt, reason: `${service.name}`, createdBy: user.id });
    if (!held.ok) {
      if (held.reason === "unavailable") throw unavailable();
      conflicts.push({ start_at: startAt, local_date, reason: "master_busy" });
      continue;
    }
    try {
      made.push(await insertClass(db, { serviceId: service.id, staffId: body.staff_id, startAt, endAt, seats: body.seats, seriesId, blockId: held.block.id }));
    } catch (error) {
      // The master's time goes back; the sessions already made stay.
      log("error", "classes: session write failed", { error: String(error) });
      await ledgerFor(env, body.staff_id).unblock(body.staff_id, held.block.id);
      throw unavailable();
    }
  }
  if (made.length === 0) {
    if (conflicts.every((c) => c.reason === "in_past")) throw new AppError("in_past", "The session would start in the past", { conflicts });
    throw new AppError("slot_taken", "The master is busy at that time", { conflicts });
  }
  const sessions = made.map((r) => classView({ ...r, serviceName: service.name, staffName: masters.find((m) => m.id === r.staffId)!.name, taken: 0 }, zone));
  return { class: sessions[0]!, sessions, conflicts };
}

async function scheduled(db: Db, id: number): Promise<ClassRow> {
  const row = await findClass(db, id);
  if (!row) throw new AppError("not_found", `Class session ${id} does not exist`);
  if (row.status !== "scheduled") throw new AppError("class_cancelled", "This class session was cancelled");
  return row;
}

/** Changes the seat count and/or the time of a session. */
export async function updateClass(db: Db, env: Env, id: number, body: UpdateClassBody, now: Date): Promise<ClassSession> {
  const [row, settings] = await Promise.all([scheduled(db, id), loadSettings(db)]);
  const zone = settings.timeZone;
  if (body.seats !== undefined && body.seats !== row.seats) {
    const { ledger } = await openClassLedger(env, id, settings.generation);
    // The ledger decides against every seat taken at this instant, claims in flight included.
    const result = await ledger.setSeats(id, body.seats, { start: row.startAt, end: row.endAt });
    if (!result.ok) throw new AppError("seats_taken", `${result.taken} seats are already taken`, { taken: result.taken });
    if (!(await setClassSeats(db, id, body.seats))) throw new AppError("not_found", `Class session ${id} does not exist`);
  }
  if (body.start_at !== undefined) {
    const read = readAppointment(body.start_at, zone);
    if (typeof read === "string") throw new AppError("validation_failed", "start_at is not a valid local time", { field: "start_at" });
    if (read.instant.getTime() <= now.getTime()) throw new AppError("in_past", "The session would start in the past");
    const startAt = read.instant.toISOString();
    const endAt = new Date(read.instant.getTime() + (Date.parse(row.endAt) - Date.parse(row.startAt))).toISOString();
    if (startAt !== row.startAt) {
      if (row.blockId === null) throw new AppError("booking_not_active", "This session holds no time of its master");
      const moved = await ledgerFor(env, row.staffId).moveBlock(row.staffId, row.blockId, { start: startAt, end: endAt });
      if (!moved.ok) {
        if (moved.reason === "unavailable") throw unavailable();
        throw new AppError("slot_taken", "The master is busy at that time", { conflicts: moved.conflicts });
      }
      await retimeClass(db, id, startAt, endAt, row.blockId);
      // The seats moved with the session: its ledger reloads them.
      await (await openClassLedger(env, id, settings.generation)).ledger.openClass(id, settings.generation, true);
      await tellSeatsMoved(db, env, id, settings, now);
    }
  }
  return classView((await findClassListing(db, id))!, zone);
}

/**
 * Tells every customer with an active seat that the session moved, as a
 * moved booking tells its customer (the message is keyed to the new time, so
 * each move is told once). The move stands whatever the sending does.
 */
async function tellSeatsMoved(db: Db, env: Env, id: number, settings: SalonSettings, now: Date): Promise<void> {
  const seats = (await seatsOf(db, id)).filter((r) => isActive(r.status));
  const views = await bookingViews(db, seats, settings.timeZone);
  for (const [i, seat] of seats.entries()) {
    try {
      const customer = seat.userId === null ? null : await findUserById(db, seat.userId);
      await notifyCustomer(db, env, "booking_rescheduled", views[i]!, { email: customer?.email ?? null }, settings, now);
    } catch (error) {
      log("error", "classes: telling a seat of the new time failed", { booking_id: seat.id, error: String(error) });
    }
  }
}

/**
 * Cancels a session: no seat can be booked from this step on, every booked
 * seat is cancelled as the salon's cancel (the customer is told, a prepayment
 * refunded per policy), waiting customers' entries end, the master's time is free.
 */
export async function cancelClass(db: Db, env: Env, user: User, id: number, now: Date): Promise<ClassSession> {
  const settings = await loadSettings(db);
  const row = await findClass(db, id);
  if (!row) throw new AppError("not_found", `Class session ${id} does not exist`);
  if (row.status === "scheduled") await cancelClassRow(db, id);
  // Reloaded as cancelled: no seats at all, so nothing is booked or held from here on.
  await (await openClassLedger(env, id, settings.generation)).ledger.openClass(id, settings.generation, true);
  await cancelClassWaitlist(db, id);
  for (const seat of await seatsOf(db, id)) {
    if (isActive(seat.status)) await changeBooking(db, env, user, seat.id, { action: "cancel", reason: "class_cancelled" }, now);
  }
  if (row.blockId !== null) {
    const freed = await ledgerFor(env, row.staffId).unblock(row.staffId, row.blockId);
    if (!freed.ok) throw unavailable();
  }
  return classView((await findClassListing(db, id))!, settings.timeZone);
}
