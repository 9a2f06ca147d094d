// Feeds the visit planner (booking/visit-slots.ts) from the database: each
// item's service context and the schedules of every master who does any of
// them, read together (one round trip with whatever the caller starts beside).
import { type PlacedItem, type VisitItemInput, type VisitSearch } from "../booking/visit-slots.js";
import { addDays, instantToWall } from "../booking/zoned-time.js";
import type { VisitAlternative, VisitItem, VisitSlot } from "../contracts/visits.js";
import type { Env } from "../env.js";
import { AppError } from "../errors.js";
import type { Db } from "../repo/db.js";
import { ensureInternalBooking } from "../yclients/routing.js";
import { readSchedules, rulesOf, type ScheduleData, schedulesFor, unitsFor } from "./availability.js";
import { withUnits } from "./resource-slots.js";
import { type BookingContext, candidatesFor, loadBookingContext, quoteFor } from "./context.js";

export interface VisitPlan {
  items: VisitItem[];
  contexts: BookingContext[];
  data: ScheduleData;
}

/** Each item's context and the schedules between two salon dates (inclusive), in one round trip. */
export async function loadVisitPlan(db: Db, items: VisitItem[], fromDate: string, toDate: string): Promise<VisitPlan> {
  const serviceIds = [...new Set(items.map((i) => i.service_id))];
  const [contexts, data] = await Promise.all([
    Promise.all(items.map((i) => loadBookingContext(db, i.service_id, i.additional_services ?? []))),
    readSchedules(db, { serviceIds }, fromDate, toDate, serviceIds),
  ]);
  return { items, contexts, data };
}

/** Services linked to YClients are booked in its form, not in a visit, unless YClients is down. */
export async function ensureInternalVisit(env: Env, plan: VisitPlan): Promise<void> {
  for (const ctx of plan.contexts) await ensureInternalBooking(env, ctx);
}

/** The planner's input: per item, the masters who may do it with their own durations. */
export function visitInputs(plan: VisitPlan): VisitItemInput[] {
  const staffIds = [...new Set(plan.contexts.flatMap((ctx) => ctx.staff.map((m) => m.id)))];
  const schedules = schedulesFor(plan.data, staffIds);
  return plan.items.map((item, i) => {
    const ctx = plan.contexts[i]!;
    let candidates;
    try {
      candidates = candidatesFor(ctx, item.staff_id ?? "any");
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError(error.code, `items.${i}.staff_id: ${error.message}`, { item: i, field: `items.${i}.staff_id` });
    }
    // Each item needs its own service's rooms and machines.
    const units = unitsFor(plan.data, ctx.service.id, ctx.settings.timeZone);
    return {
      bufferAfterMin: ctx.service.bufferAfterMin,
      candidates: candidates.map((m) => ({ staffId: m.id, schedule: withUnits(schedules.get(m.id)!, units), durationMin: quoteFor(ctx, m.id).durationMin })),
    };
  });
}

export function slotItems(plan: VisitPlan, placed: PlacedItem[], zone: string): VisitSlot["items"] {
  return placed.map((p, i) => ({
    service_id: plan.contexts[i]!.service.id,
    staff_id: p.staffId,
    start_at: p.start,
    end_at: p.end,
    duration: p.durationMin,
    local_time: instantToWall(new Date(p.start), zone).time,
  }));
}

/** How far alternatives of a taken visit are searched (days from the asked one). */
export const VISIT_SEARCH_DAYS = 7;
const NEAREST = 3;

/** The nearest starts (over a week from the asked day) where the whole visit fits, on the request's search. */
export function visitAlternatives(plan: VisitPlan, search: VisitSearch, asked: { date: string; instant: Date }): VisitAlternative[] {
  const rules = rulesOf(plan.contexts[0]!.settings);
  const found: VisitAlternative[] = [];
  for (let day = 0; day < VISIT_SEARCH_DAYS; day++) {
    const date = addDays(asked.date, day);
    for (const slot of search.day(date).slots) {
      found.push({ date, time: slot.time, start_at: slot.start, items: slotItems(plan, slot.items, rules.timeZone) });
    }
  }
  const distance = (a: VisitAlternative) => Math.abs(Date.parse(a.start_at) - asked.instant.getTime());
  return found.sort((a, b) => distance(a) - distance(b)).slice(0, NEAREST);
}

