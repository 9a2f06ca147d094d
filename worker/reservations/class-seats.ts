// POST /classes/{id}/seats: a seat is a booking of the class's service with
// its master at the session's time, counted by the session's ledger
// (`class:<id>`, worker/ledger/seats.ts) rather than the master's, whose time
// the session holds once. Everything else a booking has (prepayment hold,
// messages with manage links, reminders, reviews, statistics) it has too.
import { instantToWall } from "../booking/zoned-time.js";
import type { User } from "../contracts/auth.js";
import type { Booking, BookingOrigin } from "../contracts/bookings.js";
import type { BookSeatBody, ClassSession } from "../contracts/classes.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { openClassLedger } from "../ledger/staff-ledger.js";
import { allInOrder } from "../lib/all-in-order.js";
import { ensurePhoneServed } from "../lib/phone-country.js";
import { signedInUser, type Session } from "../auth/session.js";
import { accountLoad } from "../repo/account-load.js";
import { type BookingRow, findByIdempotencyKey, findByIdempotencyKeyForPhone } from "../repo/bookings.js";
import { type ClassListing, classesBetween, findClassListing } from "../repo/classes.js";
import type { Db } from "../repo/db.js";
import { findSessionUser } from "../repo/sessions.js";
import type { SalonSettings } from "../repo/settings.js";
import { upsertUserByPhone } from "../repo/users.js";
import { ensureMayAddBookings } from "./account-caps.js";
import { loadBookingContext, viewPartsOf } from "./context.js";
import { draftBooking, ensureSameRequest, requestHash } from "./create.js";
import { dedupeKeyOf } from "./notify.js";
import { bookingViews, toView } from "./views.js";
import { holdKeyOf } from "./waitlist-wishes.js";

export function classView(c: ClassListing, zone: string): ClassSession {
  const wall = instantToWall(new Date(c.startAt), zone);
  return {
    id: c.id,
    service: { id: c.serviceId, name: c.serviceName },
    staff: { id: c.staffId, name: c.staffName },
    start_at: c.startAt,
    end_at: c.endAt,
    local_date: wall.date,
    local_time: wall.time,
    seats: c.seats,
    seats_left: c.status === "scheduled" ? Math.max(0, c.seats - c.taken) : 0,
    status: c.status,
    series_id: c.seriesId,
  };
}

/** The next sessions of the same service with a seat left (what a full session offers instead). */
async function nextWithSeats(db: Db, session: ClassListing, zone: string): Promise<ClassSession[]> {
  const later = await classesBetween(db, session.startAt, new Date(Date.parse(session.startAt) + 60 * 86_400_000).toISOString(), { serviceId: session.serviceId });
  return later.filter((c) => c.id !== session.id && c.taken < c.seats).slice(0, 3).map((c) => classView(c, zone));
}

export interface SeatOutcome {
  booking: Booking;
  replayed: boolean;
  messageKey?: string;
  created?: { row: BookingRow; caller: User; settings: SalonSettings };
}

/**
 * Round trips: one read batch (caller, session, an earlier seat with this
 * key, the account's load), one for the service and the salon, then the
 * ledger's write of the seat with its message.
 */
export async function bookSeat(
  db: Db,
  env: Env,
  callerOrSession: User | Session,
  key: string,
  classId: number,
  body: BookSeatBody,
  now: Date,
  origin: BookingOrigin = "online",
  /** Booking the seat a waitlist entry holds: that hold is not in the way, and the ledger hands it over. */
  waitlist?: { entryId: number },
): Promise<SeatOutcome> {
  const callerId = "userId" in callerOrSession ? callerOrSession.userId : callerOrSession.id;
  const [callerRow, session, earlierOwn, earlierForPhone, hash, load] = await allInOrder([
    "userId" in callerOrSession ? findSessionUser(db, callerOrSession) : Promise.resolve(callerOrSession),
    findClassListing(db, classId),
    findByIdempotencyKey(db, callerId, key),
    body.phone ? findByIdempotencyKeyForPhone(db, body.phone, key) : Promise.resolve(null),
    requestHash(key, { class_id: classId, ...body }),
    accountLoad(db, callerId, now, now.toISOString().slice(0, 10)),
  ] as const);
  const caller = signedInUser(callerRow);
  if (!session) throw new AppError("not_found", `Class session ${classId} does not exist`);
  if (caller.role === "customer" && body.phone !== undefined && body.phone !== caller.phone) {
    throw new AppError("phone_not_own", "Your bookings use your account's phone; only the salon's staff book for another number", { phone: caller.phone });
  }
  const forSomeoneElse = caller.role !== "customer" && body.phone !== undefined && body.phone !== caller.phone;
  const earlier = forSomeoneElse ? earlierForPhone : earlierOwn;
  const ctx = await loadBookingContext(db, session.serviceId, [], { classes: true });
  const zone = ctx.settings.timeZone;
  if (earlier) {
    ensureSameRequest(earlier.requestHash, hash);
    return { booking: (await bookingViews(db, [earlier], zone))[0]!, replayed: true };
  }
  if (session.status !== "scheduled") throw new AppError("class_cancelled", "This class session was cancelled", { next: await nextWithSeats(db, session, zone) });
  if (Date.parse(session.startAt) <= now.getTime()) throw new AppError("in_past", "This class session has already started");
  if (forSomeoneElse) ensurePhoneServed(body.phone!, ctx.settings.phoneCountries);
  ensureMayAddBookings(caller, load, ctx.settings, { bookings: 1, held: 0 });
  const customer = forSomeoneElse ? await upsertUserByPhone(db, body.phone!, body.customer_name) : caller;
  const draft = draftBooking(env, ctx, session.staffId, session.startAt, customer, {
    phone: forSomeoneElse ? body.phone! : customer.phone,
    customerName: body.customer_name ?? customer.name,
    notes: body.notes ?? null,
    key,
    hash,
    origin,
    withMessage: true,
  }, now);
  if (draft.status === "held") ensureMayAddBookings(caller, load, ctx.settings, { bookings: 1, held: 1 });
  // Every seat spans the whole session: that is what the class's ledger counts.
  const booking = { ...draft, endAt: session.endAt, classId };
  const { ledger } = await openClassLedger(env, classId, ctx.settings.generation);
  const result = await ledger.reserve(booking, ctx.settings.generation, waitlist ? holdKeyOf(waitlist.entryId) : null);
  if (result.ok) {
    ensureSameRequest(result.booking.requestHash, hash);
    const view = result.replayed ? (await bookingViews(db, [result.booking], zone))[0]! : toView(result.booking, viewPartsOf(ctx, result.booking.id), zone);
    const created = result.replayed ? undefined : { row: result.booking, caller, settings: ctx.settings };
    return { booking: view, replayed: result.replayed, messageKey: dedupeKeyOf("booking_created", view), created };
  }
  if (result.reason === "unavailable") {
    throw new AppError("ledger_unavailable", "Could not save the seat just now; try again in a few seconds", undefined, { "retry-after": "2" });
  }
  // A retry that raced its own first attempt finds that attempt's seat: it is the replay.
  const raced = await findByIdempotencyKey(db, customer.id, key);
  if (raced) {
    ensureSameRequest(raced.requestHash, hash);
    return { booking: (await bookingViews(db, [raced], zone))[0]!, replayed: true };
  }
  if (result.reason === "hold_gone") throw new AppError("offer_not_active", "The seat held for you has passed to the next customer");
  throw new AppError("class_full", "Every seat of this session is taken; join the waitlist or pick another session", {
    waitlist: true,
    next: await nextWithSeats(db, session, zone),
  });
}
