// Several services in one visit: book (all or nothing), look, cancel; and the
// start times where a whole visit fits. Each booking of a visit also stays a
// booking of its own (PATCH /bookings/{id} cancels or moves just that one).
import { Hono } from "hono";
import * as v from "valibot";
import { requestSession, requireUser } from "../auth/session.js";
import { instantToWall } from "../booking/zoned-time.js";
import { VisitSearch } from "../booking/visit-slots.js";
import { BookingOriginHeader } from "../contracts/bookings.js";
import { IdempotencyKey } from "../contracts/common.js";
import { CreateVisitBody, UpdateVisitBody, VisitDayCounts, VisitDaySlots, VisitEnvelope, VisitQuoteBody, VisitQuoteEnvelope, VisitSlotsQuery } from "../contracts/visits.js";
import type { AppEnv } from "../env.js";
import { AppError } from "../errors.js";
import { doc } from "../http/openapi.js";
import { idParam, jsonBody, parseWith } from "../http/validate.js";
import { dispatchSoon } from "../notify/dispatcher.js";
import { countRequest } from "../http/rate-limit.js";
import { isActive } from "../repo/bookings.js";
import { requestDb } from "../repo/db.js";
import { loadSettings } from "../repo/settings.js";
import { bookingsOfVisits, findVisit } from "../repo/visits.js";
import { refundVisitOnCancel } from "../payments/visit-refunds.js";
import { rulesOf } from "../reservations/availability.js";
import { changeBooking } from "../reservations/change.js";
import { masterMessages } from "../reservations/staff-notify.js";
import { createVisit } from "../reservations/visit-create.js";
import { quoteVisit } from "../reservations/visit-money.js";
import { ensureInternalVisit, loadVisitPlan, slotItems, visitInputs } from "../reservations/visit-plan.js";
import { attemptItems, visitView } from "../reservations/visit-settle.js";
import { bookingViews } from "../reservations/views.js";
import { addDays } from "../booking/zoned-time.js";
import type { User } from "../contracts/auth.js";
import type { Db } from "../repo/db.js";

export const visitsRoutes = new Hono<AppEnv>();

visitsRoutes.post("/", doc({ tag: "Visits", summary: "Book several services in one visit, all or nothing", description: "Items follow one another: each starts when the one before it ends (its clean-up buffer included), each with its own master (`staff_id`, or `any`), price and duration. The visit is reserved across the masters' ledgers as a whole: when any item is taken, nothing is booked and the answer is 409 `slot_taken` with `details.alternatives` for the whole visit. A retry with the same Idempotency-Key returns the first visit. Bookings needing a prepayment are `held`, with one hold expiry, and the whole visit is paid at once: `POST /payments` with any of them pays every held item in one payment. The salon's no-show deposit policy applies to each item as to a single booking (`deposit_rule`, `prepayment`). A `certificate_code` pays the items in order (after the promo discount) up to its balance, each item's part spent atomically with its booking (`money.certificate_used`); its part comes off the item's prepayment first, so the one payment covers only what is left. An `abonement_id` (the customer's own) pays every item whose service and master it covers, in order, up to its visits left (a once-a-day membership pays one item per day), each item's visit reserved atomically with its booking (`money.abonement_used`); add-ons and the other items are paid as usual. It takes no promo code or certificate.", access: "signed_in", rateLimited: "booking", idempotencyKey: true, headers: BookingOriginHeader, body: CreateVisitBody, responses: { 201: ["The visit with its bookings, total and prepayment", VisitEnvelope], 404: "`not_found`: a service", 409: "`too_many_active_bookings`, `too_many_held_bookings` (a customer's caps count every item); `slot_taken` with `details.alternatives` (whole-visit starts); `book_via_yclients`", 422: "A time the rules refuse (`off_grid`, `in_past`, `too_soon`, `beyond_horizon`, `outside_working_hours`, `in_break`, with `details.item`), `staff_does_not_do_service`, `invalid_addon`, `service_is_addon`, `idempotency_key_reused`, `visit_search_too_large` (more services × masters than the search budget allows); `promo_code_invalid` with `details.promo_code` and `details.reason` (the code is used once per visit, on the first service it covers; nothing is booked); a `certificate_code` that cannot pay: `certificate_not_found`, `certificate_expired`, `certificate_used_up` (also when a racing booking spent it meanwhile), `certificate_void`, `certificate_wrong_service` (a service certificate for none of the items), with `details.field` (nothing is booked); an `abonement_id` that cannot pay: `abonement_not_found`, `abonement_not_active`, `abonement_expired`, `abonement_frozen`, `abonement_used_up` (also when racing bookings took its visits meanwhile), `abonement_daily_limit`, `abonement_not_covering` (it covers none of the items), `abonement_not_combinable` (with a promo code or certificate); nothing is booked", 429: "`rate_limited`: too many visits, or too many certificate codes tried" } }), async (c) => {
  const session = await requestSession(c.req.header("authorization"), c.env.JWT_SECRET);
  const header = c.req.header("idempotency-key");
  if (!header) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a fresh UUID per visit) so a retry cannot book twice");
  const key = parseWith(IdempotencyKey, header, "Idempotency-Key");
  const origin = parseWith(BookingOriginHeader, { "X-Booking-Origin": c.req.header("x-booking-origin") }, "X-Booking-Origin")["X-Booking-Origin"];
  const body = await jsonBody(c, CreateVisitBody);
  // certificates: every code tried counts, per client and per account, as on a single booking.
  if (body.certificate_code !== undefined) await countRequest(c, "certificate_codes", session.userId);
  const db = requestDb(c);
  const { visit, replayed } = await createVisit(db, c.env, session, key, body, new Date(), origin);
  if (!replayed) c.executionCtx.waitUntil(dispatchSoon(db, c.env));
  c.header("idempotent-replayed", String(replayed));
  return c.json({ visit }, 201);
});

visitsRoutes.post("/quote", doc({ tag: "Visits", summary: "Price a visit's placed items before booking it: each item's price and prepayment or no-show deposit", description: "Each item (with the master the visit's slot placed on it) is priced as `POST /bookings/quote` prices a single booking: the master's own price, and the no-show deposit the salon's policy asks of this customer (`deposit_rule`, `prepayment`, `deposit_refund_hours`). `prepayment` adds up what the visit's one payment will ask (before any certificate). With `abonement_id`, the items the abonement would pay carry `abonement` and ask only what it leaves.", access: "signed_in", rateLimited: "booking", body: VisitQuoteBody, responses: { 200: ["Each item's quote and the visit's prepayment", VisitQuoteEnvelope], 404: "`not_found`: a service or master", 422: "`staff_does_not_do_service`, `invalid_addon`, `service_is_addon`; an `abonement_id` that cannot pay any item: `abonement_not_found`, `abonement_not_active`, `abonement_expired`, `abonement_frozen`, `abonement_used_up`, `abonement_daily_limit`, `abonement_not_covering`" } }), requireUser(), async (c) => {
  const body = await jsonBody(c, VisitQuoteBody);
  return c.json({ quote: await quoteVisit(requestDb(c), c.get("user"), body, new Date()) });
});

async function visibleVisit(db: Db, user: User, id: number) {
  const visit = await findVisit(db, id);
  if (!visit || visit.status !== "booked") throw new AppError("not_found", `Visit ${id} does not exist`);
  if (user.role !== "admin" && visit.userId !== user.id) throw new AppError("forbidden", "This visit belongs to someone else");
  return visit;
}

visitsRoutes.get("/:id", doc({ tag: "Visits", summary: "One visit with its bookings", access: "signed_in", params: { id: "Visit id" }, responses: { 200: ["The visit", VisitEnvelope], 403: "`forbidden`: someone else's", 404: "`not_found`" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const id = idParam(c);
  const [visit, rows, { timeZone }] = await Promise.all([visibleVisit(db, c.get("user"), id), bookingsOfVisits(db, [id]), loadSettings(db)]);
  return c.json({ visit: visitView(visit, await bookingViews(db, attemptItems(visit, rows), timeZone)) });
});

visitsRoutes.patch("/:id", doc({ tag: "Visits", summary: "Cancel a whole visit", description: "Cancels every booking of the visit that is still active, each as `PATCH /bookings/{id}` would (the cancellation window); a paid visit gets one refund for all the cancelled items (each item's share per the refund policy). Repeating it is safe and refunds nothing twice.", access: "signed_in", rateLimited: "booking", params: { id: "Visit id" }, body: UpdateVisitBody, responses: { 200: ["The visit after the change", VisitEnvelope], 403: "`forbidden`", 404: "`not_found`", 422: "`cancellation_window_passed`" } }), requireUser(), async (c) => {
  const db = requestDb(c);
  const id = idParam(c);
  const change = await jsonBody(c, UpdateVisitBody);
  const user = c.get("user");
  const now = new Date();
  const [visit, rows] = await Promise.all([visibleVisit(db, user, id), bookingsOfVisits(db, [id])]);
  const items = attemptItems(visit, rows);
  try {
    for (const row of items) {
      if (!isActive(row.status)) continue;
      await changeBooking(
        db,
        c.env,
        user,
        row.id,
        { action: "cancel", reason: change.reason },
        now,
        (before, after, settings, view) => masterMessages(db, c.env, before, after, view.service?.name ?? null, settings, now),
        { refund: false },
      );
    }
  } finally {
    // onepay: the visit's one payment gives back every cancelled item's share in one refund (also when a later item refused).
    await refundVisitOnCancel(db, c.env, attemptItems(visit, await bookingsOfVisits(db, [id])), user, now);
  }
  const { timeZone } = await loadSettings(db);
  c.executionCtx.waitUntil(dispatchSoon(db, c.env));
  return c.json({ visit: visitView(visit, await bookingViews(db, attemptItems(visit, await bookingsOfVisits(db, [id])), timeZone)) });
});

export const visitSlotsRoutes = new Hono<AppEnv>();

visitSlotsRoutes.get("/", doc({ tag: "Booking", summary: "Start times of one day where a whole visit of several services fits (`date`), or per-day counts of them (`from`, `days` ≤ 31)", description: "`items` lists the visit's services in order as `service[:staff|any][/addon…]`, comma separated (e.g. `3:2,5:any/7`). Each slot lists every item with its master and times; only starts where the whole sequence fits are listed. `GET /booking/time-slots` stays the answer for one service.", access: "anyone", rateLimited: "slots", query: VisitSlotsQuery, responses: { 200: ["One day's whole-visit start times (`date`), or per-day counts (`from`/`days`)", v.union([VisitDaySlots, VisitDayCounts])], 404: "`not_found`: a service", 422: "`staff_does_not_do_service`, `invalid_addon`, `service_is_addon`; `visit_search_too_large` when the services × masters × days would take more than the search budget (ask for fewer days, or choose masters)" } }), async (c) => {
  const q = parseWith(VisitSlotsQuery, c.req.query(), "query");
  const db = requestDb(c);
  const now = new Date();
  const range = q.from !== undefined || q.days !== undefined;
  const days = range ? (q.days ?? 7) : 1;
  // Until the zone is known, "today" is within a day of today in UTC.
  const utcToday = now.toISOString().slice(0, 10);
  const asked = range ? q.from : q.date;
  const plan = await loadVisitPlan(db, q.items, asked ?? addDays(utcToday, -1), addDays(asked ?? addDays(utcToday, 1), days - 1));
  await ensureInternalVisit(c.env, plan);
  const rules = rulesOf(plan.contexts[0]!.settings);
  const today = instantToWall(now, rules.timeZone).date;
  // One search for the whole request: days share what it worked out, and its step budget.
  const search = new VisitSearch(rules, visitInputs(plan), now);
  if (range) {
    const from = q.from ?? today;
    const counts = Array.from({ length: days }, (_, i) => {
      const day = search.day(addDays(from, i));
      return { date: day.date, status: day.status, available: day.slots.length };
    });
    return c.json({ from, time_zone: rules.timeZone, days: counts } satisfies v.InferOutput<typeof VisitDayCounts>);
  }
  const date = q.date ?? today;
  const day = search.day(date);
  return c.json({
    date,
    status: day.status,
    time_zone: rules.timeZone,
    slots: day.slots.map((s) => ({ time: s.time, start_at: s.start, items: slotItems(plan, s.items, rules.timeZone) })),
  } satisfies v.InferOutput<typeof VisitDaySlots>);
});
