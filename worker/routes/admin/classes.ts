// /admin/classes: scheduling group class sessions (weekly repetition), their
// seat count and time, cancelling, and the seat list with attendance.
import { doc } from "../../http/openapi.js";
import { addDays } from "../../booking/zoned-time.js";
import { AttendBody, ClassEnvelope, ClassesQuery, ClassList, CreateClassBody, CreatedClasses, SeatEnvelope, SeatList, UpdateClassBody } from "../../contracts/classes.js";
import type { BookingRow } from "../../repo/bookings.js";
import { AppError } from "../../errors.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { auditInsert } from "../../repo/audit.js";
import { classesBetween, findClassListing, markAttended, seatsOf } from "../../repo/classes.js";
import { requestDb } from "../../repo/db.js";
import { moneyOf } from "../../repo/payments.js";
import { loadSettings } from "../../repo/settings.js";
import { classView } from "../../reservations/class-seats.js";
import { cancelClass, createClasses, updateClass } from "../../reservations/class-sessions.js";
import { dayRange } from "./blocks.js";
import { adminApp, ensureFound } from "./shared.js";

export const classesAdminRoutes = adminApp();

classesAdminRoutes.get("/", doc({ tag: "Back office", summary: "Class sessions between two salon dates, cancelled ones included", access: "admin", query: ClassesQuery, responses: { 200: ["Sessions, earliest first", ClassList] } }), async (c) => {
  const q = parseWith(ClassesQuery, c.req.query(), "query");
  if (q.from > q.to) throw new AppError("validation_failed", "to must not be before from");
  if (addDays(q.from, 62) < q.to) throw new AppError("validation_failed", "ask for at most 62 days at a time");
  const db = requestDb(c);
  const { timeZone } = await loadSettings(db);
  const { fromUtc, toUtc } = dayRange(q.from, q.to, timeZone);
  const rows = await classesBetween(db, fromUtc, toUtc, { serviceId: q.service_id, withCancelled: true });
  return c.json({ classes: rows.map((r) => classView(r, timeZone)) });
});

classesAdminRoutes.post("/", doc({ tag: "Back office", summary: "Schedule a class session, optionally every week until a date", description: "`start_at` is salon wall time (or an instant with an offset). The master's time is held once for the session, through the master's ledger, whatever the seat count. With `repeat_weekly_until` one session is made per week at the same wall time; weeks where the master is busy are skipped and listed in `conflicts`.", access: "admin", body: CreateClassBody, responses: { 201: ["The sessions made", CreatedClasses], 404: "`not_found`: no such service", 409: "`slot_taken`: the master is busy then (every week, with repetition): `details.conflicts`", 422: "`service_not_class`, `staff_does_not_do_service`, `in_past`" } }), async (c) => {
  const body = await jsonBody(c, CreateClassBody);
  const db = requestDb(c);
  const user = c.get("user");
  const made = await createClasses(db, c.env, user, body, new Date());
  await auditInsert(db, user, { action: "create", entity: "class", entityId: made.class.id, after: { sessions: made.sessions.map((s) => s.id), conflicts: made.conflicts } });
  return c.json(made, 201);
});

classesAdminRoutes.patch("/:id", doc({ tag: "Back office", summary: "Change a session's seats or time", description: "Fewer seats than are taken is refused; added seats go to the session's waitlist first. A new time moves the master's hold (claimed before the old time is given back) and every seat with it; every customer with a seat is told of the new time (`booking_rescheduled`, as for a moved booking).", access: "admin", params: { id: "Class session id" }, body: UpdateClassBody, responses: { 200: ["The session", ClassEnvelope], 404: "`not_found`", 409: "`seats_taken`, `slot_taken` (the master is busy at the new time), `class_cancelled`", 422: "`in_past`", 503: "`ledger_unavailable`" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, UpdateClassBody);
  const db = requestDb(c);
  const session = await updateClass(db, c.env, id, body, new Date());
  await auditInsert(db, c.get("user"), { action: "update", entity: "class", entityId: id, after: session });
  return c.json({ class: session });
});

classesAdminRoutes.delete("/:id", doc({ tag: "Back office", summary: "Cancel a session: every seat is cancelled by the salon (customers told, prepayments refunded per policy), the master's time freed", description: "Repeating the call finishes what an outage cut short.", access: "admin", params: { id: "Class session id" }, responses: { 200: ["The cancelled session", ClassEnvelope], 404: "`not_found`", 503: "`ledger_unavailable`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const session = await cancelClass(db, c.env, c.get("user"), id, new Date());
  await auditInsert(db, c.get("user"), { action: "cancel", entity: "class", entityId: id, after: session });
  return c.json({ class: session });
});

function seatView(row: BookingRow, paid: Set<number>) {
  return { booking_id: row.id, customer_name: row.customerName, phone: row.phone, status: row.status, paid: paid.has(row.id), attended: row.attended };
}

classesAdminRoutes.get("/:id/seats", doc({ tag: "Back office", summary: "A session's seats: who, paid, attended", access: "admin", params: { id: "Class session id" }, responses: { 200: ["The session and its seats (every status), first booked first", SeatList], 404: "`not_found`" } }), async (c) => {
  const id = idParam(c);
  const db = requestDb(c);
  const [listing, rows, { timeZone }] = await Promise.all([findClassListing(db, id), seatsOf(db, id), loadSettings(db)]);
  const session = ensureFound(listing, `Class session ${id}`);
  const { payments } = await moneyOf(db, rows.map((r) => r.id));
  const paid = new Set(payments.filter((p) => p.status === "succeeded").map((p) => p.bookingId!));
  return c.json({ class: classView(session, timeZone), seats: rows.map((r) => seatView(r, paid)) });
});

classesAdminRoutes.patch("/:id/seats/:booking_id", doc({ tag: "Back office", summary: "Mark a seat attended or a no-show", access: "admin", params: { id: "Class session id", booking_id: "The seat's booking id" }, body: AttendBody, responses: { 200: ["The seat", SeatEnvelope], 404: "`not_found`: no such seat in this session" } }), async (c) => {
  const id = idParam(c);
  const bookingId = idParam(c, "booking_id");
  const { attended } = await jsonBody(c, AttendBody);
  const db = requestDb(c);
  const row = ensureFound(await markAttended(db, id, bookingId, attended), `Seat ${bookingId} of class session ${id}`);
  const { payments } = await moneyOf(db, [row.id]);
  await auditInsert(db, c.get("user"), { action: "update", entity: "booking", entityId: row.id, after: { attended } });
  return c.json({ seat: seatView(row, new Set(payments.filter((p) => p.status === "succeeded").map((p) => p.bookingId!))) });
});
