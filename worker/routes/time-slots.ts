// GET /booking/time-slots/{service_id}: the bookable times of one day, or
// per-day counts over a range (calendar dots). Read from the database, so a
// reservation in flight may still show as free; the ledger has the last word.
import { Hono } from "hono";
import * as v from "valibot";
import { anyStaffAvailability, type DayPlan, mergeAnyStaff } from "../booking/slots.js";
import { addDays, instantToWall } from "../booking/zoned-time.js";
import { CalendarDate } from "../contracts/common.js";
import { DayCounts, DaySlots } from "../contracts/slots.js";
import type { AppEnv } from "../env.js";
import { idParam, parseWith } from "../http/validate.js";
import { requestDb } from "../repo/db.js";
import { plansFor, readSchedules, rulesOf, schedulesFor } from "../reservations/availability.js";
import { candidatesFor, loadBookingContext, planQueryOf, quoteFor } from "../reservations/context.js";
import { routeDaySlots, type Source } from "../yclients/routing.js";
import { doc } from "../http/openapi.js";

export const timeSlotsRoutes = new Hono<AppEnv>();

const Query = v.object({
  staff_id: v.optional(
    v.union([v.literal("any"), v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/), v.transform(Number))], 'staff_id is a master id or "any"'),
    "any",
  ),
  date: v.optional(CalendarDate),
  from: v.optional(CalendarDate),
  days: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "days is a number"), v.transform(Number), v.minValue(1), v.maxValue(31, "at most 31 days"))),
  additional_services: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(\d+)(,\d+)*$/, "additional_services is a comma-separated list of ids"),
      v.transform((s) => s.split(",").map(Number)),
      v.maxLength(10),
    ),
  ),
});

/** Open when any master works that day; otherwise why the first one does not. */
function dayStatus(plans: { plan: DayPlan }[]): DayPlan["status"] {
  return plans.some((p) => p.plan.status === "open") ? "open" : (plans[0]?.plan.status ?? "day_off");
}

timeSlotsRoutes.get("/:service_id", doc({ tag: "Booking", summary: "One day's time slots (`date`), or per-day counts of free start times over a range (`from`, `days` ≤ 31)", description: "Slots are salon wall time (`time`) with the instant (`start_at`); unavailable ones carry a `reason`: booked, break, past, notice, horizon, outside_hours, day_off, vacation. Without `staff_id` (or `any`) every master, each slot listing the free `staff_ids`. A YClients-linked service answers from YClients (`source`).", access: "anyone", rateLimited: "slots", params: { service_id: "Service id" }, query: Query, responses: { 200: ["One day's slots (`date`), or per-day counts (`from`/`days`)", v.union([DaySlots, DayCounts])], 404: "`not_found`", 422: "`service_is_addon` (book it with a main service), `staff_does_not_do_service`, `invalid_addon`", 503: "`yclients_unavailable` when YClients is down and fallback is off" } }), async (c) => {
  const serviceId = idParam(c, "service_id");
  const q = parseWith(Query, c.req.query(), "query");
  const db = requestDb(c);
  const now = new Date();
  const range = q.from !== undefined || q.days !== undefined;
  const days = range ? (q.days ?? 7) : 1;
  // The salon's zone comes with the context; until then "today" is within a
  // day of today in UTC, so the schedules are read for a day more each side
  // and arrive in the same round trip as the context.
  const asked = range ? q.from : q.date;
  const utcToday = now.toISOString().slice(0, 10);
  const [ctx, data] = await Promise.all([
    loadBookingContext(db, serviceId, q.additional_services ?? []),
    readSchedules(
      db,
      q.staff_id === "any" ? { serviceId } : [q.staff_id],
      asked ?? addDays(utcToday, -1),
      addDays(asked ?? addDays(utcToday, 1), days - 1),
      [serviceId],
    ),
  ]);
  const staff = candidatesFor(ctx, q.staff_id);
  const rules = rulesOf(ctx.settings);
  const today = instantToWall(now, rules.timeZone).date;
  const duration = q.staff_id === "any" ? ctx.quote.durationMin : quoteFor(ctx, q.staff_id).durationMin;
  const base = { service_id: serviceId, staff_id: q.staff_id, duration, time_zone: rules.timeZone, source: "internal" as Source };
  const schedules = schedulesFor(data, staff.map((m) => m.id), { service: { id: serviceId, zone: rules.timeZone } });
  const { date: _unused, ...planQuery } = planQueryOf(ctx, today, now);

  if (range) {
    const from = q.from ?? today;
    // With several masters a day counts the distinct start times someone can take.
    const perDay = planQuery.durationFor
      ? // Masters with their own durations: plan each day per master, then merge.
        Array.from({ length: days }, (_, i) => {
          const date = addDays(from, i);
          const plans = plansFor(rules, schedules, { ...planQuery, date });
          return { date, status: dayStatus(plans), available: mergeAnyStaff(plans).slots.filter((s) => s.available).length };
        })
      : anyStaffAvailability(rules, [...schedules.values()], { ...planQuery, from, days });
    return c.json({ ...base, from, days: perDay });
  }

  const date = q.date ?? today;
  const routed = await routeDaySlots(c.env, db, ctx, { staff, staffParam: q.staff_id, date });
  if (routed.answer) return c.json(routed.answer);
  base.source = routed.source;
  const plans = plansFor(rules, schedules, { ...planQuery, date });
  if (q.staff_id !== "any") {
    const { plan } = plans[0]!;
    return c.json({ ...base, date, status: plan.status, slots: plan.slots.map(({ time, available, duration, reason, start }) => ({ time, start_at: start, available, duration, ...(reason ? { reason } : {}) })) });
  }
  const merged = mergeAnyStaff(plans);
  return c.json({
    ...base,
    date,
    status: dayStatus(plans),
    slots: merged.slots.map(({ time, available, duration, reason, start, staff_ids }) => ({ time, start_at: start, available, duration, staff_ids, ...(reason ? { reason } : {}) })),
  });
});
