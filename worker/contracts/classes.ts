// Group classes: sessions of a service with seats, booked seat by seat.
// Shared by the worker and the PWA (the offline outbox replays seat bodies).
import * as v from "valibot";
import { Phone } from "./auth.js";
import { Booking } from "./bookings.js";
import { BodyId, CalendarDate, DateTime } from "./common.js";

export const MAX_SEATS = 500;
const Seats = v.pipe(v.number(), v.integer("seats is a whole number"), v.minValue(1, "a session has at least one seat"), v.maxValue(MAX_SEATS, `a session has at most ${MAX_SEATS} seats`));

export const ClassSession = v.object({
  id: v.number(),
  service: v.object({ id: v.number(), name: v.string() }),
  staff: v.object({ id: v.number(), name: v.string() }),
  start_at: v.string(),
  end_at: v.string(),
  local_date: v.string(),
  local_time: v.string(),
  seats: v.number(),
  seats_left: v.number(),
  status: v.picklist(["scheduled", "cancelled"]),
  /** Sessions made together by weekly repetition share it. */
  series_id: v.nullable(v.string()),
});
export type ClassSession = v.InferOutput<typeof ClassSession>;

export const ClassEnvelope = v.object({ class: ClassSession });
export const ClassList = v.object({ classes: v.array(ClassSession) });

export const CreateClassBody = v.object({
  service_id: BodyId,
  staff_id: BodyId,
  /** Salon wall time or an instant with an offset. */
  start_at: DateTime("start_at"),
  seats: Seats,
  /** Repeat every week at the same wall time until this salon date (inclusive). */
  repeat_weekly_until: v.optional(CalendarDate),
});
export type CreateClassBody = v.InferOutput<typeof CreateClassBody>;

export const ClassConflict = v.object({
  start_at: v.string(),
  local_date: v.string(),
  /** `master_busy`: the master has a booking, a block or another session then; `in_past`. */
  reason: v.picklist(["master_busy", "in_past"]),
});

export const CreatedClasses = v.object({
  /** The first session made. */
  class: ClassSession,
  /** Every session made (one per week with repetition). */
  sessions: v.array(ClassSession),
  /** Weeks skipped with the reason. */
  conflicts: v.array(ClassConflict),
});

export const UpdateClassBody = v.object({
  seats: v.optional(Seats),
  start_at: v.optional(DateTime("start_at")),
});
export type UpdateClassBody = v.InferOutput<typeof UpdateClassBody>;

export const ClassesQuery = v.object({
  from: CalendarDate,
  to: CalendarDate,
  service_id: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, "service_id is a service id"), v.transform(Number))),
});

export const BookSeatBody = v.object({
  /** Staff book for the customer with this phone; a customer's seat is their own. */
  phone: v.optional(Phone),
  customer_name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  notes: v.optional(v.pipe(v.string(), v.maxLength(1000, "notes must be at most 1000 characters"))),
});
export type BookSeatBody = v.InferOutput<typeof BookSeatBody>;

export const Seat = v.object({
  booking_id: v.number(),
  customer_name: v.nullable(v.string()),
  phone: v.string(),
  status: v.string(),
  /** A prepayment was asked and has been paid. */
  paid: v.boolean(),
  /** Null until staff mark it after the session. */
  attended: v.nullable(v.boolean()),
});
export const SeatList = v.object({ class: ClassSession, seats: v.array(Seat) });
export const AttendBody = v.object({ attended: v.boolean() });
export const SeatEnvelope = v.object({ seat: Seat });

export const SeatBooked = v.object({ booking: Booking });
