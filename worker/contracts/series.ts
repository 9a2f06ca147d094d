// Recurring bookings ("every Tuesday 18:00 for 10 weeks"), made by staff in
// the back office: the rule, its preview, the save and changes to a series.
// Shared by the worker and the back office.
import * as v from "valibot";
import { Phone } from "./auth.js";
import { AlternativeSlot, AppointmentDateTime, Booking, CancelReason } from "./bookings.js";
import { BodyId, CalendarDate, WallTime } from "./common.js";

/** A series is at most a year of weekly visits: bounded work per request, bounded rows per save. */
export const SERIES_MAX_OCCURRENCES = 52;
/** How far after its first date a series may run (the until date, or the last occurrence). */
export const SERIES_MAX_DAYS = 366;

const EveryWeeks = v.pipe(v.number(), v.integer("every_weeks is a whole number"), v.minValue(1, "every_weeks is at least 1"), v.maxValue(8, "every_weeks is at most 8"));
const Count = v.pipe(v.number(), v.integer("count is a whole number"), v.minValue(1, "count is at least 1"), v.maxValue(SERIES_MAX_OCCURRENCES, `count is at most ${SERIES_MAX_OCCURRENCES}`));
const StartTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time looks like 18:00"));

/** The rule: the first date and time, then every `every_weeks` weeks, `count` times or until a date (inclusive). */
const ruleEntries = {
  service_id: BodyId,
  staff_id: BodyId,
  /** The client's phone (E.164); a new number gets an account, as with any staff booking. */
  phone: Phone,
  customer_name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  first_date: CalendarDate,
  time: StartTime,
  every_weeks: v.optional(EveryWeeks, 1),
  count: v.optional(Count),
  until: v.optional(CalendarDate),
};

export const SeriesPreviewBody = v.object(ruleEntries);
export type SeriesPreviewBody = v.InferOutput<typeof SeriesPreviewBody>;

/** One date chosen in the preview: the rule's own time, or an alternative offered for a conflicting one. */
export const SeriesChoice = v.object({
  appointment_datetime: AppointmentDateTime,
  /** Another master (an alternative's `staff_id`); the series' master when left out. */
  staff_id: v.optional(BodyId),
});

export const CreateSeriesBody = v.object({
  ...ruleEntries,
  notes: v.optional(v.pipe(v.string(), v.maxLength(1000, "notes must be at most 1000 characters"))),
  /** The dates to book, as chosen in the preview (dates left out are skipped); the rule's dates when absent. */
  occurrences: v.optional(v.pipe(v.array(SeriesChoice), v.minLength(1, "choose at least one date"), v.maxLength(SERIES_MAX_OCCURRENCES, `at most ${SERIES_MAX_OCCURRENCES} dates`))),
});
export type CreateSeriesBody = v.InferOutput<typeof CreateSeriesBody>;

export const SeriesAlternatives = v.object({ same_staff: v.array(AlternativeSlot), other_staff: v.array(AlternativeSlot) });

/** A date the rule gives, as the preview sees it now. */
export const SeriesPreviewItem = v.object({
  index: v.number(),
  date: v.string(),
  time: v.string(),
  /** The instant of that wall time (null: the time does not exist that day, the clocks skip it). */
  start_at: v.nullable(v.string()),
  /** `free`: bookable now; `conflict`: taken; `unavailable`: a rule refuses it (`reason` says which). */
  status: v.picklist(["free", "conflict", "unavailable"]),
  reason: v.nullable(v.object({ code: v.string(), message: v.string() })),
  /** The nearest free times, for a date that is not free. */
  alternatives: v.nullable(SeriesAlternatives),
});
export const SeriesPreview = v.object({
  occurrences: v.array(SeriesPreviewItem),
  free: v.number(),
});
export type SeriesPreview = v.InferOutput<typeof SeriesPreview>;
export type SeriesPreviewItem = v.InferOutput<typeof SeriesPreviewItem>;

export const SeriesView = v.object({
  id: v.number(),
  service_id: v.number(),
  staff_id: v.number(),
  customer_id: v.number(),
  first_date: v.string(),
  time: v.string(),
  every_weeks: v.number(),
  /** Dates the rule asked for. */
  occurrence_count: v.number(),
  created_at: v.string(),
});
export type SeriesView = v.InferOutput<typeof SeriesView>;

/** What happened to one date of a save or a change: booked / changed, or why not (and where else it would fit). */
export const SeriesOutcome = v.object({
  index: v.number(),
  appointment_datetime: v.string(),
  booking_id: v.nullable(v.number()),
  ok: v.boolean(),
  booking: v.nullable(Booking),
  error: v.nullable(v.object({ code: v.string(), message: v.string() })),
  alternatives: v.nullable(SeriesAlternatives),
});
export type SeriesOutcome = v.InferOutput<typeof SeriesOutcome>;

export const SeriesSaved = v.object({
  series: SeriesView,
  results: v.array(SeriesOutcome),
  booked: v.number(),
});
export type SeriesSaved = v.InferOutput<typeof SeriesSaved>;

export const SeriesDetail = v.object({ series: SeriesView, bookings: v.array(Booking) });

/** Cancel or move one occurrence (`scope: "one"`) or it and every later active one (`"following"`). */
export const ChangeSeriesBody = v.pipe(
  v.object({
    action: v.picklist(["cancel", "move"], "action is cancel or move"),
    from_booking_id: BodyId,
    scope: v.picklist(["one", "following"], "scope is one or following"),
    /** cancel: the salon's reason (as for one booking). */
    reason: v.optional(CancelReason),
    /** move (required): the new wall time of each moved occurrence. */
    time: v.optional(WallTime),
    /** move: the weekday (0 = Monday … 6 = Sunday) each moved occurrence goes to, in its own week; its own day when left out. */
    weekday: v.optional(v.pipe(v.number(), v.integer("weekday is a whole number"), v.minValue(0, "weekday is 0 (Monday) … 6 (Sunday)"), v.maxValue(6, "weekday is 0 (Monday) … 6 (Sunday)"))),
    /** move: another master for the moved occurrences. */
    staff_id: v.optional(BodyId),
  }),
  v.check((b) => b.action !== "move" || b.time !== undefined, "a move needs time"),
);
export type ChangeSeriesBody = v.InferOutput<typeof ChangeSeriesBody>;
/** The body as a client sends it (defaults left out). */
export type ChangeSeriesInput = v.InferInput<typeof ChangeSeriesBody>;

export const SeriesChanged = v.object({ series: SeriesView, results: v.array(SeriesOutcome) });

