// POST /admin/series/preview: the dates a series' rule gives, each free,
// taken (with the nearest free times) or refused by a rule. The same check
// decides each date of a save before the ledger has the last word.
import { type Appointment, readAppointment } from "../booking/appointment.js";
import { addDays } from "../booking/zoned-time.js";
import type { User } from "../contracts/auth.js";
import type { SeriesPreview, SeriesPreviewBody } from "../contracts/series.js";
import { AppError } from "../errors.js";
import { allInOrder } from "../lib/all-in-order.js";
import { ensurePhoneServed } from "../lib/phone-country.js";
import type { Db } from "../repo/db.js";
import { readSchedules, type ScheduleData } from "./availability.js";
import { findAlternatives } from "./alternatives.js";
import { type BookingContext, candidatesFor, loadBookingContext } from "./context.js";
import { freeCandidates } from "./create.js";
import { ensureMayBookOn } from "./masters-own.js";
import { seriesDates, withSeriesHorizon } from "./series-rules.js";

/** One date as the check sees it: free (with its start), taken, or refused with the rules' own error. */
export type DateCheck =
  | { status: "free"; start: string }
  | { status: "conflict" }
  | { status: "unavailable"; error: AppError };

/** Checks one date for one master against what was read (the ledger decides for real on a save). */
export function checkDate(ctx: BookingContext, staffId: number, appointment: Appointment, now: Date, data: ScheduleData): DateCheck {
  try {
    const { free } = freeCandidates(ctx, staffId, appointment, now, data);
    return free.length > 0 ? { status: "free", start: free[0]!.start } : { status: "conflict" };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return { status: "unavailable", error };
    throw error;
  }
}

/** The series' context (horizon opened, the master checked) and the schedules over its dates. */
export async function loadSeriesPlan(db: Db, caller: User, rule: Pick<SeriesPreviewBody, "service_id" | "staff_id" | "phone">, staffIds: number[], from: string, to: string) {
  const staffId = ensureMayBookOn(caller, rule.staff_id) as number;
  for (const id of staffIds) ensureMayBookOn(caller, id);
  const [loaded, data] = await allInOrder([
    loadBookingContext(db, rule.service_id, []),
    readSchedules(db, [...new Set([staffId, ...staffIds])], from, to),
  ] as const);
  const ctx = withSeriesHorizon(loaded);
  for (const id of new Set([staffId, ...staffIds])) candidatesFor(ctx, id);
  ensurePhoneServed(rule.phone, ctx.settings.phoneCountries);
  return { ctx, data, staffId };
}

/** The nearest free times around a date that could not be booked (same master first, then others at that time). */
export function alternativesAround(db: Db, ctx: BookingContext, staffId: number, appointment: Appointment, now: Date) {
  return findAlternatives(db, ctx, candidatesFor(ctx, staffId), appointment, now);
}

export async function previewSeries(db: Db, caller: User, body: SeriesPreviewBody, now: Date): Promise<SeriesPreview> {
  const dates = seriesDates(body);
  const { ctx, data, staffId } = await loadSeriesPlan(db, caller, body, [], dates[0]!, dates.at(-1)!);
  const zone = ctx.settings.timeZone;
  const occurrences = await Promise.all(dates.map(async (date, index) => {
    const appointment = readAppointment(`${date}T${body.time}`, zone);
    if (typeof appointment === "string") {
      const reason = { code: "nonexistent_local_time", message: "That local time does not exist that day (the clocks skip it)" };
      return { index, date, time: body.time, start_at: null, status: "unavailable" as const, reason, alternatives: null };
    }
    const check = checkDate(ctx, staffId, appointment, now, data);
    const start_at = check.status === "free" ? check.start : appointment.instant.toISOString();
    if (check.status === "free") return { index, date, time: body.time, start_at, status: "free" as const, reason: null, alternatives: null };
    // Alternatives read a week of schedules from the date: one read per date that is not free.
    const alternatives = await alternativesAround(db, ctx, staffId, appointment, now);
    const reason = check.status === "unavailable" ? { code: check.error.code, message: check.error.message } : null;
    return { index, date, time: body.time, start_at, status: check.status, reason, alternatives };
  }));
  return { occurrences, free: occurrences.filter((o) => o.status === "free").length };
}

/** Salon dates that surely hold these instants-or-wall-times (an instant is within a day of its UTC date). */
export function datesAround(values: string[]): { from: string; to: string } {
  const days = values.map((value) => value.slice(0, 10)).sort();
  return { from: addDays(days[0]!, -1), to: addDays(days.at(-1)!, 1) };
}
