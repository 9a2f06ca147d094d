// POST /admin/series: one booking per chosen date, as one series. The series
// row is written first (keyed by the staff member + Idempotency-Key); each
// date is then reserved in its master's ledger exactly like a staff booking,
// under the key `series <id> item <i>`, so a retry replays what landed and
// never books a date twice. A date taken since the preview is reported with
// the nearest free times, not forced; the others are still booked.
import { readAppointment } from "../booking/appointment.js";
import type { User } from "../contracts/auth.js";
import type { CreateSeriesBody, SeriesOutcome, SeriesSaved, SeriesView } from "../contracts/series.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import { ledgerFor } from "../ledger/staff-ledger.js";
import { type BookingRow, findByIdempotencyKey, isActive } from "../repo/bookings.js";
import type { Db } from "../repo/db.js";
import { bookingsOfSeries, findSeriesByKey, occurrenceKey, openSeries, type SeriesRow } from "../repo/series.js";
import { upsertUserByPhone } from "../repo/users.js";
import { ensureInternalBooking } from "../yclients/routing.js";
import { draftBooking, ensureSameRequest, requestHash } from "./create.js";
import { alternativesAround, checkDate, datesAround, loadSeriesPlan } from "./series-preview.js";
import { seriesDates } from "./series-rules.js";
import { bookingViews } from "./views.js";

export function seriesView(row: SeriesRow): SeriesView {
  return {
    id: row.id,
    service_id: row.serviceId,
    staff_id: row.staffId,
    customer_id: row.userId,
    first_date: row.firstDate,
    time: row.localTime,
    every_weeks: row.everyWeeks,
    occurrence_count: row.occurrenceCount,
    created_at: row.createdAt,
  };
}

const unavailable = () =>
  new AppError("ledger_unavailable", "Could not save the series just now; try again with the same Idempotency-Key", undefined, { "retry-after": "2" });

export interface CreatedSeries {
  saved: SeriesSaved;
  replayed: boolean;
  /** Bookings this request made (not replays): the route records and announces them after answering. */
  created: BookingRow[];
}

export async function createSeries(db: Db, env: Env, caller: User, key: string, body: CreateSeriesBody, now: Date): Promise<CreatedSeries> {
  const dates = seriesDates(body);
  const choices = body.occurrences ?? dates.map((date) => ({ appointment_datetime: `${date}T${body.time}`, staff_id: undefined }));
  if (new Set(choices.map((c) => c.appointment_datetime)).size !== choices.length) {
    throw new AppError("validation_failed", "Invalid request body: occurrences: a date is chosen twice", { issues: [{ path: "occurrences", message: "a date is chosen twice" }] });
  }
  const around = datesAround(choices.map((c) => c.appointment_datetime));
  const chosenStaff = choices.flatMap((c) => (c.staff_id === undefined ? [] : [c.staff_id]));
  const [hash, earlier, plan] = await Promise.all([
    requestHash(key, body),
    findSeriesByKey(db, caller.id, key),
    loadSeriesPlan(db, caller, body, chosenStaff, around.from, around.to),
  ]);
  if (earlier) ensureSameRequest(earlier.requestHash, hash);
  const { ctx, data, staffId } = plan;
  const zone = ctx.settings.timeZone;
  const appointments = choices.map((choice) => readAppointment(choice.appointment_datetime, zone));
  // Services linked to YClients are booked there, as a single booking would be.
  await ensureInternalBooking(env, ctx);

  const customer = await upsertUserByPhone(db, body.phone, body.customer_name);
  const series = earlier ?? await openSeries(db, {
    userId: customer.id,
    createdBy: caller.id,
    serviceId: body.service_id,
    staffId,
    firstDate: body.first_date,
    localTime: body.time,
    everyWeeks: body.every_weeks,
    occurrenceCount: dates.length,
    idempotencyKey: key,
    requestHash: hash,
  });
  // A twin request with the same key and another body may have written the row first.
  ensureSameRequest(series.requestHash, hash);
  const landed = new Map((await bookingsOfSeries(db, series.id)).map((row) => [row.idempotencyKey, row]));

  const results: SeriesOutcome[] = [];
  const rows: (BookingRow | null)[] = [];
  const created: BookingRow[] = [];
  // One master's dates one after another: each is its own claim in the ledger.
  for (const [index, choice] of choices.entries()) {
    const itemKey = occurrenceKey(series.id, index);
    const outcome = { index, appointment_datetime: choice.appointment_datetime, booking_id: null, ok: false, booking: null, error: null, alternatives: null };
    const refuse = (error: { code: string; message: string }, alternatives: SeriesOutcome["alternatives"] = null) => {
      results.push({ ...outcome, error: { code: error.code, message: error.message }, alternatives });
      rows.push(null);
    };
    const already = landed.get(itemKey);
    if (already) {
      results.push({ ...outcome, booking_id: already.id, ok: true });
      rows.push(already);
      continue;
    }
    const appointment = appointments[index]!;
    if (typeof appointment === "string") {
      refuse({ code: appointment, message: "That local time does not exist (the clocks skip it)" });
      continue;
    }
    const master = choice.staff_id ?? staffId;
    const check = checkDate(ctx, master, appointment, now, data);
    if (check.status === "unavailable") {
      refuse(check.error, await alternativesAround(db, ctx, master, appointment, now));
      continue;
    }
    if (check.status === "free") {
      const draft = draftBooking(env, ctx, master, check.start, customer, {
        phone: body.phone,
        customerName: body.customer_name ?? customer.name,
        notes: body.notes ?? null,
        key: itemKey,
        hash,
        origin: "online",
        seriesId: series.id,
        withMessage: true,
      }, now);
      const result = await ledgerFor(env, master).reserve(draft, ctx.settings.generation);
      if (!result.ok && result.reason === "unavailable") throw unavailable();
      // A retry joining a save in flight meets that save's own claim: the row under the key is ours.
      const row = result.ok ? result.booking : await findByIdempotencyKey(db, customer.id, itemKey);
      if (row && isActive(row.status)) {
        results.push({ ...outcome, booking_id: row.id, ok: true });
        rows.push(row);
        if (result.ok && !result.replayed) created.push(row);
        continue;
      }
    }
    refuse({ code: "slot_taken", message: "This time is taken; here are the nearest free times" }, await alternativesAround(db, ctx, master, appointment, now));
  }

  const views = await bookingViews(db, rows.filter((r): r is BookingRow => r !== null), zone);
  const viewOf = new Map(views.map((v) => [v.id, v]));
  const withViews = results.map((r) => (r.booking_id === null ? r : { ...r, booking: viewOf.get(r.booking_id) ?? null }));
  return {
    saved: { series: seriesView(series), results: withViews, booked: withViews.filter((r) => r.ok).length },
    replayed: earlier !== null && created.length === 0,
    created,
  };
}
