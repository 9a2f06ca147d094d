import { Hono } from "hono";
import * as v from "valibot";
import { bookingStatuses } from "../../db/schema.js";
import { requireUser } from "../auth/session.js";
import { CreateBookingBody, UpdateBookingBody } from "../contracts/bookings.js";
import { CalendarDate } from "../contracts/common.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { idParam, jsonBody, parseWith } from "../http/validate.js";
import { findBooking, listBookings } from "../repo/bookings.js";
import { writeAudit } from "../repo/audit.js";
import type { Booking } from "../contracts/bookings.js";
import { openDb } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { wallTimeToInstant } from "../booking/zoned-time.js";
import { changeBooking, visibleBooking } from "../reservations/change.js";
import { createBooking } from "../reservations/create.js";
import { dispatchDue } from "../notify/dispatcher.js";
import { bookingViews } from "../reservations/views.js";

export const bookingsRoutes = new Hono<AppEnv>();
bookingsRoutes.use(requireUser());

const IdempotencyKey = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{8,200}$/, "Idempotency-Key must be 8–200 visible ASCII characters (a UUID is ideal)"),
);

bookingsRoutes.post("/", async (c) => {
  const header = c.req.header("idempotency-key");
  if (!header) {
    throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per booking) so a retry cannot book twice");
  }
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const body = await jsonBody(c, CreateBookingBody);
  const db = openDb(c.env);
  const user = c.get("user");
  const { booking, replayed } = await createBooking(db, c.env, user, key, body, new Date());
  // Bookings the salon makes for a client are part of the back office's history.
  if (!replayed && user.role !== "customer") await writeAudit(db, user, { action: "create", entity: "booking", entityId: booking.id, after: bookingFacts(booking) });
  if (!replayed) c.executionCtx.waitUntil(dispatchDue(db, c.env));
  c.header("idempotent-replayed", String(replayed));
  return c.json({ booking }, 201);
});

const Count = (max: number) => v.pipe(v.string(), v.regex(/^\d+$/, "must be a number"), v.transform(Number), v.maxValue(max));

const ListQuery = v.object({
  from: v.optional(CalendarDate),
  to: v.optional(CalendarDate),
  staff_id: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, "staff_id is a master id"), v.transform(Number))),
  status: v.optional(v.picklist(bookingStatuses, `status is one of ${bookingStatuses.join(", ")}`)),
  limit: v.optional(v.pipe(Count(200), v.minValue(1)), "50"),
  offset: v.optional(Count(1_000_000), "0"),
});

bookingsRoutes.get("/", async (c) => {
  const q = parseWith(ListQuery, c.req.query(), "query");
  const user = c.get("user");
  const db = openDb(c.env);
  const { timeZone } = await loadSettings(db);
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

bookingsRoutes.get("/:id", async (c) => {
  const db = openDb(c.env);
  const row = await visibleBooking(db, c.get("user"), idParam(c));
  const { timeZone } = await loadSettings(db);
  return c.json({ booking: (await bookingViews(db, [row], timeZone))[0] });
});

bookingsRoutes.patch("/:id", async (c) => {
  const id = idParam(c);
  const change = await jsonBody(c, UpdateBookingBody);
  const db = openDb(c.env);
  const user = c.get("user");
  const before = await findBooking(db, id);
  const booking = await changeBooking(db, c.env, user, id, change, new Date());
  const after = bookingFacts(booking);
  if (before && (before.status !== after.status || before.startAt !== after.start_at || before.staffId !== after.staff_id)) {
    const was = { status: before.status, start_at: before.startAt, end_at: before.endAt, staff_id: before.staffId, cancel_reason: before.cancelReason };
    await writeAudit(db, user, { action: change.action, entity: "booking", entityId: id, before: was, after });
  }
  c.executionCtx.waitUntil(dispatchDue(db, c.env));
  return c.json({ booking });
});

/** The parts of a booking its history tracks. */
function bookingFacts(b: Booking) {
  return { status: b.status, start_at: b.start_at, end_at: b.end_at, staff_id: b.staff?.id ?? null, cancel_reason: b.cancel_reason };
}
