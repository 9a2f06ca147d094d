// GET /booking/time-slots/{service_id}: the bookable times of one day, or
// per-day counts over a range (calendar dots). Read from the database, so a
// reservation in flight may still show as free; the ledger has the last word.
import { Hono } from "hono";
import * as v from "valibot";
import { type DayPlan, mergeAnyStaff } from "../booking/slots.js";
import { addDays, instantToWall } from "../booking/zoned-time.js";
import { CalendarDate } from "../contracts/common.js";
import type { AppEnv } from "../env.js";
import { idParam, parseWith } from "../http/validate.js";
import { openDb } from "../repo/db.js";
import { loadSchedules, plansFor, rulesOf } from "../reservations/availability.js";
import { candidatesFor, loadBookingContext, planQueryOf, quoteFor } from "../reservations/context.js";
import { routeDaySlots, type Source } from "../yclients/routing.js";

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

timeSlotsRoutes.get("/:service_id", async (c) => {
  const serviceId = idParam(c, "service_id");
  const q = parseWith(Query, c.req.query(), "query");
  const db = openDb(c.env);
  const ctx = await loadBookingContext(db, serviceId, q.additional_services ?? []);
  const staff = candidatesFor(ctx, q.staff_id);
  const rules = rulesOf(ctx.settings);
  const now = new Date();
  const today = instantToWall(now, rules.timeZone).date;
  const duration = q.staff_id === "any" ? ctx.quote.durationMin : quoteFor(ctx, q.staff_id).durationMin;
  const base = { service_id: serviceId, staff_id: q.staff_id, duration, time_zone: rules.timeZone, source: "internal" as Source };
  const ids = staff.map((m) => m.id);

  if (q.from !== undefined || q.days !== undefined) {
    const from = q.from ?? today;
    const days = q.days ?? 7;
    const schedules = await loadSchedules(db, ids, from, addDays(from, days - 1));
    const perDay = Array.from({ length: days }, (_, i) => {
      const date = addDays(from, i);
      const plans = plansFor(rules, schedules, planQueryOf(ctx, date, now));
      // With several masters a day counts the distinct start times someone can take.
      return { date, status: dayStatus(plans), available: mergeAnyStaff(plans).slots.filter((s) => s.available).length };
    });
    return c.json({ ...base, from, days: perDay });
  }

  const date = q.date ?? today;
  const routed = await routeDaySlots(c.env, db, ctx, { staff, staffParam: q.staff_id, date });
  if (routed.answer) return c.json(routed.answer);
  base.source = routed.source;
  const schedules = await loadSchedules(db, ids, date, date);
  const plans = plansFor(rules, schedules, planQueryOf(ctx, date, now));
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
