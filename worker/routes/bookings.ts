import { Hono } from "hono";
import * as v from "valibot";
import { bookingStatuses } from "../../db/schema.js";
import { requestSession, requireUser, signedInUser } from "../auth/session.js";
import { allInOrder } from "../lib/all-in-order.js";
import { findSessionUser } from "../repo/sessions.js";
import { BookingEnvelope, BookingListResult, BookingOriginHeader, CreateBookingBody, UpdateBookingBody } from "../contracts/bookings.js";
import { CalendarDate, IdempotencyKey, QueryCount } from "../contracts/common.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { idParam, jsonBody, parseWith } from "../http/validate.js";
import { listBookings } from "../repo/bookings.js";
import { auditInsert } from "../repo/audit.js";
import type { Booking } from "../contracts/bookings.js";
import { requestDb } from "../repo/db.js";
import { masterMessages } from "../reservations/staff-notify.js";
import { loadSettings } from "../repo/settings.js";
import { wallTimeToInstant } from "../booking/zoned-time.js";
import { changeBooking, type OnChanged, visibleBooking } from "../reservations/change.js";
import { bookingFacts, changeRecorder } from "../reservations/change-record.js";
import { createBooking } from "../reservations/create.js";
import { dispatchSoon, writeThenDispatch } from "../notify/dispatcher.js";
import { bookingViews } from "../reservations/views.js";
import { doc } from "../http/openapi.js";
import { countRequest } from "../http/rate-limit.js";

export const bookingsRoutes = new Hono<AppEnv>();

// POST reads the caller together with everything else it needs (one round
// trip), so it checks the session itself instead of through requireUser.
bookingsRoutes.post("/", doc({ tag: "Bookings", summary: "Book a service with a master (or \"any\")", description: "`appointment_datetime` without an offset is salon wall time. A customer's booking uses the account's verified phone (another `phone` is 403 `phone_not_own`); staff and admins book for the customer whose phone they give (a number of a country the salon serves). A customer holds at most `max_active_bookings` upcoming bookings, `max_held_bookings` of them held. A service that needs a prepayment is `held` until paid (`hold_expires_at`). A `certificate_code` pays up to the whole price from the gift certificate (spent with the booking, atomically): its part comes off the prepayment first, `money.certificate_used` shows it and `money.left_to_pay` is what remains. An `abonement_id` (the customer's own active abonement covering the service and master) pays the service's price, add-ons are paid as usual: a visit is reserved with the booking, atomically, spent on completion, given back on a cancel the refund policy refunds in full (`money.abonement_used`).", access: "signed_in", rateLimited: "booking", idempotencyKey: true, headers: BookingOriginHeader, body: CreateBookingBody, responses: { 201: ["`pending`, or `held` with a prepayment", BookingEnvelope], 403: "`phone_not_own`: a customer gave another phone; `forbidden`: a master books only on themselves", 404: "`not_found`: no such service or master", 409: "`slot_taken` with `details.alternatives`; `resource_taken` (a master is free but no unit of a room or machine the service needs is) with `details.alternatives`; `book_via_yclients` for a YClients service; `too_many_active_bookings`, `too_many_held_bookings`", 422: "A time the rules refuse: `off_grid`, `in_past`, `too_soon`, `beyond_horizon`, `outside_working_hours`, `in_break`, `idempotency_key_reused`…; `phone_country_not_served`, `invalid_phone` for staff booking for a number; a `certificate_code` that cannot pay: `certificate_not_found`, `certificate_expired`, `certificate_used_up`, `certificate_void`, `certificate_wrong_service`; `promo_code_invalid` with `details.promo_code` and `details.reason`; an `abonement_id` that cannot pay: `abonement_not_found`, `abonement_not_active`, `abonement_expired`, `abonement_used_up`, `abonement_not_covering`, `abonement_frozen`, `abonement_daily_limit`, `abonement_not_combinable` (no booking is made)", 429: "`rate_limited`: too many bookings, or too many certificate codes tried (per client and per account)" } }), async (c) => {
  const session = await requestSession(c.req.header("authorization"), c.env.JWT_SECRET);
  const header = c.req.header("idempotency-key");
  if (!header) {
    throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per booking) so a retry cannot book twice");
  }
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const origin = parseWith(BookingOriginHeader, { "X-Booking-Origin": c.req.header("x-booking-origin") }, "X-Booking-Origin")["X-Booking-Origin"];
  const body = await jsonBody(c, CreateBookingBody);
  // certificates: every code tried counts, per client and per account.
  if (body.certificate_code !== undefined) await countRequest(c, "certificate_codes", session.userId);
  const db = requestDb(c);
  const now = new Date();
  const { booking, replayed, messageKey, created } = await createBooking(db, c.env, session, key, body, now, origin);
  if (created && messageKey !== undefined) {
    // After the answer, in one batch: the back office's history (bookings the
    // salon makes for a client) and the master's message, with the read of the
    // customer's message, which is then sent.
    const { row, caller, settings } = created;
    const audit = caller.role === "customer" ? [] : [auditInsert(db, caller, { action: "create", entity: "booking", entityId: booking.id, after: bookingFacts(booking) })];
    const messages = masterMessages(db, c.env, null, row, booking.service?.name ?? null, settings, now);
    c.executionCtx.waitUntil(afterAnswer().then(() => writeThenDispatch(db, c.env, [...audit, ...messages], messageKey)));
  }
  c.header("idempotent-replayed", String(replayed));
  return c.json({ booking }, 201);
});

const ListQuery = v.object({
  from: v.optional(CalendarDate),
  to: v.optional(CalendarDate),
  staff_id: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, "staff_id is a master id"), v.transform(Number))),
  status: v.optional(v.picklist(bookingStatuses, `status is one of ${bookingStatuses.join(", ")}`)),
  limit: v.optional(v.pipe(QueryCount("limit", 200), v.minValue(1, "limit must be at least 1")), "50"),
  offset: v.optional(QueryCount("offset", 1_000_000), "0"),
});

// Reads the caller with the salon settings (one round trip), then the page, then its views.
bookingsRoutes.get("/", doc({ tag: "Bookings", summary: "Bookings: customers see their own, masters their schedule, admins all", description: "`from`/`to` are salon dates, `to` inclusive.", access: "signed_in", query: ListQuery, responses: { 200: ["A page of bookings; `next_offset` is null on the last page", BookingListResult] } }), async (c) => {
  const session = await requestSession(c.req.header("authorization"), c.env.JWT_SECRET);
  const q = parseWith(ListQuery, c.req.query(), "query");
  const db = requestDb(c);
  const [userRow, { timeZone }] = await allInOrder([findSessionUser(db, session), loadSettings(db)] as const);
  const user = signedInUser(userRow);
  const dayStart = (date: string, what: string) => {
    const instant = wallTimeToInstant(date, "00:00", timeZone);
    if (!instant) throw new AppError("validation_failed", `${what} is not a valid date`);
    return instant.toISOString();
  };
  // A customer sees their own bookings; a master their own schedule; an admin everything.
  const scope =
    user.role === "admin" ? { staffId: q.staff_id } : user.role === "staff" ? { staffId: user.staff_id ?? -1 } : { userId: user.id };
  const rows = await listBookings(db, {
    ...scope,
    status: q.status,
    from: q.from ? dayStart(q.from, "from") : undefined,
    // `to` is inclusive: everything starting before the next midnight.
    to: q.to ? dayStart(nextDay(q.to), "to") : undefined,
    limit: q.limit + 1,
    offset: q.offset,
  });
  const page = rows.slice(0, q.limit);
  return c.json({
    bookings: await bookingViews(db, page, timeZone),
    limit: q.limit,
    offset: q.offset,
    next_offset: rows.length > q.limit ? q.offset + q.limit : null,
  });
});

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return Number.isNaN(d.getTime()) ? date : d.toISOString().slice(0, 10);
}

bookingsRoutes.get("/:id", doc({ tag: "Bookings", summary: "One booking", access: "signed_in", params: { id: "Booking id" }, responses: { 200: ["The booking", BookingEnvelope], 403: "`forbidden`: someone else's", 404: "`not_found`" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const [row, { timeZone }] = await Promise.all([visibleBooking(db, c.get("user"), idParam(c)), loadSettings(db)]);
  return c.json({ booking: (await bookingViews(db, [row], timeZone))[0] });
});

bookingsRoutes.patch("/:id", doc({ tag: "Bookings", summary: "Cancel, reschedule, or mark completed / no-show (staff)", description: "Customers may cancel or move until the cancellation window, giving one of the fixed reasons for a cancel. Cancelling a paid booking refunds per the salon's policy, its window counted from the booking's original start. A move to another master takes that master's own price: a lower one at once, a higher one only with `accept_price_minor`. Repeating a change is safe: it finishes what an outage cut short, once.", access: "signed_in", rateLimited: "booking", params: { id: "Booking id" }, body: UpdateBookingBody, responses: { 200: ["The booking after the change", BookingEnvelope], 403: "`forbidden`", 404: "`not_found`", 409: "`slot_taken` (with alternatives), `booking_not_active`, `price_changed` (a move to a master whose own price is higher: `details` has `old_price_minor`, `new_price_minor`, `currency`, `staff_id`; send `accept_price_minor` equal to the new price to move), `reschedule_not_allowed`, `yclients_refused` (YClients refused the change for good: `details.status`, `details.yclients_message`)", 422: "`cancellation_window_passed`, `not_started_yet`, or a time the rules refuse; a move the booking's abonement does not cover: `abonement_expired`, `abonement_frozen`, `abonement_not_covering`", 503: "`yclients_unavailable` (Retry-After), `ledger_unavailable`" } }), async (c) => {
  // The caller is read with the booking (one round trip), so the session is
  // checked here, not by requireUser; its answers (401, 503) still come first.
  const session = await requestSession(c.req.header("authorization"), c.env.JWT_SECRET);
  const db = requestDb(c);
  let id: number;
  try {
    id = idParam(c);
  } catch (error) {
    signedInUser(await findSessionUser(db, session));
    throw error;
  }
  // Read by changeBooking once the caller is known (400 after 401/503, as before).
  let change: UpdateBookingBody | undefined;
  const readChange = async () => (change = await jsonBody(c, UpdateBookingBody));
  const now = new Date();
  // The booking's history and the masters' messages ride in the batch that writes the customer's message.
  // Who made the change is known once the batch that reads the booking has read them too.
  const record: OnChanged = (before, after, settings, view, caller) => changeRecorder(db, c.env, caller, id, change?.action ?? "cancel", now)(before, after, settings, view, caller);
  const booking = await changeBooking(db, c.env, session, id, readChange, now, record);
  // As after a booking: the customer's message goes out once the answer has.
  c.executionCtx.waitUntil(afterAnswer().then(() => dispatchSoon(db, c.env)));
  return c.json({ booking });
});

/** Lets the response go out before after-answer writes start. */
const afterAnswer = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
