// /classes: group class sessions with the seats left, and booking a seat.
import { Hono } from "hono";
import { requestSession, requireUser } from "../auth/session.js";
import { WaitlistEntryEnvelope } from "../contracts/waitlist.js";
import { joinClassWaitlist } from "../reservations/class-waitlist.js";
import { entryView } from "../reservations/waitlist.js";
import { addDays } from "../booking/zoned-time.js";
import { BookingOriginHeader } from "../contracts/bookings.js";
import { BookSeatBody, ClassesQuery, ClassList, SeatBooked } from "../contracts/classes.js";
import { IdempotencyKey } from "../contracts/common.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../http/validate.js";
import { writeThenDispatch } from "../notify/dispatcher.js";
import { auditInsert } from "../repo/audit.js";
import { classesBetween } from "../repo/classes.js";
import { requestDb } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { bookingFacts } from "../reservations/change-record.js";
import { bookSeat, classView } from "../reservations/class-seats.js";
import { masterMessages } from "../reservations/staff-notify.js";
import { dayRange } from "./admin/blocks.js";

export const classesRoutes = new Hono<AppEnv>();

classesRoutes.get("/", doc({ tag: "Classes", summary: "Group class sessions between two salon dates, with the seats left", description: "`from`/`to` are salon dates, `to` inclusive, at most 62 days apart. `seats_left` is read from the database: the session's ledger has the last word when a seat is booked.", access: "anyone", query: ClassesQuery, responses: { 200: ["Scheduled sessions, earliest first", ClassList] } }), async (c) => {
  const q = parseWith(ClassesQuery, c.req.query(), "query");
  if (q.from > q.to) throw new AppError("validation_failed", "to must not be before from");
  if (addDays(q.from, 62) < q.to) throw new AppError("validation_failed", "ask for at most 62 days at a time");
  const db = requestDb(c);
  const { timeZone } = await loadSettings(db);
  const { fromUtc, toUtc } = dayRange(q.from, q.to, timeZone);
  const rows = await classesBetween(db, fromUtc, toUtc, { serviceId: q.service_id });
  return c.json({ classes: rows.map((r) => classView(r, timeZone)) });
});

classesRoutes.post("/:id/seats", doc({ tag: "Classes", summary: "Book a seat in a class session", description: "A customer books a seat for themselves (another `phone` is 403 `phone_not_own`); staff and admins for the customer whose `phone` they give. The seat is a booking (`class_id` set): it shows in the customer's bookings, is `held` until paid when the service asks a prepayment, and is cancelled like any booking, which frees the seat (held for the first customer on the session's waitlist). The same Idempotency-Key returns the same seat.", access: "signed_in", rateLimited: "booking", idempotencyKey: true, headers: BookingOriginHeader, params: { id: "Class session id" }, body: BookSeatBody, responses: { 201: ["The seat's booking", SeatBooked], 403: "`phone_not_own`", 404: "`not_found`: no such session", 409: "`class_full` (every seat taken: `details.waitlist` is true and `details.next` lists later sessions of the class with seats), `class_cancelled`, `too_many_active_bookings`, `too_many_held_bookings`", 422: "`in_past`: the session has started; `idempotency_key_reused`; `phone_country_not_served`, `invalid_phone`", 503: "`ledger_unavailable` (Retry-After)" } }), async (c) => {
  const session = await requestSession(c.req.header("authorization"), c.env.JWT_SECRET);
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per seat) so a retry cannot book twice");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const origin = parseWith(BookingOriginHeader, { "X-Booking-Origin": c.req.header("x-booking-origin") }, "X-Booking-Origin")["X-Booking-Origin"];
  const id = idParam(c);
  const body = await jsonBody(c, BookSeatBody);
  const db = requestDb(c);
  const now = new Date();
  const { booking, replayed, messageKey, created } = await bookSeat(db, c.env, session, key, id, body, now, origin);
  if (created && messageKey !== undefined) {
    const { row, caller, settings } = created;
    const audit = caller.role === "customer" ? [] : [auditInsert(db, caller, { action: "create", entity: "booking", entityId: booking.id, after: bookingFacts(booking) })];
    const messages = masterMessages(db, c.env, null, row, booking.service?.name ?? null, settings, now);
    c.executionCtx.waitUntil(new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => writeThenDispatch(db, c.env, [...audit, ...messages], messageKey)));
  }
  c.header("idempotent-replayed", String(replayed));
  return c.json({ booking }, 201);
});

classesRoutes.post("/:id/waitlist", doc({ tag: "Classes", summary: "Wait for a seat of a full session", description: "The entry waits in the session's ledger: a seat freed later (a cancel, an unpaid hold running out, added seats) is held for the first waiting customer in the same step, who is told and books it with `POST /waitlist/{id}/confirm`. Joining again returns the open entry (200).", access: "signed_in", rateLimited: "booking", params: { id: "Class session id" }, responses: { 201: ["The new entry, `waiting`", WaitlistEntryEnvelope], 200: ["The same open entry", WaitlistEntryEnvelope], 404: "`not_found`", 409: "`class_cancelled`, `too_many_waitlist_entries`", 422: "`in_past`: the session has started" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const { entry, created } = await joinClassWaitlist(db, c.env, c.get("user"), idParam(c), new Date(), (row) => entryView(db, row));
  return c.json({ entry }, created ? 201 : 200);
});
