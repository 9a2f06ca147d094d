// /admin/series: recurring bookings made by staff ("every Tuesday 18:00 for
// 10 weeks"): preview the dates, save them as one series, read it, cancel or
// move one date or it and the following ones. Admins for anyone, a master on
// their own calendar. Rules: worker/reservations/series-*.ts.
import { IdempotencyKey } from "../../contracts/common.js";
import { ChangeSeriesBody, CreateSeriesBody, SeriesChanged, SeriesDetail, SeriesPreview, SeriesPreviewBody, SeriesSaved } from "../../contracts/series.js";
import { AppError } from "../../errors.js";
import { doc } from "../../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../../http/validate.js";
import { dispatchSoon } from "../../notify/dispatcher.js";
import { auditInsert } from "../../repo/audit.js";
import { batchAll } from "../../repo/batch.js";
import { requestDb } from "../../repo/db.js";
import { bookingsOfSeries } from "../../repo/series.js";
import { loadSettings } from "../../repo/settings.js";
import { bookingFacts } from "../../reservations/change-record.js";
import { changeSeries, visibleSeries } from "../../reservations/series-change.js";
import { createSeries, seriesView } from "../../reservations/series-create.js";
import { previewSeries } from "../../reservations/series-preview.js";
import { masterMessages } from "../../reservations/staff-notify.js";
import { bookingViews } from "../../reservations/views.js";
import { calendarApp } from "./access.js";

export const seriesRoutes = calendarApp();

const ruleErrors = {
  403: "`forbidden`: a master books only on themselves",
  404: "`not_found`: no such service or master",
  409: "`book_via_yclients`: the service is booked through YClients",
  422: "`series_too_long` (more than 52 dates or past a year), `staff_does_not_do_service`, `service_is_addon`, `invalid_phone`, `phone_country_not_served`",
} as const;

seriesRoutes.post("/preview", doc({ tag: "Back office", summary: "Preview a recurring booking: each date free, taken or refused, with the nearest free times", description: "Give `count` or `until` (inclusive). Dates are salon wall time. Staff may book a series up to a year ahead, past the online booking horizon. Nothing is booked.", access: "staff", body: SeriesPreviewBody, responses: { 200: ["The rule's dates", SeriesPreview], ...ruleErrors } }), async (c) => {
  const body = await jsonBody(c, SeriesPreviewBody);
  return c.json(await previewSeries(requestDb(c), c.get("user"), body, new Date()));
});

seriesRoutes.post("/", doc({ tag: "Back office", summary: "Book a client on a recurring series: one booking per date", description: "Each date (the rule's, or `occurrences` as chosen in the preview) is reserved through the master's ledger like a staff booking, with the customer's message. A date taken meanwhile is reported in `results` (`slot_taken` with alternatives), never double booked; the rest are booked. A retry with the same Idempotency-Key books nothing twice and tries the dates that failed again.", access: "staff", idempotencyKey: true, body: CreateSeriesBody, responses: { 201: ["The series and what happened to each date", SeriesSaved], ...ruleErrors, 422: `${ruleErrors[422]}, \`idempotency_key_reused\``, 503: "`ledger_unavailable` (Retry-After): retry with the same key" } }), async (c) => {
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per series) so a retry cannot book twice");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const body = await jsonBody(c, CreateSeriesBody);
  const db = requestDb(c);
  const user = c.get("user");
  const now = new Date();
  const { saved, replayed, created } = await createSeries(db, c.env, user, key, body, now);
  if (created.length > 0) {
    const settings = await loadSettings(db);
    const viewOf = new Map(saved.results.flatMap((r) => (r.booking ? [[r.booking.id, r.booking] as const] : [])));
    // After the answer, as after a staff booking: the history and the masters' messages, then the customers' messages go out.
    const writes = created.flatMap((row) => {
      const view = viewOf.get(row.id)!;
      return [auditInsert(db, user, { action: "create", entity: "booking", entityId: row.id, after: bookingFacts(view) }), ...masterMessages(db, c.env, null, row, view.service?.name ?? null, settings, now)];
    });
    c.executionCtx.waitUntil(batchAll(db, writes).then(() => dispatchSoon(db, c.env)));
  }
  c.header("idempotent-replayed", String(replayed));
  return c.json(saved, 201);
});

seriesRoutes.get("/:id", doc({ tag: "Back office", summary: "A series with its bookings in time order", access: "staff", params: { id: "Series id" }, responses: { 200: ["The series", SeriesDetail], 403: "`forbidden`: another master's series", 404: "`not_found`" } }), async (c) => {
  const db = requestDb(c);
  const series = await visibleSeries(db, c.get("user"), idParam(c));
  const [rows, { timeZone }] = await Promise.all([bookingsOfSeries(db, series.id), loadSettings(db)]);
  return c.json({ series: seriesView(series), bookings: await bookingViews(db, rows, timeZone) });
});

seriesRoutes.patch("/:id", doc({ tag: "Back office", summary: "Cancel or move one date of a series, or it and the following ones", description: "`scope: \"one\"` changes `from_booking_id` only; `\"following\"` also every later active booking of the series. A move sets each date's wall time to `time`, on `weekday` of its own week when given. Each booking goes through PATCH /bookings/{id}'s flow (refunds, messages, the waitlist); what failed for a date (a taken time, with alternatives) is in `results`.", access: "staff", params: { id: "Series id" }, body: ChangeSeriesBody, responses: { 200: ["What happened to each booking", SeriesChanged], 403: "`forbidden`: another master's series", 404: "`not_found`: no such series, or the booking is not part of it", 503: "`ledger_unavailable` (Retry-After): retry; dates already changed stay changed" } }), async (c) => {
  const id = idParam(c);
  const body = await jsonBody(c, ChangeSeriesBody);
  const db = requestDb(c);
  const user = c.get("user");
  const [series, settings] = await Promise.all([visibleSeries(db, user, id), loadSettings(db)]);
  const results = await changeSeries(db, c.env, user, series, body, settings.timeZone, new Date());
  c.executionCtx.waitUntil(dispatchSoon(db, c.env));
  return c.json({ series: seriesView(series), results });
});
